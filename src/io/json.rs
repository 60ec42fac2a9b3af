//! A parsed JSON document that borrows from its text: what the decoders read.
//!
//! serde_json's `Value` owns every string and keeps every object in a `BTreeMap`, so reading
//! a document cost an allocation per key, per string and per map node, and as many frees
//! afterwards: most of a single call's time. [`Json`] holds a string without escapes as a
//! slice of the text and an object as one vector of its entries in the order written.
//!
//! [`parse_plain`] reads the documents calls usually send (no escapes, integers only, within
//! the depth limit) in one pass; anything else is read by serde_json as before, into a
//! `Value` that becomes a [`Json`], so its results and its messages for text that is not
//! JSON stay serde_json's.
//!
//! An object read by [`parse_plain`] keeps every entry, a repeated key included;
//! [`Object::get`] and the record reader take the last one, and [`Object::keys`] lists each
//! key once in sorted order: what a `serde_json::Map` (a `BTreeMap`, the last value winning)
//! gives.

use serde_json::{Number, Value};
use std::borrow::Cow;

/// A JSON value, its strings borrowed from the text when they hold no escape.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json holds it (an integer within `u64` or `i64`, else a float).
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object.
    Object(Object<'a>),
}

/// A JSON object's entries in the order written, repeated keys included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a> {
    pub(crate) entries: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Object<'a> {
    /// The value of `key`: its last entry, as in a JSON map.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Each key once, in sorted order (by UTF-8 bytes), as a JSON map lists them.
    pub fn keys(&self) -> std::vec::IntoIter<&str> {
        sorted_keys(self.entries.iter().map(|(k, _)| k.as_ref()))
    }

    /// Whether the object has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Splits off the value of `key` (its last entry), leaving every other key's entries.
    pub fn remove(&mut self, key: &str) -> Option<Json<'a>> {
        let mut found = None;
        let mut i = 0;
        while i < self.entries.len() {
            if self.entries.get(i).is_some_and(|(k, _)| k == key) {
                found = Some(self.entries.remove(i).1);
            } else {
                i = i.saturating_add(1);
            }
        }
        found
    }
}

/// `keys` sorted and each once.
pub(crate) fn sorted_keys<'k>(keys: impl Iterator<Item = &'k str>) -> std::vec::IntoIter<&'k str> {
    let mut keys: Vec<&str> = keys.collect();
    crate::io::sort::sort_by(&mut keys, |a, b| a.cmp(b));
    keys.dedup();
    keys.into_iter()
}

impl<'a> Json<'a> {
    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The value as serde_json holds it: objects as maps (sorted, the last of a repeated key).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.as_ref().to_owned()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(o) => {
                // Inserted one by one, as serde_json's parser fills a map (collecting would
                // bring a sort and a bulk build of the map into the WebAssembly module).
                let mut map = serde_json::Map::new();
                for (k, v) in &o.entries {
                    map.insert(k.as_ref().to_owned(), v.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

impl From<Value> for Json<'static> {
    /// A `serde_json::Value` as a [`Json`] that owns its strings (for Rust callers holding
    /// parsed JSON).
    fn from(v: Value) -> Self {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => Json::Number(n),
            Value::String(s) => Json::String(Cow::Owned(s)),
            Value::Array(items) => Json::Array(items.into_iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(Object::from(map)),
        }
    }
}

impl From<serde_json::Map<String, Value>> for Object<'static> {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        Object {
            entries: map
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Json::from(v)))
                .collect(),
        }
    }
}

/// Parses `text` when it is plain JSON: no string with an escape or a control character, no
/// number but an integer that serde_json holds as one (no fraction, exponent, `-0` or
/// integer past `i64`/`u64`), nesting within [`crate::limits::MAX_DEPTH`]. Gives `None` for
/// anything else, valid or not, and the caller reads it with serde_json instead: the one
/// parser whose result and messages are the contract. What this gives is exactly what
/// serde_json gives for the same text; it only skips its general machinery and the
/// separate size and depth scan, on the documents every call sends.
pub(crate) fn parse_plain(text: &str) -> Option<Json<'_>> {
    let mut p = Plain { text, pos: 0 };
    let v = p.value(0)?;
    p.space();
    (p.pos == text.len()).then_some(v)
}

