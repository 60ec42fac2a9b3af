//! The one error type. Every refusal carries a stable code, a path into the input
//! document and a sentence for people, so a caller can point at the field that is wrong
//! without parsing prose. The list of codes is part of the contract (`docs/ERRORS.md`).

use crate::io::emit::Emit;
use schemars::JsonSchema;
use std::fmt;

/// What kind of wrong the input is. The serialised names are stable: callers branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The text is not JSON.
    InvalidJson,
    /// A value has the wrong JSON type (a number where a string is expected, a float as a count).
    InvalidType,
    /// A required field is absent.
    MissingField,
    /// A field the schema does not know; usually a typo.
    UnknownField,
    /// A string that is not one of the allowed names.
    InvalidValue,
    /// Money that does not match `(0|[1-9][0-9]*)(\.[0-9]{1,2})?` or is above the bound.
    InvalidMoney,
    /// A rate that is not a decimal from 0 to 1 with at most 6 decimals.
    InvalidRate,
    /// A time that is not RFC 3339 with an offset, or a UTC offset that is not `±HH:MM`.
    InvalidTime,
    /// A number outside its documented range.
    OutOfRange,
    /// Two records with the same id where ids must be unique.
    Duplicate,
    /// An id that names nothing defined (an unknown tier, an unknown line).
    UnknownReference,
    /// Fields that are each valid but contradict one another.
    Inconsistent,
    /// An intermediate figure does not fit the engine's integer range.
    Overflow,
    /// The document is larger than the input limit.
    TooLarge,
    /// The document nests deeper than the input limit.
    TooDeep,
    /// A list is longer than its limit.
    TooMany,
    /// The rule set's `schemaVersion` is not one this engine reads.
    UnsupportedVersion,
    /// The command name is not one of the engine's commands.
    UnknownCommand,
}

impl ErrorCode {
    /// The stable name, as serialised (from the `#[serde]` attributes, by `#[derive(Emit)]`).
    pub fn as_str(self) -> &'static str {
        crate::io::emit::Named::name(&self)
    }

    /// The code of a stable name, from the same table as [`ErrorCode::as_str`]; `None` for a
    /// name that is no code.
    pub fn from_name(name: &str) -> Option<Self> {
        crate::io::emit::Named::from_name(name)
    }
}

/// A location in the input document: `rules.levels[2].rate`, `order.lines[0].quantity`.
/// Zero-based, written from the document's root; the root itself is the empty path.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Path(String);

impl Path {
    /// The document's root.
    pub fn root() -> Self {
        Path(String::new())
    }

    /// A path parsed from its written form, trusted as given (used for paths serde reports).
    pub fn from_written(text: &str) -> Self {
        Path(text.to_owned())
    }

    /// This path, one field further in. A name that is a plain identifier is written as
    /// `.name`; any other name (a dot, a bracket, a space, an empty name…) is written whole
    /// as `["…"]`, a JSON string, so that no field's path can be mistaken for another's
    /// (docs/SEMANTICS.md, "Paths").
    pub fn field(&self, name: &str) -> Self {
        // Paths are built as the engine walks a document, before any error is known, so
        // this is written without the general formatting machinery.
        let mut s =
            String::with_capacity(self.0.len().saturating_add(name.len()).saturating_add(4));
        s.push_str(&self.0);
        if is_identifier(name) {
            if !self.0.is_empty() {
                s.push('.');
            }
            s.push_str(name);
        } else {
            s.push('[');
            crate::io::emit::push_json_string(&mut s, name);
            s.push(']');
        }
        Path(s)
    }

    /// This path, one array element further in.
    pub fn index(&self, i: usize) -> Self {
        let mut s = String::with_capacity(self.0.len().saturating_add(8));
        s.push_str(&self.0);
        s.push('[');
        crate::io::emit::push_decimal(&mut s, u64::try_from(i).unwrap_or(u64::MAX));
        s.push(']');
        Path(s)
    }

