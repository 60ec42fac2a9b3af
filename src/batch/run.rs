//! The run: orders in paid-time order (ties in input order), each refund at its time,
//! commission by the compiled plans, every figure accumulated in fen. [`Simulation`] runs it
//! in steps so that a page can show progress and stop; [`super::simulate`] runs it whole.

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::evolve::{Cause, Evolution};
use crate::batch::fast;
use crate::batch::fused::{self, Sums, Walk, APPROVED, NO_LINK};
use crate::batch::kernel::{self, LineIn, Outcome, Payee, Payees};
use crate::batch::lines::{self, Scratch};
use crate::batch::plan::Plans;
use crate::batch::tally::Tally;
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::io::sort::{sort_rows_by, time_key};
use crate::limits::{MAX_CHAIN, MAX_LEVELS};
use crate::money::time::Timestamp;
use crate::payout::network::Status;
use crate::rules::{Approval, Eligible, RuleSet};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

/// What the run may do besides the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How many members the summary's `top` lists.
    pub top: usize,
    /// Keep one row per order (for the per-order CSV).
    pub per_order: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top: 10,
            per_order: false,
        }
    }
}

/// Where a stepped run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Orders settled so far.
    pub done: usize,
    /// Orders in the dataset.
    pub total: usize,
    /// True once every order and refund has been taken.
    pub finished: bool,
}

/// An order with refunds, as settled: who was paid at which tier, and what it holds now.
#[derive(Clone, Debug)]
pub(crate) struct Held {
    pub payees: Payees,
    /// Lines as sold.
    pub sold: Vec<LineIn>,
    /// Lines as held now, and their bases.
    pub now: Vec<LineIn>,
    pub bases: Vec<i64>,
    /// Cumulative refunds: units and money per line, and order-level money.
    pub units: Vec<u64>,
    pub money: Vec<i64>,
    pub order_level: i64,
    /// Commission as it stands.
    pub current: Outcome,
}

/// A rule set or a dataset a run reads: borrowed for a run that lives within its caller's
/// scope, shared for one that outlives it (a run held by JavaScript between steps, two runs
/// over one dataset).
#[derive(Clone, Debug)]
pub enum Shared<'a, T> {
    /// Borrowed from the caller.
    Borrowed(&'a T),
    /// Shared ownership.
    Owned(Arc<T>),
}

impl<T> Deref for Shared<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Borrowed(t) => t,
            Shared::Owned(t) => t,
        }
    }
}

/// A run in progress.
pub struct Simulation<'a> {
    pub(crate) rules: Shared<'a, RuleSet>,
    pub(crate) data: Shared<'a, Dataset>,
    pub(crate) opts: Options,
    pub(crate) plans: Plans,
    order_seq: Vec<u32>,
    refund_seq: Vec<u32>,
    next_order: usize,
    next_refund: usize,
    /// Each member's tier now (the rule set's index, or `NONE`).
    pub(crate) tier: Vec<u32>,
    approved: Vec<bool>,
    /// Each member's parent and approval packed for the upline walk ([`Links`]), empty when
    /// the walk reads the columns instead.
    links: Links,
    /// Own paid totals net of refunds, kept when eligibility is by spend.
    own_paid: Option<Vec<i64>>,
    pub(crate) has_refund: Vec<bool>,
    pub(crate) held: HashMap<u32, Held>,
    pub(crate) tally: Tally,
    scratch: Scratch,
    /// Facts and tier events, when the rule set's tiers evolve.
    pub(crate) evo: Option<Evolution>,
    changed: Vec<u32>,
}

impl<'a> Simulation<'a> {
    /// Prepares a run of `data` under `rules`: compiles the plans, orders the events, and
    /// refuses what the run cannot take (an unknown starting tier, a refund before its order).
    pub fn new(rules: &'a RuleSet, data: &'a Dataset, opts: &Options) -> Result<Self, Errors> {
        Self::over(Shared::Borrowed(rules), Shared::Borrowed(data), opts)
    }

