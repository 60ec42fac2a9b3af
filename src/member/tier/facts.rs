//! A member's facts as the caller gives them: their own paid orders, their team's orders,
//! daily totals, direct recruits and commission earned. Each is checked once, every bad
//! field reported with its path, before anything is measured; facts dated after `now` are
//! kept here and left out later, when the ledger is built, so that they are still checked.

use crate::error::{ErrorCode, Errors, Path};
use crate::io::decode::Decode;
use crate::io::ids::Ids;
use crate::limits::{self, MAX_CHAIN, MAX_FACTS, MAX_IDS};
use crate::money::time::{LocalDate, TimeText, Timestamp};
use crate::money::{Money, MoneyText};
use crate::rules::RuleSet;
use schemars::JsonSchema;

/// Everything known about a member that tier conditions measure. Every list is optional
/// and holds at most 100,000 entries. Facts dated after `now` are ignored, so a caller may
/// pass a whole history without trimming it.
#[derive(Clone, Debug, Default, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactsDoc {
    /// The member's own paid orders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<OrderFactDoc>,
    /// Paid orders of the member's team, each with its depth below the member.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team_orders: Vec<TeamOrderFactDoc>,
    /// Paid totals per day, a compact alternative to listing orders; added to the orders
    /// listed above, so an order must not be given both ways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub daily_totals: Vec<DailyTotalDoc>,
    /// The member's direct recruits (the members bound to them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recruits: Vec<RecruitDoc>,
    /// Commission the member earned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commissions: Vec<CommissionFactDoc>,
}

/// One of the member's own paid orders.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderFactDoc {
    /// Order id, unique among `orders`.
    pub id: String,
    /// When it was paid (RFC 3339 with an offset). Its day is taken in the rule set's offset.
    pub at: TimeText,
    /// The amount paid.
    pub amount: MoneyText,
    /// Ids of the products it contains, for `boughtProduct` conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<String>,
}

/// A paid order placed by someone in the member's team.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamOrderFactDoc {
    /// Order id, unique among `teamOrders`.
    pub id: String,
    /// When it was paid.
    pub at: TimeText,
    /// The amount paid.
    pub amount: MoneyText,
    /// How far below the member the buyer is: 1 = a direct recruit, 2 = a recruit's recruit.
    /// 1 to 64.
    pub depth: u64,
}

/// Paid totals of one day, in the rule set's offset.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DailyTotalDoc {
    /// The day, `YYYY-MM-DD`, in the rule set's offset; unique among `dailyTotals`.
    pub date: String,
    /// The member's own paid orders that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<MoneyText>,
    /// The team's paid orders that day, per depth below the member.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<DailyTeamDoc>,
}

/// The team's paid orders of one day at one depth.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DailyTeamDoc {
    /// Depth below the member, 1 to 64; unique within the day.
    pub depth: u64,
    /// The amount paid.
    pub amount: MoneyText,
}

/// A direct recruit.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecruitDoc {
    /// Member id, unique among `recruits`.
    pub id: String,
    /// When they joined the member's team (were bound).
    pub joined_at: TimeText,
    /// Their tier now; absent means the first tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// Commission earned.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommissionFactDoc {
    /// When it was earned.
    pub at: TimeText,
    /// How much.
    pub amount: MoneyText,
}

/// Where a checked amount came from, so that a sum that overflows names a field.
pub(crate) type Source = Path;

/// A checked own order.
#[derive(Clone, Debug)]
pub(crate) struct OwnOrder {
    pub at: Timestamp,
    pub amount: Money,
    pub products: Vec<String>,
    pub source: Source,
}

/// A checked team order.
#[derive(Clone, Debug)]
pub(crate) struct TeamOrder {
    pub at: Timestamp,
    pub amount: Money,
    pub depth: u32,
    pub source: Source,
}

/// A checked daily total.
#[derive(Clone, Debug)]
pub(crate) struct Daily {
    pub date: LocalDate,
    pub own: Money,
    pub team: Vec<(u32, Money, Source)>,
    pub source: Source,
}

/// A checked recruit.
#[derive(Clone, Debug)]
pub(crate) struct Recruit {
    pub joined_at: Timestamp,
    pub tier: usize,
}

/// A checked commission.
#[derive(Clone, Debug)]
pub(crate) struct Commission {
    pub at: Timestamp,
    pub amount: Money,
    pub source: Source,
}

/// Every fact, checked; none dropped yet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    pub orders: Vec<OwnOrder>,
    pub team_orders: Vec<TeamOrder>,
    pub daily: Vec<Daily>,
    pub recruits: Vec<Recruit>,
    pub commissions: Vec<Commission>,
}