/// Where the first `"`, `\` or control character of `bytes` is: the end of a JSON string
/// without escapes, or the first byte a string being written must escape. Looked at eight
/// bytes at a time (the bit tricks for "a byte less than n" and "a zero byte": their lowest
/// flag is exact, a borrow only carries upwards), as ids, hashes and messages run to tens of
/// bytes.
pub(crate) fn first_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut at: usize = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        // Always eight bytes; were it not, zeros would stop the caller at a control byte.
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let flags = (x.wrapping_sub(ONES.wrapping_mul(0x20)) & !x & HIGH)
            | zero_in(x ^ ONES.wrapping_mul(u64::from(b'"')))
            | zero_in(x ^ ONES.wrapping_mul(u64::from(b'\\')));
        if flags != 0 {
            return Some(at.saturating_add(flags.trailing_zeros() as usize / 8));
        }
        at = at.saturating_add(8);
    }
    let p = chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < b' ')?;
    Some(at.saturating_add(p))
}

/// The digits of a JSON integer without its sign, at `pos`: the number, with `pos` past it,
/// when it is written as JSON writes one (no leading zero) and has no fraction or exponent
/// and fits `u64`; otherwise `None`, for the general path.
pub(crate) fn whole_number(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let first = bytes.get(*pos).copied().filter(u8::is_ascii_digit)?;
    let mut n: u64 = 0;
    while let Some(&b @ b'0'..=b'9') = bytes.get(*pos) {
        n = n
            .checked_mul(10)?
            .checked_add(u64::from(b.wrapping_sub(b'0')))?;
        *pos = pos.saturating_add(1);
        if first == b'0' {
            break;
        }
    }
    match bytes.get(*pos) {
        Some(b'0'..=b'9' | b'.' | b'e' | b'E') => None,
        _ => Some(n),
    }
}

/// The reader of [`parse_plain`].
///
/// Each array and object is one vector, built as its elements are read; an object's starts
/// with room for eight entries (the single-order commands' records have fewer), so a record
/// is one allocation.
struct Plain<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Plain<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    /// Consumes `word` if the text continues with it.
    fn word(&mut self, word: &str) -> Option<()> {
        let end = self.pos.checked_add(word.len())?;
        (self.text.as_bytes().get(self.pos..end)? == word.as_bytes()).then(|| self.pos = end)
    }

    fn value(&mut self, depth: usize) -> Option<Json<'a>> {
        self.space();
        match self.peek()? {
            b'n' => self.word("null").map(|()| Json::Null),
            b't' => self.word("true").map(|()| Json::Bool(true)),
            b'f' => self.word("false").map(|()| Json::Bool(false)),
            b'"' => self.string().map(|s| Json::String(Cow::Borrowed(s))),
            b'[' => self.array(depth.checked_add(1)?),
            b'{' => self.object(depth.checked_add(1)?),
            _ => self.integer(),
        }
    }

    /// A string without escapes or control characters, the opening quote next.
    fn string(&mut self) -> Option<&'a str> {
        self.bump();
        let start = self.pos;
        let len = first_special(self.text.as_bytes().get(start..)?)?;
        let end = start.checked_add(len)?;
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.pos = end.checked_add(1)?;
        self.text.get(start..end)
    }

    /// An integer as serde_json holds it: within `u64`, or below zero within `i64`.
    fn integer(&mut self) -> Option<Json<'a>> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.bump();
        }
        let n = whole_number(self.text.as_bytes(), &mut self.pos)?;
        if negative {
            // `-0` is a float to serde_json; so is an integer below `i64`.
            let n = i64::try_from(n).ok().filter(|&n| n > 0)?;
            Some(Json::Number(n.checked_neg()?.into()))
        } else {
            Some(Json::Number(n.into()))
        }
    }

    fn array(&mut self, depth: usize) -> Option<Json<'a>> {
        if depth > crate::limits::MAX_DEPTH {
            return None;
        }
        self.bump();
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.bump();
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            match self.peek()? {
                b',' => self.bump(),
                b']' => break,
                _ => return None,
            }
        }
        self.bump();
        Some(Json::Array(items))
    }

    fn object(&mut self, depth: usize) -> Option<Json<'a>> {
        if depth > crate::limits::MAX_DEPTH {
            return None;
        }
        self.bump();
        self.space();
        if self.peek() == Some(b'}') {
            self.bump();
            return Some(Json::Object(Object::default()));
        }
        let mut entries = Vec::with_capacity(8);
        loop {
            self.space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.space();
            if self.peek()? != b':' {
                return None;
            }
            self.bump();
            let v = self.value(depth)?;
            entries.push((Cow::Borrowed(key), v));
            self.space();
            match self.peek()? {
                b',' => self.bump(),
                b'}' => break,
                _ => return None,
            }
        }
        self.bump();
        Some(Json::Object(Object { entries }))
    }
}

