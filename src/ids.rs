//! Ids met so far in a document, to report the second mention of an id and to find an
//! entry by id. Every such check in the engine shares this one shape, which keeps the
//! WebAssembly module small: each distinct map type would carry its own copy of the code.

use std::collections::BTreeMap;

/// Ids, each with the position where it was last given.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ids<'a>(BTreeMap<&'a str, usize>);

impl<'a> Ids<'a> {
    /// Records `id` at position `at`; false when it was met before. The later position is
    /// kept, so a lookup finds the last entry with that id.
    pub(crate) fn add(&mut self, id: &'a str, at: usize) -> bool {
        self.0.insert(id, at).is_none()
    }

    /// The position where `id` was last given.
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}
