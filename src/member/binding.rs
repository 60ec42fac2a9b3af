//! Binding (绑定): whether a share (a link, QR code or poster visit) makes the buyer the
//! sharer's downline. The binding *is* the buyer's parent in the network, so this decides
//! who earns level 1 on every later order; getting it wrong pays the wrong person for good.
//!
//! A refusal is an answer, not an error: the caller asked a yes/no question and the "no"
//! carries a reason the mini-program can show. Errors are reserved for input that cannot be
//! judged at all (a malformed time, an ancestor list over the limit, a parent without the
//! time it was bound). `docs/SEMANTICS.md` states the rules for other implementations.

use crate::error::{ErrorCode, Errors, Path};
use crate::io::{decode::Decode, emit::Emit};
use crate::limits::{self, MAX_CHAIN};
use crate::money::time::{TimeText, Timestamp};
use crate::money::MoneyText;
use crate::payout::network::{self, Member, MemberDoc, Status};
use crate::rules::{BindingMode, RuleSet};
use schemars::JsonSchema;

/// Arguments of `bind`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BindArgs {
    /// The member who arrived through the share, with their current binding.
    pub buyer: BuyerDoc,
    /// The distributor whose share the buyer arrived through, with their ancestors.
    pub sharer: SharerDoc,
    /// When the buyer arrived through the share (RFC 3339 with an offset). Every window and
    /// validity period is measured to this instant, not to the time the request is made.
    pub at: TimeText,
}

/// The buyer as the caller's database holds them at the moment of the share.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuyerDoc {
    /// Member id.
    pub id: String,
    /// The distributor the buyer is bound to now; absent when unbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// When the current binding was made; required with `parentId`, refused without it,
    /// because the validity period runs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_at: Option<TimeText>,
    /// When the buyer registered; `newUser` mode measures its window from it.
    pub registered_at: TimeText,
}

/// The sharer: a member as `settle` takes one, plus their ancestors for the cycle check.
// A separate type rather than a flattened `MemberDoc`: serde cannot both flatten and refuse
// unknown fields, and a typo here must not pass silently.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SharerDoc {
    /// Member id.
    pub id: String,
    /// Tier id; absent means the rule set's first tier. Matters when only some tiers may
    /// distribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Distributor status; only an active distributor's share binds.
    pub status: Status,
    /// Lifetime paid total; needed when eligibility is by spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_total: Option<MoneyText>,
    /// The sharer's upline ids, nearest first (`ancestors[0]` is the sharer's parent), as
    /// far up as the caller knows it, at most 64. Binding the buyer under a sharer whose
    /// ancestors include the buyer would close a loop, so the whole chain is checked.
    #[serde(default)]
    pub ancestors: Vec<String>,
}

impl SharerDoc {
    fn member_doc(&self) -> MemberDoc<'_> {
        MemberDoc {
            id: std::borrow::Cow::Borrowed(&self.id),
            tier: self.tier.as_deref().map(std::borrow::Cow::Borrowed),
            status: self.status,
            paid_total: self
                .paid_total
                .as_ref()
                .map(|m| crate::money::AmountText(std::borrow::Cow::Borrowed(&m.0))),
        }
    }
}

/// Why a share did or did not bind. The names are stable: callers branch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum BindReason {
    /// Refused: the buyer opened their own share.
    #[serde(rename = "self")]
    SelfShare,
    /// Refused: the sharer is not an active distributor under these rules.
    NotDistributor,
    /// Refused: the buyer is among the sharer's ancestors; binding would close a loop.
    Cycle,
    /// The buyer is already bound to this sharer; nothing changes (`bound` is true).
    SameParent,
    /// Refused (`newUser` mode): the buyer already has a parent, or registered more than
    /// `newUserWindowHours` before the share.
    NotNewUser,
    /// Refused (`firstShare` mode without a validity period): the first binding holds.
    AlreadyBound,
    /// Refused: the current binding's validity period has not ended.
    WithinValidity,
    /// Bound: the buyer had no parent.
    FirstBinding,
    /// Bound: the buyer moved from their previous parent to the sharer.
    Rebound,
}

