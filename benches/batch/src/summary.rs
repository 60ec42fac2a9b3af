//! What every implementation prints: the grand total (the sum of all members' totals) and a
//! checksum Σ (i + 1) × total_i over members, so two runs that agree on the grand total but
//! pay different members still disagree.

/// The two figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Σ total_i, fen.
    pub grand_total: i128,
    /// Σ (i + 1) × total_i.
    pub checksum: i128,
}

impl Summary {
    /// The figures of `totals` (fen, member row order).
    pub fn of(totals: &[i64]) -> Summary {
        let mut grand_total = 0i128;
        let mut checksum = 0i128;
        for (i, &t) in totals.iter().enumerate() {
            grand_total += i128::from(t);
            checksum += (i as i128 + 1) * i128::from(t);
        }
        Summary {
            grand_total,
            checksum,
        }
    }

    /// The grand total in yuan with two decimals.
    pub fn yuan(&self) -> String {
        format!("{}.{:02}", self.grand_total / 100, self.grand_total % 100)
    }
}
