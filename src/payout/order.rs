//! Orders and the commission base: line amounts, order-level discounts prorated over the
//! lines, and each line's paid amount. Everything is whole fen; proration is by largest
//! remainder so the shares add up exactly and no line goes below zero.

use crate::error::{At, Error, ErrorCode, Errors};
use crate::io::decode::{Decode, Loc};
use crate::limits::{self, MAX_DISCOUNTS, MAX_LINES, MAX_QUANTITY};
use crate::money::{AmountText, Money};
use crate::payout::network::{Member, MemberDoc};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use std::borrow::Cow;

/// An order as an input document gives it.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderDoc<'a> {
    /// Order id, echoed in every answer.
    pub id: Cow<'a, str>,
    /// Who bought.
    pub buyer: MemberDoc<'a>,
    /// The order's lines.
    pub lines: Vec<LineDoc<'a>>,
    /// Order-level discounts (coupons, points), prorated over all lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<DiscountDoc<'a>>,
    /// Shipping charged; never part of the commission base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<AmountText<'a>>,
}

/// One order line.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LineDoc<'a> {
    /// Line id, unique in the order.
    pub id: Cow<'a, str>,
    /// Product id.
    pub product_id: Cow<'a, str>,
    /// SKU id, if the product has SKUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<Cow<'a, str>>,
    /// List price of one unit.
    pub unit_price: AmountText<'a>,
    /// Units, 1 to 1,000,000.
    pub quantity: u64,
    /// Cost of one unit; needed when the base is profit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<AmountText<'a>>,
}

/// An order-level discount.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiscountDoc<'a> {
    /// What kind of discount; informational.
    #[serde(default)]
    pub kind: DiscountKind,
    /// The amount taken off the order.
    pub amount: AmountText<'a>,
}

/// Kinds of order-level discount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum DiscountKind {
    /// A coupon (优惠券).
    Coupon,
    /// Points (积分) redeemed.
    Points,
    /// Anything else.
    #[default]
    Other,
}

/// A checked order with its discounts prorated; its ids borrowed from the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order<'a> {
    /// Id.
    pub id: &'a str,
    /// The buyer.
    pub buyer: Member<'a>,
    /// Lines with their paid amounts.
    pub lines: Vec<Line<'a>>,
    /// Sum of line amounts at list price.
    pub gross: Money,
    /// Sum of order-level discounts.
    pub discount: Money,
    /// Shipping, outside every base.
    pub shipping: Money,
}

/// A checked line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// Id.
    pub id: &'a str,
    /// Product id.
    pub product_id: &'a str,
    /// SKU id.
    pub sku_id: Option<&'a str>,
    /// Units.
    pub quantity: u64,
    /// Unit cost, if given.
    pub unit_cost: Option<Money>,
    /// Unit price × quantity.
    pub amount: Money,
    /// This line's share of the order-level discounts.
    pub discount: Money,
    /// `amount − discount`.
    pub paid: Money,
}

impl<'a> Order<'a> {
    /// Checks the order found at `path` and prorates its discounts, in steps: the id and
    /// buyer, the lines, the discounts and shipping; only a valid order is prorated. Too many
    /// lines or discounts is answered alone, before anything else found.
    pub fn check(doc: &'a OrderDoc<'_>, rules: &RuleSet, at: &Loc<'_>) -> Result<Self, Errors> {
        let mut errs = Errors::new();
        errs.take(limits::check_id(&doc.id, &Loc::Field(at, "id")));
        let buyer = errs.take_all(Member::check_with(
            &doc.buyer,
            rules,
            &Loc::Field(at, "buyer"),
            rules.self_purchase,
        ));
        let (mut lines, gross) = check_lines(&doc.lines, &Loc::Field(at, "lines"), &mut errs)?;
        let dp = Loc::Field(at, "discounts");
        let discount = check_discounts(&doc.discounts, &dp, &mut errs)?;
        let shipping = doc
            .shipping
            .as_ref()
            .and_then(|s| errs.take(s.check(&Loc::Field(at, "shipping"))))
            .unwrap_or(Money::ZERO);
        if !errs.is_empty() {
            return Err(errs);
        }
        spread_discount(&mut lines, discount, gross, &dp)?;
        let buyer = buyer.ok_or_else(Errors::new)?;
        Ok(Order {
            id: &doc.id,
            buyer,
            lines,
            gross,
            discount,
            shipping,
        })
    }

