//! The run's answer: the summary (JSON, money as decimal text) and the per-member columns.
//! All string work happens here, once, after the run.

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::evolve::{Cause, TierEvent};
use crate::batch::run::Simulation;
use crate::batch::tally::{OrderRow, Pair};
use crate::io::emit::Emit;
use crate::lint::{LintArgs, LintReport};
use crate::money::time::Timestamp;
use crate::money::Money;

/// A figure as settled and after refunds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Amounts {
    /// Every order as settled.
    pub gross: Money,
    /// After every refund.
    pub net: Money,
}

impl From<Pair> for Amounts {
    fn from(p: Pair) -> Self {
        Amounts {
            gross: Money::from_fen(p.gross),
            net: Money::from_fen(p.net),
        }
    }
}

/// Payout as a share of paid sales, four decimals rounded down (`"0.1234"`).
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Shares {
    /// Gross payout over gross paid sales.
    pub gross: String,
    /// Net payout over net paid sales.
    pub net: String,
}

/// One level's payout.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct LevelFigures {
    /// 1, 2 or 3.
    pub level: u32,
    /// Paid at this level, as settled.
    pub gross: Money,
    /// After refunds.
    pub net: Money,
}

/// One tier's payout: commission paid to beneficiaries holding the tier when the order was paid.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct TierFigures {
    /// Tier id.
    pub tier: String,
    /// As settled.
    pub gross: Money,
    /// After refunds.
    pub net: Money,
}

/// One product's paid sales and commission base.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct ProductFigures {
    /// Product id.
    pub product_id: String,
    /// Display name.
    pub name: String,
    /// Paid amounts of its lines (after discounts).
    pub paid_sales: Amounts,
    /// Commission bases of its lines (zero where a line earns nothing).
    pub base: Amounts,
}

/// One member's total.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct MemberFigures {
    /// Member id.
    pub member_id: String,
    /// Tier at the start, if the rule set has tiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Tier at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_tier: Option<String>,
    /// Commission as settled.
    pub gross: Money,
    /// After refunds.
    pub net: Money,
}

/// Members whose net commission lies in `[from, to)`; the last bucket has no `to`.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    /// Lower edge, included.
    pub from: Money,
    /// Upper edge, excluded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Money>,
    /// How many members.
    pub members: u64,
}

/// What moved a member up: an order, a join, a refund or a period end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    /// The order whose payment completed the condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// The member whose joining completed the condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<String>,
    /// The refund that raised the member's commission (a cap giving room back).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund: Option<String>,
    /// The period end whose retention check lowered the member, after which they qualify again.
    #[serde(skip_serializing_if = "is_false")]
    pub period_end: bool,
    /// The member qualified at the run's start, with no facts (a mark of zero).
    #[serde(skip_serializing_if = "is_false")]
    pub start: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An upgrade during the run.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Upgrade {
    /// Who.
    pub member_id: String,
    /// Tier before.
    pub from: String,
    /// Tier after.
    pub to: String,
    /// What completed the condition.
    pub trigger: Trigger,
    /// When.
    pub at: Timestamp,
}

/// A retention downgrade at a period end.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Downgrade {
    /// Who.
    pub member_id: String,
    /// Tier before.
    pub from: String,
    /// Tier after: the one just below.
    pub to: String,
    /// The period end (the next period's first instant), from which the lower tier applies.
    pub at: Timestamp,
}

/// A tier reached that waits for approval (not applied in the run).
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Awaiting {
    /// Who.
    pub member_id: String,
    /// The tier reached.
    pub tier: String,
    /// When it was first reached.
    pub at: Timestamp,
}

/// Refund reversals.
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Reversals {
    /// Refunds taken.
    pub count: u64,
    /// Commission they took back, net of any cap room they gave.
    pub amount: Money,
}

