//! Compliance lint: holds a checked rule set to a profile's line (WeChat's platform rules
//! or the legal line the seeds state) and reports each problem with its path in the rule set
//! and the worst-case figure behind it. Findings are results, not refusals: a merchant may
//! save a rule set that breaks a line, and the admin page shows why it should not.
//!
//! The worst case is taken over every plan the rule set can apply (the global levels, each
//! product's and each SKU's own levels) and every tier, against the order's paid amount.
//! `docs/parts/lint.md` states the computation and every finding code.

mod catalogue;
mod profile;
mod worst;

pub use catalogue::{CatalogueProduct, CatalogueSku};
pub use profile::Profile;

use crate::error::{Errors, Path};
use crate::money::{Money, Rate};
use crate::rules::{Base, Condition, ConditionKind, Eligible, Metric, RuleSet};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use worst::PlanFigures;

/// Arguments of `lint`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LintArgs {
    /// The line to hold the rule set to: `wechat` (default; WeChat's platform rules: 2 paid
    /// levels, 30% of the paid amount, no pay-to-qualify) or `legal` (3 levels, 50%).
    #[serde(default)]
    pub profile: Profile,
    /// List prices, so that fixed amounts per unit are also shown as a share of each price
    /// at list price (the worst one per plan). Optional: without it fixed amounts are still
    /// reported, as amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<Vec<CatalogueProduct>>,
}

/// How serious a finding is. Only `error` fails `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The rule set breaks the profile's line.
    Error,
    /// Allowed by the profile, but a risk the merchant should weigh.
    Warning,
    /// Information: how the engine reads the rule set against the line.
    Note,
}

/// What a finding is about. The serialised names are stable: callers branch on them, and
/// `docs/parts/lint.md` defines each one with its path and figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FindingCode {
    /// Distribution is switched off; the other findings describe the rules once it is on.
    DistributionOff,
    /// Becoming a distributor takes spending or buying (a spend mark, or tiers reached only by purchase).
    PayToQualify,
    /// A plan pays deeper than the profile's number of levels.
    TooManyLevels,
    /// Self-purchase is on: the buyer is level 1 (本人) and counts as one of the paid levels.
    SelfPurchaseLevel,
    /// A plan's rates add up to more than the profile's total, at the worst tier.
    TotalAboveLimit,
    /// A plan has fixed amounts and no cap at or below the limit bounds them.
    FixedWithoutCap,
    /// A plan's fixed amounts as a share of a catalogue list price (the worst one).
    FixedAtListPrice,
    /// The configured cap is above the profile's total, so it does not satisfy it.
    CapAboveLimit,
    /// The configured cap is at or below the profile's total, so every order stays within it.
    CapSatisfiesLimit,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// What it is about.
    pub code: FindingCode,
    /// Where in the document: a path into `rules` (or into `catalogue`).
    pub path: Path,
    /// What is wrong and why, with the figures, for people.
    pub message: String,
    /// The worst-case figure the finding is about, as text: a count of levels (`"3"`), a
    /// fraction (`"0.51"`, rounded up to six decimals when not exact), or yuan (`"5.00"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
    /// The profile's line the figure is held to, in the same unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// The profile's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Most paid levels, the buyer counted under self-purchase.
    pub levels: u32,
    /// Most total commission as a share of the order's paid amount.
    pub total: Rate,
}

/// The worst case over every plan and tier, whether or not it breaks the line; the figures
/// describe the rules as written, before any cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorstCase {
    /// The deepest level any plan can pay (a level with a non-zero rate, tier rate or fixed
    /// amount); with self-purchase, level 1 is the buyer.
    pub paid_levels: u32,
    /// The plan that pays deepest (the first, on a tie).
    pub paid_levels_path: Path,
    /// The largest sum of a plan's rates, each level at its highest tier: the most of a
    /// line's paid amount the rates can take.
    pub rate_sum: Rate,
    /// The plan with that sum (the first, on a tie).
    pub rate_sum_path: Path,
    /// The largest sum of a plan's fixed amounts per unit, when any plan has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_per_unit: Option<Money>,
    /// The plan with that sum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_per_unit_path: Option<Path>,
    /// With a catalogue: the largest share of a list price that a plan with fixed amounts
    /// takes of one unit (its rates plus fixed ÷ price), rounded up to six decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_price_share: Option<String>,
    /// The catalogue price behind that share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_price_path: Option<Path>,
    /// The configured cap, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Rate>,
}

