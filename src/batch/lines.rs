//! An order's lines as commission reads them: each line's amount at list price, its share
//! of the order-level discounts (largest remainder, ties to the earlier line, exactly as
//! [`crate::payout::order::prorate`]), its paid amount and its paying plan. Scratch buffers
//! are reused from order to order, so the run allocates nothing per order.

use crate::batch::dataset::Dataset;
use crate::batch::kernel::LineIn;
use crate::batch::plan::Plans;
use crate::error::{Error, ErrorCode, Path};

/// Buffers reused across orders.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// The order's lines as sold.
    pub lines: Vec<LineIn>,
    /// Their bases.
    pub bases: Vec<i64>,
    /// Proration remainders.
    rems: Vec<i128>,
    /// Line positions by remainder.
    order: Vec<u32>,
}

/// The rows of order `o`'s lines.
pub(crate) fn line_rows(data: &Dataset, o: usize) -> std::ops::Range<usize> {
    let starts = &data.orders.line_start;
    let start = starts.get(o).map_or(0, |&s| s as usize);
    let end = starts
        .get(o.saturating_add(1))
        .map_or(data.orders.line_id.len(), |&s| s as usize);
    start..end.max(start)
}

/// The path of order row `o` in the dataset, for errors.
pub(crate) fn order_path(o: usize) -> Path {
    Path::root().field("data").field("orders").index(o)
}

/// Fills `s.lines` with order `o`'s lines as sold, discounts prorated.
pub(crate) fn sold(plans: &Plans, data: &Dataset, o: usize, s: &mut Scratch) -> Result<(), Error> {
    let od = &data.orders;
    s.lines.clear();
    let mut gross: i64 = 0;
    for l in line_rows(data, o) {
        let unit = od.line_unit_price.get(l).copied().unwrap_or(0);
        let qty = od.line_quantity.get(l).copied().unwrap_or(0);
        let amount = i64::try_from(qty)
            .ok()
            .and_then(|q| unit.checked_mul(q))
            .ok_or_else(|| Error::overflow(order_path(o), "unit price × quantity"))?;
        gross = gross
            .checked_add(amount)
            .ok_or_else(|| Error::overflow(order_path(o), "the order total"))?;
        s.lines.push(LineIn {
            plan: plans.line_plan(
                od.line_product.get(l).copied().unwrap_or(0),
                od.line_sku.get(l).copied().unwrap_or(crate::batch::NONE),
            ),
            units: qty,
            paid: amount,
            cost: od
                .line_cost
                .get(l)
                .copied()
                .unwrap_or(super::dataset::NO_COST),
            scale: None,
        });
    }
    let discount = od.discount.get(o).copied().unwrap_or(0);
    if discount > gross {
        return Err(Error::new(
            ErrorCode::Inconsistent,
            order_path(o).field("discount"),
            "the discounts total more than the order at list price",
        ));
    }
    if discount > 0 {
        prorate(discount, gross, s).map_err(|()| Error::overflow(order_path(o), "a share"))?;
    }
    Ok(())
}

/// Takes `total` (at most `sum`, the lines' amounts, which is positive) off the lines in
/// proportion to their amounts, by largest remainder.
fn prorate(total: i64, sum: i64, s: &mut Scratch) -> Result<(), ()> {
    let (t, w) = (i128::from(total), i128::from(sum));
    s.rems.clear();
    let mut given: i128 = 0;
    for l in s.lines.iter_mut() {
        let num = t.checked_mul(i128::from(l.paid)).ok_or(())?;
        let q = num.checked_div(w).ok_or(())?;
        s.rems.push(num.checked_rem(w).ok_or(())?);
        given = given.checked_add(q).ok_or(())?;
        l.paid = l
            .paid
            .checked_sub(i64::try_from(q).map_err(|_| ())?)
            .ok_or(())?;
    }
    let left = usize::try_from(t.checked_sub(given).ok_or(())?).map_err(|_| ())?;
    if left == 0 {
        return Ok(());
    }
    s.order.clear();
    s.order
        .extend((0..s.lines.len()).filter_map(|i| u32::try_from(i).ok()));
    let rems = &s.rems;
    // Largest remainder first, ties by line: an insertion sort (an order has a few lines;
    // no sorting code is instantiated for this one list).
    let before = |a: u32, b: u32| {
        let (ra, rb) = (rems.get(a as usize), rems.get(b as usize));
        rb.cmp(&ra).then(a.cmp(&b)) == std::cmp::Ordering::Less
    };
    for k in 1..s.order.len() {
        let mut j = k;
        while j > 0 {
            let (Some(&a), Some(&b)) = (s.order.get(j.saturating_sub(1)), s.order.get(j)) else {
                break;
            };
            if !before(b, a) {
                break;
            }
            s.order.swap(j.saturating_sub(1), j);
            j = j.saturating_sub(1);
        }
    }
    for &i in s.order.iter().take(left) {
        if let Some(l) = s.lines.get_mut(i as usize) {
            l.paid = l.paid.checked_sub(1).ok_or(())?;
        }
    }
    Ok(())
}
