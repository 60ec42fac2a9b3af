//! Rule sets: the merchant's document ([`doc`]), checked once into [`RuleSet`] ([`check`]),
//! and named by a content hash ([`canonical`]). Evaluation works only on checked types, so
//! no rule is re-validated on the hot path and every figure can name the rules behind it.

pub mod canonical;
pub mod check;
pub mod doc;

use crate::io::emit::Emit;
use crate::io::ids::ById;
use crate::money::time::UtcOffset;
use crate::money::{Money, Rate, Rounding};
pub use doc::{Approval, Base, BindingMode, BrokenUpline, Period, RuleSetDoc, Who};

/// The schema version this engine reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A checked rule set: every amount parsed, every reference resolved, every limit held.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub(crate) normalized: RuleSetDoc,
    pub(crate) hash: String,
    /// Distribution switch.
    pub enabled: bool,
    /// The shop's offset for days, months and quarters.
    pub offset: UtcOffset,
    /// Who may distribute.
    pub eligibility: Eligibility,
    /// How shares bind buyers.
    pub binding: Binding,
    /// The global commission levels.
    pub plan: Plan,
    /// Paid amount or profit.
    pub base: Base,
    /// Self-purchase rebate.
    pub self_purchase: bool,
    /// Forfeit or compress.
    pub broken_upline: BrokenUpline,
    /// Cap on total commission as a share of the order's commission base.
    pub cap: Option<Rate>,
    /// Rounding of each beneficiary's total.
    pub rounding: Rounding,
    /// Overrides by product id.
    pub products: ById<ProductRule>,
    /// Days frozen after completion.
    pub frozen_days: u32,
    /// Withdrawal minimum and fee.
    pub withdrawal: Withdrawal,
    /// Tiers, lowest first; members refer to them by index.
    pub tiers: Vec<Tier>,
}

impl RuleSet {
    /// The simplest valid rule set (one level at rate 0), against which a command's
    /// arguments are still checked for malformed figures when the real rules are refused.
    pub fn stand_in() -> Result<RuleSet, crate::error::Errors> {
        let doc = RuleSetDoc {
            schema_version: SCHEMA_VERSION,
            enabled: true,
            utc_offset: None,
            eligibility: doc::EligibilityDoc::default(),
            binding: doc::BindingDoc::default(),
            levels: vec![doc::LevelDoc {
                rate: Some(crate::money::RateText("0".to_owned())),
                fixed: None,
                tier_rates: None,
            }],
            base: Base::Paid,
            self_purchase: false,
            broken_upline: BrokenUpline::Forfeit,
            cap: None,
            rounding: Rounding::Down,
            products: Vec::new(),
            lifecycle: doc::LifecycleDoc::default(),
            withdrawal: doc::WithdrawalDoc::default(),
            tiers: Vec::new(),
        };
        RuleSet::check(doc, &crate::error::Path::root().field("rules"))
    }

    /// The content hash, `sha256:` and 64 hex digits, of the canonical form.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The rule set with every default written out and every figure in its canonical form.
    pub fn normalized(&self) -> &RuleSetDoc {
        &self.normalized
    }

    /// The index of the tier with this id.
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }

    /// The tier's id, for output.
    pub fn tier_id(&self, index: Option<usize>) -> Option<&str> {
        index.and_then(|i| self.tiers.get(i)).map(|t| t.id.as_str())
    }

    /// The levels that apply to a line, or `None` when it has opted out.
    pub fn plan_for(&self, product_id: &str, sku_id: Option<&str>) -> Option<&Plan> {
        let Some(product) = self.products.get(product_id) else {
            return Some(&self.plan);
        };
        let product_plan = match &product.rule {
            LineRule::OptOut => None,
            LineRule::Inherit => Some(&self.plan),
            LineRule::Own(p) => Some(p),
        };
        match sku_id.and_then(|s| product.skus.get(s)) {
            None | Some(LineRule::Inherit) => product_plan,
            Some(LineRule::OptOut) => None,
            Some(LineRule::Own(p)) => Some(p),
        }
    }

    /// The levels a line is paid by: none when distribution is switched off or the line
    /// opted out. Settlement and previews both ask this, so they cannot disagree.
    pub fn paying_plan_for(&self, product_id: &str, sku_id: Option<&str>) -> Option<&Plan> {
        if self.enabled {
            self.plan_for(product_id, sku_id)
        } else {
            None
        }
    }

    /// Every plan the rule set can apply, with the path of its `levels` in the rule set
    /// (for the compliance lint's worst case).
    pub fn all_plans(&self) -> Vec<(String, &Plan)> {
        let mut out = vec![("rules.levels".to_owned(), &self.plan)];
        for (i, doc) in self.normalized.products.iter().enumerate() {
            let Some(product) = self.products.get(&doc.product_id) else {
                continue;
            };
            if let LineRule::Own(p) = &product.rule {
                out.push((format!("rules.products[{i}].levels"), p));
            }
            for (j, sku) in doc.skus.iter().enumerate() {
                if let Some(LineRule::Own(p)) = product.skus.get(&sku.sku_id) {
                    out.push((format!("rules.products[{i}].skus[{j}].levels"), p));
                }
            }
        }
        out
    }
}

