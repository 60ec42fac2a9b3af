//! Reading a parsed JSON document into the input types (`OrderDoc`, `RuleSetDoc`, …).
//!
//! Not serde's derived decoders, for two reasons. Every problem in a document is reported
//! in one pass, each at its path: a missing field, a misspelt one and a number given as money
//! all come back together, and a record with only unknown fields still decodes, so the
//! checks that follow can report what else is wrong. And the code stays small: serde's
//! decoders with path tracking were most of the WebAssembly module's size.
//!
//! Each input type's decoder is derived (`#[derive(Decode)]`, crates/fenxiao-derive) from the
//! same `#[serde]` attributes the JSON Schema is generated from: field names, which fields
//! are required or have a default, and whether unknown fields are refused are written once.
//! The derive writes a table of field names that [`Record`] walks, and one short call per
//! field. A test checks that decoder and schema agree on every field's name,
//! whether it is required, and that unknown fields are refused.

use crate::error::{ErrorCode, Errors, Path};
use crate::io::json::Json;
use crate::io::scan::Cursor;
use std::borrow::Cow;

/// The derive, under the trait's name as serde does it: `#[derive(Decode)]`.
pub(crate) use fenxiao_derive::Decode;

/// Where a value sits in the document. Built on the stack while decoding and turned into a
/// [`Path`] only when there is something to report.
#[derive(Clone, Copy, Debug)]
pub enum Loc<'a> {
    /// A path given by the caller (`rules`, or the root).
    At(&'a Path),
    /// A named field of the record at the inner location.
    Field(&'a Loc<'a>, &'static str),
    /// An element of the array at the inner location.
    Index(&'a Loc<'a>, usize),
}

impl Loc<'_> {
    /// The written path.
    pub fn path(&self) -> Path {
        match self {
            Loc::At(p) => (*p).clone(),
            Loc::Field(inner, name) => inner.path().field(name),
            Loc::Index(inner, i) => inner.path().index(*i),
        }
    }
}

impl crate::error::At for Loc<'_> {
    fn path(&self) -> Path {
        Loc::path(self)
    }
}

/// A type read from JSON. `None` means the errors were added to `errs`. `'j` is the
/// document text's lifetime: a type may keep the text's strings without copying them
/// ([`Cow`] fields), which is why ids in the single-order commands' arguments cost no
/// allocation.
pub trait Decode<'j>: Sized {
    /// Reads `v`, found at `at`.
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self>;

    /// Reads the value at `c` straight from the text when [`Decode::decode`] would read it
    /// without a word; `None` gives up, and the text is read the general way
    /// ([`crate::io::scan`]). A type that does not write one always gives up.
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        let _ = c;
        None
    }
}

/// Decodes `v` found at `at`: the value, or every error in it. Takes parsed JSON as
/// [`Json`] or as a `serde_json::Value`.
pub fn decode_at<'a, T: Decode<'a>>(v: impl Into<Json<'a>>, at: &Path) -> Result<T, Errors> {
    match decode_parts(v, at) {
        (Some(t), errs) if errs.is_empty() => Ok(t),
        (_, errs) => Err(errs),
    }
}

/// Decodes `v` found at `at`, giving the value whenever it could be built (unknown fields
/// are reported but do not stop it) together with the errors found.
pub fn decode_parts<'a, T: Decode<'a>>(v: impl Into<Json<'a>>, at: &Path) -> (Option<T>, Errors) {
    let mut errs = Errors::new();
    let t = T::decode(v.into(), &Loc::At(at), &mut errs);
    (t, errs)
}

/// What a JSON value is, for messages.
fn kind(v: &Json<'_>) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if n.is_f64() => "a number with a fraction or exponent",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn wrong_type(v: &Json<'_>, at: &Loc<'_>, expected: &str, errs: &mut Errors) {
    errs.add(
        ErrorCode::InvalidType,
        at.path(),
        format!("expected {expected}, found {}", kind(v)),
    );
}

/// A JSON object being read field by field, by position in its type's field table: the JSON
/// names in the order the decoder takes them, written by `#[derive(Decode)]` from the type's
/// `#[serde]` attributes. The table is all that is written per type besides one short call
/// per field; the lookups and their messages exist once for every record type. Each field
/// taken is emptied (every entry of its key: a repeated key's last value is the one read, as
/// in a JSON map), so whatever is left at [`Record::finish`] is unknown. The entries stay in
/// the object's own vector, in the order written; records have few fields, so a look along
/// it is as quick as a search.
pub struct Record<'a, 'e, 'j> {
    fields: Vec<(Cow<'j, str>, Option<Json<'j>>)>,
    names: &'static [&'static str],
    at: &'a Loc<'a>,
    errs: &'e mut Errors,
}

