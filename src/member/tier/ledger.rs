//! The ledger: the facts that exist at `now`, arranged by local date so that any window's
//! total is two binary searches and a difference of running sums. A member page evaluates
//! every tier's condition tree, and again with a candidate order, so measuring must not
//! rescan a long history for each condition.
//!
//! Running sums are kept in `i128`: a hundred thousand amounts of at most 10^15 fen cannot
//! leave it, so only a window's own total can be too large for money, and that is checked
//! when it is read.

use super::facts::{Facts, Source};
use super::window::Span;
use crate::error::{Error, Path};
use crate::io::ids::Ids;
use crate::money::time::{LocalDate, Timestamp, UtcOffset};
use crate::money::Money;

/// The deepest team level a condition can count.
const MAX_TEAM_DEPTH: u32 = 3;

/// Amounts (or counts) by local date, with running sums.
#[derive(Clone, Debug, Default)]
struct Series {
    dates: Vec<LocalDate>,
    /// `prefix[i]` is the sum of the first `i` entries, in date order.
    prefix: Vec<i128>,
}

impl Series {
    /// Sorts the entries by date (equal dates keep their order, so an overflow names the
    /// same entry every time) and sums them as they come.
    fn build(mut entries: Vec<Entry<'_>>) -> Result<Series, Error> {
        crate::io::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut dates = Vec::with_capacity(entries.len());
        let mut prefix = Vec::with_capacity(entries.len().saturating_add(1));
        let mut running: i128 = 0;
        prefix.push(running);
        for (date, value, source) in entries {
            running = running
                .checked_add(value)
                .ok_or_else(|| Error::overflow(source.clone(), "the running total"))?;
            dates.push(date);
            prefix.push(running);
        }
        debug_assert!(dates.is_sorted(), "a series is in date order");
        debug_assert_eq!(prefix.len(), dates.len().saturating_add(1));
        Ok(Series { dates, prefix })
    }

    /// The sum of the entries dated inside `span`.
    fn sum(&self, span: &Span) -> Option<i128> {
        let lo = span
            .from
            .map_or(0, |f| self.dates.partition_point(|d| *d < f));
        let hi = self.dates.partition_point(|d| *d <= span.to);
        self.prefix.get(hi)?.checked_sub(*self.prefix.get(lo)?)
    }
}

/// An amount (or count) on a local date, with where it came from.
type Entry<'s> = (LocalDate, i128, &'s Source);

/// A hypothetical own order at `now`.
#[derive(Clone, Debug)]
pub(crate) struct Extra<'a> {
    pub amount: Money,
    pub products: &'a [String],
    pub source: Source,
}

/// The facts that exist at `now`, by local date.
#[derive(Clone, Debug)]
pub(crate) struct Ledger<'a> {
    /// The local date of `now`.
    pub today: LocalDate,
    own: Series,
    /// Index `k` holds depth `k + 1`.
    team: Vec<Series>,
    commissions: Series,
    /// Index `t` holds the join dates of recruits whose tier index is `t`, sorted.
    recruits: Vec<Vec<LocalDate>>,
    /// Each product bought, with the position of its latest purchase date in `latest`.
    bought: Ids<'a>,
    latest: Vec<LocalDate>,
}

impl<'a> Ledger<'a> {
    /// Keeps the facts not after `now` (daily totals: not after today), adds `extra` as an own
    /// order at `now`, and arranges them. Entries are gathered in the order of the facts
    /// (orders, the extra order, team orders, then daily totals), which decides which one an
    /// overflow names.
    pub(crate) fn build(
        facts: &'a Facts,
        extra: Option<&Extra<'a>>,
        now: Timestamp,
        offset: UtcOffset,
        tiers: usize,
    ) -> Result<Ledger<'a>, Error> {
        let today = now.local_date(offset);
        let mut bought = Bought::default();
        let mut own = Vec::new();
        for o in facts.orders.iter().filter(|o| o.at <= now) {
            let date = o.at.local_date(offset);
            own.push((date, i128::from(o.amount.fen()), &o.source));
            bought.note(&o.products, date);
        }
        if let Some(x) = extra {
            own.push((today, i128::from(x.amount.fen()), &x.source));
            bought.note(x.products, today);
        }
        let mut team = team_orders(facts, now, offset);
        add_daily(facts, today, &mut own, &mut team);
        let commissions = facts
            .commissions
            .iter()
            .filter(|c| c.at <= now)
            .map(|c| {
                (
                    c.at.local_date(offset),
                    i128::from(c.amount.fen()),
                    &c.source,
                )
            })
            .collect();
        Ok(Ledger {
            today,
            own: Series::build(own)?,
            team: team
                .into_iter()
                .map(Series::build)
                .collect::<Result<_, _>>()?,
            commissions: Series::build(commissions)?,
            recruits: recruits_by_tier(facts, now, offset, tiers),
            bought: bought.ids,
            latest: bought.latest,
        })
    }

    /// Own paid orders in `span`.
    pub(crate) fn own_total(&self, span: &Span) -> Result<Money, Error> {
        money(self.own.sum(span), "the own paid total")
    }

    /// Team paid orders in `span` down to `depth`, with the member's own when `include_self`.
    pub(crate) fn team_total(
        &self,
        span: &Span,
        depth: u32,
        include_self: bool,
    ) -> Result<Money, Error> {
        let levels = usize::try_from(depth.min(MAX_TEAM_DEPTH)).unwrap_or(0);
        let mut total = if include_self {
            self.own.sum(span)
        } else {
            Some(0)
        };
        for series in self.team.iter().take(levels) {
            total = total.and_then(|t| t.checked_add(series.sum(span)?));
        }
        money(total, "the team paid total")
    }

    /// Commission earned in `span`.
    pub(crate) fn commission_total(&self, span: &Span) -> Result<Money, Error> {
        money(self.commissions.sum(span), "the commission earned")
    }

    /// Whether an own order in `span` listed one of `products`.
    pub(crate) fn bought_any(&self, products: &[String], span: &Span) -> bool {
        // The latest purchase is never after today, so it is in the span exactly when it is
        // on or after the span's first day.
        products
            .iter()
            .filter_map(|p| self.bought.get(p).and_then(|k| self.latest.get(k)))
            .any(|d| span.contains(*d))
    }

    /// Recruits who joined in `span` and whose tier index is at least `min_tier`.
    pub(crate) fn recruits_from(&self, min_tier: usize, span: &Span) -> u64 {
        self.recruits
            .iter()
            .skip(min_tier)
            .map(|dates| {
                let lo = span.from.map_or(0, |f| dates.partition_point(|d| *d < f));
                let hi = dates.partition_point(|d| *d <= span.to);
                u64::try_from(hi.saturating_sub(lo)).unwrap_or(u64::MAX)
            })
            .fold(0u64, u64::saturating_add)
    }
}

