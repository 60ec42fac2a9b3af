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
///
/// The findings come in a fixed order, one step each: the switch, paying to qualify, levels,
/// self-purchase, the total against the limit, fixed amounts at list price, rounding, the
/// cap; then the worst case that sums them up.
pub fn lint(rules: &RuleSet, args: LintArgs) -> Result<LintReport, Errors> {
    let prices = match &args.catalogue {
        Some(list) => catalogue::check(list, &Path::root().field("catalogue"))?,
        None => Vec::new(),
    };
    let plans = worst::plans(rules)?;
    let mut l = Lint::new(rules, args.profile, &plans);
    l.switch_off();
    l.pay_to_qualify();
    l.too_many_levels();
    l.self_purchase();
    let at_list = catalogue::list_price_worst(rules, &plans, &prices);
    if l.satisfying_cap.is_none() {
        l.total_above_limit();
        l.fixed_without_cap();
        l.fixed_at_list_price(&at_list);
        l.rounding();
    }
    l.cap();
    let worst_case = worst::summary(rules, &plans, &at_list, &l.rules_path);
    Ok(LintReport {
        profile: l.profile,
        limits: Limits {
            levels: u32::try_from(l.max_levels).unwrap_or(u32::MAX),
            total: l.limit,
        },
        findings: l.findings,
        worst_case,
    })
}

/// What every step reads, and the findings so far.
struct Lint<'r, 'p> {
    rules: &'r RuleSet,
    profile: Profile,
    plans: &'p [PlanFigures<'r>],
    max_levels: usize,
    limit: Rate,
    /// The cap, when it is at or below the limit: then the total is held by it.
    satisfying_cap: Option<Rate>,
    rules_path: Path,
    findings: Vec<Finding>,
}

