//! Writing answers as compact JSON text.
//!
//! Written by this small writer rather than by serde's serialisers, because the answer is
//! the product's contract and its bytes must not depend on a build: the CLI, a server and the
//! npm package write the same text for the same document. A small writer with one implementation per type keeps the
//! WebAssembly module small too; derived serialisers instantiated a generic serializer for
//! every field of every type.
//!
//! Each output type's writer is derived (`#[derive(Emit)]`, crates/fenxiao-derive) from its
//! `#[serde]` attributes, from which the JSON Schema is generated too: the names, the fields
//! left out when empty (`skip_serializing_if`) and the flattened ones are written once. With the
//! `serialize` feature (on by default natively) the types also implement `serde::Serialize`,
//! and a test holds both writers to the same text on every golden vector.
//!
//! The format is serde_json's compact one: no spaces; strings escape `"`, `\`, and control
//! characters (`\b \t \n \f \r` by name, others as `\u00xx`), nothing else; object keys of a
//! [`serde_json::Value`] in its map's (sorted) order.

use serde_json::Value;
use std::fmt::{Display, Write as _};

/// The derive, under the trait's name as serde does it: `#[derive(Emit)]`.
pub(crate) use fenxiao_derive::Emit;

/// A type written as JSON.
pub trait Emit {
    /// Writes `self` as one JSON value.
    fn emit(&self, w: &mut Writer);
}

/// A type written as a JSON object, whose fields can also be written into another object
/// (serde's `flatten`: a settlement's payout fields sit beside its order fields).
pub trait Fields {
    /// Writes the object's fields, without braces.
    fn fields(&self, w: &mut Writer);
}

/// A unit enum written as a name: the name of each variant and the variant of each name,
/// from one table. `#[derive(Emit)]` implements it from the enum's `#[serde]` attributes.
pub trait Named: Sized + Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The JSON name.
    fn name(&self) -> &'static str;
    /// The variant of a JSON name, if it is one.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
}

/// The text of `v`.
pub fn to_text(v: &dyn Emit) -> String {
    let mut w = Writer::default();
    v.emit(&mut w);
    w.out
}

/// Appends `n` in decimal. Numbers are written on every answer (money, counts, paths), and
/// the general formatting machinery costs more than the digits.
pub fn push_decimal(out: &mut String, n: u64) {
    match n {
        0..=9 => out.push(char::from(
            b'0'.saturating_add(u8::try_from(n).unwrap_or(0)),
        )),
        10..=99 => push_two_digits(out, n),
        // Most yuan amounts: a digit or a pair, then a pair, with no buffer.
        100..=9999 => {
            let (high, low) = (n / 100, n % 100);
            if high < 10 {
                out.push(char::from(
                    b'0'.saturating_add(u8::try_from(high).unwrap_or(0)),
                ));
            } else {
                push_two_digits(out, high);
            }
            push_two_digits(out, low);
        }
        _ => {
            let mut text = Ascii::default();
            text.decimal(n);
            text.push_to(out);
        }
    }
}

/// `00` to `99`, two characters each.
const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// Appends `n` (below 100) as two digits, `05` for 5: the fen of an amount, and most counts.
pub fn push_two_digits(out: &mut String, n: u64) {
    let at = usize::try_from(n % 100).unwrap_or(0).saturating_mul(2);
    out.push_str(PAIRS.get(at..at.saturating_add(2)).unwrap_or("00"));
}

/// Short ASCII text (a figure) written from its last character to its first on the stack,
/// then appended to the answer in one copy rather than a character at a time.
pub struct Ascii {
    buf: [u8; 64],
    start: usize,
}

impl Default for Ascii {
    fn default() -> Self {
        Ascii {
            buf: [0; 64],
            start: 64,
        }
    }
}

impl Ascii {
    /// Puts `b` before the text written so far (nothing once the buffer is full).
    pub fn front(&mut self, b: u8) {
        if let Some(start) = self.start.checked_sub(1) {
            if let Some(slot) = self.buf.get_mut(start) {
                *slot = b;
                self.start = start;
            }
        }
    }

    /// Puts the digit `d` (0 to 9) before the text.
    pub fn digit(&mut self, d: u64) {
        self.front(b'0'.saturating_add(u8::try_from(d % 10).unwrap_or(0)));
    }