/// The answer of `lint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// The profile applied.
    pub profile: Profile,
    /// Its line.
    pub limits: Limits,
    /// Every finding: ordered by code as `FindingCode` lists them, then by plan (global
    /// levels first, then products and SKUs in the rule set's order).
    pub findings: Vec<Finding>,
    /// The worst-case figures.
    pub worst_case: WorstCase,
}

impl LintReport {
    /// True when a finding has severity `error`: what `--strict` fails on.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Lints `rules` under the profile in `args`. Only a malformed catalogue (or a figure too
/// large to compute) is refused; everything about the rules themselves is a finding.
pub fn lint(rules: &RuleSet, args: LintArgs) -> Result<LintReport, Errors> {
    let profile = args.profile;
    let prices = match &args.catalogue {
        Some(list) => catalogue::check(list, &Path::root().field("catalogue"))?,
        None => Vec::new(),
    };
    let plans = worst::plans(rules)?;
    let max_levels = profile.max_levels();
    let limit = profile.max_total();
    let satisfying_cap = rules.cap.filter(|c| *c <= limit);
    let rules_path = Path::root().field("rules");
    let mut out = Vec::new();
    let mut push = |severity, code, path: Path, message: String, figure: Option<String>, limit: Option<String>| {
        out.push(Finding { severity, code, path, message, figure, limit });
    };

    if !rules.enabled {
        push(
            Severity::Note,
            FindingCode::DistributionOff,
            rules_path.field("enabled"),
            "distribution is switched off, so nothing is paid now; the other findings describe what these rules pay once it is switched on".to_owned(),
            None,
            None,
        );
    }

    if let Some((path, message, figure)) = pay_to_qualify(rules, &rules_path) {
        let why = match profile {
            Profile::Wechat => "WeChat names making people pay a fee or buy goods to qualify as a violation",
            Profile::Legal => "the legal line allows it, but it is the mark of a pyramid scheme and WeChat names it as a violation",
        };
        push(profile.pay_to_qualify(), FindingCode::PayToQualify, path, format!("{message}: that is paying to qualify as a distributor; {why}"), figure, None);
    }

    for p in plans.iter().filter(|p| p.depth > max_levels) {
        let mut message = format!(
            "{} pays {} levels; the {} profile allows at most {max_levels} ({}), so level {} is beyond it",
            p.path,
            p.depth,
            profile.name(),
            match profile {
                Profile::Wechat => "WeChat allows two levels including the distributor",
                Profile::Legal => "the legal line is three: 本人 + A + B",
            },
            max_levels.saturating_add(1),
        );
        if rules.self_purchase {
            message.push_str(&format!(". With self-purchase on, a distributor buying for themself counts as level 1 (本人), so these are {}", people(p.depth)));
        }
        push(Severity::Error, FindingCode::TooManyLevels, p.path.index(max_levels), message, Some(p.depth.to_string()), Some(max_levels.to_string()));
    }

    let deepest = first_max(&plans, |p| p.depth);
    if rules.self_purchase {
        if let Some(p) = deepest.filter(|p| p.depth > 0) {
            push(
                Severity::Note,
                FindingCode::SelfPurchaseLevel,
                rules_path.field("selfPurchase"),
                format!(
                    "self-purchase is on: a distributor buying for themself is level 1 (本人) and their upline takes level 2 onwards, so the buyer counts as one of the paid levels; {} paid levels are {} (never one more), within the {} profile's {max_levels} only when that is {max_levels} or fewer",
                    p.depth,
                    people(p.depth),
                    profile.name(),
                ),
                Some(p.depth.to_string()),
                Some(max_levels.to_string()),
            );
        }
    }

    let cap_note = match rules.cap {
        Some(c) if c > limit => format!("; the cap of {} is above the limit, so it does not bring the total within it", worst::pct(c.as_decimal())),
        _ => String::new(),
    };
    if satisfying_cap.is_none() {
        for p in plans.iter().filter(|p| p.rate_sum > limit) {
            let mut message = format!(
                "{} adds up to {} of the paid amount at worst ({}), above the {} profile's {}{}{cap_note}",
                p.path,
                worst::pct(p.rate_sum.as_decimal()),
                parts(p),
                profile.name(),
                worst::pct(limit.as_decimal()),
                match profile {
                    Profile::Wechat => " (WeChat Pay's profit-sharing limit)",
                    Profile::Legal => "",
                },
            );
            if rules.base == Base::Profit {
                message.push_str("; the base is profit, and a rate on profit is at most the same rate on the paid amount, so this is the worst case (a cost of zero)");
            }
            push(Severity::Error, FindingCode::TotalAboveLimit, p.path.clone(), message, Some(p.rate_sum.to_string()), Some(limit.to_string()));
        }
        for p in plans.iter().filter(|p| !p.fixed_sum.is_zero()) {
            push(
                Severity::Error,
                FindingCode::FixedWithoutCap,
                p.path.clone(),
                format!(
                    "{} pays ¥{} per unit in fixed amounts; a discount can bring an order's paid amount down to ¥0.01, so no share of the paid amount bounds them. Set `cap` at or below {} to hold every order within the {} profile's limit{cap_note}",
                    p.path,
                    p.fixed_sum,
                    worst::pct(limit.as_decimal()),
                    profile.name(),
                ),
                Some(p.fixed_sum.to_string()),
                None,
            );
        }
    }

    let at_list = list_price_worst(rules, &plans, &prices);
    if satisfying_cap.is_none() {
        for (p, w) in plans.iter().zip(&at_list) {
            let Some(w) = w else { continue };
            let above = w.total > limit.as_decimal();
            let approx = if w.exact { "" } else { "about " };
            let mut message = format!("at list price, ¥{} fixed on {} is {approx}{}", p.fixed_sum, w.item.describe(), worst::pct(w.fixed));
            if !p.rate_sum.is_zero() {
                message.push_str(&format!(", and with {}'s rates of {} it is {approx}{}", p.path, worst::pct(p.rate_sum.as_decimal()), worst::pct(w.total)));
            }
            message.push_str(&format!(
                " of the price: {} the {} profile's {}",
                if above { "above" } else { "within" },
                profile.name(),
                worst::pct(limit.as_decimal())
            ));
            if !above {
                message.push_str(", though a discounted order can still exceed it");
            }
            let severity = if above { Severity::Error } else { Severity::Note };
            push(severity, FindingCode::FixedAtListPrice, p.path.clone(), message, Some(w.total.normalize().to_string()), Some(limit.to_string()));
        }
    }

    let worst_rate = first_max(&plans, |p| p.rate_sum);
    let any_fixed = plans.iter().any(|p| !p.fixed_sum.is_zero());
    let above_limit = plans.iter().any(|p| p.rate_sum > limit) || any_fixed;
    match rules.cap {
        Some(c) if c > limit && above_limit => {
            push(
                    Severity::Warning,
                    FindingCode::CapAboveLimit,
                    rules_path.field("cap"),
                    format!(
                        "the cap of {} is above the {} profile's {}, so it does not satisfy the total check; set it to {} or less",
                        worst::pct(c.as_decimal()),
                        profile.name(),
                        worst::pct(limit.as_decimal()),
                        worst::pct(limit.as_decimal()),
                    ),
                    Some(c.to_string()),
                    Some(limit.to_string()),
                );
        }
        Some(c) if c > limit => {}
        Some(c) => {
            let mut message = format!(
                "the cap of {} of the commission base is at or below the {} profile's {}: the commission base is at most the paid amount, and the cap holds after rounding, so every order stays within the limit",
                worst::pct(c.as_decimal()),
                profile.name(),
                worst::pct(limit.as_decimal()),
            );
            if let Some(p) = worst_rate.filter(|p| p.rate_sum > c) {
                let trims: Vec<String> = worst::trimmed(p, c)
                    .into_iter()
                    .map(|(level, take, rate)| {
                        if take == rate {
                            format!("level {level} all of its {}", worst::pct(rate))
                        } else {
                            format!("level {level} {} of its {}", worst::pct(take), worst::pct(rate))
                        }
                    })
                    .collect();
                let excess = p.rate_sum.as_decimal().checked_sub(c.as_decimal()).unwrap_or(Decimal::ZERO);
                message.push_str(&format!(
                    ". At the worst case ({}, {}) it trims {} of the base, deepest level first: {}",
                    p.path,
                    worst::pct(p.rate_sum.as_decimal()),
                    worst::pct(excess),
                    trims.join(", ")
                ));
            }
            if any_fixed {
                message.push_str(". Fixed amounts count towards the cap and are trimmed the same way, deepest level first");
            }
            push(Severity::Note, FindingCode::CapSatisfiesLimit, rules_path.field("cap"), message, Some(c.to_string()), Some(limit.to_string()));
        }
        None => {}
    }

    let worst_fixed = first_max(&plans, |p| p.fixed_sum).filter(|p| !p.fixed_sum.is_zero());
    let worst_list = at_list.iter().flatten().fold(None::<&ListPrice<'_>>, |best, w| match best {
        Some(b) if b.total >= w.total => Some(b),
        _ => Some(w),
    });
    let worst_case = WorstCase {
        paid_levels: deepest.map_or(0, |p| u32::try_from(p.depth).unwrap_or(u32::MAX)),
        paid_levels_path: deepest.map_or_else(|| rules_path.field("levels"), |p| p.path.clone()),
        rate_sum: worst_rate.map_or(Rate::ZERO, |p| p.rate_sum),
        rate_sum_path: worst_rate.map_or_else(|| rules_path.field("levels"), |p| p.path.clone()),
        fixed_per_unit: worst_fixed.map(|p| p.fixed_sum),
        fixed_per_unit_path: worst_fixed.map(|p| p.path.clone()),
        list_price_share: worst_list.map(|w| w.total.normalize().to_string()),
        list_price_path: worst_list.map(|w| w.item.path.clone()),
        cap: rules.cap,
    };
    Ok(LintReport {
        profile,
        limits: Limits { levels: u32::try_from(max_levels).unwrap_or(u32::MAX), total: limit },
        findings: out,
        worst_case,
    })
}

