//! The rule set as a merchant writes it: the JSON shape, and the source of the published
//! JSON Schema. Nothing here is trusted; [`super::RuleSet::check`] turns it into checked
//! types once, and evaluation never looks at these again.
//!
//! CAUTION: these types are the public contract. Renaming a field or a variant changes
//! the schema and the rule-set hash: bump `schemaVersion` and record it in the CHANGELOG.

use crate::io::{decode::Decode, emit::Emit};
use crate::money::{MoneyText, RateText, Rounding};
use schemars::JsonSchema;

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A merchant's distribution rules.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleSetDoc {
    /// The version of this schema the rule set is written for. This engine reads `1`.
    pub schema_version: u32,
    /// Distribution switch. When off, settling pays nobody and says so in a note.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The shop's UTC offset, `±HH:MM`; days, months and quarters are counted in it. Default `+08:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// Who may distribute.
    #[serde(default)]
    pub eligibility: EligibilityDoc,
    /// How a share binds a buyer to a distributor.
    #[serde(default)]
    pub binding: BindingDoc,
    /// Commission per level: `levels[0]` is level 1 (the distributor who brought the buyer). One to three.
    pub levels: Vec<LevelDoc>,
    /// What commission is a share of.
    #[serde(default)]
    pub base: Base,
    /// Self-purchase rebate (自购返佣): an active distributor buying is their own level 1.
    #[serde(default, skip_serializing_if = "is_false")]
    pub self_purchase: bool,
    /// What happens at a member in the chain who is not an active distributor.
    #[serde(default)]
    pub broken_upline: BrokenUpline,
    /// Most total commission as a share of the order's commission base, e.g. `0.3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<RateText>,
    /// How each beneficiary's total for an order is rounded to the fen.
    #[serde(default)]
    pub rounding: Rounding,
    /// Per-product and per-SKU overrides. Products not listed follow `levels`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<ProductDoc>,
    /// Pending → frozen → available.
    #[serde(default)]
    pub lifecycle: LifecycleDoc,
    /// Withdrawal minimum and fee.
    #[serde(default)]
    pub withdrawal: WithdrawalDoc,
    /// Tiers from lowest to highest. The first is where every member starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<TierDoc>,
}

/// Who may distribute, and whether becoming a distributor needs review.
#[derive(Clone, Debug, Default, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EligibilityDoc {
    /// Everyone, members of listed tiers, or members whose lifetime paid total reached a mark.
    #[serde(default)]
    pub who: Who,
    /// With `who: "tiers"`: the tier ids that may distribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<String>>,
    /// With `who: "spend"`: the lifetime paid total needed, compared with `>=`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_spend: Option<MoneyText>,
    /// `automatic`: an eligible member is a distributor without review. `manual`: only members
    /// whose status is `active` (approved).
    #[serde(default)]
    pub approval: Approval,
}

/// Who may distribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Who {
    /// Every member.
    #[default]
    Everyone,
    /// Members whose tier is listed in `eligibility.tiers`.
    Tiers,
    /// Members whose lifetime paid total is at least `eligibility.minSpend`.
    Spend,
}

/// Automatic or reviewed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Approval {
    /// No review.
    #[default]
    Automatic,
    /// An administrator approves.
    Manual,
}

/// Binding (绑定) settings.
#[derive(Clone, Debug, Default, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BindingDoc {
    /// Which share binds.
    #[serde(default)]
    pub mode: BindingMode,
    /// With `newUser`: a buyer registered at most this many hours before the share counts as new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_user_window_hours: Option<u64>,
    /// A binding holds for this many days; after that a new share may rebind. Absent: a first-share
    /// binding holds forever and a latest-share binding not at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u64>,
}

/// Which share binds a buyer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum BindingMode {
    /// 首次绑定: the first share binds; later shares do not (until the validity period ends).
    #[default]
    FirstShare,
    /// 注册绑定: only a buyer who registered within `newUserWindowHours` before the share binds.
    NewUser,
    /// 覆盖绑定: every new share rebinds (outside the validity period, if one is set).
    LatestShare,
}

/// One level's commission: exactly one of `rate`, `fixed` or `tierRates`.
#[derive(Clone, Debug, Default, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LevelDoc {
    /// A share of the line's base, e.g. `0.16`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateText>,
    /// A fixed amount per unit sold (multiplied by quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<MoneyText>,
    /// A rate per beneficiary tier; every tier of the rule set must be listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_rates: Option<Vec<TierRateDoc>>,
}

/// The rate a beneficiary of one tier earns at one level.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierRateDoc {
    /// A tier id from `tiers`.
    pub tier: String,
    /// The rate.
    pub rate: RateText,
}

/// What commission is a share of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Base {
    /// The line's paid amount: list price × quantity less its share of order discounts.
    #[default]
    Paid,
    /// The paid amount less cost × quantity, not below zero. Every line needs a `cost`.
    Profit,
}

/// What happens at a member in the chain who is not an active distributor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum BrokenUpline {
    /// Their level is not paid; the levels above are paid as usual.
    #[default]
    Forfeit,
    /// They are skipped and the next active distributor up takes their level.
    Compress,
}

/// A product's override.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductDoc {
    /// The product id, as orders carry it.
    pub product_id: String,
    /// Opt out, inherit the global levels, or own levels.
    pub mode: OverrideMode,
    /// With `own`: this product's levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<LevelDoc>>,
    /// Per-SKU overrides within the product.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<SkuDoc>,
}