    /// Puts `n` in decimal before the text.
    pub fn decimal(&mut self, n: u64) {
        let mut rest = n;
        loop {
            self.digit(rest);
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
    }

    /// The characters written.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// Appends the text to `out`, in one copy.
    pub fn push_to(&self, out: &mut String) {
        // Only ASCII is ever put in (digits, `.`, `-`), so the check cannot fail.
        out.push_str(std::str::from_utf8(self.as_bytes()).unwrap_or_default());
    }
}

/// Appends `s` as a JSON string, quotes included, escaped as serde_json escapes.
pub fn push_json_string(out: &mut String, s: &str) {
    // Most strings (ids, names, figures) need no escape: copy them whole.
    if crate::io::json::first_special(s.as_bytes()).is_none() {
        out.reserve(s.len().saturating_add(2));
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// JSON text being written. Tracks whether the next value needs a comma before it and, for
/// canonical text only, the objects still open, so each can have its keys sorted as it closes.
#[derive(Default)]
pub struct Writer {
    out: String,
    comma: bool,
    /// `Some` when object keys are written sorted by their UTF-8 bytes ([`Writer::sorted`]).
    open: Option<Vec<Frame>>,
}

/// An object or array still open in a sorting writer.
struct Frame {
    object: bool,
    /// Where its body starts in the text (just after the bracket).
    body: usize,
    /// Each entry's key and where the entry starts (at its comma, if it has one).
    entries: Vec<(String, usize)>,
}

impl Writer {
    /// An empty writer with room for `bytes` of text (an answer is usually a few hundred
    /// bytes to a few kilobytes; starting there saves growing the buffer step by step).
    pub fn with_capacity(bytes: usize) -> Self {
        Writer {
            out: String::with_capacity(bytes),
            comma: false,
            open: None,
        }
    }

    /// A writer that sorts every object's keys by their UTF-8 bytes as the object closes:
    /// the canonical text of a rule set is written with it in one pass, whatever order the
    /// type declares its fields in.
    pub(crate) fn sorted() -> Self {
        Writer {
            out: String::new(),
            comma: false,
            open: Some(Vec::new()),
        }
    }

    /// Rewrites the body of the object that just ended with its entries in key order.
    fn sort_entries(&mut self, frame: Frame) {
        if frame.entries.is_sorted_by(|a, b| a.0 <= b.0) {
            return;
        }
        let body = self.out.split_off(frame.body);
        let ends = frame
            .entries
            .iter()
            .skip(1)
            .map(|(_, start)| *start)
            .chain(std::iter::once(frame.body.saturating_add(body.len())));
        let mut parts: Vec<(&str, &str)> = frame
            .entries
            .iter()
            .zip(ends)
            .map(|((key, start), end)| {
                let from = start.saturating_sub(frame.body);
                let to = end.saturating_sub(frame.body);
                let part = body.get(from..to).unwrap_or_default();
                (key.as_str(), part.strip_prefix(',').unwrap_or(part))
            })
            .collect();
        crate::io::sort::sort_by(&mut parts, |a, b| a.0.cmp(b.0));
        for (k, (_, part)) in parts.iter().enumerate() {
            if k > 0 {
                self.out.push(',');
            }
            self.out.push_str(part);
        }
        debug_assert_eq!(
            self.out.len(),
            frame.body.saturating_add(body.len()),
            "sorting an object's entries keeps every byte"
        );
    }

    /// The text written.
    pub fn into_text(self) -> String {
        self.out
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Opens an object (`{`) or array (`[`).
    pub fn open(&mut self, bracket: char) {
        self.sep();
        self.out.push(bracket);
        self.comma = false;
        let body = self.out.len();
        if let Some(open) = self.open.as_mut() {
            open.push(Frame {
                object: bracket == '{',
                body,
                entries: Vec::new(),
            });
        }
    }

    /// Closes the innermost object or array.
    pub fn close(&mut self, bracket: char) {
        if let Some(frame) = self.open.as_mut().and_then(Vec::pop) {
            if frame.object {
                self.sort_entries(frame);
            }
        }
        self.out.push(bracket);
        self.comma = true;
    }

    /// Writes an object's key; its value follows.
    pub fn key(&mut self, key: &str) {
        let start = self.out.len();
        if let Some(frame) = self.open.as_mut().and_then(|o| o.last_mut()) {
            if frame.object {
                frame.entries.push((key.to_owned(), start));
            }
        }
        self.string(key);
        self.out.push(':');
        self.comma = false;
    }

    /// Writes a key known when the program is built, and its value: `head` is the key as
    /// JSON text with its colon (`"lineId":`), written by `#[derive(Emit)]`. The same text as
    /// [`Writer::field`] without escaping the key on every answer.
    pub fn named(&mut self, head: &'static str, key: &'static str, value: &dyn Emit) {
        if self.open.is_some() {
            self.field(key, value);
            return;
        }
        if self.comma {
            self.out.push(',');
        }
        self.out.push_str(head);
        self.comma = false;
        value.emit(self);
    }

    /// Writes a key and its value.
    pub fn field(&mut self, key: &str, value: &dyn Emit) {
        self.key(key);
        value.emit(self);
    }

    /// Writes a JSON string.
    pub fn string(&mut self, s: &str) {
        self.sep();
        push_json_string(&mut self.out, s);
    }

    /// Writes a value's `Display` text as a JSON string (money, rates, times). The text is
    /// written as it is: these formats never hold a character that needs escaping.
    pub fn display(&mut self, v: &dyn Display) {
        self.sep();
        let _ = write!(self.out, "\"{v}\"");
    }

    /// Writes a JSON string whose characters `text` appends to the output. For figures
    /// (money, dates) that never hold a character needing an escape, without a copy.
    pub fn text_with(&mut self, text: impl FnOnce(&mut String)) {
        self.sep();
        self.out.push('"');
        text(&mut self.out);
        self.out.push('"');
    }

    /// Writes an unsigned integer.
    pub fn unsigned(&mut self, n: u64) {
        self.sep();
        push_decimal(&mut self.out, n);
    }

    /// Writes JSON text as it is: a number, `true`, `false`, `null`, or an already written
    /// value.
    pub fn raw(&mut self, text: &str) {
        self.sep();
        self.out.push_str(text);
    }
}

impl<T: Emit + ?Sized> Emit for &T {
    fn emit(&self, w: &mut Writer) {
        (**self).emit(w);
    }
}

impl<T: Emit + ?Sized> Emit for Box<T> {
    fn emit(&self, w: &mut Writer) {
        (**self).emit(w);
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, w: &mut Writer) {
        match self {
            Some(v) => v.emit(w),
            None => w.raw("null"),
        }
    }
}

impl<T: Emit> Emit for [T] {
    fn emit(&self, w: &mut Writer) {
        w.open('[');
        for v in self {
            v.emit(w);
        }
        w.close(']');
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, w: &mut Writer) {
        self.as_slice().emit(w);
    }
}

impl Emit for str {
    fn emit(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl Emit for String {
    fn emit(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl Emit for bool {
    fn emit(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

macro_rules! emit_unsigned {
    ($($t:ty),*) => {$(
        impl Emit for $t {
            fn emit(&self, w: &mut Writer) {
                w.unsigned(u64::from(*self));
            }
        }
    )*};
}
emit_unsigned!(u8, u32, u64);

impl Emit for usize {
    fn emit(&self, w: &mut Writer) {
        w.unsigned(u64::try_from(*self).unwrap_or(u64::MAX));
    }
}

impl Emit for i64 {
    fn emit(&self, w: &mut Writer) {
        w.sep();
        if *self < 0 {
            w.out.push('-');
        }
        push_decimal(&mut w.out, self.unsigned_abs());
    }
}

impl Emit for Value {
    fn emit(&self, w: &mut Writer) {
        match self {
            Value::Null => w.raw("null"),
            Value::Bool(b) => b.emit(w),
            Value::Number(n) => {
                w.sep();
                let _ = write!(w.out, "{n}");
            }
            Value::String(s) => w.string(s),
            Value::Array(items) => items.emit(w),
            Value::Object(map) => {
                w.open('{');
                for (k, v) in map {
                    w.field(k, v);
                }
                w.close('}');
            }
        }
    }
}

// Test code only: a failure here fails a test and is never compiled into the engine.
#[cfg(test)]
mod tests {
    use super::push_decimal;

    /// Every width of number, at the edges of the short paths (one digit, a pair, a digit and
    /// a pair, two pairs) and past them: the decimal digits, nothing before or after.
    #[test]
    fn numbers_are_written_in_decimal() {
        let cases: [(u64, &str); 12] = [
            (0, "0"),
            (9, "9"),
            (10, "10"),
            (99, "99"),
            (100, "100"),
            (105, "105"),
            (999, "999"),
            (1000, "1000"),
            (1009, "1009"),
            (9999, "9999"),
            (10000, "10000"),
            (u64::MAX, "18446744073709551615"),
        ];
        for (n, text) in cases {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{text}"), "{n}");
        }
    }
}