/// The answer of `bind`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct BindDecision {
    /// The buyer's id, echoed.
    pub buyer_id: String,
    /// True exactly when, after this share, the buyer's parent is the sharer.
    pub bound: bool,
    /// The buyer's parent after the share: the sharer when bound, else the unchanged current
    /// parent, or null when there is none. The caller stores this.
    pub parent_id: Option<String>,
    /// The parent the buyer had before, present only when the share moved them (`rebound`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_parent_id: Option<String>,
    /// When the resulting binding was made: `at` for a new binding, the unchanged `boundAt`
    /// otherwise (a repeat share from the same parent does not restart it); absent without a
    /// parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound_at: Option<Timestamp>,
    /// When the resulting binding's validity period ends (`boundAt` + `validityDays` days),
    /// if the rule set has one and there is a parent. From this instant on a new share may
    /// rebind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// Why.
    pub reason: BindReason,
}

/// The checked arguments.
struct Share<'a> {
    buyer_id: String,
    parent: Option<(String, Timestamp)>,
    registered_at: Timestamp,
    sharer: Member<'a>,
    ancestors: Vec<String>,
    at: Timestamp,
}

/// Checks the arguments in steps: the buyer, the sharer and their ancestors, then the
/// share's time against the validity period and the current binding; every problem is
/// reported.
fn check<'a>(
    rules: &RuleSet,
    args: &BindArgs,
    sharer: &'a MemberDoc<'_>,
) -> Result<Share<'a>, Errors> {
    let mut errs = Errors::new();
    let root = Path::root();
    let bp = root.field("buyer");
    let b = &args.buyer;
    let (bound_at, registered_at) = check_buyer(b, &bp, &mut errs);
    let sp = root.field("sharer");
    let sharer = errs.take_all(Member::check(
        sharer,
        rules,
        &crate::io::decode::Loc::At(&sp),
    ));
    let ancestors = &args.sharer.ancestors;
    check_ancestors(
        &args.sharer.id,
        ancestors,
        &sp.field("ancestors"),
        &mut errs,
    );

    let at = errs.take(args.at.check(&root.field("at")));
    if let (Some(at), Some(days)) = (at, rules.binding.validity_days) {
        // `validUntil` is written from `at` (or the earlier `boundAt`): it must be a time
        // the engine reads back.
        if at.checked_plus_days(days).is_none() {
            errs.add(
                ErrorCode::OutOfRange,
                root.field("at"),
                format!(
                    "`validUntil`, {days} days after `at`, would fall after 9999-12-31T23:59:59Z"
                ),
            );
        }
    }
    if let (Some(bound), Some(at)) = (bound_at, at) {
        if bound > at {
            errs.add(ErrorCode::Inconsistent, bp.field("boundAt"), "the current binding is later than the share being judged; judge shares in the order they happened");
        }
    }

    match (sharer, registered_at, at) {
        (Some(sharer), Some(registered_at), Some(at)) if errs.is_empty() => {
            debug_assert!(
                bound_at.is_none_or(|t| t <= at),
                "a binding precedes the share"
            );
            debug_assert_eq!(b.parent_id.is_some(), bound_at.is_some());
            Ok(Share {
                buyer_id: b.id.clone(),
                parent: b.parent_id.clone().zip(bound_at),
                registered_at,
                sharer,
                ancestors: ancestors.clone(),
                at,
            })
        }
        _ => Err(errs),
    }
}

/// The buyer: ids valid, not their own parent, `parentId` and `boundAt` given together.
/// Answers the binding time and the registration time, when valid.
fn check_buyer(
    b: &BuyerDoc,
    bp: &Path,
    errs: &mut Errors,
) -> (Option<Timestamp>, Option<Timestamp>) {
    errs.take(limits::check_id(&b.id, &bp.field("id")));
    if let Some(p) = &b.parent_id {
        errs.take(limits::check_id(p, &bp.field("parentId")));
        if *p == b.id {
            errs.add(
                ErrorCode::Inconsistent,
                bp.field("parentId"),
                "a buyer cannot be their own parent",
            );
        }
    }
    let bound_at = b
        .bound_at
        .as_ref()
        .and_then(|t| errs.take(t.check(&bp.field("boundAt"))));
    match (&b.parent_id, &b.bound_at) {
        (Some(_), None) => errs.add(
            ErrorCode::MissingField,
            bp.field("boundAt"),
            "a buyer with `parentId` needs `boundAt`, the time of that binding",
        ),
        (None, Some(_)) => errs.add(
            ErrorCode::Inconsistent,
            bp.field("boundAt"),
            "`boundAt` without `parentId`: a buyer with no parent has no binding time",
        ),
        _ => {}
    }
    let registered_at = errs.take(b.registered_at.check(&bp.field("registeredAt")));
    (bound_at, registered_at)
}

