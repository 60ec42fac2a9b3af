//! Compliance lint: holds a checked rule set to a profile's line (WeChat's platform rules
//! or the legal line the seeds state) and reports each problem with its path in the rule set
//! and the worst-case figure behind it. Findings are results, not refusals: a merchant may
//! save a rule set that breaks a line, and the admin page shows why it should not.
//!
//! The worst case is taken over every plan the rule set can apply (the global levels, each
//! product's and each SKU's own levels) and every tier, against the order's paid amount.
//! `docs/SEMANTICS.md` states the computation and every finding code.

mod catalogue;
mod profile;
mod qualify;
mod report;
mod worst;

pub use catalogue::{CatalogueProduct, CatalogueSku};
pub use profile::Profile;
pub use report::{Finding, FindingCode, Limits, LintArgs, LintReport, Severity, WorstCase};

use crate::error::{Errors, Path};
use crate::money::{Rate, Rounding};
use crate::rules::{Base, RuleSet};
use rust_decimal::Decimal;
use worst::PlanFigures;

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
    let mut push = |severity,
                    code,
                    path: Path,
                    message: String,
                    figure: Option<String>,
                    limit: Option<String>| {
        out.push(Finding {
            severity,
            code,
            path,
            message,
            figure,
            limit,
        });
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

    if let Some((path, message, figure)) = qualify::pay_to_qualify(rules, &rules_path) {
        let why = match profile {
            Profile::Wechat => "WeChat names making people pay a fee or buy goods to qualify as a violation",
            Profile::Legal => "the legal line allows it, but it is the mark of a pyramid scheme and WeChat names it as a violation",
        };
        push(
            profile.pay_to_qualify(),
            FindingCode::PayToQualify,
            path,
            format!("{message}: that is paying to qualify as a distributor; {why}"),
            figure,
            None,
        );
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
        push(
            Severity::Error,
            FindingCode::TooManyLevels,
            p.path.index(max_levels),
            message,
            Some(p.depth.to_string()),
            Some(max_levels.to_string()),
        );
    }

    let deepest = first_max(&plans, |p| p.depth);
    if rules.self_purchase {
        if let Some(p) = deepest.filter(|p| p.depth > 0) {
            push(
                Severity::Note,
                FindingCode::SelfPurchaseLevel,
                rules_path.field("selfPurchase"),
                format!(
                    "self-purchase is on: a distributor buying for themself is level 1 (本人) and their upline takes level 2 onwards, so the buyer counts as one of the paid levels and self-purchase adds none: {} paid levels are {}, {} the {} profile's {max_levels}",
                    p.depth,
                    people(p.depth),
                    if p.depth > max_levels { "beyond" } else { "within" },
                    profile.name(),
                ),
                Some(p.depth.to_string()),
                Some(max_levels.to_string()),
            );
        }
    }

    let cap_note = match rules.cap {
        Some(c) if c > limit => format!(
            "; the cap of {} is above the limit, so it does not bring the total within it",
            worst::pct(c.as_decimal())
        ),
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
            push(
                Severity::Error,
                FindingCode::TotalAboveLimit,
                p.path.clone(),
                message,
                Some(p.rate_sum.to_string()),
                Some(limit.to_string()),
            );
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

    let at_list = catalogue::list_price_worst(rules, &plans, &prices);
    if satisfying_cap.is_none() {
        for (p, w) in plans.iter().zip(&at_list) {
            let Some(w) = w else { continue };
            let above = w.total > limit.as_decimal();
            let approx = if w.exact { "" } else { "about " };
            let mut message = format!(
                "at list price, ¥{} fixed on {} is {approx}{}",
                p.fixed_sum,
                w.item.describe(),
                worst::pct(w.fixed)
            );
            if !p.rate_sum.is_zero() {
                message.push_str(&format!(
                    ", and with {}'s rates of {} it is {approx}{}",
                    p.path,
                    worst::pct(p.rate_sum.as_decimal()),
                    worst::pct(w.total)
                ));
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
            let severity = if above {
                Severity::Error
            } else {
                Severity::Note
            };
            push(
                severity,
                FindingCode::FixedAtListPrice,
                p.path.clone(),
                message,
                Some(w.total.normalize().to_string()),
                Some(limit.to_string()),
            );
        }
    }

    let worst_rate = first_max(&plans, |p| p.rate_sum);
    if satisfying_cap.is_none()
        && rules.rounding == Rounding::HalfUp
        && worst_rate.is_some_and(|p| !p.rate_sum.is_zero())
    {
        push(
            Severity::Warning,
            FindingCode::RoundingAboveLimit,
            rules_path.field("rounding"),
            format!(
                "rounding is half-up, which can add up to half a fen per beneficiary, so an order's total can end a fen above {} of the paid amount even when the rates are within it; a cap at or below {} holds after rounding",
                worst::pct(limit.as_decimal()),
                worst::pct(limit.as_decimal()),
            ),
            None,
            None,
        );
    }
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
                            format!(
                                "level {level} {} of its {}",
                                worst::pct(take),
                                worst::pct(rate)
                            )
                        }
                    })
                    .collect();
                let excess = p
                    .rate_sum
                    .as_decimal()
                    .checked_sub(c.as_decimal())
                    .unwrap_or(Decimal::ZERO);
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
            push(
                Severity::Note,
                FindingCode::CapSatisfiesLimit,
                rules_path.field("cap"),
                message,
                Some(c.to_string()),
                Some(limit.to_string()),
            );
        }
        None => {}
    }

    let worst_fixed = first_max(&plans, |p| p.fixed_sum).filter(|p| !p.fixed_sum.is_zero());
    let worst_list = at_list
        .iter()
        .flatten()
        .fold(None::<&catalogue::ListPrice<'_>>, |best, w| match best {
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
        limits: Limits {
            levels: u32::try_from(max_levels).unwrap_or(u32::MAX),
            total: limit,
        },
        findings: out,
        worst_case,
    })
}

/// The first plan with the largest `key`, so ties go to the global levels, then to the
/// rule set's order.
fn first_max<'p, 'a, K: Ord>(
    plans: &'p [PlanFigures<'a>],
    key: impl Fn(&PlanFigures<'a>) -> K,
) -> Option<&'p PlanFigures<'a>> {
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
            (_, Some(t)) => format!(
                "level {n} {} at tier `{t}`",
                worst::pct(level.rate.as_decimal())
            ),
            (_, None) => format!("level {n} {}", worst::pct(level.rate.as_decimal())),
        };
        out.push(text);
    }
    out.join(" + ")
}
