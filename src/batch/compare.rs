//! Two runs of one dataset side by side: the baseline's and the candidate's summaries and
//! what changed — payout, per level, per tier, per member (who gains, who loses, by how
//! much), and who upgrades under one rule set and not the other. The two rule sets may
//! differ in everything; only the dataset is shared.

use crate::batch::dataset::Dataset;
use crate::batch::report::{Run, Summary};
use crate::io::emit::Emit;
use crate::io::sort::first_n;
use crate::money::Money;

/// A change in one figure, gross and net: candidate minus baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// As settled.
    pub gross: Money,
    /// After refunds.
    pub net: Money,
}

/// One level's change.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct LevelChange {
    /// 1, 2 or 3.
    pub level: u32,
    /// Candidate minus baseline.
    pub gross: Money,
    /// Candidate minus baseline, after refunds.
    pub net: Money,
}

/// One tier's change (a tier only one rule set has counts zero in the other).
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct TierChange {
    /// Tier id.
    pub tier: String,
    /// Candidate minus baseline.
    pub gross: Money,
    /// Candidate minus baseline, after refunds.
    pub net: Money,
}

/// One member's net commission under both.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct MemberChange {
    /// Member id.
    pub member_id: String,
    /// Net under the baseline.
    pub baseline: Money,
    /// Net under the candidate.
    pub candidate: Money,
    /// Candidate minus baseline.
    pub change: Money,
}

/// Members who upgrade under one rule set and never under the other.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct OnlyIn {
    /// Upgrade only under the baseline (the first ones by member id).
    pub baseline: Vec<String>,
    /// Upgrade only under the candidate.
    pub candidate: Vec<String>,
    /// How many upgrade only under the baseline.
    pub baseline_count: u64,
    /// How many only under the candidate.
    pub candidate_count: u64,
}

/// What changed.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    /// Payout.
    pub payout: Change,
    /// Per level.
    pub levels: Vec<LevelChange>,
    /// Per tier id, the baseline's tiers first.
    pub tiers: Vec<TierChange>,
    /// Members earning more net, most first (ties by member id), as many as the baseline's top.
    pub gainers: Vec<MemberChange>,
    /// Members earning less net, most lost first.
    pub losers: Vec<MemberChange>,
    /// How many members gain.
    pub gainer_count: u64,
    /// How many lose.
    pub loser_count: u64,
    /// Who upgrades under one and not the other.
    pub upgrades_only_in: OnlyIn,
}

/// Both summaries and the difference.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The baseline run's summary.
    pub baseline: Summary,
    /// The candidate run's summary.
    pub candidate: Summary,
    /// Candidate minus baseline.
    pub difference: Difference,
}

fn diff(a: Money, b: Money) -> Money {
    Money::from_fen(b.fen().saturating_sub(a.fen()))
}

/// Compares two runs of `data`: `a` the baseline, `b` the candidate.
pub fn compare(a: &Run, b: &Run, data: &Dataset) -> Comparison {
    let (sa, sb) = (&a.summary, &b.summary);
    let depth = sa.levels.len().max(sb.levels.len());
    let level = |s: &Summary, k: usize| {
        s.levels
            .get(k)
            .map_or((Money::ZERO, Money::ZERO), |l| (l.gross, l.net))
    };
    let levels = (0..depth)
        .zip(1u32..)
        .map(|(k, n)| {
            let (x, y) = (level(sa, k), level(sb, k));
            LevelChange {
                level: n,
                gross: diff(x.0, y.0),
                net: diff(x.1, y.1),
            }
        })
        .collect();
    let n = a.top.max(b.top);
    let (gainers, losers, gainer_count, loser_count) = members(a, b, data, n);
    Comparison {
        difference: Difference {
            payout: Change {
                gross: diff(sa.payout.gross, sb.payout.gross),
                net: diff(sa.payout.net, sb.payout.net),
            },
            levels,
            tiers: tiers(sa, sb),
            gainers,
            losers,
            gainer_count,
            loser_count,
            upgrades_only_in: only_in(a, b, data, n),
        },
        baseline: sa.clone(),
        candidate: sb.clone(),
    }
}

