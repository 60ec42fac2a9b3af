//! A column of ids: every id's text end to end in one buffer, and where each ends.
//!
//! Ten million orders with a `String` each cost a heap block per id (its header, its
//! rounding and the allocator's own bookkeeping) on top of the text; here they cost the text
//! and four bytes. A column built from integer columns ([`Ids::rows`]) holds no text at all:
//! its ids are the row numbers written in decimal (`"0"`, `"1"`, …), written out the first
//! time an answer asks for one, so a run that never names a row never pays for them.

use std::fmt;
use std::sync::OnceLock;

/// Ids, one per row, read back as `&str`.
#[derive(Clone, Default)]
pub struct Ids {
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    /// Ids as given: the text of every id end to end, and the end of each.
    Given(Text),
    /// `len` implicit ids, the row numbers in decimal, written on first use.
    Rows { len: usize, written: OnceLock<Text> },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Given(Text::default())
    }
}

#[derive(Clone, Default)]
struct Text {
    text: String,
    ends: Vec<u32>,
}

impl Text {
    fn get(&self, i: usize) -> Option<&str> {
        let end = usize::try_from(*self.ends.get(i)?).ok()?;
        let start = match i.checked_sub(1) {
            Some(p) => usize::try_from(*self.ends.get(p)?).ok()?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// False, and nothing added, when the column's text would pass 4 GiB.
    fn push(&mut self, id: &str) -> bool {
        let Some(end) = self
            .text
            .len()
            .checked_add(id.len())
            .and_then(|e| u32::try_from(e).ok())
        else {
            return false;
        };
        self.text.push_str(id);
        self.ends.push(end);
        true
    }

    fn rows(len: usize) -> Text {
        let mut t = Text {
            text: String::with_capacity(len.saturating_mul(7)),
            ends: Vec::with_capacity(len),
        };
        let mut digits = itoa_buf();
        for i in 0..len {
            if !t.push(decimal(i, &mut digits)) {
                break;
            }
        }
        t
    }
}

/// Room for the decimal digits of any `usize`.
fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

/// `n` in decimal, written into the end of `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at = at.saturating_sub(1);
        if let Some(slot) = buf.get_mut(at) {
            // `n % 10` is a digit: it fits a byte.
            #[allow(clippy::cast_possible_truncation)]
            let digit = (n % 10) as u8;
            *slot = b'0'.saturating_add(digit);
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    buf.get(at..)
        .and_then(|d| std::str::from_utf8(d).ok())
        .unwrap_or("")
}

impl Ids {
    /// An empty column.
    pub fn new() -> Self {
        Ids::default()
    }

    /// `len` implicit ids: row `i`'s id is `i` in decimal.
    pub fn rows(len: usize) -> Self {
        Ids {
            repr: Repr::Rows {
                len,
                written: OnceLock::new(),
            },
        }
    }

    /// True when the ids are the row numbers (a dataset built from integer columns).
    pub fn is_rows(&self) -> bool {
        matches!(self.repr, Repr::Rows { .. })
    }

    fn text(&self) -> &Text {
        match &self.repr {
            Repr::Given(t) => t,
            Repr::Rows { len, written } => written.get_or_init(|| Text::rows(*len)),
        }
    }

    /// The number of ids.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Given(t) => t.ends.len(),
            Repr::Rows { len, .. } => *len,
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`'s id.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.text().get(i)
    }

    /// Adds an id as the next row; false (and nothing added) when the column's text would
    /// pass 4 GiB, which a dataset within its row limits and id length reaches only with
    /// ids far longer than a shop's.
    pub fn push(&mut self, id: &str) -> bool {
        if let Repr::Rows { .. } = self.repr {
            let written = self.text().clone();
            self.repr = Repr::Given(written);
        }
        match &mut self.repr {
            Repr::Given(t) => t.push(id),
            Repr::Rows { .. } => false,
        }
    }

    /// Room for `rows` more ids of about `bytes` bytes in all.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        if let Repr::Given(t) = &mut self.repr {
            t.ends.reserve(rows);
            t.text.reserve(bytes);
        }
    }

    /// The ids in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let t = self.text();
        (0..t.ends.len()).map(move |i| t.get(i).unwrap_or(""))
    }
}

impl<'a> FromIterator<&'a str> for Ids {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut ids = Ids::new();
        for id in iter {
            ids.push(id);
        }
        ids
    }
}

impl PartialEq for Ids {
    fn eq(&self, other: &Ids) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Ids {}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Ids {
    fn eq(&self, other: &[S; N]) -> bool {
        self.len() == N && self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Ids {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl fmt::Debug for Ids {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_given() {
        let mut ids = Ids::new();
        for id in ["m1", "", "龙井", "m1"] {
            assert!(ids.push(id));
        }
        assert_eq!(ids.len(), 4);
        assert_eq!(ids, ["m1", "", "龙井", "m1"]);
        assert_eq!(ids.get(2), Some("龙井"));
        assert_eq!(ids.get(4), None);
    }

    #[test]
    fn implicit_ids_are_row_numbers() {
        let ids = Ids::rows(12);
        assert!(ids.is_rows());
        assert_eq!(ids.len(), 12);
        assert_eq!(ids.get(0), Some("0"));
        assert_eq!(ids.get(10), Some("10"));
        assert_eq!(ids.get(12), None);
        let given: Ids = (0..12)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(ids, given);
        let mut more = ids.clone();
        assert!(more.push("x"));
        assert_eq!(more.get(12), Some("x"));
        assert_eq!(more.get(11), Some("11"));
    }

    #[test]
    fn decimal_writes_every_digit() {
        let mut b = itoa_buf();
        assert_eq!(decimal(0, &mut b), "0");
        assert_eq!(decimal(usize::MAX, &mut b), usize::MAX.to_string());
    }
}
