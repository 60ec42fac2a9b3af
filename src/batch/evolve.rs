//! Tier evolution in a run. Each member's facts are kept as `progress` counts them — own
//! paid orders, team orders by depth, commission earned (each dated at the order's paid time,
//! at the amount it holds after the refunds taken so far), products bought, direct recruits
//! from their joined time — and after each order (and each join) the members whose facts
//! changed are evaluated as [`crate::member::tier`] evaluates them: the highest automatic
//! tier above the current one whose condition is met; a manual tier is only awaiting.
//! Retention is checked at each period end inside the run and lowers a tier by one.
//!
//! Facts are per member series of (local day, amount), appended in time order (orders come in
//! paid-time order) and trimmed to the longest window any condition reads; all-time figures
//! are running totals. A window's figure is the sum of the days it covers, never a rescan of
//! the history. A rule set without upgrade conditions or retention rules does none of this.

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::kernel::Payees;
use crate::batch::sums::Sums;
use crate::member::tier::window::{of_period, Span};
use crate::money::time::{LocalDate, Timestamp, UtcOffset};
use crate::rules::{Approval, Condition, ConditionKind, Metric, Period, RuleSet, Window};
use std::collections::HashMap;

/// The deepest team level a condition counts.
const TEAM_DEPTH: usize = 3;

/// A compiled condition.
#[derive(Clone, Debug)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// The measure, its window, and the window's index among the running sums.
    Measure(Measure, Window, usize),
}

/// A compiled metric; marks in fen or counts.
#[derive(Clone, Debug)]
enum Measure {
    Commission(i64),
    Own(i64),
    Team {
        at_least: i64,
        depth: usize,
        include_self: bool,
    },
    /// Product slots (see `Evolution::slot`).
    Bought(Vec<u32>),
    Recruits {
        min_tier: usize,
        at_least: u64,
    },
}

/// What a member's upgrade was triggered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// An order (row), after which the new tier applies.
    Order(u32),
    /// A member (row) joining as a recruit.
    Join(u32),
    /// The end of a retention period: a downgrade, or the evaluation right after it.
    PeriodEnd,
    /// A refund (row) that raised a beneficiary's commission (a cap giving room back).
    Refund(u32),
    /// The start of the run: a member who qualifies with the facts they start with (none),
    /// which only a mark of zero allows.
    Start,
}

/// A tier change during the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierEvent {
    /// Member row.
    pub member: u32,
    /// Tier index before.
    pub from: u32,
    /// Tier index after.
    pub to: u32,
    /// What caused it.
    pub cause: Cause,
    /// When.
    pub at: Timestamp,
}

/// Facts, conditions and events of a run whose tiers evolve.
#[derive(Clone, Debug)]
pub(crate) struct Evolution {
    upgrade: Vec<Option<Cond>>,
    manual: Vec<bool>,
    retention: Vec<Option<(Period, Cond)>>,
    offset: UtcOffset,
    team_depth: usize,
    sums: Sums,
    /// The lane of each money fact among the running sums: own, team by depth, commission.
    lane_own: Option<usize>,
    lane_team: usize,
    lane_commission: Option<usize>,
    bought: Vec<Vec<(u32, i64)>>,
    slot: Vec<u32>,
    children: Vec<Vec<u32>>,
    joins: Vec<u32>,
    next_join: usize,
    next_check: Option<Timestamp>,
    started: bool,
    awaiting_now: Vec<u32>,
    /// Upgrades and retention downgrades, in the order they happened.
    pub events: Vec<TierEvent>,
    /// Manual tiers reached: member, tier, when.
    pub awaiting: Vec<(u32, u32, Timestamp)>,
}

/// What the compiled conditions read.
#[derive(Default)]
struct Reads {
    sums: Sums,
    team_depth: usize,
    products: HashMap<String, u32>,
    /// Own paid totals are read (`ownPaidTotal`, `teamPaidTotal` with `includeSelf`).
    own: bool,
    /// Commission earned is read.
    commission: bool,
    /// Recruits are read.
    recruits: bool,
}