    /// As [`Simulation::new`], over a rule set and a dataset the run shares: a run that
    /// outlives the caller's scope (held by JavaScript between steps).
    pub fn shared(
        rules: Arc<RuleSet>,
        data: Arc<Dataset>,
        opts: &Options,
    ) -> Result<Simulation<'static>, Errors> {
        Simulation::over(Shared::Owned(rules), Shared::Owned(data), opts)
    }

    fn over(
        rules_at: Shared<'a, RuleSet>,
        data_at: Shared<'a, Dataset>,
        opts: &Options,
    ) -> Result<Self, Errors> {
        let (rules, data) = (&*rules_at, &*data_at);
        let plans = Plans::compile(rules, data)?;
        let od = &data.orders;
        let order_seq = in_time_order(od.id.len(), &od.paid_at);
        let rd = &data.refunds;
        let refund_seq = in_time_order(rd.id.len(), &rd.at);
        let mut has_refund = vec![false; od.id.len()];
        check_refund_times(data, &mut has_refund)?;
        let members = data.members.id.len();
        let approved: Vec<bool> = data
            .members
            .status
            .iter()
            .map(|s| match s {
                Status::Active => true,
                Status::Pending | Status::None => rules.eligibility.approval == Approval::Automatic,
                Status::Disabled => false,
            })
            .collect();
        let spend = matches!(rules.eligibility.who, Eligible::Spend(_));
        let links = Links::new(&data.members.parent, &approved, &rules.eligibility.who);
        let tally = Tally::new(
            members,
            data.products.id.len(),
            plans.tiers,
            opts.per_order.then_some(od.id.len()),
        );
        let evo = Evolution::compile(rules, data);
        Ok(Simulation {
            rules: rules_at,
            data: data_at,
            opts: opts.clone(),
            tier: plans.start_tier.clone(),
            tally,
            plans,
            order_seq,
            refund_seq,
            next_order: 0,
            next_refund: 0,
            links,
            approved,
            own_paid: spend.then(|| vec![0; members]),
            has_refund,
            held: HashMap::new(),
            scratch: Scratch::default(),
            evo,
            changed: Vec::new(),
        })
    }

    /// Settles up to `max_orders` more orders, with every refund dated before the next
    /// order; once the orders are done, the remaining refunds.
    pub fn step(&mut self, max_orders: usize) -> Result<Step, Errors> {
        let end = self
            .next_order
            .saturating_add(max_orders)
            .min(self.order_seq.len());
        if self.fusable() {
            if let Some(mut sums) = Sums::load(&self.tally) {
                let done = self.step_fused(end, &mut sums);
                sums.store(&mut self.tally);
                done?;
            }
        }
        while self.next_order < end {
            let o = self.order_seq.get(self.next_order).copied().unwrap_or(0);
            if self.next_refund < self.refund_seq.len() || self.evo.is_some() {
                let paid_at = self.data.orders.paid_at.get(o as usize).copied();
                self.refunds_before(paid_at)?;
                if let Some(e) = self.evo.as_mut() {
                    e.advance(paid_at, &mut self.tier, &self.data);
                }
            }
            self.settle(o as usize)?;
            self.next_order = self.next_order.saturating_add(1);
        }
        if self.next_order >= self.order_seq.len() {
            self.refunds_before(None)?;
            if let Some(e) = self.evo.as_mut() {
                e.advance(None, &mut self.tier, &self.data);
            }
        }
        Ok(self.progress())
    }

    /// Whether everyday orders may settle in [`fused::settle`]: the upline is one column,
    /// self-purchase pays nothing, no member's spend is kept and tiers do not evolve.
    fn fusable(&self) -> bool {
        !self.links.up.is_empty()
            && !self.plans.self_purchase
            && self.own_paid.is_none()
            && self.evo.is_none()
    }

    /// Settles orders up to `end` with the run's totals in `sums`, written back to the tally
    /// around every refund and every order off the fast path.
    fn step_fused(&mut self, end: usize, sums: &mut Sums) -> Result<(), Errors> {
        while self.next_order < end {
            let o = self.order_seq.get(self.next_order).copied().unwrap_or(0) as usize;
            let paid_at = self.data.orders.paid_at.get(o).copied();
            if self.refund_due(paid_at) {
                sums.store(&mut self.tally);
                let done = self.refunds_before(paid_at);
                *sums = Sums::load(&self.tally).unwrap_or(*sums);
                done?;
            }
            let buyer = self.data.orders.buyer.get(o).copied().unwrap_or(NONE);
            let refunded = self.has_refund.get(o).copied().unwrap_or(false);
            let quick = if refunded {
                None
            } else {
                fast::lines(&self.plans, &self.data, o)
            };
            if let Some(q) = quick {
                let walk = Walk {
                    up: &self.links.up,
                    tier: &self.tier,
                    compress: self.plans.compress,
                    tiers: self.plans.tiers,
                };
                fused::settle(
                    &self.plans,
                    &self.data,
                    &walk,
                    o,
                    buyer,
                    &q,
                    sums,
                    &mut self.tally,
                )
                .map_err(|what| Error::overflow(lines::order_path(o), what))?;
            } else {
                sums.store(&mut self.tally);
                let done = self.settle_aside(o);
                *sums = Sums::load(&self.tally).unwrap_or(*sums);
                done?;
            }
            self.next_order = self.next_order.saturating_add(1);
        }
        Ok(())
    }

    /// Whether a refund is dated before `until`.
    fn refund_due(&self, until: Option<Timestamp>) -> bool {
        self.refund_seq.get(self.next_refund).is_some_and(|&r| {
            let at = self.data.refunds.at.get(r as usize).copied();
            until.is_none_or(|u| at < Some(u))
        })
    }

    /// Where the run stands.
    pub fn progress(&self) -> Step {
        Step {
            done: self.next_order,
            total: self.order_seq.len(),
            finished: self.next_order >= self.order_seq.len()
                && self.next_refund >= self.refund_seq.len(),
        }
    }

    /// Takes every refund dated strictly before `until` (all of them with `None`).
    fn refunds_before(&mut self, until: Option<Timestamp>) -> Result<(), Errors> {
        while let Some(&r) = self.refund_seq.get(self.next_refund) {
            let at = self.data.refunds.at.get(r as usize).copied();
            if until.is_some_and(|u| at >= Some(u)) {
                break;
            }
            if let Some(e) = self.evo.as_mut() {
                e.advance(at, &mut self.tier, &self.data);
            }
            crate::batch::refund::apply(self, r as usize)?;
            self.next_refund = self.next_refund.saturating_add(1);
        }
        Ok(())
    }

    /// Settles order `o` off the one-loop path, with every step checked: what
    /// [`Simulation::settle`] does for it when no spend is kept and tiers do not evolve. Kept
    /// out of line (and apart from `settle`) so that `settle` stays inlined into
    /// [`Simulation::step`]'s loop.
    #[inline(never)]
    fn settle_aside(&mut self, o: usize) -> Result<(), Errors> {
        let buyer = self.data.orders.buyer.get(o).copied().unwrap_or(NONE);
        let refunded = self.has_refund.get(o).copied().unwrap_or(false);
        let mut s = std::mem::take(&mut self.scratch);
        let done = self.settle_checked(o, buyer, refunded, &mut s);
        self.scratch = s;
        done.map(|_| ())
    }

    /// Settles order `o`: its lines, who is paid, the amounts, and the tallies.
    fn settle(&mut self, o: usize) -> Result<(), Errors> {
        // The same reading of the order as in `step_fused`, written out in both: a function
        // answering the buyer and the fast path's lines together measured 5–10 % slower in
        // both loops (`bench-batch --rows engine,engine-evolving`, alternated with this).
        let buyer = self.data.orders.buyer.get(o).copied().unwrap_or(NONE);
        let refunded = self.has_refund.get(o).copied().unwrap_or(false);
        let quick = if refunded {
            None
        } else {
            fast::lines(&self.plans, &self.data, o)
        };
        let (paid, payees, out) = match quick {
            Some(q) => self.settle_fast(o, buyer, &q)?,
            None => {
                let mut s = std::mem::take(&mut self.scratch);
                let done = self.settle_checked(o, buyer, refunded, &mut s);
                self.scratch = s;
                done?
            }
        };
        let path = || lines::order_path(o);
        if let Some(own) = self
            .own_paid
            .as_mut()
            .and_then(|v| v.get_mut(buyer as usize))
        {
            *own = own
                .checked_add(paid)
                .ok_or_else(|| Error::overflow(path(), "a paid total"))?;
        }
        if let Some(e) = self.evo.as_mut() {
            let at = self
                .data
                .orders
                .paid_at
                .get(o)
                .copied()
                .unwrap_or(Timestamp::from_unix(0));
            e.order_facts(
                &self.data,
                o,
                at,
                buyer,
                paid,
                &payees,
                &out.amounts,
                &mut self.changed,
            );
            let cause = Cause::Order(u32::try_from(o).unwrap_or(NONE));
            for &m in &self.changed {
                e.evaluate(m, at, cause, &mut self.tier, &self.data);
            }
        }
        Ok(())
    }

    /// Settles order `o` on the fast path (`batch::fast`): its lines `q` already prorated.
    fn settle_fast(
        &mut self,
        o: usize,
        buyer: u32,
        q: &fast::Lines,
    ) -> Result<(i64, Payees, Outcome), Errors> {
        let payees = self.payees(buyer, q.depth(&self.plans));
        let out = fast::amounts(&self.plans, q, &payees);
        let data = &*self.data;
        let tally = &mut self.tally;
        let counted = tally.settled_order(o, &payees, &out).and_then(|()| {
            let rows = lines::line_rows(data, o);
            let products = data.orders.line_product.get(rows).unwrap_or(&[]);
            for ((&product, &paid), &earns) in products.iter().zip(&q.paid).zip(&q.earns) {
                tally.product_line(product, paid, if earns { paid } else { 0 })?;
            }
            Ok(())
        });
        counted.map_err(|what| Error::overflow(lines::order_path(o), what))?;
        Ok((q.total, payees, out))
    }

    /// Settles order `o` with every step checked, keeping its lines when it has refunds.
    fn settle_checked(
        &mut self,
        o: usize,
        buyer: u32,
        refunded: bool,
        s: &mut Scratch,
    ) -> Result<(i64, Payees, Outcome), Errors> {
        let path = || lines::order_path(o);
        lines::sold(&self.plans, &self.data, o, s)?;
        let (paid, base, depth) =
            kernel::bases(&self.plans, &s.lines, &mut s.bases).map_err(|f| f.error(&path()))?;
        let payees = self.payees(buyer, depth);
        let out = kernel::amounts(&self.plans, &s.lines, &s.bases, &payees, paid, base)
            .map_err(|f| f.error(&path()))?;
        self.tally
            .settled(&self.data, o, &s.lines, &s.bases, &payees, &out)
            .map_err(|what| Error::overflow(path(), what))?;
        if refunded {
            let n = s.lines.len();
            self.held.insert(
                u32::try_from(o).unwrap_or(NONE),
                Held {
                    payees,
                    sold: s.lines.clone(),
                    now: s.lines.clone(),
                    bases: s.bases.clone(),
                    units: vec![0; n],
                    money: vec![0; n],
                    order_level: 0,
                    current: out,
                },
            );
        }
        Ok((paid, payees, out))
    }

    /// Who takes levels 1..=`depth` of an order by `buyer`: the buyer first when
    /// self-purchase pays them, then their ancestors (at most `MAX_CHAIN`, as the single-order
    /// API's upline), by the broken-upline rule.
    fn payees(&self, buyer: u32, depth: usize) -> Payees {
        let mut out: Payees = [None; MAX_LEVELS];
        let depth = depth.min(MAX_LEVELS);
        if depth == 0 {
            return out;
        }
        if !self.plans.self_purchase && !self.links.up.is_empty() {
            return self
                .links
                .payees(buyer, depth, &self.tier, self.plans.compress);
        }
        let test = Distributor {
            approved: &self.approved,
            tier: &self.tier,
            who: &self.rules.eligibility.who,
            own_paid: self.own_paid.as_deref(),
        };
        let compress = self.plans.compress;
        let mut pos = 0usize;
        let mut visit = |m: u32, out: &mut Payees| -> bool {
            let paid = test.is(m);
            if paid || !compress {
                if paid {
                    if let Some(slot) = out.get_mut(pos) {
                        let tier = test.tier.get(m as usize).copied().unwrap_or(NONE);
                        *slot = Some(Payee { member: m, tier });
                    }
                }
                pos = pos.saturating_add(1);
            }
            pos >= depth
        };
        if self.plans.self_purchase && buyer != NONE && test.is(buyer) && visit(buyer, &mut out) {
            return out;
        }
        let parents = &self.data.members.parent;
        let mut m = parents.get(buyer as usize).copied().unwrap_or(NONE);
        let mut n = 0usize;
        while m != NONE && n < MAX_CHAIN {
            if visit(m, &mut out) {
                break;
            }
            m = parents.get(m as usize).copied().unwrap_or(NONE);
            n = n.saturating_add(1);
        }
        out
    }

    /// Order rows in the order the run takes them, moved out of a finished run.
    pub(crate) fn take_order_sequence(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.order_seq)
    }

    /// Lowers an own paid total after a refund (eligibility by spend).
    pub(crate) fn refund_paid(&mut self, buyer: u32, less: i64) {
        if let Some(own) = self
            .own_paid
            .as_mut()
            .and_then(|v| v.get_mut(buyer as usize))
        {
            *own = own.saturating_sub(less);
        }
    }
}