// Test code only: a failure here fails a test and is never compiled into the engine.
#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the one-pass reader takes, serde_json reads the same; what it declines is
    /// left to serde_json.
    #[test]
    fn plain_documents_read_as_serde_json_reads_them() -> Result<(), String> {
        let taken = [
            r#"{"a":1,"b":[true,false,null],"c":{"d":"x"}}"#,
            " { \"a\" :\t-12 ,\r\n\"a\": 18446744073709551615, \"z\": [] , \"e\": {} } ",
            r#"{"n":-9223372036854775807,"s":"推广员","k":"","l":[[[0]]]}"#,
            r#"[1,"2",{"3":4}]"#,
            "0",
        ];
        for text in taken {
            let plain = parse_plain(text).ok_or_else(|| format!("declined {text}"))?;
            let serde: Value = serde_json::from_str(text).map_err(|e| format!("{text}: {e}"))?;
            assert_eq!(plain.to_value(), serde, "{text}");
        }
        let declined = [
            r#"{"a":"x\"y"}"#,
            r#"{"a":"\u0041"}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":-0}"#,
            r#"{"a":01}"#,
            r#"{"a":18446744073709551616}"#,
            r#"{"a":-9223372036854775809}"#,
            r#"{"a":-9223372036854775808}"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":tru}"#,
            r#"{"a":1} x"#,
            r#"{"a":+1}"#,
            "\u{feff}{}",
            "",
        ];
        for text in declined {
            assert!(parse_plain(text).is_none(), "took {text}");
        }
        let deep = format!("{}{}", "[".repeat(32), "]".repeat(32));
        assert!(parse_plain(&deep).is_some());
        let deeper = format!("{}{}", "[".repeat(33), "]".repeat(33));
        assert!(parse_plain(&deeper).is_none());
        Ok(())
    }

    /// A repeated key: the last value, and each key once in sorted order.
    #[test]
    fn repeated_keys_read_as_a_json_map() -> Result<(), String> {
        let Some(Json::Object(o)) = parse_plain(r#"{"b":1,"a":2,"b":3}"#) else {
            return Err("not an object".to_owned());
        };
        assert_eq!(o.get("b"), Some(&Json::Number(3_u64.into())));
        assert_eq!(o.keys().collect::<Vec<_>>(), ["a", "b"]);
        Ok(())
    }

    /// Eight bytes at a time finds what one at a time finds, and where: every byte value, at
    /// every position of texts from empty to three words long, among bytes that need no
    /// escape.
    #[test]
    fn escapes_are_found_wherever_they_are() {
        for len in 0..=24 {
            for at in 0..len {
                for b in 0..=255_u8 {
                    let mut bytes = vec![b'a'; len];
                    if let Some(slot) = bytes.get_mut(at) {
                        *slot = b;
                    }
                    let special = b == b'"' || b == b'\\' || b < 0x20;
                    assert_eq!(
                        first_special(&bytes),
                        special.then_some(at),
                        "{len} {at} {b}"
                    );
                    // An escape further on does not hide this one.
                    bytes.push(b'"');
                    let first = if special { at } else { len };
                    assert_eq!(first_special(&bytes), Some(first), "{len} {at} {b}");
                }
            }
        }
        // Bytes just beside the ones escaped, everywhere at once: nothing found.
        let near = [b'!', b'#', b'[', b']', b' ', 0x7f, 0x80, 0xff, 0xa2, 0xdc];
        for len in 0..=24 {
            let bytes: Vec<u8> = near.iter().copied().cycle().take(len).collect();
            assert_eq!(first_special(&bytes), None, "{bytes:?}");
        }
    }
}