/// Compiles a condition; `over` replaces every window (retention reads its period).
fn compile_cond(c: &Condition, reads: &mut Reads, tiers: usize, over: Option<Window>) -> Cond {
    match &c.kind {
        ConditionKind::All(list) => Cond::All(
            list.iter()
                .map(|c| compile_cond(c, reads, tiers, over))
                .collect(),
        ),
        ConditionKind::Any(list) => Cond::Any(
            list.iter()
                .map(|c| compile_cond(c, reads, tiers, over))
                .collect(),
        ),
        ConditionKind::Measure { metric, window } => {
            let money = matches!(
                metric,
                Metric::CommissionEarned(_)
                    | Metric::OwnPaidTotal(_)
                    | Metric::TeamPaidTotal { .. }
            );
            let wi = if money {
                reads.sums.window(over.unwrap_or(*window))
            } else {
                usize::MAX
            };
            let m = compile_metric(metric, reads, tiers);
            Cond::Measure(m, *window, wi)
        }
    }
}

/// A measured metric, compiled: marks in fen or counts, products as slots.
fn compile_metric(metric: &Metric, reads: &mut Reads, tiers: usize) -> Measure {
    match metric {
        Metric::CommissionEarned(m) => {
            reads.commission = true;
            Measure::Commission(m.fen())
        }
        Metric::OwnPaidTotal(m) => {
            reads.own = true;
            Measure::Own(m.fen())
        }
        Metric::TeamPaidTotal {
            at_least,
            depth,
            include_self,
        } => {
            let depth = usize::try_from(*depth)
                .unwrap_or(TEAM_DEPTH)
                .min(TEAM_DEPTH);
            reads.team_depth = reads.team_depth.max(depth);
            reads.own |= *include_self;
            Measure::Team {
                at_least: at_least.fen(),
                depth,
                include_self: *include_self,
            }
        }
        Metric::BoughtProduct(ids) => Measure::Bought(
            ids.iter()
                .map(|id| {
                    let next = u32::try_from(reads.products.len()).unwrap_or(NONE);
                    *reads.products.entry(id.clone()).or_insert(next)
                })
                .collect(),
        ),
        Metric::DirectRecruits(n) => {
            reads.recruits = true;
            Measure::Recruits {
                min_tier: 0,
                at_least: u64::from(*n),
            }
        }
        Metric::RecruitsAtTier { tier, at_least } => {
            reads.recruits = true;
            Measure::Recruits {
                min_tier: (*tier).min(tiers),
                at_least: u64::from(*at_least),
            }
        }
    }
}

/// Each member's children and the members who join (have a parent) in joined-time order,
/// when a condition counts recruits (else none: joins change nothing then).
fn recruits(data: &Dataset, read: bool) -> (Vec<Vec<u32>>, Vec<u32>) {
    let members = data.members.id.len();
    let mut children = vec![Vec::new(); if read { members } else { 0 }];
    for (c, &p) in data.members.parent.iter().enumerate() {
        if let (Some(list), Ok(c)) = (children.get_mut(p as usize), u32::try_from(c)) {
            list.push(c);
        }
    }
    let mut joins: Vec<u32> = (0..children.len())
        .filter_map(|i| u32::try_from(i).ok())
        .filter(|&c| {
            data.members
                .parent
                .get(c as usize)
                .is_some_and(|&p| p != NONE)
        })
        .collect();
    crate::io::sort::sort_rows_by(&mut joins, |c| {
        data.members
            .joined_at
            .get(c as usize)
            .map_or(0, |&t| crate::io::sort::time_key(t))
    });
    (children, joins)
}

impl Reads {
    /// The lanes of the money facts read (own, the first team lane, commission), with the
    /// running sums allocated for `members`.
    fn lanes(&mut self, members: usize) -> (Option<usize>, usize, Option<usize>) {
        let own = self.own.then_some(0);
        let team = usize::from(self.own);
        let next = team.saturating_add(self.team_depth);
        let commission = self.commission.then_some(next);
        let count = next.saturating_add(usize::from(self.commission));
        self.sums.allocate(members, count);
        (own, team, commission)
    }
}

