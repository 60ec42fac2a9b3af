//! The engine's one stable sort. Every ordering (remainders, dates, keys, levels) goes
//! through [`order`], so the WebAssembly module carries a single copy of the sorting code
//! instead of one per element type.

// Most of these serve the batch path only.
#![cfg_attr(not(feature = "batch"), allow(dead_code))]

use std::cmp::Ordering;

/// The positions `0..n` arranged by `cmp`; positions that compare equal stay in their
/// original order. A plain merge sort: it is small, and its `n log n` comparisons are
/// plenty for the longest lists the engine accepts.
pub(crate) fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    if n < 2 {
        return from;
    }
    let mut to: Vec<usize> = Vec::with_capacity(n);
    let mut width: usize = 1;
    while width < n {
        to.clear();
        for run in from.chunks(width.saturating_mul(2)) {
            let (left, right) = run.split_at_checked(width).unwrap_or((run, &[]));
            let (mut l, mut r) = (
                left.iter().copied().peekable(),
                right.iter().copied().peekable(),
            );
            while let (Some(&a), Some(&b)) = (l.peek(), r.peek()) {
                // The right one goes first only when strictly smaller: that keeps ties in order.
                if cmp(b, a) == Ordering::Less {
                    to.push(b);
                    r.next();
                } else {
                    to.push(a);
                    l.next();
                }
            }
            to.extend(l);
            to.extend(r);
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

/// Sorts `items` by `cmp`, keeping equal items in their original order.
pub(crate) fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let positions = {
        let view: &[T] = items;
        order(view.len(), &|a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = positions
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect();
}

/// Rows `0..n` in ascending order of `key(row)`, ties in row order. Keys are below 2^96;
/// each is packed with its row into one `u128` and sorted by the one sort below, so the
/// batch path's many orderings (by time, by amount) share one copy of the standard
/// library's sorting code (per key function, only the packing loop is new code).
pub(crate) fn rows_by(n: usize, key: impl Fn(u32) -> u128) -> Vec<u32> {
    let mut packed: Vec<u128> = (0..n)
        .filter_map(|i| u32::try_from(i).ok())
        .map(|row| {
            let k = key(row);
            debug_assert!(k < 1 << 96, "a sort key is below 2^96");
            (k << 32) | u128::from(row)
        })
        .collect();
    sort_u128(&mut packed);
    // The low 32 bits are the row.
    #[allow(clippy::cast_possible_truncation)]
    packed.into_iter().map(|p| p as u32).collect()
}

/// Sorts `u128`s ascending: the one instantiation of the standard library's sort for them.
#[inline(never)]
pub(crate) fn sort_u128(v: &mut [u128]) {
    v.sort_unstable();
}

/// Sorts `u32`s ascending (rows, to remove repeats).
#[inline(never)]
pub(crate) fn sort_u32(v: &mut [u32]) {
    v.sort_unstable();
}

/// An instant as a sort key below 2^96 that orders as the instants do.
pub(crate) fn time_key(t: crate::money::time::Timestamp) -> u128 {
    // Seconds are within ±2^40 (years 0001–9999), so shifting by 2^62 makes them positive.
    let secs = u128::try_from(t.unix().saturating_add(1 << 62)).unwrap_or(0);
    (secs << 32) | u128::from(t.subsec_nanos())
}

/// Sorts `rows` by `(key(row), row)`: [`rows_by`] for a list of rows.
pub(crate) fn sort_rows_by(rows: &mut [u32], key: impl Fn(u32) -> u128) {
    let order = rows_by(rows.len(), |k| rows.get(k as usize).map_or(0, |&r| key(r)));
    let sorted: Vec<u32> = order
        .iter()
        .filter_map(|&k| rows.get(k as usize).copied())
        .collect();
    rows.copy_from_slice(&sorted);
}

/// An `i64` as a sort key that orders as the numbers do.
pub(crate) fn signed_key(v: i64) -> u128 {
    // Flipping the sign bit maps i64's order onto u64's.
    #[allow(clippy::cast_sign_loss)]
    u128::from((v as u64) ^ (1 << 63))
}

/// The `k`-th largest of `v` (0 is the largest), `v` reordered; `None` when `k` is past its
/// end. A quickselect with a three-way partition around the middle element: linear on
/// average, and one small function for `i64` rather than the standard library's generic
/// selection code, which would be a second sorting machinery in the WebAssembly module.
pub(crate) fn nth_largest(v: &mut [i64], k: usize) -> Option<i64> {
    let (mut lo, mut hi) = (0usize, v.len());
    if k >= hi {
        return None;
    }
    loop {
        // The answer is at position `k` of `v[lo..hi]` once sorted descending; lo ≤ k < hi.
        debug_assert!(lo <= k && k < hi && hi <= v.len());
        // lo + (hi - lo) / 2 < hi ≤ len: no overflow.
        let pivot = *v.get(lo.wrapping_add(hi.wrapping_sub(lo) / 2))?;
        // v[lo..lt] > pivot, v[lt..i] == pivot, v[gt..hi] < pivot; every index below hi ≤ len,
        // so the additions cannot overflow and the swaps stay in bounds.
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            let x = *v.get(i)?;
            if x > pivot {
                v.swap(lt, i);
                lt = lt.wrapping_add(1);
                i = i.wrapping_add(1);
            } else if x < pivot {
                gt = gt.wrapping_sub(1);
                v.swap(i, gt);
            } else {
                i = i.wrapping_add(1);
            }
        }
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return Some(pivot);
        }
    }
}

/// The first `n` of `rows` by `(primary, name)` ascending, sorted: one sort of the rows by
/// `primary`, then the names compared only among the rows up to the last one tied with the
/// `n`-th.
pub(crate) fn first_n<'a>(
    rows: &mut Vec<u32>,
    n: usize,
    primary: &dyn Fn(u32) -> i64,
    name: &dyn Fn(u32) -> &'a str,
) {
    sort_rows_by(rows, |r| signed_key(primary(r)));
    let n = n.min(rows.len());
    let Some(edge) = n
        .checked_sub(1)
        .and_then(|i| rows.get(i))
        .map(|&r| primary(r))
    else {
        rows.clear();
        return;
    };
    let end = rows
        .iter()
        .position(|&r| primary(r) > edge)
        .unwrap_or(rows.len());
    rows.truncate(end);
    let head: &[u32] = rows;
    let ranked = order(head.len(), &|a, b| {
        let (x, y) = (
            head.get(a).copied().unwrap_or(0),
            head.get(b).copied().unwrap_or(0),
        );
        primary(x)
            .cmp(&primary(y))
            .then_with(|| name(x).cmp(name(y)))
    });
    let sorted: Vec<u32> = ranked
        .iter()
        .take(n)
        .filter_map(|&i| head.get(i).copied())
        .collect();
    *rows = sorted;
}