impl<'a, 'e, 'j> Record<'a, 'e, 'j> {
    /// Opens `v` as a record whose fields are `names`; reports and gives `None` when it is not
    /// a JSON object.
    pub fn open(
        v: Json<'j>,
        at: &'a Loc<'a>,
        errs: &'e mut Errors,
        names: &'static [&'static str],
    ) -> Option<Self> {
        match v {
            // Collected in place: an entry with its value in an `Option` has the same size.
            Json::Object(o) => Some(Record {
                fields: o.entries.into_iter().map(|(k, v)| (k, Some(v))).collect(),
                names,
                at,
                errs,
            }),
            other => {
                wrong_type(&other, at, "an object", errs);
                None
            }
        }
    }

    /// The field at position `i`, which must be present (and not null).
    pub fn req<T: Decode<'j>>(&mut self, i: usize) -> Option<T> {
        let (v, name) = self.required(i)?;
        T::decode(v, &Loc::Field(self.at, name), self.errs)
    }

    /// An optional field: absent or null is `None`. The outer `None` means it was malformed.
    pub fn opt<T: Decode<'j>>(&mut self, i: usize) -> Option<Option<T>> {
        match self.present(i) {
            None => Some(None),
            Some((v, name)) => T::decode(v, &Loc::Field(self.at, name), self.errs).map(Some),
        }
    }

    /// A field with a default when absent.
    pub fn or<T: Decode<'j>>(&mut self, i: usize, default: fn() -> T) -> Option<T> {
        match self.take(i) {
            None => Some(default()),
            Some((v, name)) => T::decode(v, &Loc::Field(self.at, name), self.errs),
        }
    }

    /// A field whose type's default stands in when absent.
    pub fn or_default<T: Decode<'j> + Default>(&mut self, i: usize) -> Option<T> {
        self.or(i, T::default)
    }

    // The lookups below do not depend on the field's type. Kept out of line so that every
    // field of every record shares one copy of them, and only the reading of the value
    // itself is written once per type.

    /// Removes field `i`, giving its value if present, with the field's name.
    #[inline(never)]
    fn take(&mut self, i: usize) -> Option<(Json<'j>, &'static str)> {
        let name = self.names.get(i).copied()?;
        let mut v = None;
        for (k, slot) in &mut self.fields {
            if k == name {
                v = slot.take().or(v);
            }
        }
        Some((v?, name))
    }

    /// Removes field `i`, reporting it as missing when absent.
    #[inline(never)]
    fn required(&mut self, i: usize) -> Option<(Json<'j>, &'static str)> {
        let v = self.take(i);
        if v.is_none() {
            let name = self.names.get(i).copied().unwrap_or_default();
            self.errs.add(
                ErrorCode::MissingField,
                self.at.path().field(name),
                format!("`{name}` is required"),
            );
        }
        v
    }

    /// Removes field `i`, giving its value unless absent or null.
    #[inline(never)]
    fn present(&mut self, i: usize) -> Option<(Json<'j>, &'static str)> {
        self.take(i).filter(|(v, _)| !v.is_null())
    }

    /// Reports every field not taken as unknown (usually a misspelling), naming the known
    /// ones: the end of a record with `deny_unknown_fields`.
    pub fn finish(self) {
        if self.fields.iter().all(|(_, v)| v.is_none()) {
            return;
        }
        let left = self
            .fields
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k.as_ref());
        // In the order a JSON map lists its keys: sorted, each once.
        for key in crate::io::json::sorted_keys(left) {
            if self.errs.is_full() {
                break;
            }
            // The path names the field whole; only the message shortens it.
            let short: String = key.chars().take(40).collect();
            let list = quoted(self.names);
            self.errs.add(
                ErrorCode::UnknownField,
                self.at.path().field(key),
                format!("`{short}` is not a field here; the fields are {list}"),
            );
        }
    }

    /// Ignores the fields not taken: the end of a record without `deny_unknown_fields`, such
    /// as another command's answer passed back in, which carries more than is read.
    pub fn ignore_rest(self) {}
}