    /// The order's paid amount: list total less discounts (shipping excluded).
    pub fn paid(&self) -> Money {
        Money::from_fen(self.gross.fen().saturating_sub(self.discount.fen()))
    }
}

/// The lines and their list-price total: at least one line, ids given once. A line whose
/// price or amount is bad is left out; its other fields are still checked.
fn check_lines<'a>(
    list: &'a [LineDoc<'_>],
    lp: &Loc<'_>,
    errs: &mut Errors,
) -> Result<(Vec<Line<'a>>, Money), Error> {
    limits::check_len(list.len(), MAX_LINES, lp, "lines")?;
    if list.is_empty() {
        errs.add(
            ErrorCode::InvalidValue,
            lp.path(),
            "an order has at least one line",
        );
    }
    // A line id given twice: up to 65 lines, found by comparing with the earlier ones (no
    // allocation); past that, through the id index.
    let mut index = (list.len() > crate::io::ids::PAIRWISE).then(crate::io::ids::Ids::default);
    let mut lines = Vec::with_capacity(list.len());
    let mut gross = Money::ZERO;
    for (i, l) in list.iter().enumerate() {
        let p = Loc::Index(lp, i);
        check_line_ids(l, &p, errs);
        let repeated = match index.as_mut() {
            Some(ids) => !ids.add(&l.id, i),
            None => list.iter().take(i).any(|earlier| earlier.id == l.id),
        };
        if repeated {
            errs.add(
                ErrorCode::Duplicate,
                p.path().field("id"),
                format!("line `{}` appears twice", l.id),
            );
        }
        let Some(line) = check_line(l, &p, errs) else {
            continue;
        };
        if let Some(g) = errs.take(gross.add(line.amount, lp, "the order total")) {
            gross = g;
        }
        lines.push(line);
    }
    Ok((lines, gross))
}

/// A line's id, product id and SKU id are valid ids.
fn check_line_ids(l: &LineDoc, p: &Loc<'_>, errs: &mut Errors) {
    errs.take(limits::check_id(&l.id, &Loc::Field(p, "id")));
    errs.take(limits::check_id(&l.product_id, &Loc::Field(p, "productId")));
    if let Some(s) = &l.sku_id {
        errs.take(limits::check_id(s, &Loc::Field(p, "skuId")));
    }
}

/// One line's quantity, unit price and cost, and its amount at list price, nothing
/// discounted yet. `None` when the price or the amount is bad.
fn check_line<'a>(l: &'a LineDoc<'_>, p: &Loc<'_>, errs: &mut Errors) -> Option<Line<'a>> {
    let qp = Loc::Field(p, "quantity");
    if l.quantity == 0 || l.quantity > MAX_QUANTITY {
        errs.add(
            ErrorCode::OutOfRange,
            qp.path(),
            format!(
                "quantity {} is not between 1 and {MAX_QUANTITY}",
                l.quantity
            ),
        );
    }
    let unit = errs.take(l.unit_price.check(&Loc::Field(p, "unitPrice")));
    let unit_cost = l
        .cost
        .as_ref()
        .and_then(|c| errs.take(c.check(&Loc::Field(p, "cost"))));
    let amount = errs.take(unit?.times(l.quantity, &qp, "unit price × quantity"))?;
    Some(Line {
        id: &l.id,
        product_id: &l.product_id,
        sku_id: l.sku_id.as_deref(),
        quantity: l.quantity,
        unit_cost,
        amount,
        discount: Money::ZERO,
        paid: amount,
    })
}