/// The sharer's ancestors: valid ids, neither the sharer nor any one listed twice, since
/// either would be a cycle in the network.
fn check_ancestors(sharer_id: &str, ancestors: &[String], ap: &Path, errs: &mut Errors) {
    if errs
        .take(limits::check_len(
            ancestors.len(),
            MAX_CHAIN,
            ap,
            "ancestors",
        ))
        .is_none()
    {
        return;
    }
    let mut seen = crate::io::ids::Ids::default();
    for (i, a) in ancestors.iter().enumerate() {
        let here = ap.index(i);
        if errs.take(limits::check_id(a, &here)).is_none() {
            continue;
        }
        if *a == sharer_id {
            errs.add(ErrorCode::Inconsistent, here, format!("the sharer `{a}` is listed among their own ancestors, which is a cycle in the network"));
        } else if !seen.add(a, i) {
            errs.add(ErrorCode::Inconsistent, here, format!("`{a}` appears twice among the sharer's ancestors, which is a cycle in the network"));
        }
    }
}

/// Decides whether the share binds the buyer to the sharer. The checks run in the order of
/// [`BindReason`]'s refusals; the first that applies is the answer.
pub fn bind(rules: &RuleSet, args: BindArgs) -> Result<BindDecision, Errors> {
    let sharer = args.sharer.member_doc();
    let s = check(rules, &args, &sharer)?;
    let binding = rules.binding;
    let valid_until = |from: Timestamp| binding.validity_days.map(|d| from.plus_days(d));
    let current = s.parent.as_ref().map(|(id, _)| id.clone());
    let current_at = s.parent.as_ref().map(|(_, t)| *t);
    let keep = |reason: BindReason| BindDecision {
        buyer_id: s.buyer_id.clone(),
        bound: reason == BindReason::SameParent,
        parent_id: current.clone(),
        previous_parent_id: None,
        bound_at: current_at,
        valid_until: current_at.and_then(valid_until),
        reason,
    };

    if s.sharer.id == s.buyer_id {
        return Ok(keep(BindReason::SelfShare));
    }
    if !network::is_distributor(rules, &s.sharer) {
        return Ok(keep(BindReason::NotDistributor));
    }
    if s.ancestors.contains(&s.buyer_id) {
        return Ok(keep(BindReason::Cycle));
    }
    if current.as_deref() == Some(s.sharer.id) {
        return Ok(keep(BindReason::SameParent));
    }
    if binding.mode == BindingMode::NewUser
        && (s.parent.is_some()
            || !within_hours(s.registered_at, s.at, binding.new_user_window_hours))
    {
        return Ok(keep(BindReason::NotNewUser));
    }
    if let Some((_, bound_at)) = &s.parent {
        match valid_until(*bound_at) {
            None if binding.mode == BindingMode::FirstShare => {
                return Ok(keep(BindReason::AlreadyBound))
            }
            Some(end) if s.at < end => return Ok(keep(BindReason::WithinValidity)),
            _ => {}
        }
    }
    let reason = if s.parent.is_some() {
        BindReason::Rebound
    } else {
        BindReason::FirstBinding
    };
    Ok(BindDecision {
        buyer_id: s.buyer_id.clone(),
        bound: true,
        parent_id: Some(s.sharer.id.to_owned()),
        previous_parent_id: current.clone(),
        bound_at: Some(s.at),
        valid_until: valid_until(s.at),
        reason,
    })
}

/// Whether `at` is at most `hours` hours after `from` (inclusive, to the nanosecond). A
/// buyer who registered after `at` counts as within: they registered because of the share.
fn within_hours(from: Timestamp, at: Timestamp, hours: u32) -> bool {
    at <= from.plus_seconds(i64::from(hours).saturating_mul(3600))
}

#[cfg(test)]
mod tests {
    use super::within_hours;
    use crate::money::time::Timestamp;

    #[test]
    fn window_is_inclusive_to_the_nanosecond() -> Result<(), String> {
        let t = Timestamp::parse;
        let reg = t("2026-11-01T00:00:00.250Z")?;
        assert!(within_hours(reg, t("2026-11-02T00:00:00.250Z")?, 24));
        assert!(within_hours(reg, t("2026-11-02T00:00:00.2Z")?, 24));
        assert!(!within_hours(reg, t("2026-11-02T00:00:00.250000001Z")?, 24));
        assert!(!within_hours(reg, t("2026-11-02T00:00:01Z")?, 24));
        // Registered after the share: within.
        assert!(within_hours(reg, t("2026-10-31T00:00:00Z")?, 0));
        assert!(within_hours(reg, reg, 0));
        Ok(())
    }
}
