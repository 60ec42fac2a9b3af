//! Ids met so far in a document, to report the second mention of an id and to find an
//! entry by id. Every such check in the engine shares this one shape, which keeps the
//! WebAssembly module small: each distinct map type would carry its own copy of the code.

use std::collections::BTreeMap;

/// How many ids [`Ids`] holds on the stack before it needs the heap: an order's lines, a
/// member's upline and a poster's SKUs are usually fewer.
const FEW: usize = 8;

/// Ids, each with the position where it was last given. The first [`FEW`] are kept in a
/// small array (a single call checks a handful of ids without an allocation), the rest in
/// a map.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ids<'a> {
    few: [(&'a str, usize); FEW],
    len: usize,
    many: BTreeMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    /// Records `id` at position `at`; false when it was met before. The later position is
    /// kept, so a lookup finds the last entry with that id.
    pub(crate) fn add(&mut self, id: &'a str, at: usize) -> bool {
        let few = self.few.get_mut(..self.len).unwrap_or_default();
        if let Some(slot) = few.iter_mut().find(|(k, _)| *k == id) {
            slot.1 = at;
            return false;
        }
        match self.few.get_mut(self.len) {
            Some(slot) => {
                debug_assert!(
                    self.many.is_empty(),
                    "the map is used once the array is full"
                );
                *slot = (id, at);
                self.len = self.len.saturating_add(1);
                true
            }
            None => self.many.insert(id, at).is_none(),
        }
    }

    /// The position where `id` was last given.
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        let few = self.few.get(..self.len).unwrap_or_default();
        match few.iter().find(|(k, _)| *k == id) {
            Some((_, at)) => Some(*at),
            None => self.many.get(id).copied(),
        }
    }
}

/// Entries found by their id: a list sorted by id, searched by halves. The rule set keeps
/// its product and SKU overrides this way; ids are unique there (a repeated one is an error
/// of the rule set), so each id finds at most one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ById<T>(Vec<(String, T)>);

impl<T> ById<T> {
    /// The entries, in any order.
    pub(crate) fn new(mut entries: Vec<(String, T)>) -> Self {
        crate::io::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        ById(entries)
    }

    /// The entry with id `id`.
    pub fn get(&self, id: &str) -> Option<&T> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Which entries repeat an id given before them (the first mention is not a repeat).
pub(crate) fn repeats<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut seen = Ids::default();
    ids.enumerate().map(|(i, id)| !seen.add(id, i)).collect()
}
