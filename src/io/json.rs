//! Reading JSON text into a [`serde_json::Value`].
//!
//! Written out instead of using serde_json's reader, which is generic over every
//! `Deserialize` type and was one of the largest parts of the WebAssembly module, while
//! the engine only ever reads text into a `Value`. It follows serde_json's reader (its
//! default features) step by step, so a text reads to the same value or fails with the same
//! message: RFC 8259 strictly (no comments, trailing commas, leading zeros, `+` or lone
//! surrogates); a repeated key keeps its last value; an integer is kept exactly when it fits
//! `u64` (or, when negative, `i64`), anything else (a fraction, an exponent, `-0`, a larger
//! integer) becomes a float computed as serde_json computes it, and a float beyond `f64`'s
//! range is an error. Errors say what was wrong and where, as serde_json says it (`expected
//! value at line 1 column 9`: the line from 1, the column as the bytes of that line up to
//! and including the one at fault).

use serde_json::{Map, Number, Value};

/// serde_json refuses the 128th nested array or object. The engine checks a far lower
/// nesting limit before reading ([`crate::limits::check_document`]); this one keeps the
/// recursion here bounded for any caller.
const MAX_NESTING: usize = 128;

/// Why the text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was wrong, e.g. ``expected `,` or `}` ``.
    pub what: &'static str,
    /// The line, from 1.
    pub line: usize,
    /// The bytes of that line up to the one at fault.
    pub column: usize,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Reads `text`, which must hold exactly one JSON value (white space around it allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut r = Reader {
        src: text,
        text: text.as_bytes(),
        at: 0,
    };
    let value = r.value(0).and_then(|v| match r.skip_space() {
        Some(_) => r.peek_error("trailing characters"),
        None => Ok(v),
    });
    value.map_err(|(what, i)| r.syntax_error(what, i))
}

struct Reader<'a> {
    src: &'a str,
    text: &'a [u8],
    at: usize,
}

