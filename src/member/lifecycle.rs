//! The commission lifecycle: pending from payment until the order completes, frozen for the
//! after-sales window (`rules.lifecycle.frozenDays` days), then available, then withdrawn.
//! A distributor's commission list shows these four figures; the server releases money by
//! them, so both must split an amount the same way at the same instant.
//!
//! Status is a pure function of the amounts and times it is given: a refund's reversal is
//! the refund command's business, and the caller passes the amounts that remain.
//! `docs/SEMANTICS.md` states the rules for other implementations.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::io::{decode::Decode, emit::Emit};
use crate::limits::{self, MAX_FACTS, MAX_LEVELS};
use crate::money::time::{TimeText, Timestamp};
use crate::money::{Money, MoneyText};
use crate::rules::RuleSet;
use schemars::JsonSchema;

/// Arguments of `status`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusArgs {
    /// The order's commission: the `result` of `settle` may be passed as it is (fields this
    /// command does not read are ignored here, and only here).
    pub settlement: SettlementRef,
    /// When the order was paid; commission exists from this instant.
    pub paid_at: TimeText,
    /// When the order completed (received, or closed by the shop); absent while it is open.
    /// Completion after `now` counts as not yet completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<TimeText>,
    /// Amounts already withdrawn from this order's commission, per member; several entries for
    /// one member add up. They come out of the available part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<WithdrawnDoc>,
    /// The instant the status is asked for.
    pub now: TimeText,
}

/// The part of a settlement that status reads. Unknown fields are ignored, not refused, so
/// that a `settle` answer (with its lines, notes and hash) can be passed straight through.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct SettlementRef {
    /// The order's id, echoed.
    pub order_id: String,
    /// Each beneficiary's commission on the order, at most three, each member once.
    #[serde(default)]
    pub beneficiaries: Vec<BeneficiaryRef>,
}

/// One beneficiary of a settlement; unknown fields (`level`, `exact`, `lines`, …) are ignored.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct BeneficiaryRef {
    /// Member id.
    pub member_id: String,
    /// Their commission on the order (after refunds, if any).
    pub amount: MoneyText,
}

/// An amount withdrawn by one member from this order's commission.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawnDoc {
    /// Member id; must be one of the settlement's beneficiaries.
    pub member_id: String,
    /// The amount withdrawn.
    pub amount: MoneyText,
}

/// Where an order's commission stands. Every beneficiary of one order is in the same state,
/// because the state depends only on the order's times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum CommissionState {
    /// Paid, not completed: a refund may still cancel it.
    Pending,
    /// Completed, inside the after-sales window.
    Frozen,
    /// The window has ended; whatever is not withdrawn may be.
    Available,
}

/// The answer of `status`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct OrderCommissionStatus {
    /// The order's id, echoed.
    pub order_id: String,
    /// The instant asked for, in UTC.
    pub now: Timestamp,
    /// The order's state.
    pub state: CommissionState,
    /// When the frozen commission becomes (or became) available: `completedAt` +
    /// `frozenDays` × 24 h. Absent while the order has not completed by `now`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<Timestamp>,
    /// Per beneficiary, in the settlement's order.
    pub beneficiaries: Vec<CommissionStatus>,
    /// Sums over all beneficiaries.
    pub totals: StatusTotals,
}

/// One beneficiary's commission at `now`. `pending + frozen + available + withdrawn = amount`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct CommissionStatus {
    /// Member id.
    pub member_id: String,
    /// Their commission on the order.
    pub amount: Money,
    /// The order's state.
    pub state: CommissionState,
    /// The whole amount while pending, else zero.
    pub pending: Money,
    /// The whole amount while frozen, else zero.
    pub frozen: Money,
    /// Once available: the amount less what was withdrawn.
    pub available: Money,
    /// What was withdrawn.
    pub withdrawn: Money,
    /// As the order's `availableAt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<Timestamp>,
}

/// Sums over all beneficiaries of the order.
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct StatusTotals {
    /// Sum of amounts.
    pub amount: Money,
    /// Sum of pending parts.
    pub pending: Money,
    /// Sum of frozen parts.
    pub frozen: Money,
    /// Sum of available parts.
    pub available: Money,
    /// Sum of withdrawn parts.
    pub withdrawn: Money,
}

/// The arguments once checked: each beneficiary's amount, what each withdrew (in the same
/// order), and the times.
struct Checked {
    amounts: Vec<(String, Money)>,
    withdrawn: Vec<Money>,
    completed_at: Option<Timestamp>,
    now: Timestamp,
}

