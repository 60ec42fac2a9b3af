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

/// Up to how many items a list of one call is looked at pairwise, without an allocation,
/// rather than through an index or a sort: ids for a repeat ([`first_repeat`], an order's
/// line ids), the proration's remainders for the largest. A chain of members (at most 64 and
/// the buyer) and most orders' lines are shorter.
pub(crate) const PAIRWISE: usize = 65;

/// The position of the first of `n` ids (the `i`th is `id(i)`) that was given before it.
/// Short lists are compared pairwise, longer ones through [`Ids`].
pub(crate) fn first_repeat<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Option<usize> {
    if n <= PAIRWISE {
        (1..n).find(|&i| (0..i).any(|j| id(j) == id(i)))
    } else {
        let mut seen = Ids::default();
        (0..n).find(|&i| !seen.add(id(i), i))
    }
}

/// Which entries repeat an id given before them (the first mention is not a repeat).
pub(crate) fn repeats<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut seen = Ids::default();
    ids.enumerate().map(|(i, id)| !seen.add(id, i)).collect()
}