/// Rows `0..n` in the order of their instants `at`, ties in row order. Rows usually come in
/// time order already: one pass checks that and spares the sort.
fn in_time_order(n: usize, at: &[Timestamp]) -> Vec<u32> {
    let mut seq = Vec::with_capacity(n);
    seq.extend((0..n).filter_map(|i| u32::try_from(i).ok()));
    // `Timestamp` orders as `time_key` does (seconds, then nanoseconds).
    let in_order = seq.len() == n
        && at
            .get(..n)
            .is_some_and(|at| at.windows(2).all(|w| w.first() <= w.get(1)));
    if !in_order {
        sort_rows_by(&mut seq, |row| {
            at.get(row as usize).map_or(0, |&t| time_key(t))
        });
    }
    seq
}

/// Marks the orders that have refunds, and refuses a refund dated before its order was paid
/// or naming a line of another order.
fn check_refund_times(data: &Dataset, has_refund: &mut [bool]) -> Result<(), Errors> {
    let rd = &data.refunds;
    let mut errs = Errors::new();
    for (r, (&o, at)) in rd.order.iter().zip(&rd.at).enumerate() {
        let rp = || Path::root().field("data").field("refunds").index(r);
        let Some(paid_at) = data.orders.paid_at.get(o as usize) else {
            errs.add(
                ErrorCode::UnknownReference,
                rp().field("order"),
                "no such order",
            );
            continue;
        };
        if at < paid_at {
            errs.add(
                ErrorCode::Inconsistent,
                rp().field("at"),
                "a refund is dated before its order was paid",
            );
        }
        let line = rd.line.get(r).copied().unwrap_or(NONE);
        if line != NONE && !lines::line_rows(data, o as usize).contains(&(line as usize)) {
            errs.add(
                ErrorCode::Inconsistent,
                rp().field("line"),
                "the line is not a line of the refunded order",
            );
        }
        if let Some(h) = has_refund.get_mut(o as usize) {
            *h = true;
        }
    }
    errs.finish(())
}