impl<'r, 'p> Lint<'r, 'p> {
    fn new(rules: &'r RuleSet, profile: Profile, plans: &'p [PlanFigures<'r>]) -> Self {
        let limit = profile.max_total();
        Lint {
            rules,
            profile,
            plans,
            max_levels: profile.max_levels(),
            limit,
            satisfying_cap: rules.cap.filter(|c| *c <= limit),
            rules_path: Path::root().field("rules"),
            findings: Vec::new(),
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        code: FindingCode,
        path: Path,
        message: String,
        figure: Option<String>,
        limit: Option<String>,
    ) {
        self.findings.push(Finding {
            severity,
            code,
            path,
            message,
            figure,
            limit,
        });
    }

    /// `limit` as a percentage, the way every message writes it.
    fn limit_pct(&self) -> String {
        worst::pct(self.limit.as_decimal())
    }

    fn switch_off(&mut self) {
        if !self.rules.enabled {
            self.push(
                Severity::Note,
                FindingCode::DistributionOff,
                self.rules_path.field("enabled"),
                "distribution is switched off, so nothing is paid now; the other findings describe what these rules pay once it is switched on".to_owned(),
                None,
                None,
            );
        }
    }

    fn pay_to_qualify(&mut self) {
        let Some((path, message, figure)) = qualify::pay_to_qualify(self.rules, &self.rules_path)
        else {
            return;
        };
        let why = match self.profile {
            Profile::Wechat => "WeChat names making people pay a fee or buy goods to qualify as a violation",
            Profile::Legal => "the legal line allows it, but it is the mark of a pyramid scheme and WeChat names it as a violation",
        };
        self.push(
            self.profile.pay_to_qualify(),
            FindingCode::PayToQualify,
            path,
            format!("{message}: that is paying to qualify as a distributor; {why}"),
            figure,
            None,
        );
    }

    fn too_many_levels(&mut self) {
        let max_levels = self.max_levels;
        for p in self.plans.iter().filter(|p| p.depth > max_levels) {
            let mut message = format!(
                "{} pays {} levels; the {} profile allows at most {max_levels} ({}), so level {} is beyond it",
                p.path,
                p.depth,
                self.profile.name(),
                match self.profile {
                    Profile::Wechat => "WeChat allows two levels including the distributor",
                    Profile::Legal => "the legal line is three: 本人 + A + B",
                },
                max_levels.saturating_add(1),
            );
            if self.rules.self_purchase {
                message.push_str(&format!(". With self-purchase on, a distributor buying for themself counts as level 1 (本人), so these are {}", people(p.depth)));
            }
            self.push(
                Severity::Error,
                FindingCode::TooManyLevels,
                p.path.index(max_levels),
                message,
                Some(p.depth.to_string()),
                Some(max_levels.to_string()),
            );
        }
    }

    fn self_purchase(&mut self) {
        if !self.rules.self_purchase {
            return;
        }
        let Some(p) = worst::first_max(self.plans, |p| p.depth).filter(|p| p.depth > 0) else {
            return;
        };
        let max_levels = self.max_levels;
        self.push(
            Severity::Note,
            FindingCode::SelfPurchaseLevel,
            self.rules_path.field("selfPurchase"),
            format!(
                "self-purchase is on: a distributor buying for themself is level 1 (本人) and their upline takes level 2 onwards, so the buyer counts as one of the paid levels and self-purchase adds none: {} paid levels are {}, {} the {} profile's {max_levels}",
                p.depth,
                people(p.depth),
                if p.depth > max_levels { "beyond" } else { "within" },
                self.profile.name(),
            ),
            Some(p.depth.to_string()),
            Some(max_levels.to_string()),
        );
    }

    /// The tail every total message ends with when a cap is set above the limit.
    fn cap_note(&self) -> String {
        match self.rules.cap {
            Some(c) if c > self.limit => format!(
                "; the cap of {} is above the limit, so it does not bring the total within it",
                worst::pct(c.as_decimal())
            ),
            _ => String::new(),
        }
    }

    fn total_above_limit(&mut self) {
        let cap_note = self.cap_note();
        let limit = self.limit;
        for p in self.plans.iter().filter(|p| p.rate_sum > limit) {
            let mut message = format!(
                "{} adds up to {} of the paid amount at worst ({}), above the {} profile's {}{}{cap_note}",
                p.path,
                worst::pct(p.rate_sum.as_decimal()),
                parts(p),
                self.profile.name(),
                self.limit_pct(),
                match self.profile {
                    Profile::Wechat => " (WeChat Pay's profit-sharing limit)",
                    Profile::Legal => "",
                },
            );
            if self.rules.base == Base::Profit {
                message.push_str("; the base is profit, and a rate on profit is at most the same rate on the paid amount, so this is the worst case (a cost of zero)");
            }
            self.push(
                Severity::Error,
                FindingCode::TotalAboveLimit,
                p.path.clone(),
                message,
                Some(p.rate_sum.to_string()),
                Some(limit.to_string()),
            );
        }
    }

    fn fixed_without_cap(&mut self) {
        let cap_note = self.cap_note();
        for p in self.plans.iter().filter(|p| !p.fixed_sum.is_zero()) {
            let message = format!(
                "{} pays ¥{} per unit in fixed amounts; a discount can bring an order's paid amount down to ¥0.01, so no share of the paid amount bounds them. Set `cap` at or below {} to hold every order within the {} profile's limit{cap_note}",
                p.path,
                p.fixed_sum,
                self.limit_pct(),
                self.profile.name(),
            );
            self.push(
                Severity::Error,
                FindingCode::FixedWithoutCap,
                p.path.clone(),
                message,
                Some(p.fixed_sum.to_string()),
                None,
            );
        }
    }

    fn fixed_at_list_price(&mut self, at_list: &[Option<catalogue::ListPrice<'_>>]) {
        for (p, w) in self.plans.iter().zip(at_list) {
            let Some(w) = w else { continue };
            let above = w.total > self.limit.as_decimal();
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
                self.profile.name(),
                self.limit_pct()
            ));
            if !above {
                message.push_str(", though a discounted order can still exceed it");
            }
            let severity = if above {
                Severity::Error
            } else {
                Severity::Note
            };
            let (figure, limit) = (w.total.normalize().to_string(), self.limit.to_string());
            self.push(
                severity,
                FindingCode::FixedAtListPrice,
                p.path.clone(),
                message,
                Some(figure),
                Some(limit),
            );
        }
    }

    fn rounding(&mut self) {
        let worst_rate = worst::first_max(self.plans, |p| p.rate_sum);
        if self.rules.rounding != Rounding::HalfUp
            || worst_rate.is_none_or(|p| p.rate_sum.is_zero())
        {
            return;
        }
        self.push(
            Severity::Warning,
            FindingCode::RoundingAboveLimit,
            self.rules_path.field("rounding"),
            format!(
                "rounding is half-up, which can add up to half a fen per beneficiary, so an order's total can end a fen above {} of the paid amount even when the rates are within it; a cap at or below {} holds after rounding",
                self.limit_pct(),
                self.limit_pct(),
            ),
            None,
            None,
        );
    }

    fn cap(&mut self) {
        let Some(c) = self.rules.cap else { return };
        let limit = self.limit;
        let any_fixed = self.plans.iter().any(|p| !p.fixed_sum.is_zero());
        let above_limit = self.plans.iter().any(|p| p.rate_sum > limit) || any_fixed;
        if c > limit && above_limit {
            self.push(
                Severity::Warning,
                FindingCode::CapAboveLimit,
                self.rules_path.field("cap"),
                format!(
                    "the cap of {} is above the {} profile's {}, so it does not satisfy the total check; set it to {} or less",
                    worst::pct(c.as_decimal()),
                    self.profile.name(),
                    self.limit_pct(),
                    self.limit_pct(),
                ),
                Some(c.to_string()),
                Some(limit.to_string()),
            );
        } else if c <= limit {
            let message = self.cap_satisfies(c, any_fixed);
            self.push(
                Severity::Note,
                FindingCode::CapSatisfiesLimit,
                self.rules_path.field("cap"),
                message,
                Some(c.to_string()),
                Some(limit.to_string()),
            );
        }
    }

    /// Why a cap at or below the limit holds every order, and what it trims at worst.
    fn cap_satisfies(&self, c: Rate, any_fixed: bool) -> String {
        let mut message = format!(
            "the cap of {} of the commission base is at or below the {} profile's {}: the commission base is at most the paid amount, and the cap holds after rounding, so every order stays within the limit",
            worst::pct(c.as_decimal()),
            self.profile.name(),
            self.limit_pct(),
        );
        let worst_rate = worst::first_max(self.plans, |p| p.rate_sum);
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
        message
    }
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