/// Who may distribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    /// The test a member must pass.
    pub who: Eligible,
    /// Whether an eligible member needs approval.
    pub approval: Approval,
}

/// The eligibility test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Eligible {
    /// Every member.
    Everyone,
    /// Members of these tiers (`true` at a tier's index).
    Tiers(Vec<bool>),
    /// Members whose lifetime paid total is at least this.
    Spend(Money),
}

/// Binding settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// Which share binds.
    pub mode: BindingMode,
    /// With `NewUser`: hours after registration a share still binds.
    pub new_user_window_hours: u32,
    /// Days a binding holds before a new share may rebind.
    pub validity_days: Option<u32>,
}

/// Commission levels, level 1 first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// One to three levels.
    pub levels: Vec<Level>,
}

/// One level's commission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    /// A share of the line's base.
    Rate(Rate),
    /// A fixed amount per unit.
    Fixed(Money),
    /// A share of the base that depends on the beneficiary's tier (by tier index).
    TierRates(Vec<Rate>),
}

/// A product's or SKU's relation to the levels above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineRule {
    /// No commission.
    OptOut,
    /// As the step above.
    Inherit,
    /// Its own levels.
    Own(Plan),
}

/// A product override with its SKU overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRule {
    /// The product's own rule.
    pub rule: LineRule,
    /// SKU rules by SKU id.
    pub skus: ById<LineRule>,
}

/// Withdrawal settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// Smallest request.
    pub minimum: Money,
    /// Fee share.
    pub fee_rate: Rate,
    /// Fee rounding.
    pub fee_rounding: Rounding,
    /// Smallest fee.
    pub minimum_fee: Money,
}

/// A checked tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Upgrade condition; `None` for the first tier.
    pub upgrade: Option<Condition>,
    /// Whether reaching it needs approval.
    pub approval: Approval,
    /// Retention rule.
    pub retention: Option<Retention>,
}

/// A checked retention rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The period checked.
    pub period: Period,
    /// What must hold over it.
    pub condition: Condition,
}

/// A checked condition tree. `path` is where it stands in the rule set, for progress output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// Where this condition is written, e.g. `rules.tiers[1].upgrade.of[0]`.
    pub path: String,
    /// Group or measure.
    pub kind: ConditionKind,
}

/// A group or a measured fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    /// All must hold.
    All(Vec<Condition>),
    /// One must hold.
    Any(Vec<Condition>),
    /// A fact measured over a window.
    Measure {
        /// What is measured and the mark.
        metric: Metric,
        /// When.
        window: Window,
    },
}

/// What a condition measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Commission earned ≥ mark.
    CommissionEarned(Money),
    /// Own paid orders ≥ mark.
    OwnPaidTotal(Money),
    /// Team paid orders ≥ mark.
    TeamPaidTotal {
        /// The mark.
        at_least: Money,
        /// Levels below the member that count (1–3).
        depth: u32,
        /// Whether the member's own orders count.
        include_self: bool,
    },
    /// Bought one of these products.
    BoughtProduct(Vec<String>),
    /// Direct recruits ≥ count.
    DirectRecruits(u32),
    /// Direct recruits at or above a tier ≥ count.
    RecruitsAtTier {
        /// Tier index.
        tier: usize,
        /// The count.
        at_least: u32,
    },
}

/// A measuring window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Everything up to now.
    AllTime,
    /// Today and the n − 1 days before.
    LastDays(u32),
    /// Calendar month to date.
    Month,
    /// Calendar quarter to date.
    Quarter,
}

/// The answer of `validate`.
#[derive(Clone, Debug, schemars::JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Validated<'a> {
    /// The schema version read.
    pub schema_version: u32,
    /// The rule set with every default written out and figures in canonical form.
    pub normalized: &'a RuleSetDoc,
}

impl<'a> Validated<'a> {
    /// The answer for `rules`.
    pub fn of(rules: &'a RuleSet) -> Self {
        Validated {
            schema_version: SCHEMA_VERSION,
            normalized: &rules.normalized,
        }
    }
}

/// The answer of `hash`.
#[derive(Clone, Debug, schemars::JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Hashed {
    /// The canonical text the hash is taken over.
    pub canonical: String,
}

impl Hashed {
    /// The answer for `rules`.
    pub fn of(rules: &RuleSet) -> Self {
        Hashed {
            canonical: canonical::text(&rules.normalized),
        }
    }
}