impl Evolution {
    /// The evolution of `rules` over `data`, or `None` when no tier has an upgrade condition
    /// or a retention rule (then tiers never change and no fact is kept).
    pub fn compile(rules: &RuleSet, data: &Dataset) -> Option<Evolution> {
        let evolves = rules
            .tiers
            .iter()
            .any(|t| t.upgrade.is_some() || t.retention.is_some());
        if !evolves {
            return None;
        }
        let tiers = rules.tiers.len();
        let mut reads = Reads::default();
        let upgrade = rules
            .tiers
            .iter()
            .map(|t| {
                t.upgrade
                    .as_ref()
                    .map(|c| compile_cond(c, &mut reads, tiers, None))
            })
            .collect();
        let retention = rules
            .tiers
            .iter()
            .map(|t| {
                t.retention.as_ref().map(|r| {
                    let over = Some(of_period(r.period));
                    (
                        r.period,
                        compile_cond(&r.condition, &mut reads, tiers, over),
                    )
                })
            })
            .collect();
        let members = data.members.id.len();
        let lanes = reads.lanes(members);
        let (children, joins) = recruits(data, reads.recruits);
        let slot = data
            .products
            .id
            .iter()
            .map(|id| reads.products.get(id).copied().unwrap_or(NONE))
            .collect();
        Some(Evolution {
            upgrade,
            manual: rules
                .tiers
                .iter()
                .map(|t| t.approval == Approval::Manual)
                .collect(),
            retention,
            offset: rules.offset,
            team_depth: reads.team_depth,
            lane_own: lanes.0,
            lane_team: lanes.1,
            lane_commission: lanes.2,
            sums: reads.sums,
            bought: vec![
                Vec::new();
                if reads.products.is_empty() {
                    0
                } else {
                    members
                }
            ],
            slot,
            children,
            joins,
            awaiting_now: vec![NONE; members],
            next_join: 0,
            next_check: None,
            started: false,
            events: Vec::new(),
            awaiting: Vec::new(),
        })
    }

    /// Counts order `o` (paid `paid` at `at` by `buyer`, paying `amounts` to `payees`) into
    /// the facts, and answers the members whose facts changed: the buyer, their ancestors to
    /// the deepest team depth read, the beneficiaries when commission is read.
    #[allow(clippy::too_many_arguments)]
    pub fn order_facts(
        &mut self,
        data: &Dataset,
        o: usize,
        at: Timestamp,
        buyer: u32,
        paid: i64,
        payees: &Payees,
        amounts: &[i64],
        changed: &mut Vec<u32>,
    ) {
        let date = at.local_date(self.offset);
        changed.clear();
        changed.push(buyer);
        if let Some(lane) = self.lane_own {
            self.sums.add(buyer, lane, date, paid);
        }
        self.note_bought(data, o, buyer, day_of(date));
        let mut m = parent(data, buyer);
        for d in 0..self.team_depth {
            if m == NONE {
                break;
            }
            self.sums
                .add(m, self.lane_team.saturating_add(d), date, paid);
            changed.push(m);
            m = parent(data, m);
        }
        if let Some(lane) = self.lane_commission {
            for (p, &a) in payees.iter().zip(amounts) {
                if let Some(p) = p {
                    self.sums.add(p.member, lane, date, a);
                    changed.push(p.member);
                }
            }
        }
        crate::io::sort::sort_u32(changed);
        changed.dedup();
    }

    /// Notes the products of order `o` a `boughtProduct` condition names.
    fn note_bought(&mut self, data: &Dataset, o: usize, buyer: u32, day: i64) {
        if self.bought.is_empty() {
            return;
        }
        for row in crate::batch::lines::line_rows(data, o) {
            let product = data.orders.line_product.get(row).copied().unwrap_or(NONE);
            let slot = self.slot.get(product as usize).copied().unwrap_or(NONE);
            if slot == NONE {
                continue;
            }
            if let Some(list) = self.bought.get_mut(buyer as usize) {
                match list.iter_mut().find(|(s, _)| *s == slot) {
                    Some(entry) => entry.1 = entry.1.max(day),
                    None => list.push((slot, day)),
                }
            }
        }
    }

    /// A refund's change to an order's facts: its paid amount by `paid_change`, each payee's
    /// commission by its change; dated at the order's paid day.
    pub fn refund_facts(
        &mut self,
        data: &Dataset,
        paid_at: Timestamp,
        buyer: u32,
        paid_change: i64,
        payees: &Payees,
        changes: &[i64],
    ) {
        let date = paid_at.local_date(self.offset);
        if let Some(lane) = self.lane_own {
            self.sums.adjust(buyer, lane, date, paid_change);
        }
        let mut m = parent(data, buyer);
        for d in 0..self.team_depth {
            if m == NONE {
                break;
            }
            self.sums
                .adjust(m, self.lane_team.saturating_add(d), date, paid_change);
            m = parent(data, m);
        }
        if let Some(lane) = self.lane_commission {
            for (p, &c) in payees.iter().zip(changes) {
                if let (Some(p), true) = (p, c != 0) {
                    self.sums.adjust(p.member, lane, date, c);
                }
            }
        }
    }
}

fn parent(data: &Dataset, m: u32) -> u32 {
    data.members.parent.get(m as usize).copied().unwrap_or(NONE)
}

fn day_of(d: LocalDate) -> i64 {
    d.days_since_epoch()
}