/// A step of reading, or what went wrong and the byte count at which to report it.
type Step<T> = Result<T, (&'static str, usize)>;

impl Reader<'_> {
    /// The line and column of the first `i` bytes, as serde_json counts them.
    fn syntax_error(&self, what: &'static str, i: usize) -> SyntaxError {
        let before = self.text.get(..i).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p.saturating_add(1));
        let line = before
            .get(..line_start)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            .saturating_add(1);
        SyntaxError {
            what,
            line,
            column: i.saturating_sub(line_start),
        }
    }

    /// An error about the byte just read.
    fn error<T>(&self, what: &'static str) -> Step<T> {
        Err((what, self.at))
    }

    /// An error about the byte about to be read.
    fn peek_error<T>(&self, what: &'static str) -> Step<T> {
        Err((what, self.at.saturating_add(1).min(self.text.len())))
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// The next byte, or 0 at the end (which no rule accepts).
    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.bump();
        }
        b
    }

    /// Skips white space; the next byte, if any.
    fn skip_space(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
        self.peek()
    }

    fn value(&mut self, depth: usize) -> Step<Value> {
        let Some(b) = self.skip_space() else {
            return self.peek_error("EOF while parsing a value");
        };
        match b {
            b'n' => self.word(b"null", Value::Null),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'-' => {
                self.bump();
                self.number(false).map(Value::Number)
            }
            b'0'..=b'9' => self.number(true).map(Value::Number),
            b'"' => {
                self.bump();
                self.string().map(Value::String)
            }
            b'[' | b'{' => {
                let depth = depth.saturating_add(1);
                if depth >= MAX_NESTING {
                    return self.peek_error("recursion limit exceeded");
                }
                self.bump();
                if b == b'[' {
                    self.array(depth)
                } else {
                    self.object(depth)
                }
            }
            _ => self.peek_error("expected value"),
        }
    }

    fn word(&mut self, word: &[u8], value: Value) -> Step<Value> {
        self.bump();
        for &want in word.get(1..).unwrap_or_default() {
            match self.next() {
                None => return self.error("EOF while parsing a value"),
                Some(b) if b != want => return self.error("expected ident"),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Step<Value> {
        let mut items = Vec::new();
        let mut first = true;
        loop {
            match self.skip_space() {
                None => return self.peek_error("EOF while parsing a list"),
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                Some(_) if first => first = false,
                Some(b',') => {
                    self.bump();
                    match self.skip_space() {
                        Some(b']') => return self.peek_error("trailing comma"),
                        Some(_) => {}
                        None => return self.peek_error("EOF while parsing a value"),
                    }
                }
                Some(_) => return self.peek_error("expected `,` or `]`"),
            }
            items.push(self.value(depth)?);
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Step<Value> {
        let mut map = Map::new();
        let mut first = true;
        loop {
            match self.skip_space() {
                None => return self.peek_error("EOF while parsing an object"),
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(map));
                }
                Some(b'"') if first => first = false,
                Some(_) if first => return self.peek_error("key must be a string"),
                Some(b',') => {
                    self.bump();
                    match self.skip_space() {
                        Some(b'"') => {}
                        Some(b'}') => return self.peek_error("trailing comma"),
                        Some(_) => return self.peek_error("key must be a string"),
                        None => return self.peek_error("EOF while parsing a value"),
                    }
                }
                Some(_) => return self.peek_error("expected `,` or `}`"),
            }
            self.bump();
            let key = self.string()?;
            match self.skip_space() {
                Some(b':') => self.bump(),
                Some(_) => return self.peek_error("expected `:`"),
                None => return self.peek_error("EOF while parsing an object"),
            }
            let value = self.value(depth)?;
            map.insert(key, value);
        }
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Step<String> {
        let mut out: Vec<u8> = Vec::new();
        let mut start = self.at;
        loop {
            let rest = self.text.get(self.at..).unwrap_or_default();
            let Some(stop) = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            else {
                self.at = self.text.len();
                return self.error("EOF while parsing a string");
            };
            self.at = self.at.saturating_add(stop);
            let run = self.text.get(start..self.at).unwrap_or_default();
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    if out.is_empty() {
                        // No escape: the text as it is (both ends are ASCII, so whole characters).
                        return self
                            .src
                            .get(start..self.at.saturating_sub(1))
                            .map(str::to_owned)
                            .ok_or(("invalid unicode code point", self.at));
                    }
                    out.extend_from_slice(run);
                    return String::from_utf8(out)
                        .map_err(|_| ("invalid unicode code point", self.at));
                }
                Some(b'\\') => {
                    out.extend_from_slice(run);
                    self.bump();
                    self.escape(&mut out)?;
                    start = self.at;
                }
                _ => {
                    self.bump();
                    return self
                        .error("control character (\\u0000-\\u001F) found while parsing a string");
                }
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Step<()> {
        let Some(e) = self.next() else {
            return self.error("EOF while parsing a string");
        };
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
            _ => return self.error("invalid escape"),
        };
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// The character of a `\u` escape (after `\u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return self.error("lone leading surrogate in hex escape"),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    match self.peek() {
                        None => return self.error("EOF while parsing a string"),
                        Some(b) if b == want => self.bump(),
                        Some(_) => {
                            self.bump();
                            return self.error("unexpected end of hex escape");
                        }
                    }
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.error("lone leading surrogate in hex escape");
                }
                0x10000_u32.saturating_add(
                    (first.saturating_sub(0xD800) << 10) | second.saturating_sub(0xDC00),
                )
            }
            _ => first,
        };
        char::from_u32(code).ok_or(("invalid unicode code point", self.at))
    }

    fn hex4(&mut self) -> Step<u32> {
        let Some(digits) = self.text.get(self.at..self.at.saturating_add(4)) else {
            self.at = self.text.len();
            return self.error("EOF while parsing a string");
        };
        self.at = self.at.saturating_add(4);
        let mut n: u32 = 0;
        for &b in digits {
            let Some(d) = char::from(b).to_digit(16) else {
                return self.error("invalid escape");
            };
            n = (n << 4) | d;
        }
        Ok(n)
    }

    /// A number, at its first digit (after the sign, when negative).
    fn number(&mut self, positive: bool) -> Step<Number> {
        let Some(first) = self.next() else {
            return self.error("EOF while parsing a value");
        };
        let mut significand: u64 = 0;
        match first {
            b'0' => {
                if self.peek_or_null().is_ascii_digit() {
                    return self.peek_error("invalid number");
                }
            }
            b'1'..=b'9' => {
                significand = u64::from(first.wrapping_sub(b'0'));
                while let c @ b'0'..=b'9' = self.peek_or_null() {
                    match significand
                        .checked_mul(10)
                        .and_then(|s| s.checked_add(u64::from(c.wrapping_sub(b'0'))))
                    {
                        Some(s) => {
                            self.bump();
                            significand = s;
                        }
                        None => {
                            return self
                                .long_integer(positive, significand)
                                .and_then(|f| self.float(f))
                        }
                    }
                }
            }
            _ => return self.error("invalid number"),
        }
        match self.peek_or_null() {
            b'.' => self
                .decimal(positive, significand, 0)
                .and_then(|f| self.float(f)),
            b'e' | b'E' => self
                .exponent(positive, significand, 0)
                .and_then(|f| self.float(f)),
            _ if positive => Ok(Number::from(significand)),
            // `-0` and integers below i64's range are floats, as serde_json makes them.
            _ => match 0_i64.checked_sub_unsigned(significand) {
                Some(n) if significand != 0 => Ok(Number::from(n)),
                _ => self.float(-as_f64(significand)),
            },
        }
    }

    // The floats below are a JSON number's value for `Value::Number` only: money, rates and
    // counts are read from strings and integers, and every decoder refuses a float, so none
    // of this reaches an amount.
    fn float(&self, f: f64) -> Step<Number> {
        Number::from_f64(f).ok_or(("number out of range", self.at))
    }

    /// Digits past what `u64` holds only scale the number.
    fn long_integer(&mut self, positive: bool, significand: u64) -> Step<f64> {
        let mut exponent: i32 = 0;
        loop {
            match self.peek_or_null() {
                b'0'..=b'9' => {
                    self.bump();
                    exponent = exponent.saturating_add(1);
                }
                b'.' => return self.decimal(positive, significand, exponent),
                b'e' | b'E' => return self.exponent(positive, significand, exponent),
                _ => return self.scaled(positive, significand, exponent),
            }
        }
    }

    /// At the decimal point.
    fn decimal(&mut self, positive: bool, mut significand: u64, before: i32) -> Step<f64> {
        self.bump();
        let mut after: i32 = 0;
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            match significand
                .checked_mul(10)
                .and_then(|s| s.checked_add(u64::from(c.wrapping_sub(b'0'))))
            {
                Some(s) => {
                    self.bump();
                    significand = s;
                    after = after.saturating_sub(1);
                }
                None => {
                    // Digits past what `u64` holds are dropped.
                    while self.peek_or_null().is_ascii_digit() {
                        self.bump();
                    }
                    let exponent = before.saturating_add(after);
                    return match self.peek_or_null() {
                        b'e' | b'E' => self.exponent(positive, significand, exponent),
                        _ => self.scaled(positive, significand, exponent),
                    };
                }
            }
        }
        if after == 0 {
            return match self.peek() {
                Some(_) => self.peek_error("invalid number"),
                None => self.peek_error("EOF while parsing a value"),
            };
        }
        let exponent = before.saturating_add(after);
        match self.peek_or_null() {
            b'e' | b'E' => self.exponent(positive, significand, exponent),
            _ => self.scaled(positive, significand, exponent),
        }
    }

    /// At the `e`.
    fn exponent(&mut self, positive: bool, significand: u64, start: i32) -> Step<f64> {
        self.bump();
        let positive_exponent = match self.peek_or_null() {
            b'+' => {
                self.bump();
                true
            }
            b'-' => {
                self.bump();
                false
            }
            _ => true,
        };
        let mut exponent: i32 = match self.next() {
            None => return self.error("EOF while parsing a value"),
            Some(c @ b'0'..=b'9') => i32::from(c.wrapping_sub(b'0')),
            Some(_) => return self.error("invalid number"),
        };
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            self.bump();
            match exponent
                .checked_mul(10)
                .and_then(|e| e.checked_add(i32::from(c.wrapping_sub(b'0'))))
            {
                Some(e) => exponent = e,
                None => {
                    // An exponent past i32: infinity is an error, zero is zero.
                    if significand != 0 && positive_exponent {
                        return self.error("number out of range");
                    }
                    while self.peek_or_null().is_ascii_digit() {
                        self.bump();
                    }
                    return Ok(if positive { 0.0 } else { -0.0 });
                }
            }
        }
        let exponent = if positive_exponent {
            start.saturating_add(exponent)
        } else {
            start.saturating_sub(exponent)
        };
        self.scaled(positive, significand, exponent)
    }

    /// `significand × 10^exponent`, as serde_json computes it (one multiplication or
    /// division by a power of ten from the table; not always the nearest `f64` when the
    /// significand has more than 15 digits, the same way serde_json's is not).
    fn scaled(&self, positive: bool, significand: u64, mut exponent: i32) -> Step<f64> {
        let mut f = as_f64(significand);
        loop {
            match pow10(exponent.unsigned_abs()) {
                Some(pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return self.error("number out of range");
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return self.error("number out of range");
                    }
                    f /= 1e308;
                    exponent = exponent.saturating_add(308);
                }
            }
        }
        Ok(if positive { f } else { -f })
    }
}

