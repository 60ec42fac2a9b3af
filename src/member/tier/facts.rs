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
    /// Checks the facts found at `path`; every problem is reported.
    pub(crate) fn check(doc: &FactsDoc, rules: &RuleSet, path: &Path) -> Result<Facts, Errors> {
        let mut errs = Errors::new();
        let mut out = Facts::default();

        let p = path.field("orders");
        if errs
            .take(limits::check_len(doc.orders.len(), MAX_FACTS, &p, "orders"))
            .is_some()
        {
            let mut ids = Ids::default();
            for (i, o) in doc.orders.iter().enumerate() {
                let op = p.index(i);
                unique_id(&o.id, i, &op.field("id"), &mut ids, &mut errs);
                let at = errs.take(o.at.check(&op.field("at")));
                let ap = op.field("amount");
                let amount = errs.take(o.amount.check(&ap));
                let products = product_ids(&o.products, &op.field("products"), &mut errs);
                if let (Some(at), Some(amount)) = (at, amount) {
                    out.orders.push(OwnOrder {
                        at,
                        amount,
                        products,
                        source: ap,
                    });
                }
            }
        }

        let p = path.field("teamOrders");
        if errs
            .take(limits::check_len(
                doc.team_orders.len(),
                MAX_FACTS,
                &p,
                "team orders",
            ))
            .is_some()
        {
            let mut ids = Ids::default();
            for (i, o) in doc.team_orders.iter().enumerate() {
                let op = p.index(i);
                unique_id(&o.id, i, &op.field("id"), &mut ids, &mut errs);
                let at = errs.take(o.at.check(&op.field("at")));
                let ap = op.field("amount");
                let amount = errs.take(o.amount.check(&ap));
                let depth = depth(o.depth, &op.field("depth"), &mut errs);
                if let (Some(at), Some(amount), Some(depth)) = (at, amount, depth) {
                    out.team_orders.push(TeamOrder {
                        at,
                        amount,
                        depth,
                        source: ap,
                    });
                }
            }
        }

        let p = path.field("dailyTotals");
        if errs
            .take(limits::check_len(
                doc.daily_totals.len(),
                MAX_FACTS,
                &p,
                "daily totals",
            ))
            .is_some()
        {
            let mut dates = Ids::default();
            for (i, d) in doc.daily_totals.iter().enumerate() {
                if let Some(daily) = check_daily(d, i, &p.index(i), &mut dates, &mut errs) {
                    out.daily.push(daily);
                }
            }
        }

        let p = path.field("recruits");
        if errs
            .take(limits::check_len(
                doc.recruits.len(),
                MAX_FACTS,
                &p,
                "recruits",
            ))
            .is_some()
        {
            let mut ids = Ids::default();
            for (i, r) in doc.recruits.iter().enumerate() {
                let rp = p.index(i);
                unique_id(&r.id, i, &rp.field("id"), &mut ids, &mut errs);
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
                    out.recruits.push(Recruit { joined_at, tier });
                }
            }
        }

        let p = path.field("commissions");
        if errs
            .take(limits::check_len(
                doc.commissions.len(),
                MAX_FACTS,
                &p,
                "commissions",
            ))
            .is_some()
        {
            for (i, c) in doc.commissions.iter().enumerate() {
                let cp = p.index(i);
                let at = errs.take(c.at.check(&cp.field("at")));
                let ap = cp.field("amount");
                let amount = errs.take(c.amount.check(&ap));
                if let (Some(at), Some(amount)) = (at, amount) {
                    out.commissions.push(Commission {
                        at,
                        amount,
                        source: ap,
                    });
                }
            }
        }

        errs.finish(out)
    }
}

fn check_daily<'a>(
    d: &'a DailyTotalDoc,
    at: usize,
    path: &Path,
    dates: &mut Ids<'a>,
    errs: &mut Errors,
) -> Option<Daily> {
    let dp = path.field("date");
    let date = match LocalDate::parse(&d.date) {
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
            errs.add(ErrorCode::InvalidTime, dp, m);
            None
        }
    };
    let own_path = path.field("own");
    let own = match &d.own {
        Some(m) => errs.take(m.check(&own_path)),
        None => Some(Money::ZERO),
    };
    let tp = path.field("team");
    let mut team = Vec::new();
    let mut team_ok = errs
        .take(limits::check_len(
            d.team.len(),
            MAX_CHAIN,
            &tp,
            "team entries",
        ))
        .is_some();
    if team_ok {
        // Depths are 1 to 64: bit `k - 1` says depth `k` was given.
        let mut depths: u64 = 0;
        for (j, t) in d.team.iter().enumerate() {
            let ep = tp.index(j);
            let depth = depth(t.depth, &ep.field("depth"), errs);
            if let Some(k) = depth {
                let bit = k
                    .checked_sub(1)
                    .and_then(|s| 1u64.checked_shl(s))
                    .unwrap_or(0);
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
    }
    match (date, own, team_ok) {
        (Some(date), Some(own), true) => Some(Daily {
            date,
            own,
            team,
            source: own_path,
        }),
        _ => None,
    }
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