/// The first plan with the largest `key`, so ties go to the global levels, then to the
/// rule set's order.
fn first_max<'p, 'a, K: Ord>(plans: &'p [PlanFigures<'a>], key: impl Fn(&PlanFigures<'a>) -> K) -> Option<&'p PlanFigures<'a>> {
    let mut best: Option<&PlanFigures<'a>> = None;
    for p in plans {
        if best.is_none_or(|b| key(p) > key(b)) {
            best = Some(p);
        }
    }
    best
}

/// Who the paid levels are under self-purchase: `本人 + A + B`.
fn people(depth: usize) -> String {
    let names = ["本人", "A", "B"];
    let mut list: Vec<String> = names.iter().take(depth).map(|s| (*s).to_owned()).collect();
    for k in names.len()..depth {
        list.push(format!("upline {k}"));
    }
    list.join(" + ")
}

/// A plan's rates in words: `16% + 17% + 18%`, per-tier levels at their highest tier.
fn parts(p: &PlanFigures<'_>) -> String {
    let mut out: Vec<String> = Vec::with_capacity(p.rates.len());
    for (k, (level, l)) in p.rates.iter().zip(&p.plan.levels).enumerate() {
        let n = k.saturating_add(1);
        let text = match (l, &level.tier) {
            (crate::rules::Level::Fixed(f), _) => format!("level {n} fixed ¥{f}"),
            (_, Some(t)) => format!("level {n} {} at tier `{t}`", worst::pct(level.rate.as_decimal())),
            (_, None) => format!("level {n} {}", worst::pct(level.rate.as_decimal())),
        };
        out.push(text);
    }
    out.join(" + ")
}