#[allow(clippy::cast_precision_loss)] // as serde_json converts: the nearest f64
fn as_f64(n: u64) -> f64 {
    n as f64
}

/// `10^k` as the nearest `f64` (ties to even), for `k` up to 308: the values of serde_json's
/// table of powers of ten, computed exactly with a small big integer rather than carried
/// as a 2.5 KB table (only floats, which the engine always refuses, need them).
fn pow10(k: u32) -> Option<f64> {
    if k > 308 {
        return None;
    }
    // 10^k in 32-bit limbs, least significant first.
    let mut limbs: Vec<u32> = vec![1];
    for _ in 0..k {
        let mut carry: u64 = 0;
        for limb in &mut limbs {
            let v = u64::from(*limb).saturating_mul(10).saturating_add(carry);
            *limb = u32::try_from(v & 0xffff_ffff).unwrap_or(0);
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(u32::try_from(carry).unwrap_or(0));
        }
    }
    let bit = |i: usize| limbs.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1);
    let top = limbs.last().copied().unwrap_or(1);
    let len = limbs
        .len()
        .saturating_sub(1)
        .saturating_mul(32)
        .saturating_add(32_usize.saturating_sub(usize::try_from(top.leading_zeros()).unwrap_or(0)));
    // The top 53 bits, rounded to nearest, ties to even, on the bits below.
    let shift = len.saturating_sub(53);
    let mut mantissa: u64 = 0;
    for i in (shift..len).rev() {
        mantissa = (mantissa << 1) | u64::from(bit(i));
    }
    let mut exponent = i32::try_from(shift).ok()?;
    if shift > 0 {
        let half = bit(shift.saturating_sub(1));
        let below = (0..shift.saturating_sub(1)).any(bit);
        if half && (below || mantissa & 1 == 1) {
            mantissa = mantissa.saturating_add(1);
            if mantissa == 1 << 53 {
                mantissa >>= 1;
                exponent = exponent.saturating_add(1);
            }
        }
    }
    // A power of two times an integer below 2^53: exact.
    Some(as_f64(mantissa) * 2f64.powi(exponent))
}