/// The order-level discounts' total, each amount valid.
fn check_discounts(
    list: &[DiscountDoc<'_>],
    dp: &Loc<'_>,
    errs: &mut Errors,
) -> Result<Money, Error> {
    limits::check_len(list.len(), MAX_DISCOUNTS, dp, "discounts")?;
    let mut discount = Money::ZERO;
    for (i, d) in list.iter().enumerate() {
        let ip = Loc::Index(dp, i);
        let ap = Loc::Field(&ip, "amount");
        if let Some(a) = errs.take(d.amount.check(&ap)) {
            if let Some(sum) = errs.take(discount.add(a, &ap, "the discount total")) {
                discount = sum;
            }
        }
    }
    Ok(discount)
}

/// Spreads the discount total over the lines in proportion to their amounts, and sets each
/// line's paid amount. The discounts may not exceed the order at list price.
fn spread_discount(
    lines: &mut [Line],
    discount: Money,
    gross: Money,
    dp: &impl At,
) -> Result<(), Error> {
    if discount > gross {
        return Err(Error::new(
            ErrorCode::Inconsistent,
            dp.path(),
            format!("discounts total {discount}, more than the order's {gross} at list price"),
        ));
    }
    let weights: Vec<Money> = lines.iter().map(|l| l.amount).collect();
    let shares = prorate(discount, &weights, dp)?;
    debug_assert_eq!(shares.len(), lines.len());
    for (line, share) in lines.iter_mut().zip(shares) {
        debug_assert!(share <= line.amount, "no line's share exceeds its amount");
        line.discount = share;
        line.paid = line.amount.sub(share, dp, "a line's paid amount")?;
    }
    Ok(())
}

/// Splits `total` over `weights` in proportion, in whole fen, by largest remainder: each
/// share is first `floor(total × w / W)`; the fen left over go one each to the largest
/// remainders, ties to the earlier entry. When `total ≤ W` no share exceeds its weight.
/// All weights zero: nothing can be split, and a non-zero total is an error.
pub fn prorate(total: Money, weights: &[Money], path: &impl At) -> Result<Vec<Money>, Error> {
    let sum: i128 = weights.iter().map(|w| i128::from(w.fen())).sum();
    if total.is_zero() {
        return Ok(vec![Money::ZERO; weights.len()]);
    }
    if sum <= 0 {
        return Err(Error::new(
            ErrorCode::Inconsistent,
            path.path(),
            format!("{total} cannot be spread over lines that have nothing left"),
        ));
    }
    let t = i128::from(total.fen());
    let overflow = || Error::overflow(path.path(), "a prorated share");
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for w in weights {
        // total and weights are below 2^63, so the product fits in i128.
        let num = t.checked_mul(i128::from(w.fen())).ok_or_else(overflow)?;
        let q = num.checked_div(sum).unwrap_or(0);
        shares.push(Money::from_fen(i64::try_from(q).map_err(|_| overflow())?));
        remainders.push(num.checked_rem(sum).unwrap_or(0));
        given = given.saturating_add(q);
    }
    let left = usize::try_from(t.saturating_sub(given)).unwrap_or(0);
    let mut give = |i: usize| match shares.get_mut(i) {
        Some(s) => s
            .add(Money::from_fen(1), path, "a prorated share")
            .map(|x| *s = x),
        None => Ok(()),
    };
    largest_first(&mut remainders, left, &mut give)?;
    debug_assert!(
        shares.iter().map(|s| i128::from(s.fen())).sum::<i128>() == t,
        "prorated shares add up to the total"
    );
    Ok(shares)
}

/// Calls `give` with the positions of the `k` largest `remainders`, largest first, the
/// earlier of equal ones first (the order a stable sort from largest to smallest gives). The
/// fen left over are fewer than the lines, and an order has few lines: up to 65 of them the
/// largest is picked `k` times (`remainders` marked as it goes), without an allocation;
/// past that, they are sorted.
fn largest_first(
    remainders: &mut [i128],
    k: usize,
    give: &mut dyn FnMut(usize) -> Result<(), Error>,
) -> Result<(), Error> {
    if remainders.len() > crate::io::ids::PAIRWISE {
        let by_remainder = crate::io::sort::order(remainders.len(), &|a, b| {
            remainders.get(b).cmp(&remainders.get(a))
        });
        return by_remainder.into_iter().take(k).try_for_each(give);
    }
    for _ in 0..k {
        let mut best: Option<(usize, i128)> = None;
        for (i, &r) in remainders.iter().enumerate() {
            if r != i128::MIN && best.is_none_or(|(_, b)| r > b) {
                best = Some((i, r));
            }
        }
        let Some((i, _)) = best else { break };
        if let Some(r) = remainders.get_mut(i) {
            *r = i128::MIN;
        }
        give(i)?;
    }
    Ok(())
}

/// Splits `total` over `weights` in whole fen so that a larger total never gives any entry
/// less: each entry first gets `floor(total × w / W)`, then the fen left over go one at a time
/// to the entry with the largest `w / (share + 1)`, ties to the earlier entry (the divisor
/// method of D'Hondt). Refunds use it because largest remainder is not monotone: with it, a
/// refund one fen larger can hand a line back a fen and raise its commission. Requires
/// `total ≤ W`; then no share exceeds its weight.
pub fn apportion(total: Money, weights: &[Money], path: &impl At) -> Result<Vec<Money>, Error> {
    let sum: i128 = weights.iter().map(|w| i128::from(w.fen())).sum();
    if total.is_zero() {
        return Ok(vec![Money::ZERO; weights.len()]);
    }
    let t = i128::from(total.fen());
    if sum <= 0 || t > sum {
        return Err(Error::new(
            ErrorCode::Inconsistent,
            path.path(),
            format!(
                "{total} cannot be spread over lines that hold {}",
                Money::from_fen(i64::try_from(sum).unwrap_or(i64::MAX))
            ),
        ));
    }
    let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
    for w in weights {
        let num = t
            .checked_mul(i128::from(w.fen()))
            .ok_or_else(|| Error::overflow(path.path(), "a refund's share"))?;
        shares.push(num.checked_div(sum).unwrap_or(0));
    }
    let given: i128 = shares.iter().sum();
    // Fewer fen are left than there are entries, so this loop is short.
    for _ in 0..t.saturating_sub(given) {
        let mut best: Option<usize> = None;
        for (i, (w, s)) in weights.iter().zip(&shares).enumerate() {
            let w = i128::from(w.fen());
            let better = match best {
                None => w > 0,
                // w / (s + 1) > bw / (bs + 1), compared without division.
                Some(b) => {
                    let bw = weights.get(b).map_or(0, |x| i128::from(x.fen()));
                    let bs = shares.get(b).copied().unwrap_or(0);
                    w.saturating_mul(bs.saturating_add(1)) > bw.saturating_mul(s.saturating_add(1))
                }
            };
            if better {
                best = Some(i);
            }
        }
        match best.and_then(|b| shares.get_mut(b)) {
            Some(s) => *s = s.saturating_add(1),
            None => break,
        }
    }
    shares
        .into_iter()
        .map(|s| {
            i64::try_from(s)
                .map(Money::from_fen)
                .map_err(|_| Error::overflow(path.path(), "a refund's share"))
        })
        .collect()
}

// Test code only: a failure here fails a test and is never compiled into the engine.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Path;

    /// Fen of `weights`, split as the rule says, worked out by hand.
    fn split(total: i64, weights: &[i64]) -> Result<Vec<i64>, Error> {
        let w: Vec<Money> = weights.iter().map(|&f| Money::from_fen(f)).collect();
        let shares = prorate(Money::from_fen(total), &w, &Path::root())?;
        Ok(shares.iter().map(|m| m.fen()).collect())
    }

    #[test]
    fn left_over_fen_go_to_the_largest_remainders_earlier_first() -> Result<(), Error> {
        // why: 10 fen over 1:1:1 is 3.33 each; floors 3+3+3 = 9, one fen left, three equal
        // remainders (1/3): the earliest takes it.
        assert_eq!(split(10, &[100, 100, 100])?, [4, 3, 3]);
        // why: 2500 fen over 25600:16800:10000 (W 52400): 64,000,000 / 52400 = 1221 rem
        // 19,600; 42,000,000 / 52400 = 801 rem 27,600; 25,000,000 / 52400 = 477 rem 5,200;
        // floors 2499, one fen left, to the largest remainder: the second line's.
        assert_eq!(split(2500, &[25600, 16800, 10000])?, [1221, 802, 477]);
        // why: 5 fen over 1:2:2:1 (W 6): 0.83, 1.67, 1.67, 0.83; floors 0+1+1+0 = 2, three
        // left: the remainders are 5, 4, 4, 5 sixths, so the two 5s (first and last) and
        // then the earlier 4 (the second line).
        assert_eq!(split(5, &[1, 2, 2, 1])?, [1, 2, 1, 1]);
        Ok(())
    }

    /// Past 65 lines the remainders are sorted instead of picked: the same shares. 3 fen over
    /// 70 equal lines: the first three take one each; 69 fen: all but the last.
    #[test]
    fn many_lines_split_the_same_way() -> Result<(), Error> {
        let shares = split(3, &[7; 70])?;
        assert_eq!(shares.get(..4), Some(&[1, 1, 1, 0][..]));
        assert_eq!(shares.iter().sum::<i64>(), 3);
        let shares = split(69, &[7; 70])?;
        assert_eq!(shares.iter().filter(|&&s| s == 1).count(), 69);
        assert_eq!(shares.last(), Some(&0));
        // why: 69 fen over 65 equal lines is 1.06 each: 65 fen, then 4 left to the first four.
        let few = split(69, &[7; 65])?;
        assert_eq!(few.get(..5), Some(&[2, 2, 2, 2, 1][..]));
        assert_eq!(few.iter().sum::<i64>(), 69);
        Ok(())
    }
}
