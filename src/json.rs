//! Reading JSON text into a [`serde_json::Value`].
//!
//! Written out instead of using serde_json's reader, which is generic over every
//! `Deserialize` type and was one of the largest parts of the WebAssembly module, while
//! the engine only ever reads text into a `Value`. The grammar is RFC 8259's, as strictly as
//! serde_json reads it: no comments, no trailing commas, no leading zeros or `+`, no lone
//! surrogates in `\u` escapes. Where serde_json makes a choice, this reader makes the same one:
//! a repeated key keeps its last value; an integer is kept exactly when it fits `u64` (or,
//! when negative, `i64`), and anything else (a fraction, an exponent, `-0`, a larger integer)
//! becomes a float, and a float beyond `f64`'s range is an error. Such a float is exact up to
//! 19 significant digits and a power of ten of 22, and approximate beyond (to about 15
//! digits): the engine never computes with one, it only reports it as not allowed. Errors say what was
//! expected and where (`expected value at line 1 column 9`).

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused even when the caller did not check the text's depth
/// first ([`crate::limits::check_document`] does, with a far lower limit), so recursion here
/// is always bounded.
const MAX_NESTING: usize = 128;

/// Why the text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was wrong, e.g. ``expected `,` or `}` ``.
    pub what: &'static str,
    /// The line, from 1.
    pub line: usize,
    /// The byte within the line, from 1.
    pub column: usize,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.what, self.line, self.column)
    }
}

/// Reads `text`, which must hold exactly one JSON value (white space around it allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut r = Reader { src: text, text: text.as_bytes(), at: 0 };
    let value = r.value(0);
    let value = value.and_then(|v| {
        r.skip_space();
        if r.at < r.text.len() {
            Err("trailing characters")
        } else {
            Ok(v)
        }
    });
    value.map_err(|what| r.error(what))
}

struct Reader<'a> {
    src: &'a str,
    text: &'a [u8],
    at: usize,
}

type Step<T> = Result<T, &'static str>;

impl Reader<'_> {
    /// The position of an error: the byte just read (or the end of the text), counted from 1.
    fn error(&self, what: &'static str) -> SyntaxError {
        let end = self.at.min(self.text.len());
        let before = self.text.get(..end).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count().saturating_add(1);
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i.saturating_add(1));
        let column = if self.at < self.text.len() { end.saturating_add(1) } else { end };
        SyntaxError { what, line, column: column.saturating_sub(line_start) }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> Step<Value> {
        self.skip_space();
        match self.peek() {
            None => Err("EOF while parsing a value"),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                self.bump();
                self.string().map(Value::String)
            }
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => Err("expected value"),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Step<Value> {
        for &want in word.as_bytes() {
            match self.peek() {
                None => return Err("EOF while parsing a value"),
                Some(b) if b == want => self.bump(),
                Some(_) => return Err("expected ident"),
            }
        }
        Ok(value)
    }

    fn nested(depth: usize) -> Step<usize> {
        match depth.checked_add(1) {
            Some(d) if d <= MAX_NESTING => Ok(d),
            _ => Err("recursion limit exceeded"),
        }
    }

    fn array(&mut self, depth: usize) -> Step<Value> {
        let depth = Self::nested(depth)?;
        self.bump();
        let mut items = Vec::new();
        self.skip_space();
        match self.peek() {
            None => return Err("EOF while parsing a list"),
            Some(b']') => {
                self.bump();
                return Ok(Value::Array(items));
            }
            Some(_) => {}
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                None => return Err("EOF while parsing a list"),
                Some(b',') => {
                    self.bump();
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        return Err("trailing comma");
                    }
                }
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                Some(_) => return Err("expected `,` or `]`"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Step<Value> {
        let depth = Self::nested(depth)?;
        self.bump();
        let mut map = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(map));
        }
        let mut first = true;
        loop {
            match self.peek() {
                None if first => return Err("EOF while parsing an object"),
                None => return Err("EOF while parsing a value"),
                Some(b'"') => self.bump(),
                Some(b'}') => return Err("trailing comma"),
                Some(_) => return Err("key must be a string"),
            }
            let key = self.string()?;
            self.skip_space();
            match self.peek() {
                None => return Err("EOF while parsing an object"),
                Some(b':') => self.bump(),
                Some(_) => return Err("expected `:`"),
            }
            let value = self.value(depth)?;
            map.insert(key, value);
            self.skip_space();
            match self.peek() {
                None => return Err("EOF while parsing an object"),
                Some(b',') => {
                    self.bump();
                    self.skip_space();
                    first = false;
                }
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(map));
                }
                Some(_) => return Err("expected `,` or `}`"),
            }
        }
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Step<String> {
        // Most strings hold no escape: take them whole.
        let rest = self.text.get(self.at..).unwrap_or_default();
        if let Some(end) = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20) {
            if rest.get(end) == Some(&b'"') {
                let close = self.at.saturating_add(end);
                // Both ends are at an ASCII byte, so the slice is whole characters.
                let s = self.src.get(self.at..close).ok_or("invalid unicode code point")?.to_owned();
                self.at = close.saturating_add(1);
                return Ok(s);
            }
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.peek() else { return Err("EOF while parsing a string") };
            self.bump();
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else { return Err("EOF while parsing a string") };
                    self.bump();
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err("invalid escape"),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err("control character (\\u0000-\\u001F) found while parsing a string"),
                _ => out.push(b),
            }
        }
        // The text was UTF-8 and escapes add whole characters, so this cannot fail.
        String::from_utf8(out).map_err(|_| "invalid unicode code point")
    }

    /// The character of a `\u` escape (after `\u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err("lone leading surrogate in hex escape"),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err("EOF while parsing a string"),
                        Some(b) if b == want => self.bump(),
                        Some(_) => return Err("unexpected end of hex escape"),
                    }
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err("lone leading surrogate in hex escape");
                }
                0x10000_u32.saturating_add((first.saturating_sub(0xD800) << 10) | second.saturating_sub(0xDC00))
            }
            _ => first,
        };
        char::from_u32(code).ok_or("invalid unicode code point")
    }

    fn hex4(&mut self) -> Step<u32> {
        if self.text.len().saturating_sub(self.at) < 4 {
            self.at = self.text.len();
            return Err("EOF while parsing a string");
        }
        let mut n: u32 = 0;
        for _ in 0..4 {
            let Some(b) = self.peek() else { return Err("EOF while parsing a string") };
            let d = char::from(b).to_digit(16).ok_or("invalid escape")?;
            self.bump();
            n = (n << 4) | d;
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
        self.at.saturating_sub(start)
    }

    fn number(&mut self) -> Step<Number> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.bump();
        }
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => {
                self.bump();
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err("invalid number");
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err("EOF while parsing a value"),
            Some(_) => return Err("invalid number"),
        }
        let int_end = self.at;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.bump();
            if self.digits() == 0 {
                return Err(if self.peek().is_none() { "EOF while parsing a value" } else { "invalid number" });
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(if self.peek().is_none() { "EOF while parsing a value" } else { "invalid number" });
            }
            float = true;
        }
        let int_digits = self.text.get(int_start..int_end).unwrap_or_default();
        if !float {
            if let Some(n) = integer(int_digits) {
                if !negative {
                    return Ok(Number::from(n));
                }
                if n != 0 {
                    if let Some(neg) = 0_i64.checked_sub_unsigned(n) {
                        return Ok(Number::from(neg));
                    }
                }
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        Number::from_f64(approximate(text)).ok_or("number out of range")
    }
}