/// A SKU's override.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SkuDoc {
    /// The SKU id, as order lines carry it.
    pub sku_id: String,
    /// Opt out, inherit the product's setting, or own levels.
    pub mode: OverrideMode,
    /// With `own`: this SKU's levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<LevelDoc>>,
}

/// How an override relates to what is above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum OverrideMode {
    /// No commission; the line still absorbs its share of order discounts.
    OptOut,
    /// Use the setting one step up (SKU → product → global).
    Inherit,
    /// Use `levels` given here.
    Own,
}

/// The after-sales window.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LifecycleDoc {
    /// Days commission stays frozen after the order completes. Default 7.
    #[serde(default = "seven")]
    pub frozen_days: u64,
}

fn seven() -> u64 {
    7
}

impl Default for LifecycleDoc {
    fn default() -> Self {
        LifecycleDoc { frozen_days: 7 }
    }
}

/// Withdrawal (提现) settings.
#[derive(Clone, Debug, Default, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawalDoc {
    /// The smallest amount that may be requested (`>=`). Default `0.00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<MoneyText>,
    /// The fee as a share of the requested amount. Default `0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_rate: Option<RateText>,
    /// How the fee is rounded to the fen. Default `down`.
    #[serde(default)]
    pub fee_rounding: Rounding,
    /// The smallest fee charged. Default `0.00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_fee: Option<MoneyText>,
}

/// One tier (等级).
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierDoc {
    /// Unique id, as members carry it.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What reaching this tier takes. The first tier has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<ConditionDoc>,
    /// `automatic`: reached means upgraded. `manual`: reached means awaiting approval.
    #[serde(default)]
    pub approval: Approval,
    /// What keeping this tier takes, checked at each period's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<RetentionDoc>,
}

/// A retention rule: the condition must hold over each period, or the member drops one tier.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetentionDoc {
    /// The period checked at its end.
    pub period: Period,
    /// What must hold over the period. Windows inside it are replaced by the period.
    pub condition: ConditionDoc,
}

/// A calendar period in the rule set's offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Period {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
}

/// An upgrade or retention condition: a group (`all`, `any` with `of`) or a measured fact.
/// Which other fields a condition takes depends on its `type`:
///
/// | type | fields |
/// |---|---|
/// | `all`, `any` | `of` |
/// | `commissionEarned`, `ownPaidTotal` | `atLeast` (money), `window` |
/// | `teamPaidTotal` | `atLeast` (money), `depth` (1–3, default 1), `includeSelf` (default false), `window` |
/// | `boughtProduct` | `products`, `window` |
/// | `directRecruits` | `atLeast` (count), `window` |
/// | `recruitsAtTier` | `tier`, `atLeast` (count), `window` |
///
/// A flat record rather than a tagged union, so that every error keeps its full path.
#[derive(Clone, Debug, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConditionDoc {
    /// What kind of condition.
    #[serde(rename = "type")]
    pub kind: ConditionType,
    /// With `all` and `any`: the conditions grouped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Vec<ConditionDoc>>,
    /// The mark: money for totals (`"500.00"`), a whole number for counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Mark>,
    /// With `teamPaidTotal`: how many levels below the member count (1 = direct recruits' orders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<u64>,
    /// With `teamPaidTotal`: whether the member's own orders count too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_self: Option<bool>,
    /// With `boughtProduct`: product ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    /// With `recruitsAtTier`: a tier id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// When a measured fact is measured. Default all time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowDoc>,
}

/// Kinds of condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum ConditionType {
    /// Every condition in `of` holds.
    All,
    /// At least one condition in `of` holds.
    Any,
    /// Commission earned in the window is at least `atLeast`.
    CommissionEarned,
    /// The member's own paid orders in the window total at least `atLeast`.
    OwnPaidTotal,
    /// The team's paid orders (down to `depth` levels) total at least `atLeast`.
    TeamPaidTotal,
    /// The member bought at least one of `products` in the window.
    BoughtProduct,
    /// At least `atLeast` direct recruits joined in the window.
    DirectRecruits,
    /// At least `atLeast` direct recruits who joined in the window now hold `tier` or higher.
    RecruitsAtTier,
}

/// A condition's mark: money text for totals, a JSON integer for counts. Checked against
/// the condition's type during validation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[cfg_attr(feature = "serialize", serde(transparent))]
pub struct Mark(pub serde_json::Value);

impl crate::io::emit::Emit for Mark {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        crate::io::emit::Emit::emit(&self.0, w);
    }
}

impl<'j> crate::io::decode::Decode<'j> for Mark {
    fn decode(
        v: crate::io::json::Json<'j>,
        _: &crate::io::decode::Loc<'_>,
        _: &mut crate::error::Errors,
    ) -> Option<Self> {
        Some(Mark(v.to_value()))
    }
}

impl JsonSchema for Mark {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Mark".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                {"type": "string", "pattern": "^(0|[1-9][0-9]{0,12})(\\.[0-9]{1,2})?$", "description": "Money, for totals."},
                {"type": "integer", "minimum": 0, "description": "A count, for recruits."}
            ]
        })
    }
}

/// When a condition is measured, in whole days of the rule set's offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WindowDoc {
    /// Which window.
    pub kind: WindowKind,
    /// With `lastDays`: how many days, today included (1 to 3660).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u64>,
}

/// Kinds of window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum WindowKind {
    /// Everything up to now.
    #[default]
    AllTime,
    /// Today and the `days − 1` days before it.
    LastDays,
    /// The calendar month to date.
    Month,
    /// The calendar quarter to date.
    Quarter,
}
