//! The distribution network: members, who among them is an active distributor, and which
//! of a buyer's upline take which level. The binding of a buyer *is* their parent here; the
//! caller supplies the chain above a buyer, nearest first.

use crate::error::{ErrorCode, Errors};
use crate::io::decode::{Decode, Loc};
use crate::limits::{self, MAX_CHAIN};
use crate::money::{AmountText, Money};
use crate::rules::{Approval, BrokenUpline, Eligible, RuleSet};
use schemars::JsonSchema;
use std::borrow::Cow;

/// A member as an input document gives them.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberDoc<'a> {
    /// Member id.
    pub id: Cow<'a, str>,
    /// Tier id; absent means the rule set's first tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Cow<'a, str>>,
    /// Distributor status.
    pub status: Status,
    /// Lifetime paid total; needed when eligibility is by spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_total: Option<AmountText<'a>>,
}

/// A member's standing as a distributor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// An approved distributor.
    Active,
    /// Applied, awaiting review.
    Pending,
    /// A plain member who has not applied.
    None,
    /// Suspended or cleared (清退): never a distributor.
    Disabled,
}

/// A checked member; its id borrowed from the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// Id.
    pub id: &'a str,
    /// Tier index, `None` when the rule set has no tiers.
    pub tier: Option<usize>,
    /// Status.
    pub status: Status,
    /// Lifetime paid total, if given.
    pub paid_total: Option<Money>,
}

impl<'a> Member<'a> {
    /// Checks a member found at `at` against the rule set.
    pub fn check(doc: &'a MemberDoc<'_>, rules: &RuleSet, at: &Loc<'_>) -> Result<Self, Errors> {
        Member::check_with(doc, rules, at, true)
    }

    /// Checks a member; `needs_spend` says whether eligibility by spend applies to them (a
    /// buyer without self-purchase is never paid, so their lifetime total is not needed).
    /// Paths are written only for what is wrong.
    pub fn check_with(
        doc: &'a MemberDoc<'_>,
        rules: &RuleSet,
        at: &Loc<'_>,
        needs_spend: bool,
    ) -> Result<Self, Errors> {
        let mut errs = Errors::new();
        errs.take(limits::check_id(&doc.id, &Loc::Field(at, "id")));
        let tier = match (&doc.tier, rules.tiers.is_empty()) {
            (None, true) => None,
            (None, false) => Some(0),
            (Some(t), true) => {
                errs.add(
                    ErrorCode::UnknownReference,
                    at.path().field("tier"),
                    format!("`{t}` is not a tier: this rule set defines none"),
                );
                None
            }
            (Some(t), false) => {
                let i = rules.tier_index(t);
                if i.is_none() {
                    errs.add(
                        ErrorCode::UnknownReference,
                        at.path().field("tier"),
                        format!("`{t}` is not a tier of this rule set"),
                    );
                }
                i
            }
        };
        let paid_total = doc
            .paid_total
            .as_ref()
            .and_then(|m| errs.take(m.check(&Loc::Field(at, "paidTotal"))));
        if needs_spend
            && matches!(rules.eligibility.who, Eligible::Spend(_))
            && doc.paid_total.is_none()
        {
            errs.add(
                ErrorCode::MissingField,
                at.path().field("paidTotal"),
                "eligibility is by spend, so each member needs `paidTotal`",
            );
        }
        errs.finish(Member {
            id: &doc.id,
            tier,
            status: doc.status,
            paid_total,
        })
    }

    /// Checks a chain of members at `at` (an upline or an ancestor list).
    pub fn check_chain(
        docs: &'a [MemberDoc<'_>],
        rules: &RuleSet,
        at: &Loc<'_>,
    ) -> Result<Vec<Self>, Errors> {
        limits::check_len(docs.len(), MAX_CHAIN, at, "members in the chain")?;
        let mut errs = Errors::new();
        let mut out = Vec::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            if let Some(m) = errs.take_all(Member::check(d, rules, &Loc::Index(at, i))) {
                out.push(m);
            }
        }
        errs.finish(out)
    }
}

/// Whether the member is an active distributor under these rules: not disabled, eligible,
/// and approved (or needing no approval).
pub fn is_distributor(rules: &RuleSet, m: &Member) -> bool {
    let approved = match m.status {
        Status::Active => true,
        Status::Pending | Status::None => rules.eligibility.approval == Approval::Automatic,
        Status::Disabled => false,
    };
    approved && is_eligible(rules, m)
}

/// Whether the member meets the rule set's standing condition for distributing.
pub fn is_eligible(rules: &RuleSet, m: &Member) -> bool {
    match &rules.eligibility.who {
        Eligible::Everyone => true,
        Eligible::Tiers(_) => tier_may_distribute(rules, m.tier),
        Eligible::Spend(mark) => m.paid_total.is_some_and(|p| p >= *mark),
    }
}

/// Whether members of this tier may distribute at all (always, unless eligibility is by tier).
pub fn tier_may_distribute(rules: &RuleSet, tier: Option<usize>) -> bool {
    match &rules.eligibility.who {
        Eligible::Tiers(allowed) => tier.and_then(|t| allowed.get(t).copied()).unwrap_or(false),
        Eligible::Everyone | Eligible::Spend(_) => true,
    }
}

/// Who takes each level, and what happened to the members passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignment<'m, 'd> {
    /// `levels[k]` is the member paid at level k + 1, if any.
    pub levels: Vec<Option<&'m Member<'d>>>,
    /// Members in the chain within reach who are not active distributors, with their
    /// position (0 = nearest), for explanations.
    pub passed_over: Vec<(usize, &'m Member<'d>)>,
}

/// Assigns levels 1..=`count` along `chain` (nearest first) by the broken-upline rule.
pub fn assign_levels<'m, 'd>(
    rules: &RuleSet,
    chain: &[&'m Member<'d>],
    count: usize,
) -> Assignment<'m, 'd> {
    let mut out = Assignment {
        levels: Vec::with_capacity(count),
        passed_over: Vec::new(),
    };
    match rules.broken_upline {
        BrokenUpline::Forfeit => {
            for (pos, &m) in chain.iter().enumerate().take(count) {
                if is_distributor(rules, m) {
                    out.levels.push(Some(m));
                } else {
                    out.levels.push(None);
                    out.passed_over.push((pos, m));
                }
            }
        }
        BrokenUpline::Compress => {
            for (pos, &m) in chain.iter().enumerate() {
                if out.levels.len() >= count {
                    break;
                }
                if is_distributor(rules, m) {
                    out.levels.push(Some(m));
                } else {
                    out.passed_over.push((pos, m));
                }
            }
        }
    }
    out.levels.resize(count, None);
    out
}
