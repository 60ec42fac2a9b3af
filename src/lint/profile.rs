//! Compliance profiles: which line a rule set is held to. The figures come from the seeds:
//! WeChat Pay's profit-sharing limit of 30% (seed 001) and WeChat's two levels including the
//! distributor (seed 000), and the legal line of three levels, 本人 + A + B, with at most
//! 50% rebated (seed 000). They are part of the contract: changing one changes findings.

use super::Severity;
use crate::io::{decode::Decode, emit::Emit};
use crate::money::Rate;
use schemars::JsonSchema;

/// The line a rule set is held to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Profile {
    /// WeChat's platform rules, the stricter line and the default because a mini-program shop
    /// that breaks them loses WeChat Pay: at most 2 paid levels including the distributor,
    /// total commission at most 30% of the paid amount (the profit-sharing limit), and no
    /// fee or purchase to become a distributor (an error).
    #[default]
    Wechat,
    /// The legal line the seeds state: at most 3 paid levels (本人 + A + B), total rebate at
    /// most 50%; pay-to-qualify is a warning.
    Legal,
}

impl Profile {
    /// The most paid levels allowed, counting the buyer under self-purchase.
    pub fn max_levels(self) -> usize {
        match self {
            Profile::Wechat => 2,
            Profile::Legal => 3,
        }
    }

    /// The most total commission allowed, as a share of the order's paid amount.
    pub fn max_total(self) -> Rate {
        // Both texts are valid rates; the fallback is never taken.
        let text = match self {
            Profile::Wechat => "0.3",
            Profile::Legal => "0.5",
        };
        Rate::parse(text).unwrap_or(Rate::ZERO)
    }

    /// How serious a pay-to-qualify rule is: WeChat names it as a violation; the law
    /// as the seeds state it does not, but it is the mark of a pyramid scheme.
    pub fn pay_to_qualify(self) -> Severity {
        match self {
            Profile::Wechat => Severity::Error,
            Profile::Legal => Severity::Warning,
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Wechat => "wechat",
            Profile::Legal => "legal",
        }
    }
}