/// Whether a member is an active distributor now: what a run reads, borrowed once per order
/// rather than looked up per ancestor.
struct Distributor<'s> {
    approved: &'s [bool],
    tier: &'s [u32],
    who: &'s Eligible,
    own_paid: Option<&'s [i64]>,
}

impl Distributor<'_> {
    #[inline]
    fn is(&self, m: u32) -> bool {
        let i = m as usize;
        if !self.approved.get(i).copied().unwrap_or(false) {
            return false;
        }
        match self.who {
            Eligible::Everyone => true,
            Eligible::Tiers(allowed) => {
                let t = self.tier.get(i).copied().unwrap_or(NONE);
                t != NONE && allowed.get(t as usize).copied().unwrap_or(false)
            }
            Eligible::Spend(mark) => self
                .own_paid
                .and_then(|v| v.get(i))
                .is_some_and(|&p| p >= mark.fen()),
        }
    }
}

/// The upline as one column: member `m`'s parent row in the low 31 bits (all ones for none)
/// and whether `m` is approved in the top bit, so that walking an order's upline reads one
/// value per ancestor instead of two columns. Built when every member is a distributor once
/// approved (`who: everyone`) and the rows fit 31 bits.
#[derive(Clone, Debug, Default)]
struct Links {
    up: Vec<u32>,
}

