//! Reading a call's arguments straight from their text into their types, when nothing in
//! them needs a message: the quick path of a single call.
//!
//! The general path reads the text into a [`crate::io::json::Json`] tree and decodes the
//! tree, reporting every problem at its path; for the few hundred bytes of an order that is
//! a vector per object and array, a lookup per field and as many frees afterwards, most of
//! a call's time. A [`Cursor`] reads the same text once, each value into its field as it
//! comes. It takes only what the general path would take without a word: plain JSON (no
//! escape, no number but a whole one that fits, only whitespace around), every key a field
//! of its record, every required field present, every value of its field's
//! type. At anything else it gives up (`None`) and the caller reads the text the general
//! way, which gives the value or the errors. So a value read here is always the one the
//! general path reads, and every message still comes from one place.
//!
//! `Decode::scan` is the reading of one type: derived for records and named values
//! (`#[derive(Decode)]`), written out for strings, counts, money and lists; a type without
//! one gives up, which sends its documents the general way.

use crate::io::decode::Decode;
use std::borrow::Cow;

/// Reads `text` as one `T`, or gives up.
#[cfg_attr(not(feature = "quick"), allow(dead_code))]
pub fn document<'j, T: Decode<'j>>(text: &'j str) -> Option<T> {
    if text.len() > crate::limits::MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut c = Cursor { text, pos: 0 };
    let t = T::scan(&mut c)?;
    c.next().is_none().then_some(t)
}

/// A position in a document's text, reading forwards.
pub struct Cursor<'j> {
    text: &'j str,
    pos: usize,
}