#[cfg(test)]
mod tests {
    #[test]
    fn nth_largest_is_the_sorted_element() {
        // why: [5, -1, 5, 9, 0, 7] sorted descending is 9, 7, 5, 5, 0, -1.
        let v = [5i64, -1, 5, 9, 0, 7];
        let expected = [9, 7, 5, 5, 0, -1];
        for (k, e) in expected.iter().enumerate() {
            let mut w = v;
            assert_eq!(super::nth_largest(&mut w, k), Some(*e), "k = {k}");
        }
        assert_eq!(super::nth_largest(&mut v.clone(), 6), None);
        assert_eq!(super::nth_largest(&mut [], 0), None);
        let mut same = [3i64; 5];
        assert_eq!(super::nth_largest(&mut same, 4), Some(3));
    }

    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        let mut seed: u64 = 7;
        for n in 0..300usize {
            let keys: Vec<(u64, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 33) % (n as u64 / 3 + 1), i)
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort_by_key(|k| k.0);
            let mut got = keys.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "n = {n}");
            let positions = order(n, &|a, b| keys[b].0.cmp(&keys[a].0));
            let mut descending = keys.clone();
            descending.sort_by_key(|k| std::cmp::Reverse(k.0));
            assert_eq!(
                positions.iter().map(|&i| keys[i]).collect::<Vec<_>>(),
                descending,
                "n = {n}"
            );
        }
    }
}