/// The run's summary (docs/SEMANTICS.md, "Batch re-simulation").
#[derive(Clone, Debug, PartialEq, Eq, Emit)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The rule set's content hash.
    pub rule_set_hash: String,
    /// Orders in the dataset.
    pub orders: u64,
    /// Members in the dataset.
    pub members: u64,
    /// Refunds in the dataset.
    pub refunds: u64,
    /// Paid sales: lines after discounts, shipping excluded.
    pub paid_sales: Amounts,
    /// Commission paid.
    pub payout: Amounts,
    /// Payout over paid sales.
    pub payout_share: Shares,
    /// Per level.
    pub levels: Vec<LevelFigures>,
    /// Per tier (the beneficiary's tier when the order was paid).
    pub tiers: Vec<TierFigures>,
    /// Per product, in the dataset's order.
    pub products: Vec<ProductFigures>,
    /// The members with the most net commission (ties by member id).
    pub top: Vec<MemberFigures>,
    /// Members by net commission.
    pub histogram: Vec<Bucket>,
    /// Upgrades, in the order they happened.
    pub upgrades: Vec<Upgrade>,
    /// Retention downgrades at period ends, in the order they happened.
    pub downgrades: Vec<Downgrade>,
    /// Tiers reached that wait for approval.
    pub awaiting_approval: Vec<Awaiting>,
    /// Refund reversals.
    pub reversals: Reversals,
    /// The rule set's lint under the WeChat profile (absent when a figure of it overflows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<LintReport>,
}

/// A run's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The summary.
    pub summary: Summary,
    /// Each member's commission as settled, fen (row `i` is member `i`).
    pub member_gross: Vec<i64>,
    /// After refunds, fen.
    pub member_net: Vec<i64>,
    /// Each member's starting tier (the rule set's index), `NONE` without tiers.
    pub member_start_tier: Vec<u32>,
    /// Each member's tier at the end.
    pub member_final_tier: Vec<u32>,
    /// The rule set's tier ids, for the indices above.
    pub tier_ids: Vec<String>,
    /// One row per order (by order row), when asked for.
    pub order_rows: Option<Vec<OrderRow>>,
    /// Order rows in the order the run took them.
    pub order_sequence: Vec<u32>,
    /// Every tier change (upgrades and downgrades), in the order they happened.
    pub tier_events: Vec<TierEvent>,
    /// Manual tiers reached: member row, tier index, when.
    pub awaiting: Vec<(u32, u32, Timestamp)>,
    /// How many members the summary's lists name (`Options::top`).
    pub top: usize,
}