/// The digits as a `u64`, when they fit.
fn integer(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0_u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d.wrapping_sub(b'0'))))
}

/// A JSON number's value as the nearest `f64` or close to it: exact for up to 19 significant
/// digits and a power of ten up to 22, approximate beyond. The engine never computes with such
/// a number (money, rates and counts are strings or integers); it is only reported, so this
/// avoids carrying a full decimal-to-float conversion.
fn approximate(text: &[u8]) -> f64 {
    let mut mantissa: u64 = 0;
    let mut scale: i64 = 0;
    let mut seen_point = false;
    let mut exponent: i64 = 0;
    let mut exponent_negative = false;
    let mut in_exponent = false;
    for &b in text {
        match b {
            b'0'..=b'9' if in_exponent => {
                exponent = exponent.saturating_mul(10).saturating_add(i64::from(b.wrapping_sub(b'0')));
            }
            b'0'..=b'9' => {
                match mantissa.checked_mul(10).and_then(|m| m.checked_add(u64::from(b.wrapping_sub(b'0')))) {
                    Some(m) => {
                        mantissa = m;
                        if seen_point {
                            scale = scale.saturating_sub(1);
                        }
                    }
                    // Further digits only change the magnitude.
                    None if !seen_point => scale = scale.saturating_add(1),
                    None => {}
                }
            }
            b'.' => seen_point = true,
            b'e' | b'E' => in_exponent = true,
            b'-' if in_exponent => exponent_negative = true,
            _ => {}
        }
    }
    let power = if exponent_negative { scale.saturating_sub(exponent) } else { scale.saturating_add(exponent) };
    #[allow(clippy::cast_precision_loss)] // the approximation is the point
    let m = mantissa as f64;
    let value = match i32::try_from(power) {
        _ if mantissa == 0 => 0.0,
        Ok(p @ 0..=22) => m * 10f64.powi(p),
        Ok(p @ -22..=-1) => m / 10f64.powi(p.saturating_neg()),
        Ok(p) if p > 0 => m * 10f64.powi(p.min(400)),
        Ok(p) => m / 10f64.powi(p.saturating_neg().min(400)) ,
        Err(_) if power > 0 => f64::INFINITY,
        Err(_) => 0.0,
    };
    if text.first() == Some(&b'-') {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// serde_json is the reference: every valid text reads to the same value.
    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":[1,-2,3.5,true,false,null],"b":{"c":"d\"e\\f\/g\b\f\n\r\t\u0041\u00e9\u4f63\ud83d\ude00"},"a":0}"#,
            " [ ] ",
            "0",
            "-0",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e3",
            "1E-2",
            "0.1",
            "12.80",
            "2.5e+2",
            r#""佣金 😀""#,
            "{}",
            "[[[[]]]]",
        ] {
            let ours = parse(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            // Integers and floats are told apart as serde_json tells them apart.
            if let (Value::Number(a), Value::Number(b)) = (&ours, &theirs) {
                assert_eq!((a.is_u64(), a.is_i64(), a.is_f64()), (b.is_u64(), b.is_i64(), b.is_f64()), "{text}");
            }
        }
    }

    /// Every text serde_json refuses is refused, with serde_json's words for the reason.
    #[test]
    fn refuses_what_serde_json_refuses() {
        for (text, what) in [
            ("", "EOF while parsing a value"),
            ("{\"rules\": {\"schemaVersion\": 1", "EOF while parsing an object"),
            ("{\"rules\": {\"schemaVersion\": 1,", "EOF while parsing a value"),
            ("[1,2", "EOF while parsing a list"),
            ("\"abc", "EOF while parsing a string"),
            ("[1,]", "trailing comma"),
            ("{\"a\":1,}", "trailing comma"),
            ("{\"a\" 1}", "expected `:`"),
            ("[1 2]", "expected `,` or `]`"),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}`"),
            ("{1:2}", "key must be a string"),
            ("tru", "EOF while parsing a value"),
            ("trUe", "expected ident"),
            ("01", "invalid number"),
            ("1.", "EOF while parsing a value"),
            ("1.x", "invalid number"),
            ("-x", "invalid number"),
            ("+1", "expected value"),
            (".5", "expected value"),
            ("1e400", "number out of range"),
            ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "unexpected end of hex escape"),
            ("\"\\udc00\"", "lone leading surrogate in hex escape"),
            ("\"\\ud800\\u0041\"", "lone leading surrogate in hex escape"),
            ("\"a\u{1}b\"", "control character (\\u0000-\\u001F) found while parsing a string"),
            ("1 2", "trailing characters"),
            ("not json", "expected ident"),
        ] {
            let ours = parse(text).unwrap_err();
            assert_eq!(ours.what, what, "{text:?}");
            let theirs = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert!(theirs.starts_with(what), "{text:?}: serde_json says {theirs}");
        }
    }

    /// Equal, but floats only to 12 significant digits: past 19 digits or a power of ten of
    /// 22 the reader approximates.
    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                x == y || ((x - y) / y).abs() < 1e-12
            }
            (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
            (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same(a, b)),
            _ => a == b,
        }
    }

    /// Thousands of short texts built from JSON's pieces, valid and not: each reads to
    /// serde_json's value, or is refused for serde_json's reason.
    #[test]
    fn agrees_with_serde_json_on_random_texts() {
        const PIECES: [&str; 36] = [
            "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\", "0", "1", "-", "-0",
            "12.5", "1e2", "1E+2", "0.", ".", "e", "true", "fal", "null", " ", "\n", "x", "18446744073709551616", "\"\\q\"",
            "-9223372036854775809", "\u{1}", "99999999999999999999.5", "\"\\ud83d", "\\ude00\"", "\\udc00", "\\u12",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % n
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..30_000 {
            let len = 1 + next(8);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            match (parse(&text), serde_json::from_str::<Value>(&text)) {
                (Ok(a), Ok(b)) => {
                    assert!(same(&a, &b), "{text:?}: ours {a}, serde_json {b}");
                    accepted += 1;
                }
                (Err(a), Err(b)) => {
                    assert!(b.to_string().starts_with(a.what), "{text:?}: ours {a}, serde_json {b}");
                    refused += 1;
                }
                (a, b) => panic!("{text:?}: ours {a:?}, serde_json {b:?}"),
            }
        }
        assert!(accepted > 1_000 && refused > 1_000, "{accepted} accepted, {refused} refused");
    }

    #[test]
    fn positions_count_lines_and_bytes_from_one() {
        assert_eq!(parse("{\n  \"a\": x}").unwrap_err(), SyntaxError { what: "expected value", line: 2, column: 8 });
        assert_eq!(parse("[1,").unwrap_err().to_string(), "EOF while parsing a value at line 1 column 3");
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse(&deep).unwrap_err().what, "recursion limit exceeded");
    }
}
