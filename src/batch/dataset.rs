//! A shop's data for a run, in columns: members, products with their SKUs, orders with their
//! lines, and refunds. Ids are interned: everywhere else a member, product, SKU, order or line
//! is its index (`u32`) in these columns, and `NONE` stands for "absent". Money is whole fen
//! (`i64`, each value within `money::MAX_INPUT_FEN`), times are instants.
//!
//! A `Dataset` is only ever built whole and checked (the readers and the sample generator
//! go through one builder): parents, buyers, products, SKUs and refunded lines all refer to
//! rows that exist, and ids are unique within their column. A dataset with any bad row is
//! refused whole.

pub use super::ids::Ids;
use crate::money::time::Timestamp;
use crate::payout::network::Status;

/// "No such row": a member without a parent, a line without a SKU, a refund of a whole
/// order rather than one line.
pub const NONE: u32 = u32::MAX;

/// Every column of a run's data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    /// The members: the network, fixed for the run.
    pub members: Members,
    /// The products and their SKUs.
    pub products: Products,
    /// The orders and their lines.
    pub orders: Orders,
    /// The refunds.
    pub refunds: Refunds,
}

/// Members, one row each; row `i` is member `i`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Members {
    /// The member's id as the shop writes it.
    pub id: Ids,
    /// The parent's row (the distributor the member is bound to), or `NONE`.
    pub parent: Vec<u32>,
    /// The starting tier, an index into `tier_names`, or `NONE` for the rule set's first tier.
    pub tier: Vec<u32>,
    /// The tier ids the dataset names, interned; a rule set given to a run must know each.
    pub tier_names: Vec<String>,
    /// Distributor status.
    pub status: Vec<Status>,
    /// When the member joined: they count as a recruit of their parent from then.
    pub joined_at: Vec<Timestamp>,
}

/// Products, one row each, and their SKUs, one row each. A product without SKUs has one SKU
/// row whose id is empty (it carries the product's price and cost); its lines have
/// `line_sku = NONE`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Products {
    /// The product's id.
    pub id: Ids,
    /// The product's display name.
    pub name: Vec<String>,
    /// The SKU's id (unique within its product).
    pub sku_id: Ids,
    /// The SKU's product row.
    pub sku_product: Vec<u32>,
    /// The SKU's list price, fen.
    pub sku_price: Vec<i64>,
    /// The SKU's unit cost, fen, or `NO_COST`.
    pub sku_cost: Vec<i64>,
}

/// Orders, one row each, and their lines, one row each; an order's lines are the rows
/// `line_start[o] .. line_start[o + 1]` (the last order's end is `lines.len()`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orders {
    /// The order's id.
    pub id: Ids,
    /// When it was paid.
    pub paid_at: Vec<Timestamp>,
    /// When it was completed (confirmed received), if it was. May be empty: none was (a
    /// dataset from integer columns).
    pub completed_at: Vec<Option<Timestamp>>,
    /// The buyer's member row.
    pub buyer: Vec<u32>,
    /// The sum of the order-level discounts, fen.
    pub discount: Vec<i64>,
    /// Shipping, fen (outside every base). May be empty: none.
    pub shipping: Vec<i64>,
    /// The first line's row.
    pub line_start: Vec<u32>,
    /// The line's id (unique within its order).
    pub line_id: Ids,
    /// The line's product row.
    pub line_product: Vec<u32>,
    /// The line's SKU row, or `NONE`.
    pub line_sku: Vec<u32>,
    /// The unit price actually charged, fen.
    pub line_unit_price: Vec<i64>,
    /// Quantity.
    pub line_quantity: Vec<u64>,
    /// The unit cost, fen, or `NO_COST`. A line given without a cost takes its SKU's. May be
    /// empty: no line has a cost.
    pub line_cost: Vec<i64>,
}

impl Orders {
    /// The rows of order `o`'s lines (empty for a row that is no order).
    pub fn lines_of(&self, o: usize) -> std::ops::Range<usize> {
        let start = self.line_start.get(o).copied();
        let end = match self.line_start.get(o.saturating_add(1)) {
            Some(e) => Some(*e),
            None => start.map(|_| u32::try_from(self.line_id.len()).unwrap_or(u32::MAX)),
        };
        match (start, end) {
            (Some(s), Some(e)) => {
                usize::try_from(s).unwrap_or(0)
                    ..usize::try_from(e)
                        .unwrap_or(0)
                        .max(usize::try_from(s).unwrap_or(0))
            }
            _ => 0..0,
        }
    }
}

impl Dataset {
    /// How many members, orders, lines and refunds: the figures a caller shows first.
    pub fn counts(&self) -> Counts {
        Counts {
            members: self.members.id.len(),
            products: self.products.id.len(),
            skus: self.products.sku_id.len(),
            orders: self.orders.id.len(),
            lines: self.orders.line_id.len(),
            refunds: self.refunds.id.len(),
        }
    }
}

/// The number of rows of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Members.
    pub members: usize,
    /// Products.
    pub products: usize,
    /// SKU rows (a product without SKUs counts one).
    pub skus: usize,
    /// Orders.
    pub orders: usize,
    /// Order lines.
    pub lines: usize,
    /// Refunds.
    pub refunds: usize,
}

/// Refunds, one row each, in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refunds {
    /// The refund's id.
    pub id: Ids,
    /// The refunded order's row.
    pub order: Vec<u32>,
    /// The refunded line's row in `Orders`' line columns, or `NONE` for an order-level amount.
    pub line: Vec<u32>,
    /// Units returned, or 0 when the refund is by amount.
    pub quantity: Vec<u64>,
    /// The amount refunded, fen, or `NO_AMOUNT` when the refund is by quantity.
    pub amount: Vec<i64>,
    /// When it was refunded.
    pub at: Vec<Timestamp>,
}

/// A cost column's "no cost given".
pub const NO_COST: i64 = i64::MIN;

/// A refund's amount column when the refund is by quantity.
pub const NO_AMOUNT: i64 = i64::MIN;

impl Dataset {
    /// Each of the dataset's tier names as a tier of `rules` (its index there), or an
    /// `unknownReference` error at `members.tier` naming each tier the rule set does not
    /// define, and the first member given it. A run needs every starting tier known.
    pub fn tiers_in(&self, rules: &crate::RuleSet) -> Result<Vec<u32>, crate::Errors> {
        let m = &self.members;
        let mut errs = crate::Errors::new();
        let mut out = Vec::with_capacity(m.tier_names.len());
        for (t, name) in m.tier_names.iter().enumerate() {
            match rules.tier_index(name).and_then(|i| u32::try_from(i).ok()) {
                Some(i) => out.push(i),
                None => {
                    let first = m
                        .tier
                        .iter()
                        .position(|x| usize::try_from(*x).ok() == Some(t))
                        .and_then(|i| m.id.get(i))
                        .unwrap_or("");
                    let defined = if rules.tiers.is_empty() {
                        "this rule set defines none".to_owned()
                    } else {
                        let ids: Vec<&str> = rules.tiers.iter().map(|t| t.id.as_str()).collect();
                        format!("its tiers are {}", ids.join(", "))
                    };
                    errs.add(
                        crate::ErrorCode::UnknownReference,
                        crate::Path::root().field("members").field("tier"),
                        format!("tier `{name}` (member `{first}`'s starting tier) is not a tier of the rule set: {defined}"),
                    );
                    out.push(NONE);
                }
            }
        }
        errs.finish(out)
    }
}
