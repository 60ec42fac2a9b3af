//! Settling an order: the command that the server pays from. It checks the order and the
//! buyer's upline, prorates discounts ([`crate::payout::order`]) and computes commission
//! ([`crate::payout::commission::compute`]) on every line as sold.

use crate::error::{ErrorCode, Errors, Path};
use crate::io::decode::{Decode, Loc};
use crate::io::emit::Emit;
use crate::money::Money;
use crate::payout::commission::{self, LineState, Payout};
use crate::payout::network::{Member, MemberDoc};
use crate::payout::order::{Order, OrderDoc};
use crate::rules::RuleSet;
use schemars::JsonSchema;

/// Arguments of `settle`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettleArgs<'a> {
    /// The order.
    pub order: OrderDoc<'a>,
    /// The buyer's upline, nearest first: `upline[0]` is the buyer's parent (the distributor
    /// the buyer is bound to).
    #[serde(default)]
    pub upline: Vec<MemberDoc<'a>>,
}

/// The answer of `settle`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Settlement<'a> {
    /// The order's id, echoed.
    pub order_id: &'a str,
    /// List price × quantity over all lines.
    pub gross: Money,
    /// Order-level discounts.
    pub discount: Money,
    /// Shipping, outside every base.
    pub shipping: Money,
    /// How the discounts were spread over the lines.
    pub discounts: Vec<LineDiscount<'a>>,
    /// Commission.
    #[serde(flatten)]
    pub payout: Payout<'a>,
}

/// One line's share of the order-level discounts.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct LineDiscount<'a> {
    /// Line id.
    pub line_id: &'a str,
    /// List price × quantity.
    pub amount: Money,
    /// Its share of the discounts.
    pub discount: Money,
}

/// A checked order with its checked upline, shared by `settle` and `refund`.
pub(crate) struct Checked<'a> {
    pub order: Order<'a>,
    pub upline: Vec<Member<'a>>,
}

pub(crate) fn check<'a>(
    rules: &RuleSet,
    order_doc: &'a OrderDoc<'_>,
    upline: &'a [MemberDoc<'_>],
) -> Result<Checked<'a>, Errors> {
    let mut errs = Errors::new();
    let root = Path::root();
    let top = Loc::At(&root);
    let order = errs.take_all(Order::check(order_doc, rules, &Loc::Field(&top, "order")));
    let up = Loc::Field(&top, "upline");
    let upline_docs = upline;
    let upline = errs.take_all(Member::check_chain(upline_docs, rules, &up));
    // A member twice among the buyer and their upline would be a cycle. Ids are compared as
    // given, so this holds even when other fields of the order were refused.
    // The buyer is the chain's first id, then the upline's.
    let id = |i: usize| match i.checked_sub(1) {
        None => order_doc.buyer.id.as_ref(),
        Some(u) => upline_docs.get(u).map_or("", |m| m.id.as_ref()),
    };
    let chain = upline_docs.len().saturating_add(1);
    if let Some(i) = crate::io::ids::first_repeat(chain, id) {
        let id = id(i);
        errs.add(ErrorCode::Inconsistent, up.path().index(i.saturating_sub(1)).field("id"), format!("member `{id}` appears twice among the buyer and their upline, which would be a cycle"));
    }
    match (order, upline) {
        (Some(order), Some(upline)) if errs.is_empty() => Ok(Checked { order, upline }),
        _ => Err(errs),
    }
}

/// Settles an order. The answer borrows its ids from the arguments and the rule set.
pub fn settle<'a>(rules: &'a RuleSet, args: &'a SettleArgs<'_>) -> Result<Settlement<'a>, Errors> {
    let c = check(rules, &args.order, &args.upline)?;
    let states: Vec<LineState<'_, '_>> = c.order.lines.iter().map(LineState::sold).collect();
    let payout = commission::compute(
        rules,
        &states,
        &c.order.buyer,
        &c.upline,
        &Loc::Field(&Loc::At(&Path::root()), "order"),
    )?;
    Ok(Settlement {
        order_id: c.order.id,
        gross: c.order.gross,
        discount: c.order.discount,
        shipping: c.order.shipping,
        discounts: c
            .order
            .lines
            .iter()
            .map(|l| LineDiscount {
                line_id: l.id,
                amount: l.amount,
                discount: l.discount,
            })
            .collect(),
        payout,
    })
}