/// Tier changes by id: the baseline's tiers in order, then the candidate's others.
fn tiers(sa: &Summary, sb: &Summary) -> Vec<TierChange> {
    let mut ids: Vec<&str> = sa.tiers.iter().map(|t| t.tier.as_str()).collect();
    for t in &sb.tiers {
        if !ids.contains(&t.tier.as_str()) {
            ids.push(&t.tier);
        }
    }
    let find = |s: &Summary, id: &str| {
        s.tiers
            .iter()
            .find(|t| t.tier == id)
            .map_or((Money::ZERO, Money::ZERO), |t| (t.gross, t.net))
    };
    ids.into_iter()
        .map(|id| {
            let (x, y) = (find(sa, id), find(sb, id));
            TierChange {
                tier: id.to_owned(),
                gross: diff(x.0, y.0),
                net: diff(x.1, y.1),
            }
        })
        .collect()
}

type MemberLists = (Vec<MemberChange>, Vec<MemberChange>, u64, u64);

/// The `n` biggest gainers and losers by net, ties by member id, and how many of each.
fn members(a: &Run, b: &Run, data: &Dataset, n: usize) -> MemberLists {
    let ids = &data.members.id;
    let net = |r: &Run, i: usize| r.member_net.get(i).copied().unwrap_or(0);
    let change = |i: usize| net(b, i).saturating_sub(net(a, i));
    let rows = || (0..ids.len()).filter_map(|i| u32::try_from(i).ok());
    let mut up: Vec<u32> = rows().filter(|&i| change(i as usize) > 0).collect();
    let mut down: Vec<u32> = rows().filter(|&i| change(i as usize) < 0).collect();
    let counts = (up.len() as u64, down.len() as u64);
    let id = |i: usize| ids.get(i).unwrap_or("");
    first_n(&mut up, n, &|i| change(i as usize).saturating_neg(), &|i| {
        id(i as usize)
    });
    first_n(&mut down, n, &|i| change(i as usize), &|i| id(i as usize));
    let row = |i: usize| MemberChange {
        member_id: ids.get(i).map(str::to_owned).unwrap_or_default(),
        baseline: Money::from_fen(net(a, i)),
        candidate: Money::from_fen(net(b, i)),
        change: Money::from_fen(change(i)),
    };
    (
        up.into_iter().map(|i| row(i as usize)).collect(),
        down.into_iter().map(|i| row(i as usize)).collect(),
        counts.0,
        counts.1,
    )
}

/// Members who upgrade in one run and never in the other, the first `n` of each by id.
fn only_in(a: &Run, b: &Run, data: &Dataset, n: usize) -> OnlyIn {
    let upgraded = |r: &Run| {
        let mut v = vec![false; data.members.id.len()];
        for e in r.tier_events.iter().filter(|e| e.to > e.from) {
            if let Some(x) = v.get_mut(e.member as usize) {
                *x = true;
            }
        }
        v
    };
    let (ua, ub) = (upgraded(a), upgraded(b));
    let list = |x: &[bool], y: &[bool]| {
        let ids: Vec<&str> = data
            .members
            .id
            .iter()
            .zip(x.iter().zip(y))
            .filter(|(_, (p, q))| **p && !**q)
            .map(|(id, _)| id)
            .collect();
        let count = ids.len() as u64;
        let ranked = crate::io::sort::order(ids.len(), &|x, y| ids.get(x).cmp(&ids.get(y)));
        let ids: Vec<&str> = ranked.iter().filter_map(|&i| ids.get(i).copied()).collect();
        (
            ids.into_iter()
                .take(n)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            count,
        )
    };
    let (baseline, baseline_count) = list(&ua, &ub);
    let (candidate, candidate_count) = list(&ub, &ua);
    OnlyIn {
        baseline,
        candidate,
        baseline_count,
        candidate_count,
    }
}