/// Checks the arguments in steps: the settlement's beneficiaries, the times and their order,
/// then the withdrawals; every problem is reported.
fn check(args: &StatusArgs) -> Result<Checked, Errors> {
    let mut errs = Errors::new();
    let amounts = beneficiaries(
        &args.settlement,
        &Path::root().field("settlement"),
        &mut errs,
    );
    let (paid_at, completed_at, now) = times(args, &mut errs);
    let withdrawn = withdrawn_sums(args, &mut errs);
    match (paid_at, now) {
        (Some(paid_at), Some(now)) if errs.is_empty() => {
            debug_assert!(paid_at <= now && completed_at.is_none_or(|c| paid_at <= c));
            debug_assert_eq!(withdrawn.len(), amounts.len());
            Ok(Checked {
                amounts,
                withdrawn,
                completed_at,
                now,
            })
        }
        _ => Err(errs),
    }
}

/// The settlement's order id, and its beneficiaries: at most three, each member once, each
/// amount valid. Those with a valid amount are kept, in the settlement's order.
fn beneficiaries(s: &SettlementRef, sp: &Path, errs: &mut Errors) -> Vec<(String, Money)> {
    errs.take(limits::check_id(&s.order_id, &sp.field("orderId")));
    let bp = sp.field("beneficiaries");
    let mut amounts = Vec::new();
    if errs
        .take(limits::check_len(
            s.beneficiaries.len(),
            MAX_LEVELS,
            &bp,
            "beneficiaries",
        ))
        .is_none()
    {
        return amounts;
    }
    let mut seen = crate::io::ids::Ids::default();
    for (i, b) in s.beneficiaries.iter().enumerate() {
        let here = bp.index(i);
        if errs
            .take(limits::check_id(&b.member_id, &here.field("memberId")))
            .is_some()
            && !seen.add(&b.member_id, i)
        {
            errs.add(
                ErrorCode::Duplicate,
                here.field("memberId"),
                format!("member `{}` is listed twice", b.member_id),
            );
        }
        if let Some(a) = errs.take(b.amount.check(&here.field("amount"))) {
            amounts.push((b.member_id.clone(), a));
        }
    }
    amounts
}

/// `paidAt`, `completedAt` and `now`, each valid; neither completion nor `now` may come
/// before payment.
fn times(
    args: &StatusArgs,
    errs: &mut Errors,
) -> (Option<Timestamp>, Option<Timestamp>, Option<Timestamp>) {
    let root = Path::root();
    let paid_at = errs.take(args.paid_at.check(&root.field("paidAt")));
    let cp = root.field("completedAt");
    let completed_at = args
        .completed_at
        .as_ref()
        .and_then(|t| errs.take(t.check(&cp)));
    let now = errs.take(args.now.check(&root.field("now")));
    if let (Some(p), Some(c)) = (paid_at, completed_at) {
        if c < p {
            errs.add(
                ErrorCode::Inconsistent,
                cp,
                "the order cannot complete before it was paid",
            );
        }
    }
    if let (Some(p), Some(n)) = (paid_at, now) {
        if n < p {
            errs.add(
                ErrorCode::Inconsistent,
                root.field("now"),
                "`now` is before `paidAt`: the commission does not exist yet",
            );
        }
    }
    (paid_at, completed_at, now)
}

/// Withdrawn amounts, summed per beneficiary in the settlement's order; each entry names a
/// beneficiary.
fn withdrawn_sums(args: &StatusArgs, errs: &mut Errors) -> Vec<Money> {
    let wp = Path::root().field("withdrawn");
    let mut withdrawn = vec![Money::ZERO; args.settlement.beneficiaries.len().min(MAX_LEVELS)];
    if errs
        .take(limits::check_len(
            args.withdrawn.len(),
            MAX_FACTS,
            &wp,
            "withdrawals",
        ))
        .is_none()
    {
        return withdrawn;
    }
    for (i, w) in args.withdrawn.iter().enumerate() {
        let here = wp.index(i);
        let amount = errs.take(w.amount.check(&here.field("amount")));
        if errs
            .take(limits::check_id(&w.member_id, &here.field("memberId")))
            .is_none()
        {
            continue;
        }
        let Some(k) = args
            .settlement
            .beneficiaries
            .iter()
            .position(|b| b.member_id == w.member_id)
        else {
            errs.add(
                ErrorCode::UnknownReference,
                here.field("memberId"),
                format!(
                    "member `{}` is not a beneficiary of this settlement",
                    w.member_id
                ),
            );
            continue;
        };
        if let (Some(a), Some(slot)) = (amount, withdrawn.get_mut(k)) {
            if let Some(sum) = errs.take(slot.add(a, &here.field("amount"), "the amount withdrawn"))
            {
                *slot = sum;
            }
        }
    }
    withdrawn
}