impl Facts {
    /// Checks the facts found at `path`; every problem is reported, list by list in the
    /// order of the document.
    pub(crate) fn check(doc: &FactsDoc, rules: &RuleSet, path: &Path) -> Result<Facts, Errors> {
        let mut errs = Errors::new();
        let out = Facts {
            orders: own_orders(&doc.orders, &path.field("orders"), &mut errs),
            team_orders: team_orders(&doc.team_orders, &path.field("teamOrders"), &mut errs),
            daily: daily_totals(&doc.daily_totals, &path.field("dailyTotals"), &mut errs),
            recruits: recruits(&doc.recruits, rules, &path.field("recruits"), &mut errs),
            commissions: commissions(&doc.commissions, &path.field("commissions"), &mut errs),
        };
        errs.finish(out)
    }
}

/// The member's own orders: ids unique, time and amount valid, product ids valid. An order
/// with a bad time or amount is left out; its other fields are still checked.
fn own_orders(list: &[OrderFactDoc], p: &Path, errs: &mut Errors) -> Vec<OwnOrder> {
    let mut out = Vec::new();
    if errs
        .take(limits::check_len(list.len(), MAX_FACTS, p, "orders"))
        .is_none()
    {
        return out;
    }
    let mut ids = Ids::default();
    for (i, o) in list.iter().enumerate() {
        let op = p.index(i);
        unique_id(&o.id, i, &op.field("id"), &mut ids, errs);
        let at = errs.take(o.at.check(&op.field("at")));
        let ap = op.field("amount");
        let amount = errs.take(o.amount.check(&ap));
        let products = product_ids(&o.products, &op.field("products"), errs);
        if let (Some(at), Some(amount)) = (at, amount) {
            out.push(OwnOrder {
                at,
                amount,
                products,
                source: ap,
            });
        }
    }
    debug_assert!(out.len() <= list.len());
    out
}

/// The team's orders: ids unique, time, amount and depth valid.
fn team_orders(list: &[TeamOrderFactDoc], p: &Path, errs: &mut Errors) -> Vec<TeamOrder> {
    let mut out = Vec::new();
    if errs
        .take(limits::check_len(list.len(), MAX_FACTS, p, "team orders"))
        .is_none()
    {
        return out;
    }
    let mut ids = Ids::default();
    for (i, o) in list.iter().enumerate() {
        let op = p.index(i);
        unique_id(&o.id, i, &op.field("id"), &mut ids, errs);
        let at = errs.take(o.at.check(&op.field("at")));
        let ap = op.field("amount");
        let amount = errs.take(o.amount.check(&ap));
        let depth = depth(o.depth, &op.field("depth"), errs);
        if let (Some(at), Some(amount), Some(depth)) = (at, amount, depth) {
            debug_assert!(depth >= 1 && usize::try_from(depth).is_ok_and(|d| d <= MAX_CHAIN));
            out.push(TeamOrder {
                at,
                amount,
                depth,
                source: ap,
            });
        }
    }
    out
}

/// The daily totals: one per day, each checked by [`check_daily`].
fn daily_totals(list: &[DailyTotalDoc], p: &Path, errs: &mut Errors) -> Vec<Daily> {
    let mut out = Vec::new();
    if errs
        .take(limits::check_len(list.len(), MAX_FACTS, p, "daily totals"))
        .is_none()
    {
        return out;
    }
    let mut dates = Ids::default();
    for (i, d) in list.iter().enumerate() {
        if let Some(daily) = check_daily(d, i, &p.index(i), &mut dates, errs) {
            out.push(daily);
        }
    }
    out
}

/// The direct recruits: ids unique, join time valid, tier one of the rule set's (absent
/// means the first). Under a rule set without tiers a named tier is not an error, but the
/// recruit is left out.
fn recruits(list: &[RecruitDoc], rules: &RuleSet, p: &Path, errs: &mut Errors) -> Vec<Recruit> {
    let mut out = Vec::new();
    if errs
        .take(limits::check_len(list.len(), MAX_FACTS, p, "recruits"))
        .is_none()
    {
        return out;
    }
    let mut ids = Ids::default();
    for (i, r) in list.iter().enumerate() {
        let rp = p.index(i);
        unique_id(&r.id, i, &rp.field("id"), &mut ids, errs);
        let joined_at = errs.take(r.joined_at.check(&rp.field("joinedAt")));
        let tier = match &r.tier {
            None => Some(0),
            Some(t) => {
                let found = rules.tier_index(t);
                if found.is_none() && !rules.tiers.is_empty() {
                    errs.add(
                        ErrorCode::UnknownReference,
                        rp.field("tier"),
                        format!("`{}` is not a tier of this rule set", short(t)),
                    );
                }
                found
            }
        };
        if let (Some(joined_at), Some(tier)) = (joined_at, tier) {
            out.push(Recruit { joined_at, tier });
        }
    }
    out
}