/// The histogram's edges in fen: 0, 0.01, 10, 100, 1 000, 10 000, 100 000 yuan. The first
/// bucket holds the members who earned nothing.
pub const HISTOGRAM_EDGES: [i64; 7] = [0, 1, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// `num / den` to four decimals rounded down, `"0.0000"` when `den` is zero.
pub fn share_text(num: i64, den: i64) -> String {
    if den <= 0 || num <= 0 {
        return "0.0000".to_owned();
    }
    let q = i128::from(num)
        .saturating_mul(10_000)
        .checked_div(i128::from(den))
        .unwrap_or(0);
    let (whole, frac) = (
        q.checked_div(10_000).unwrap_or(0),
        q.checked_rem(10_000).unwrap_or(0),
    );
    format!("{whole}.{frac:04}")
}

impl Simulation<'_> {
    /// The answer, once every order and refund has been taken (a run stopped early answers
    /// the figures so far).
    pub fn finish(mut self) -> Run {
        let tier_ids: Vec<String> = self.rules.tiers.iter().map(|t| t.id.clone()).collect();
        // Each member's net is gross plus the refunds' change; the columns move out whole.
        let gross = std::mem::take(&mut self.tally.member);
        let mut net = Vec::with_capacity(gross.len());
        let fits = gross
            .iter()
            .zip(&self.tally.member_change)
            .all(|(&g, &c)| g.checked_add(c).map(|v| net.push(v)).is_some());
        let (member_gross, member_net) = if fits && net.len() == gross.len() {
            (gross, net)
        } else {
            (Vec::new(), Vec::new())
        };
        let (events, awaiting) = match self.evo.as_mut() {
            Some(e) => (
                std::mem::take(&mut e.events),
                std::mem::take(&mut e.awaiting),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let summary = self.summary(&tier_ids, (&member_gross, &member_net), &events, &awaiting);
        Run {
            summary,
            member_gross,
            member_net,
            member_start_tier: std::mem::take(&mut self.plans.start_tier),
            member_final_tier: std::mem::take(&mut self.tier),
            tier_ids,
            order_rows: self.tally.orders.take(),
            order_sequence: self.take_order_sequence(),
            tier_events: events,
            awaiting,
            top: self.opts.top,
        }
    }

    /// The summary, from the tallies and each member's gross and net.
    fn summary(
        &self,
        tier_ids: &[String],
        (gross, net): (&[i64], &[i64]),
        events: &[TierEvent],
        awaiting: &[(u32, u32, Timestamp)],
    ) -> Summary {
        let data = &*self.data;
        let t = &self.tally;
        let depth = self.plans.levels.iter().map(Vec::len).max().unwrap_or(0);
        Summary {
            rule_set_hash: self.rules.hash().to_owned(),
            orders: data.orders.id.len() as u64,
            members: data.members.id.len() as u64,
            refunds: data.refunds.id.len() as u64,
            paid_sales: t.paid.into(),
            payout: t.payout.into(),
            payout_share: Shares {
                gross: share_text(t.payout.gross, t.paid.gross),
                net: share_text(t.payout.net, t.paid.net),
            },
            levels: levels(&t.level, depth),
            tiers: tiers(tier_ids, &t.tier),
            products: products(data, &t.products().unwrap_or_default()),
            top: top(
                data,
                (gross, net),
                self.opts.top,
                tier_ids,
                &self.plans.start_tier,
                &self.tier,
            ),
            histogram: histogram(net),
            upgrades: upgrades(data, events, tier_ids),
            downgrades: downgrades(data, events, tier_ids),
            awaiting_approval: awaiting
                .iter()
                .map(|&(m, t, at)| Awaiting {
                    member_id: member_id(data, m),
                    tier: tier_name(tier_ids, t).unwrap_or_default(),
                    at,
                })
                .collect(),
            reversals: Reversals {
                count: t.reversals,
                amount: Money::from_fen(t.reversed),
            },
            lint: lint(&self.rules),
        }
    }
}

/// The lint under the default profile, as the `lint` command answers it.
fn lint(rules: &crate::rules::RuleSet) -> Option<LintReport> {
    crate::lint::lint(rules, LintArgs::default()).ok()
}

fn levels(level: &[Pair], depth: usize) -> Vec<LevelFigures> {
    level
        .iter()
        .take(depth)
        .zip(1u32..)
        .map(|(p, level)| LevelFigures {
            level,
            gross: Money::from_fen(p.gross),
            net: Money::from_fen(p.net),
        })
        .collect()
}

fn tiers(ids: &[String], tier: &[Pair]) -> Vec<TierFigures> {
    ids.iter()
        .zip(tier)
        .map(|(id, p)| TierFigures {
            tier: id.clone(),
            gross: Money::from_fen(p.gross),
            net: Money::from_fen(p.net),
        })
        .collect()
}

fn products(data: &Dataset, figures: &[(Pair, Pair)]) -> Vec<ProductFigures> {
    let p = &data.products;
    p.id.iter()
        .zip(&p.name)
        .zip(figures)
        .map(|((id, name), (pa, ba))| ProductFigures {
            product_id: id.to_owned(),
            name: name.clone(),
            paid_sales: (*pa).into(),
            base: (*ba).into(),
        })
        .collect()
}

fn tier_name(ids: &[String], t: u32) -> Option<String> {
    if t == NONE {
        return None;
    }
    ids.get(t as usize).cloned()
}

/// The `n` members with the most net commission, ties by member id.
fn top(
    data: &Dataset,
    (gross, net): (&[i64], &[i64]),
    n: usize,
    ids: &[String],
    start: &[u32],
    end: &[u32],
) -> Vec<MemberFigures> {
    let names = &data.members.id;
    let mut rows = contenders(net, n);
    crate::io::sort::first_n(
        &mut rows,
        n,
        &|i| net.get(i as usize).copied().unwrap_or(0).saturating_neg(),
        &|i| names.get(i as usize).unwrap_or(""),
    );
    rows.iter()
        .map(|&i| {
            let i = i as usize;
            MemberFigures {
                member_id: names.get(i).map(str::to_owned).unwrap_or_default(),
                tier: tier_name(ids, start.get(i).copied().unwrap_or(NONE)),
                final_tier: tier_name(ids, end.get(i).copied().unwrap_or(NONE)),
                gross: Money::from_fen(gross.get(i).copied().unwrap_or(0)),
                net: Money::from_fen(net.get(i).copied().unwrap_or(0)),
            }
        })
        .collect()
}

/// The member rows that can be among the `n` with the most net commission, in row order:
/// those earning at least the `n`-th largest figure (every member tied with it included).
/// One selection, linear, rather than sorting every member; the ranking of these few is
/// then exactly the ranking of all.
fn contenders(net: &[i64], n: usize) -> Vec<u32> {
    let rows = || (0..net.len()).filter_map(|i| u32::try_from(i).ok());
    let Some(nth) = n.checked_sub(1).filter(|&k| k < net.len()) else {
        return rows().collect();
    };
    let mut figures = net.to_vec();
    let Some(edge) = crate::io::sort::nth_largest(&mut figures, nth) else {
        return rows().collect();
    };
    rows()
        .filter(|&i| net.get(i as usize).is_some_and(|&v| v >= edge))
        .collect()
}

/// Members counted by net commission into the buckets of [`HISTOGRAM_EDGES`].
fn histogram(net: &[i64]) -> Vec<Bucket> {
    let mut counts = [0u64; HISTOGRAM_EDGES.len()];
    for &v in net {
        let b = HISTOGRAM_EDGES.iter().rposition(|&e| v >= e).unwrap_or(0);
        if let Some(c) = counts.get_mut(b) {
            *c = c.saturating_add(1);
        }
    }
    HISTOGRAM_EDGES
        .iter()
        .enumerate()
        .zip(counts)
        .map(|((i, &from), members)| Bucket {
            from: Money::from_fen(from),
            to: HISTOGRAM_EDGES
                .get(i.saturating_add(1))
                .map(|&e| Money::from_fen(e)),
            members,
        })
        .collect()
}

fn member_id(data: &Dataset, m: u32) -> String {
    data.members
        .id
        .get(m as usize)
        .map(str::to_owned)
        .unwrap_or_default()
}

fn upgrades(data: &Dataset, events: &[TierEvent], ids: &[String]) -> Vec<Upgrade> {
    events
        .iter()
        .filter(|e| e.to > e.from)
        .map(|e| Upgrade {
            member_id: member_id(data, e.member),
            from: tier_name(ids, e.from).unwrap_or_default(),
            to: tier_name(ids, e.to).unwrap_or_default(),
            trigger: match e.cause {
                Cause::Order(o) => Trigger {
                    order: data.orders.id.get(o as usize).map(str::to_owned),
                    ..Trigger::default()
                },
                Cause::Join(m) => Trigger {
                    join: Some(member_id(data, m)),
                    ..Trigger::default()
                },
                Cause::Refund(r) => Trigger {
                    refund: data.refunds.id.get(r as usize).map(str::to_owned),
                    ..Trigger::default()
                },
                Cause::PeriodEnd => Trigger {
                    period_end: true,
                    ..Trigger::default()
                },
                Cause::Start => Trigger {
                    start: true,
                    ..Trigger::default()
                },
            },
            at: e.at,
        })
        .collect()
}

fn downgrades(data: &Dataset, events: &[TierEvent], ids: &[String]) -> Vec<Downgrade> {
    events
        .iter()
        .filter(|e| e.to < e.from)
        .map(|e| Downgrade {
            member_id: member_id(data, e.member),
            from: tier_name(ids, e.from).unwrap_or_default(),
            to: tier_name(ids, e.to).unwrap_or_default(),
            at: e.at,
        })
        .collect()
}