impl<'j> Cursor<'j> {
    /// The next byte that is not whitespace, not consumed.
    fn next(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.bump();
        }
        None
    }

    /// Consumes `b` if it is the next byte that is not whitespace.
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then(|| self.bump())
    }

    /// Steps over the byte just looked at.
    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    /// A string without escapes or control characters.
    pub fn string(&mut self) -> Option<&'j str> {
        self.eat(b'"')?;
        let start = self.pos;
        let len = crate::io::json::first_special(self.text.as_bytes().get(start..)?)?;
        let end = start.checked_add(len)?;
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.pos = end.checked_add(1)?;
        self.text.get(start..end)
    }

    /// A whole number from 0 to `u64::MAX`, written as JSON writes integers (no sign, no
    /// leading zero, no fraction or exponent).
    pub fn count(&mut self) -> Option<u64> {
        self.next()?;
        crate::io::json::whole_number(self.text.as_bytes(), &mut self.pos)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Option<bool> {
        if self.word("true") {
            Some(true)
        } else if self.word("false") {
            Some(false)
        } else {
            None
        }
    }

    /// Consumes `null` if it comes next.
    pub fn null(&mut self) -> bool {
        self.word("null")
    }

    /// Consumes `word` if it comes next.
    fn word(&mut self, word: &str) -> bool {
        self.next();
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        let found = rest.starts_with(word.as_bytes());
        if found {
            self.pos = self.pos.saturating_add(word.len());
        }
        found
    }

    /// Which of `names` the next string is, by position.
    pub fn name(&mut self, names: &[&str]) -> Option<usize> {
        let s = self.string()?;
        names.iter().position(|n| *n == s)
    }

    /// Which of `names` the next key is, read on the text itself: a name needs no escape, so
    /// a key is that name exactly when the text holds the name and then a quote. Documents
    /// usually list a record's fields in one order, so the field after the last one read is
    /// tried first. A key that is none of them (unknown, or written with an escape) gives up.
    fn key(&mut self, names: &[&str], expected: usize) -> Option<usize> {
        if self.next()? != b'"' {
            return None;
        }
        let rest = self.text.as_bytes().get(self.pos.saturating_add(1)..)?;
        let mut i = expected;
        for _ in 0..names.len() {
            if i >= names.len() {
                i = 0;
            }
            let name = names.get(i)?.as_bytes();
            if rest.get(name.len()) == Some(&b'"') && rest.starts_with(name) {
                self.pos = self.pos.saturating_add(name.len()).saturating_add(2);
                return Some(i);
            }
            i = i.saturating_add(1);
        }
        None
    }

    /// An object whose keys are among `names`: `field` reads the value of each key, given its
    /// position in `names`. A key given twice is read twice and the last value stays, as in
    /// a JSON map (the general path takes the last one too). Kept apart from the record types
    /// so that they share one copy of it.
    pub fn record(
        &mut self,
        names: &[&str],
        field: &mut dyn FnMut(usize, &mut Cursor<'j>) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut expected: usize = 0;
        loop {
            let i = self.key(names, expected)?;
            expected = i.saturating_add(1);
            self.eat(b':')?;
            field(i, self)?;
            if !self.more(b'}')? {
                return Some(());
            }
        }
    }

    /// An array: `each` reads every element.
    pub fn list(&mut self, each: &mut dyn FnMut(&mut Cursor<'j>) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            each(self)?;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    /// After an element of an object or array: `true` past a comma (another follows), `false`
    /// past `close` (the end).
    fn more(&mut self, close: u8) -> Option<bool> {
        let b = self.next()?;
        self.bump();
        match b {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }
}

/// An optional field's value: `null` is `None`.
pub fn optional<'j, T: Decode<'j>>(c: &mut Cursor<'j>) -> Option<Option<T>> {
    if c.null() {
        Some(None)
    } else {
        T::scan(c).map(Some)
    }
}

/// A list of `T`.
pub fn list<'j, T: Decode<'j>>(c: &mut Cursor<'j>) -> Option<Vec<T>> {
    let mut out = Vec::new();
    c.list(&mut |c| T::scan(c).map(|t| out.push(t)))?;
    Some(out)
}

/// A string as written, borrowed from the text.
pub fn text<'j>(c: &mut Cursor<'j>) -> Option<Cow<'j, str>> {
    c.string().map(Cow::Borrowed)
}

// Test code only: a failure here fails a test and is never compiled into the engine.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::member::binding::BindArgs;
    use crate::payout::preview::PreviewArgs;
    use crate::payout::refund::RefundArgs;
    use crate::payout::settlement::SettleArgs;

    /// The example shop's arguments of a command, compact, as a package sends them.
    fn example(command: &str) -> Result<String, String> {
        let path = format!(
            "{}/examples/shop/{command}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let mut doc: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        doc.remove("rules");
        Ok(serde_json::Value::Object(doc).to_string())
    }

    /// The single-order commands' usual arguments take the quick path: were a field's type to
    /// lose its reading, every call would quietly go the long way.
    #[test]
    fn the_examples_are_read_straight() -> Result<(), String> {
        assert!(document::<SettleArgs<'_>>(&example("settle")?).is_some());
        assert!(document::<RefundArgs<'_>>(&example("refund")?).is_some());
        assert!(document::<PreviewArgs<'_>>(&example("preview")?).is_some());
        assert!(document::<BindArgs>(&example("bind")?).is_some());
        Ok(())
    }

    /// What needs a message, or is not plain, is left to the general path.
    #[test]
    fn anything_unusual_gives_up() {
        let given_up = [
            // unknown, repeated, missing
            r#"{"product":{"id":"p","price":"1.00"},"distributor":{"id":"d","status":"active"},"x":1}"#,
            r#"{"product":{"id":1,"id":"q"},"distributor":{"id":"d","status":"active"}}"#,
            r#"{"product":{"id":"p"}}"#,
            // an escape, a value of another type, a name that is not one
            r#"{"product":{"id":"\u0070"},"distributor":{"id":"d","status":"active"}}"#,
            r#"{"product":{"id":1},"distributor":{"id":"d","status":"active"}}"#,
            r#"{"product":{"id":"p"},"distributor":{"id":"d","status":"gone"}}"#,
            // not alone, not an object
            r#"{"product":{"id":"p"},"distributor":{"id":"d","status":"active"}} x"#,
            "[]",
            "",
        ];
        for text in given_up {
            assert!(document::<PreviewArgs<'_>>(text).is_none(), "{text}");
        }
        let taken = " {\"distributor\" : {\"status\":\"active\",\"id\":\"d\",\"tier\":null},\n\"product\":{\"id\":\"p\"}} ";
        let args = document::<PreviewArgs<'_>>(taken);
        assert!(args.is_some_and(|a| a.distributor.tier.is_none() && a.upline.is_empty()));
    }

    /// Counts as JSON writes whole numbers, and nothing else.
    #[test]
    fn counts() {
        let read = |t: &str| Cursor { text: t, pos: 0 }.count();
        assert_eq!(read("0"), Some(0));
        assert_eq!(read(" 18446744073709551615"), Some(u64::MAX));
        for t in [
            "18446744073709551616",
            "01",
            "1.0",
            "1e2",
            "-1",
            "+1",
            "",
            "x",
        ] {
            assert_eq!(read(t), None, "{t}");
        }
    }
}
