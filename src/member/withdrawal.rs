//! Withdrawal (提现): whether a distributor may take out an amount, the fee the shop keeps
//! and the net paid to them. The mini-program shows the quote before the request and the
//! server pays from it, so the fee is rounded once, by the rule set's own rounding, in
//! exactly the steps `docs/SEMANTICS.md` lists.

use crate::error::{Errors, Path};
use crate::io::{decode::Decode, emit::Emit};
use crate::money::{Exact, Money, MoneyText};
use crate::rules::RuleSet;
use schemars::JsonSchema;

/// Arguments of `withdraw`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawArgs {
    /// The amount the distributor asks to withdraw (before the fee).
    pub amount: MoneyText,
    /// Their available balance (from `status`, summed over orders by the caller); a request
    /// above it is refused.
    pub available: MoneyText,
}

/// Why a request was refused. The names are stable: callers branch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum WithdrawRefusal {
    /// The requested amount is `0.00`.
    Zero,
    /// The requested amount is below `rules.withdrawal.minimum`.
    BelowMinimum,
    /// The requested amount is above the available balance.
    AboveAvailable,
}

/// The answer of `withdraw`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalQuote {
    /// The requested amount, echoed.
    pub amount: Money,
    /// The fee kept by the shop; `0.00` when refused.
    pub fee: Money,
    /// `amount × feeRate` before rounding, for explanations; present only when allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_exact: Option<Exact>,
    /// What the distributor receives: `amount − fee`; `0.00` when refused, so a caller
    /// that forgets to look at `allowed` still pays nothing.
    pub net: Money,
    /// Whether the request may go ahead.
    pub allowed: bool,
    /// Why not, when refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<WithdrawRefusal>,
}

/// Quotes a withdrawal request. Refusals are checked in the order of [`WithdrawRefusal`];
/// the fee is `amount × feeRate` rounded by `feeRounding`, raised to `minimumFee`, and
/// lowered to the amount, so the net is never negative.
pub fn withdraw(rules: &RuleSet, args: WithdrawArgs) -> Result<WithdrawalQuote, Errors> {
    let mut errs = Errors::new();
    let root = Path::root();
    let ap = root.field("amount");
    let amount = errs.take(args.amount.check(&ap));
    let available = errs.take(args.available.check(&root.field("available")));
    let (Some(amount), Some(available)) = (amount, available) else {
        return Err(errs);
    };
    let w = rules.withdrawal;

    let refusal = if amount.is_zero() {
        Some(WithdrawRefusal::Zero)
    } else if amount < w.minimum {
        Some(WithdrawRefusal::BelowMinimum)
    } else if amount > available {
        Some(WithdrawRefusal::AboveAvailable)
    } else {
        None
    };
    if let Some(reason) = refusal {
        return Ok(WithdrawalQuote {
            amount,
            fee: Money::ZERO,
            fee_exact: None,
            net: Money::ZERO,
            allowed: false,
            reason: Some(reason),
        });
    }

    let exact = w.fee_rate.of(amount, &ap)?;
    let fee = exact
        .round(w.fee_rounding, &ap)?
        .max(w.minimum_fee)
        .min(amount);
    let net = amount.sub(fee, &ap, "the net amount")?;
    Ok(WithdrawalQuote {
        amount,
        fee,
        fee_exact: Some(exact),
        net,
        allowed: true,
        reason: None,
    })
}