/// The commissions earned: time and amount valid.
fn commissions(list: &[CommissionFactDoc], p: &Path, errs: &mut Errors) -> Vec<Commission> {
    let mut out = Vec::new();
    if errs
        .take(limits::check_len(list.len(), MAX_FACTS, p, "commissions"))
        .is_none()
    {
        return out;
    }
    for (i, c) in list.iter().enumerate() {
        let cp = p.index(i);
        let at = errs.take(c.at.check(&cp.field("at")));
        let ap = cp.field("amount");
        let amount = errs.take(c.amount.check(&ap));
        if let (Some(at), Some(amount)) = (at, amount) {
            out.push(Commission {
                at,
                amount,
                source: ap,
            });
        }
    }
    out
}

/// One day's totals: the date valid and given once, the own amount valid (absent is zero),
/// the team entries checked by [`daily_team`]. The day is kept only if all of it is valid.
fn check_daily<'a>(
    d: &'a DailyTotalDoc,
    at: usize,
    path: &Path,
    dates: &mut Ids<'a>,
    errs: &mut Errors,
) -> Option<Daily> {
    let date = daily_date(d, at, &path.field("date"), dates, errs);
    let own_path = path.field("own");
    let own = match &d.own {
        Some(m) => errs.take(m.check(&own_path)),
        None => Some(Money::ZERO),
    };
    let team = daily_team(&d.team, &path.field("team"), errs);
    match (date, own, team) {
        (Some(date), Some(own), Some(team)) => Some(Daily {
            date,
            own,
            team,
            source: own_path,
        }),
        _ => None,
    }
}

/// A day's date: `YYYY-MM-DD`, given once among the daily totals.
fn daily_date<'a>(
    d: &'a DailyTotalDoc,
    at: usize,
    dp: &Path,
    dates: &mut Ids<'a>,
    errs: &mut Errors,
) -> Option<LocalDate> {
    match LocalDate::parse(&d.date) {
        Ok(date) => {
            // Parsing accepts only `YYYY-MM-DD`, so one day has one spelling.
            if !dates.add(&d.date, at) {
                errs.add(
                    ErrorCode::Duplicate,
                    dp.clone(),
                    format!("{date} has two daily totals; give one per day"),
                );
            }
            Some(date)
        }
        Err(m) => {
            errs.add(ErrorCode::InvalidTime, dp.clone(), m);
            None
        }
    }
}

/// A day's team entries: each depth valid and given once, each amount valid. `None` when
/// any entry is bad; every entry is still checked.
fn daily_team(
    list: &[DailyTeamDoc],
    tp: &Path,
    errs: &mut Errors,
) -> Option<Vec<(u32, Money, Source)>> {
    errs.take(limits::check_len(list.len(), MAX_CHAIN, tp, "team entries"))?;
    let mut team = Vec::new();
    let mut team_ok = true;
    // Depths are 1 to 64: bit `k - 1` says depth `k` was given.
    let mut depths: u64 = 0;
    for (j, t) in list.iter().enumerate() {
        let ep = tp.index(j);
        let depth = depth(t.depth, &ep.field("depth"), errs);
        if let Some(k) = depth {
            let bit = k
                .checked_sub(1)
                .and_then(|s| 1u64.checked_shl(s))
                .unwrap_or(0);
            debug_assert!(bit != 0, "a checked depth is 1 to 64, so it has a bit");
            if depths & bit != 0 {
                errs.add(
                    ErrorCode::Duplicate,
                    ep.field("depth"),
                    format!("depth {k} is given twice for this day"),
                );
            }
            depths |= bit;
        }
        let ap = ep.field("amount");
        match (depth, errs.take(t.amount.check(&ap))) {
            (Some(k), Some(amount)) => team.push((k, amount, ap)),
            _ => team_ok = false,
        }
    }
    team_ok.then_some(team)
}

fn depth(n: u64, path: &Path, errs: &mut Errors) -> Option<u32> {
    let max = u64::try_from(MAX_CHAIN).unwrap_or(u64::MAX);
    if n == 0 || n > max {
        errs.add(
            ErrorCode::OutOfRange,
            path.clone(),
            format!("depth {n} is not 1 to {MAX_CHAIN}; the member's own orders go in `orders`"),
        );
        return None;
    }
    u32::try_from(n).ok()
}

fn unique_id<'a>(id: &'a str, at: usize, path: &Path, seen: &mut Ids<'a>, errs: &mut Errors) {
    if errs.take(limits::check_id(id, path)).is_some() && !seen.add(id, at) {
        errs.add(
            ErrorCode::Duplicate,
            path.clone(),
            format!("`{}` is listed twice", short(id)),
        );
    }
}

/// Checks a list of product ids; the valid ones are kept.
pub(crate) fn product_ids(ids: &[String], path: &Path, errs: &mut Errors) -> Vec<String> {
    if errs
        .take(limits::check_len(ids.len(), MAX_IDS, path, "products"))
        .is_none()
    {
        return Vec::new();
    }
    ids.iter()
        .enumerate()
        .filter(|(i, id)| errs.take(limits::check_id(id, &path.index(*i))).is_some())
        .map(|(_, id)| id.clone())
        .collect()
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
}