/// A plan's worst catalogue item: the largest share of a list price it takes of one unit.
struct ListPrice<'c> {
    item: &'c catalogue::Priced,
    /// Fixed ÷ price, rounded up to six decimals.
    fixed: Decimal,
    /// Rates plus `fixed`.
    total: Decimal,
    /// Whether the division was exact.
    exact: bool,
}

/// For each plan (same order as `plans`), its worst catalogue item, when the plan has fixed
/// amounts and applies to a priced item. A zero price is left out: a line paid nothing earns
/// nothing, fixed amounts included.
fn list_price_worst<'c>(rules: &RuleSet, plans: &[PlanFigures<'_>], prices: &'c [catalogue::Priced]) -> Vec<Option<ListPrice<'c>>> {
    let mut out: Vec<Option<ListPrice<'c>>> = plans.iter().map(|_| None).collect();
    for item in prices {
        let Some(plan) = rules.plan_for(&item.product_id, item.sku_id.as_deref()) else { continue };
        let Some(k) = plans.iter().position(|p| std::ptr::eq(p.plan, plan)) else { continue };
        let (Some(p), Some(slot)) = (plans.get(k), out.get_mut(k)) else { continue };
        if p.fixed_sum.is_zero() {
            continue;
        }
        let Some((fixed, exact)) = worst::share_of(p.fixed_sum, item.price) else { continue };
        let Some(total) = p.rate_sum.as_decimal().checked_add(fixed) else { continue };
        if slot.as_ref().is_none_or(|w| total > w.total) {
            *slot = Some(ListPrice { item, fixed, total, exact });
        }
    }
    out
}