/// Names for a message: each in backquotes, separated by commas.
fn quoted(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

/// Which of `names` the value is, by position. Apart from the enum it names so that every
/// enum shares one copy of the lookup and its messages.
pub fn choose(v: Json<'_>, at: &Loc<'_>, errs: &mut Errors, names: &[&str]) -> Option<usize> {
    match &v {
        Json::String(s) => match names.iter().position(|n| *n == s.as_ref()) {
            Some(i) => Some(i),
            None => {
                let short: String = s.chars().take(40).collect();
                errs.add(
                    ErrorCode::InvalidValue,
                    at.path(),
                    format!("`{short}` is not one of {}", quoted(names)),
                );
                None
            }
        },
        other => {
            wrong_type(other, at, &format!("one of {}", quoted(names)), errs);
            None
        }
    }
}

/// A string; `what` names it in the message when something else was given.
pub fn text<'j>(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors, what: &str) -> Option<Cow<'j, str>> {
    match v {
        Json::String(s) => Some(s),
        Json::Number(_) => {
            errs.add(ErrorCode::InvalidType, at.path(), format!("expected {what}, found a JSON number (money, rates, times and ids are always JSON strings)"));
            None
        }
        other => {
            wrong_type(&other, at, what, errs);
            None
        }
    }
}

impl<'j> Decode<'j> for String {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        text(v, at, errs, "a string").map(Cow::into_owned)
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        c.string().map(str::to_owned)
    }
}

/// A string kept as the text wrote it: borrowed unless it held an escape.
impl<'j> Decode<'j> for Cow<'j, str> {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        text(v, at, errs, "a string")
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        crate::io::scan::text(c)
    }
}

impl<'j> Decode<'j> for bool {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        match v {
            Json::Bool(b) => Some(b),
            other => {
                wrong_type(&other, at, "true or false", errs);
                None
            }
        }
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        c.boolean()
    }
}

/// 2^64: the first number a `u64` cannot hold. A float because the parser holds integers past
/// u64 as floats; it only tells "too large" from "fractional" for counts, never touches money.
const U64_BOUND: f64 = 18_446_744_073_709_551_616.0;

/// -2^63: integers below i64 reach us as floats at or below it, whatever their digits.
const I64_BOUND: f64 = -9_223_372_036_854_775_808.0;

impl<'j> Decode<'j> for u64 {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        match &v {
            Json::Number(n) => match whole_number(n) {
                Ok(u) => Some(u),
                Err((code, message)) => {
                    errs.add(code, at.path(), message);
                    None
                }
            },
            other => {
                wrong_type(other, at, "a whole number", errs);
                None
            }
        }
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        c.count()
    }
}

/// A JSON number read as a count. An integer below zero or past u64 is `outOfRange`
/// however it was written (the parser holds integers past i64 and u64 as floats); a number
/// with a fraction is `invalidType`.
pub fn whole_number(n: &serde_json::Number) -> Result<u64, (ErrorCode, String)> {
    if let Some(u) = n.as_u64() {
        return Ok(u);
    }
    let f = n.as_f64().unwrap_or(0.0);
    if n.is_i64() || f <= I64_BOUND {
        Err((ErrorCode::OutOfRange, format!("`{n}` is below zero")))
    } else if f >= U64_BOUND {
        Err((ErrorCode::OutOfRange, format!("`{n}` is too large")))
    } else {
        Err((
            ErrorCode::InvalidType,
            format!("`{n}` is not a whole number written without a point or exponent"),
        ))
    }
}

impl<'j> Decode<'j> for u32 {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        let wide = u64::decode(v, at, errs)?;
        match u32::try_from(wide) {
            Ok(n) => Some(n),
            Err(_) => {
                errs.add(
                    ErrorCode::OutOfRange,
                    at.path(),
                    format!("`{wide}` is too large"),
                );
                None
            }
        }
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        u32::try_from(c.count()?).ok()
    }
}

impl<'j, T: Decode<'j>> Decode<'j> for Vec<T> {
    fn decode(v: Json<'j>, at: &Loc<'_>, errs: &mut Errors) -> Option<Self> {
        let mut out = Vec::new();
        let whole = elements(v, at, errs, &mut |item, loc, errs| {
            T::decode(item, loc, errs).map(|t| out.push(t)).is_some()
        });
        whole.then_some(out)
    }
    fn scan(c: &mut Cursor<'j>) -> Option<Self> {
        crate::io::scan::list(c)
    }
}

/// Walks an array element by element, each at its index, and says whether every element
/// was read. Kept out of line and apart from the element type so that the many list types
/// share one copy of the walk and its error reporting.
#[inline(never)]
fn elements<'j>(
    v: Json<'j>,
    at: &Loc<'_>,
    errs: &mut Errors,
    each: &mut dyn FnMut(Json<'j>, &Loc<'_>, &mut Errors) -> bool,
) -> bool {
    let items = match v {
        Json::Array(items) => items,
        other => {
            wrong_type(&other, at, "an array", errs);
            return false;
        }
    };
    let mut whole = true;
    for (i, item) in items.into_iter().enumerate() {
        whole &= each(item, &Loc::Index(at, i), errs);
    }
    whole
}
