//! The lint's public shapes: its arguments and its answer. CAUTION: these types are the
//! public contract (the JSON Schema is generated from them); renaming a field or a finding
//! code breaks callers that branch on it, so record any change in the CHANGELOG.

use super::catalogue::CatalogueProduct;
use super::profile::Profile;
use crate::error::Path;
use crate::io::{decode::Decode, emit::Emit};
use crate::money::{Money, Rate};
use schemars::JsonSchema;

/// Arguments of `lint`.
#[derive(Clone, Debug, Default, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
/// `docs/SEMANTICS.md` defines each one with its path and figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
    /// Half-up rounding without a cap at or below the limit: rounding can take a small
    /// order's total just above the limit even when the rates are within it.
    RoundingAboveLimit,
    /// The configured cap is above the profile's total, so it does not satisfy it.
    CapAboveLimit,
    /// The configured cap is at or below the profile's total, so every order stays within it.
    CapSatisfiesLimit,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Most paid levels, the buyer counted under self-purchase.
    pub levels: u32,
    /// Most total commission as a share of the order's paid amount.
    pub total: Rate,
}

/// The worst case over every plan and tier, whether or not it breaks the line; the figures
/// describe the rules as written, before any cap.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
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