/// The moment facts are read at: events up to `now` (strictly before it at a period end).
#[derive(Clone, Copy, Debug)]
struct At {
    now: Timestamp,
    strict: bool,
    today: LocalDate,
}

impl Evolution {
    fn met(
        &self,
        c: &Cond,
        m: u32,
        at: At,
        over: Option<Window>,
        tier: &[u32],
        data: &Dataset,
    ) -> bool {
        match c {
            Cond::All(list) => list.iter().all(|c| self.met(c, m, at, over, tier, data)),
            Cond::Any(list) => list.iter().any(|c| self.met(c, m, at, over, tier, data)),
            Cond::Measure(measure, w, wi) => {
                // Only products and recruits read the window's first day; money reads the
                // running sums of its window.
                let from = match measure {
                    Measure::Bought(_) | Measure::Recruits { .. } => {
                        Span::of(over.unwrap_or(*w), at.today)
                            .from
                            .map(LocalDate::days_since_epoch)
                    }
                    _ => None,
                };
                self.measure(measure, m, at, (from, *wi), tier, data)
            }
        }
    }

    /// One measure of member `m` at `at`; `window` is the first day counted (for products
    /// and recruits) and the window's index among the running sums (for money).
    fn measure(
        &self,
        measure: &Measure,
        m: u32,
        at: At,
        window: (Option<i64>, usize),
        tier: &[u32],
        data: &Dataset,
    ) -> bool {
        let i = m as usize;
        let (from, wi) = window;
        let sum =
            |lane: Option<usize>| lane.map_or(0, |l| i128::from(self.sums.get(m, l, wi, at.today)));
        match measure {
            Measure::Commission(mark) => sum(self.lane_commission) >= i128::from(*mark),
            Measure::Own(mark) => sum(self.lane_own) >= i128::from(*mark),
            Measure::Team {
                at_least,
                depth,
                include_self,
            } => {
                let mut total = if *include_self { sum(self.lane_own) } else { 0 };
                for d in 0..*depth {
                    total = total.saturating_add(sum(Some(self.lane_team.saturating_add(d))));
                }
                total >= i128::from(*at_least)
            }
            Measure::Bought(slots) => self.bought.get(i).is_some_and(|list| {
                list.iter()
                    .any(|(s, day)| slots.contains(s) && from.is_none_or(|f| *day >= f))
            }),
            Measure::Recruits { min_tier, at_least } => {
                let count = self.children.get(i).map_or(0u64, |list| {
                    let counted = list.iter().filter(|&&c| {
                        let Some(&joined) = data.members.joined_at.get(c as usize) else {
                            return false;
                        };
                        let by = if at.strict {
                            joined < at.now
                        } else {
                            joined <= at.now
                        };
                        let t = tier.get(c as usize).copied().unwrap_or(NONE);
                        by && t != NONE
                            && t as usize >= *min_tier
                            && from.is_none_or(|f| day_of(joined.local_date(self.offset)) >= f)
                    });
                    u64::try_from(counted.count()).unwrap_or(u64::MAX)
                });
                count >= *at_least
            }
        }
    }

    /// Evaluates member `m` at `now` and applies an upgrade (from the next order on); a
    /// manual tier met above it is recorded as awaiting. An upgrade changes the parent's
    /// recruit facts, so the parent is evaluated next, and so on up.
    pub fn evaluate(
        &mut self,
        m: u32,
        now: Timestamp,
        cause: Cause,
        tier: &mut [u32],
        data: &Dataset,
    ) {
        let mut m = m;
        loop {
            if !self.evaluate_one(m, now, cause, tier, data) {
                return;
            }
            m = data.members.parent.get(m as usize).copied().unwrap_or(NONE);
            if m == NONE || self.children.is_empty() {
                return;
            }
        }
    }