/// Splits each beneficiary's commission into pending, frozen, available and withdrawn at
/// `now`. The freeze ends at `completedAt` + `frozenDays` × 24 h exactly, and that instant
/// itself is available, so a window is a half-open interval like every other in the engine.
pub fn status(rules: &RuleSet, args: StatusArgs) -> Result<OrderCommissionStatus, Errors> {
    let c = check(&args)?;
    let available_at = available_at(rules, c.completed_at.filter(|t| *t <= c.now))?;
    let state = match available_at {
        None => CommissionState::Pending,
        Some(end) if c.now < end => CommissionState::Frozen,
        Some(_) => CommissionState::Available,
    };

    let mut errs = Errors::new();
    let mut out = Vec::with_capacity(c.amounts.len());
    let mut totals = StatusTotals::default();
    let tp = Path::root().field("settlement").field("beneficiaries");
    for (i, ((member_id, amount), withdrawn)) in
        c.amounts.iter().zip(c.withdrawn.iter()).enumerate()
    {
        let here = tp.index(i);
        let (pending, frozen, free) = match state {
            CommissionState::Pending => (*amount, Money::ZERO, Money::ZERO),
            CommissionState::Frozen => (Money::ZERO, *amount, Money::ZERO),
            CommissionState::Available => (Money::ZERO, Money::ZERO, *amount),
        };
        if *withdrawn > free {
            errs.add(
                ErrorCode::Inconsistent,
                withdrawn_path(&args, member_id, free),
                format!("member `{member_id}` withdrew {withdrawn} in all, but only {free} of their {amount} is available at `now`{}", state_words(state)),
            );
            continue;
        }
        let Some(available) = errs.take(free.sub(*withdrawn, &here, "the available amount")) else {
            continue;
        };
        let row = CommissionStatus {
            member_id: member_id.clone(),
            amount: *amount,
            state,
            pending,
            frozen,
            available,
            withdrawn: *withdrawn,
            available_at,
        };
        if let Some(t) = errs.take_all(add_totals(totals.clone(), &row, &here)) {
            totals = t;
        }
        out.push(row);
    }
    errs.finish(OrderCommissionStatus {
        order_id: args.settlement.order_id.clone(),
        now: c.now,
        state,
        available_at,
        beneficiaries: out,
        totals,
    })
}

/// When the frozen commission becomes available: the completion (by `now`) plus
/// `frozenDays` days; `None` while the order has not completed. `availableAt` is written, so
/// it must be a time the engine reads back.
fn available_at(rules: &RuleSet, completed: Option<Timestamp>) -> Result<Option<Timestamp>, Error> {
    let Some(t) = completed else {
        return Ok(None);
    };
    let end = t.checked_plus_days(rules.frozen_days).ok_or_else(|| {
        Error::new(
            ErrorCode::OutOfRange,
            Path::root().field("completedAt"),
            format!(
                "`availableAt`, {} days after `completedAt`, would fall after 9999-12-31T23:59:59Z",
                rules.frozen_days
            ),
        )
    })?;
    debug_assert!(t <= end, "a freeze does not end before it starts");
    Ok(Some(end))
}

fn state_words(state: CommissionState) -> &'static str {
    match state {
        CommissionState::Pending => ": the order has not completed",
        CommissionState::Frozen => ": the order's commission is still frozen",
        CommissionState::Available => "",
    }
}

/// The path of the withdrawal entry whose running sum first takes the member above `free`,
/// which is where the caller's records went wrong; the list itself if none can be named.
fn withdrawn_path(args: &StatusArgs, member_id: &str, free: Money) -> Path {
    let wp = Path::root().field("withdrawn");
    let mut running: i64 = 0;
    for (i, w) in args.withdrawn.iter().enumerate() {
        if w.member_id != member_id {
            continue;
        }
        let fen = Money::parse(&w.amount.0).map_or(0, Money::fen);
        running = running.saturating_add(fen);
        if running > free.fen() {
            return wp.index(i).field("amount");
        }
    }
    wp
}

fn add_totals(
    t: StatusTotals,
    row: &CommissionStatus,
    path: &Path,
) -> Result<StatusTotals, Errors> {
    let mut errs = Errors::new();
    let sum = |errs: &mut Errors, a: Money, b: Money| {
        errs.take(a.add(b, path, "the total"))
            .unwrap_or(Money::ZERO)
    };
    let out = StatusTotals {
        amount: sum(&mut errs, t.amount, row.amount),
        pending: sum(&mut errs, t.pending, row.pending),
        frozen: sum(&mut errs, t.frozen, row.frozen),
        available: sum(&mut errs, t.available, row.available),
        withdrawn: sum(&mut errs, t.withdrawn, row.withdrawn),
    };
    errs.finish(out)
}
