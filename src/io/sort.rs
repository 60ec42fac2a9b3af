//! The engine's one stable sort. Every ordering (remainders, dates, keys, levels) goes
//! through [`order`], so the WebAssembly module carries a single copy of the sorting code
//! instead of one per element type.

use std::cmp::Ordering;

/// The positions `0..n` arranged by `cmp`; positions that compare equal stay in their
/// original order. A plain merge sort: it is small, and its `n log n` comparisons are
/// plenty for the longest lists the engine accepts.
pub(crate) fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
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

#[cfg(test)]
mod tests {
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