/// Each product bought, with its latest purchase date.
#[derive(Default)]
struct Bought<'a> {
    /// Product id to its position in `latest`.
    ids: Ids<'a>,
    latest: Vec<LocalDate>,
}

impl<'a> Bought<'a> {
    /// Notes that `products` were bought on `date`.
    fn note(&mut self, products: &'a [String], date: LocalDate) {
        for p in products {
            match self.ids.get(p).and_then(|k| self.latest.get_mut(k)) {
                Some(l) => *l = (*l).max(date),
                None => {
                    self.ids.add(p, self.latest.len());
                    self.latest.push(date);
                }
            }
        }
    }
}

/// The team orders not after `now`, by depth: index `k` holds depth `k + 1`; depths below
/// the deepest a condition counts are left out.
fn team_orders(facts: &Facts, now: Timestamp, offset: UtcOffset) -> Vec<Vec<Entry<'_>>> {
    let mut team: Vec<Vec<Entry<'_>>> =
        vec![Vec::new(); usize::try_from(MAX_TEAM_DEPTH).unwrap_or(0)];
    for o in facts.team_orders.iter().filter(|o| o.at <= now) {
        if let Some(slot) = depth_slot(&mut team, o.depth) {
            slot.push((
                o.at.local_date(offset),
                i128::from(o.amount.fen()),
                &o.source,
            ));
        }
    }
    team
}

/// Adds the daily totals not after today to the own and team entries.
fn add_daily<'s>(
    facts: &'s Facts,
    today: LocalDate,
    own: &mut Vec<Entry<'s>>,
    team: &mut [Vec<Entry<'s>>],
) {
    for d in facts.daily.iter().filter(|d| d.date <= today) {
        own.push((d.date, i128::from(d.own.fen()), &d.source));
        for (depth, amount, source) in &d.team {
            if let Some(slot) = depth_slot(team, *depth) {
                slot.push((d.date, i128::from(amount.fen()), source));
            }
        }
    }
}

/// The join dates of the recruits who joined by `now`, by tier index, each list sorted.
fn recruits_by_tier(
    facts: &Facts,
    now: Timestamp,
    offset: UtcOffset,
    tiers: usize,
) -> Vec<Vec<LocalDate>> {
    let mut recruits = vec![Vec::new(); tiers];
    for r in facts.recruits.iter().filter(|r| r.joined_at <= now) {
        if let Some(slot) = recruits.get_mut(r.tier) {
            slot.push(r.joined_at.local_date(offset));
        }
    }
    for dates in &mut recruits {
        crate::io::sort::sort_by(dates, LocalDate::cmp);
        debug_assert!(dates.is_sorted());
    }
    recruits
}

/// The team entries of `depth` (1 is the first level below the member), if it is counted.
fn depth_slot<'v, 's>(
    team: &'v mut [Vec<Entry<'s>>],
    depth: u32,
) -> Option<&'v mut Vec<Entry<'s>>> {
    let k = usize::try_from(depth.checked_sub(1)?).ok()?;
    team.get_mut(k)
}

/// A window's total as money, or an overflow error when it does not fit.
fn money(total: Option<i128>, what: &str) -> Result<Money, Error> {
    total
        .and_then(|t| i64::try_from(t).ok())
        .map(Money::from_fen)
        .ok_or_else(|| Error::overflow(Path::root().field("facts"), what))
}