    fn evaluate_one(
        &mut self,
        m: u32,
        now: Timestamp,
        cause: Cause,
        tier: &mut [u32],
        data: &Dataset,
    ) -> bool {
        let Some(&cur) = tier.get(m as usize) else {
            return false;
        };
        if cur == NONE {
            return false;
        }
        let at = At {
            now,
            strict: false,
            today: now.local_date(self.offset),
        };
        self.sums.catch_up(at.today);
        let (mut qualified, mut manual) = (cur as usize, None);
        for (i, c) in self
            .upgrade
            .iter()
            .enumerate()
            .skip((cur as usize).saturating_add(1))
        {
            let Some(c) = c else { continue };
            if self.met(c, m, at, None, tier, data) {
                if self.manual.get(i).copied().unwrap_or(false) {
                    manual = Some(i);
                } else {
                    qualified = i;
                }
            }
        }
        let to = u32::try_from(qualified).unwrap_or(cur);
        if let Some(a) = manual
            .filter(|&a| a > qualified)
            .and_then(|a| u32::try_from(a).ok())
        {
            if self.awaiting_now.get(m as usize) != Some(&a) {
                if let Some(slot) = self.awaiting_now.get_mut(m as usize) {
                    *slot = a;
                }
                self.awaiting.push((m, a, now));
            }
        }
        if to == cur {
            return false;
        }
        if let Some(slot) = tier.get_mut(m as usize) {
            *slot = to;
        }
        self.events.push(TierEvent {
            member: m,
            from: cur,
            to,
            cause,
            at: now,
        });
        true
    }
}

impl Evolution {
    /// Takes the period ends and joins up to `until` (inclusive; all joins with `None`), in
    /// time order, a period end before a join at the same instant. The first call starts the
    /// period clock at `until`'s period.
    pub fn advance(&mut self, until: Option<Timestamp>, tier: &mut [u32], data: &Dataset) {
        if !self.started {
            self.started = true;
            let start = until.or_else(|| {
                self.joins
                    .first()
                    .and_then(|&c| data.members.joined_at.get(c as usize).copied())
            });
            self.next_check = start.and_then(|t| self.month_after(t));
            if let Some(t) = start {
                for m in 0..tier.len() {
                    let m = u32::try_from(m).unwrap_or(NONE);
                    self.evaluate(m, t, Cause::Start, tier, data);
                }
            }
        }
        loop {
            let join = self.joins.get(self.next_join).copied();
            let join_at = join.and_then(|c| data.members.joined_at.get(c as usize).copied());
            let limit = until.or(join_at);
            let check = self.next_check.filter(|c| limit.is_some_and(|l| *c <= l));
            match (check, join_at.filter(|j| until.is_none_or(|u| *j <= u))) {
                (Some(c), j) if j.is_none_or(|j| c <= j) => {
                    self.period_end(c, tier, data);
                    self.next_check = self.month_after(c);
                }
                (_, Some(j)) => {
                    self.next_join = self.next_join.saturating_add(1);
                    let c = join.unwrap_or(NONE);
                    let parent = data.members.parent.get(c as usize).copied().unwrap_or(NONE);
                    if parent != NONE && !self.children.is_empty() {
                        self.evaluate(parent, j, Cause::Join(c), tier, data);
                    }
                }
                _ => return,
            }
        }
    }

    /// The start of the month after the one `t` falls in, in the rule set's offset.
    fn month_after(&self, t: Timestamp) -> Option<Timestamp> {
        if self.retention.iter().all(Option::is_none) {
            return None;
        }
        t.local_date(self.offset)
            .next_month_start()
            .checked_start_at(self.offset)
    }

    /// The retention check at the period end `end`: a member whose tier's rule is not met
    /// over the period drops one tier, from `end` on.
    /// The retention checks at the period end `end`, every member on the period as it ended
    /// (tiers as they stood then); those whose rule is not met drop one tier from `end` on,
    /// and are then evaluated at once, like any member whose standing changed.
    fn period_end(&mut self, end: Timestamp, tier: &mut [u32], data: &Dataset) {
        let first = end.local_date(self.offset);
        let quarter = matches!(first.ymd().1, 1 | 4 | 7 | 10);
        let at = At {
            now: end,
            strict: true,
            today: first.minus_days(1),
        };
        self.sums.catch_up(at.today);
        let mut dropped = Vec::new();
        for m in 0..tier.len() {
            let cur = tier.get(m).copied().unwrap_or(NONE);
            let Some(Some((period, cond))) = self.retention.get(cur as usize) else {
                continue;
            };
            if *period == Period::Quarter && !quarter {
                continue;
            }
            let member = u32::try_from(m).unwrap_or(NONE);
            if !self.met(cond, member, at, Some(of_period(*period)), tier, data) {
                dropped.push((member, cur));
            }
        }
        for &(member, cur) in &dropped {
            let to = cur.saturating_sub(1);
            if let Some(slot) = tier.get_mut(member as usize) {
                *slot = to;
            }
            self.events.push(TierEvent {
                member,
                from: cur,
                to,
                cause: Cause::PeriodEnd,
                at: end,
            });
        }
        for (member, _) in dropped {
            self.evaluate(member, end, Cause::PeriodEnd, tier, data);
        }
    }
}