impl Links {
    fn new(parent: &[u32], approved: &[bool], who: &Eligible) -> Links {
        let fits = u32::try_from(parent.len()).is_ok_and(|n| n < NO_LINK);
        if !fits || !matches!(who, Eligible::Everyone) || approved.len() != parent.len() {
            return Links::default();
        }
        let up = parent
            .iter()
            .zip(approved)
            .map(|(&p, &a)| {
                let p = if p < NO_LINK { p } else { NO_LINK };
                if a {
                    p | APPROVED
                } else {
                    p
                }
            })
            .collect();
        Links { up }
    }

    /// [`Simulation::payees`] without self-purchase: the buyer's ancestors, at most
    /// `MAX_CHAIN`, an unapproved one skipped (compress) or its level forfeited.
    #[inline]
    fn payees(&self, buyer: u32, depth: usize, tier: &[u32], compress: bool) -> Payees {
        let mut out: Payees = [None; MAX_LEVELS];
        let link = |m: u32| self.up.get(m as usize).copied().unwrap_or(NO_LINK);
        let mut m = link(buyer) & NO_LINK;
        let (mut pos, mut n) = (0usize, 0usize);
        while m != NO_LINK && n < MAX_CHAIN && pos < depth {
            let l = link(m);
            if l & APPROVED != 0 {
                if let Some(slot) = out.get_mut(pos) {
                    let tier = tier.get(m as usize).copied().unwrap_or(NONE);
                    *slot = Some(Payee { member: m, tier });
                }
                pos = pos.wrapping_add(1);
            } else if !compress {
                pos = pos.wrapping_add(1);
            }
            m = l & NO_LINK;
            n = n.wrapping_add(1);
        }
        out
    }
}