/// Whether becoming a distributor takes spending or buying: a spend mark above zero, or
/// eligibility by tier where the starting tier is not eligible and every eligible tier's
/// own upgrade condition cannot hold without the member's own purchases. Answers the path,
/// the reason in words and the figure.
fn pay_to_qualify(rules: &RuleSet, rules_path: &Path) -> Option<(Path, String, Option<String>)> {
    let ep = rules_path.field("eligibility");
    match &rules.eligibility.who {
        Eligible::Everyone => None,
        Eligible::Spend(mark) if mark.is_zero() => None,
        Eligible::Spend(mark) => Some((ep.field("minSpend"), format!("members become distributors only once their lifetime paid total reaches ¥{mark}"), Some(mark.to_string()))),
        Eligible::Tiers(allowed) => {
            if allowed.first().copied().unwrap_or(false) {
                return None;
            }
            let mut gated = Vec::new();
            for (k, (tier, ok)) in rules.tiers.iter().zip(allowed).enumerate() {
                if !ok {
                    continue;
                }
                match &tier.upgrade {
                    Some(c) if needs_purchase(c) => gated.push(format!("`{}` (rules.tiers[{k}].upgrade)", tier.id)),
                    _ => return None,
                }
            }
            if gated.is_empty() {
                return None;
            }
            Some((ep.field("tiers"), format!("only members of tiers {} may distribute, and reaching each of them takes the member's own purchases", gated.join(", ")), None))
        }
    }
}

/// Whether a condition cannot hold without the member's own purchases: an own paid total
/// above zero or buying a product, required by every way the tree can be met.
fn needs_purchase(c: &Condition) -> bool {
    match &c.kind {
        ConditionKind::All(list) => list.iter().any(needs_purchase),
        ConditionKind::Any(list) => !list.is_empty() && list.iter().all(needs_purchase),
        ConditionKind::Measure { metric, .. } => match metric {
            Metric::OwnPaidTotal(m) => !m.is_zero(),
            Metric::BoughtProduct(_) => true,
            _ => false,
        },
    }
}
