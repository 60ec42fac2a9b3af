//! A parsed JSON document that borrows from its text: what the decoders read.
//!
//! serde_json's `Value` owns every string and keeps every object in a `BTreeMap`, so reading
//! a document cost an allocation per key, per string and per map node, and as many frees
//! afterwards: most of a single call's time. [`Json`] is filled by serde_json's own parser
//! (`serde_json::from_str`, so text that is not JSON is refused in exactly its words, at the
//! same depth limit), but a string without escapes is a slice of the text, and an object is
//! one vector of its entries in the order written.
//!
//! An object read from text keeps every entry, a repeated key included; [`Object::get`] and
//! the record reader take the last one, and [`Object::keys`] lists each key once in sorted
//! order: what a `serde_json::Map` (a `BTreeMap`, the last value winning) gave.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt;

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
            Json::Object(o) => Value::Object(
                o.entries
                    .iter()
                    .map(|(k, v)| (k.as_ref().to_owned(), v.to_value()))
                    .collect(),
            ),
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

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// Fills a [`Json`] as serde_json's `Value` visitor fills a `Value`.
struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(f).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(Key(k)) = map.next_key()? {
            let v: Json<'de> = map.next_value()?;
            entries.push((k, v));
        }
        Ok(Json::Object(Object { entries }))
    }
}

/// An object's key, borrowed from the text when it holds no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s)))
    }
}