    /// The written form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where something stands in the document, written out as a [`Path`] only when an error
/// names it: checks run on every call and find nothing wrong on almost all of them, so the
/// happy path carries a cheap location ([`crate::io::decode::Loc`]) instead of text.
pub trait At {
    /// The written path.
    fn path(&self) -> Path;
}

impl At for Path {
    fn path(&self) -> Path {
        self.clone()
    }
}

/// A name written bare in a path: an ASCII letter, `_` or `$`, then letters, digits, `_` or `$`.
fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

impl ErrorCode {
    /// Codes whose finding does not depend on the rule set: a malformed amount is malformed
    /// whatever the rules say. Used to report argument errors even when the rules are refused.
    pub fn is_rule_independent(self) -> bool {
        matches!(
            self,
            Self::InvalidMoney
                | Self::InvalidRate
                | Self::InvalidTime
                | Self::OutOfRange
                | Self::Duplicate
                | Self::TooMany
                | Self::Overflow
                | Self::InvalidValue
        )
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl crate::io::emit::Emit for Path {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.string(&self.0);
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl JsonSchema for Path {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Path".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Zero-based path from the document root, e.g. `rules.levels[2].rate`; empty for the root."
        })
    }
}

/// One refusal: what is wrong, where, in words.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
pub struct Error {
    /// The stable code.
    pub code: ErrorCode,
    /// Where in the input document.
    pub path: Path,
    /// What was wrong, for people.
    pub message: String,
}

impl Error {
    /// A new error.
    pub fn new(code: ErrorCode, path: Path, message: impl Into<String>) -> Self {
        Self::of_text(code, path, message.into())
    }

    /// [`Error::new`] once the message is text: out of line, so that each of the many
    /// places refusing an input only hands over the parts.
    #[inline(never)]
    fn of_text(code: ErrorCode, path: Path, message: String) -> Self {
        Error {
            code,
            path,
            message,
        }
    }

    /// An arithmetic result that leaves the engine's integer range.
    pub fn overflow(path: Path, what: &str) -> Self {
        Error::new(
            ErrorCode::Overflow,
            path,
            format!("{what} is too large to compute exactly"),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.as_str().is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{} at {}: {}",
                self.code.as_str(),
                self.path,
                self.message
            )
        }
    }
}

impl std::error::Error for Error {}

/// Every error found in one document. Validation keeps going after the first problem so a
/// merchant fixing a rule set sees all of them at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// No errors yet.
    pub fn new() -> Self {
        Errors(Vec::new())
    }

    /// Records one error. Past [`limits::MAX_ERRORS`](crate::limits::MAX_ERRORS) a single
    /// `tooMany` error at the root ends the list: a hostile document with a million misspelt
    /// fields gets a short answer, not a million-line one (or, in wasm, an out-of-memory trap).
    pub fn push(&mut self, e: Error) {
        let max = crate::limits::MAX_ERRORS;
        if self.0.len() < max {
            self.0.push(e);
        } else if self.0.len() == max {
            self.0.push(Error::new(
                ErrorCode::TooMany,
                Path::root(),
                format!("more than {max} errors; the first {max} are listed"),
            ));
        }
    }

    /// Records an error built from its parts.
    pub fn add(&mut self, code: ErrorCode, path: Path, message: impl Into<String>) {
        self.add_text(code, path, message.into());
    }

    /// [`Errors::add`] once the message is text: out of line, so that each of the many
    /// places reporting an error only hands over its parts.
    #[inline(never)]
    fn add_text(&mut self, code: ErrorCode, path: Path, message: String) {
        self.push(Error {
            code,
            path,
            message,
        });
    }

    /// True when no further error would be listed.
    pub fn is_full(&self) -> bool {
        self.0.len() > crate::limits::MAX_ERRORS
    }

    /// Keeps the value of `r`, or records its error and gives `None`.
    pub fn take<T>(&mut self, r: Result<T, Error>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    /// Keeps the value of `r`, or records all of its errors and gives `None`.
    pub fn take_all<T>(&mut self, r: Result<T, Errors>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.extend(e);
                None
            }
        }
    }

    /// A list from its errors.
    pub fn from_vec(list: Vec<Error>) -> Self {
        let mut errs = Errors::new();
        errs.extend(Errors(list));
        errs
    }

    /// Appends every error of `other`.
    pub fn extend(&mut self, other: Errors) {
        for e in other.0 {
            if self.is_full() {
                break;
            }
            self.push(e);
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else every error.
    pub fn finish<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The errors, in the order they were found.
    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }

    /// The errors, borrowed.
    pub fn as_slice(&self) -> &[Error] {
        &self.0
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}
