//! Datasets written in code (tests, examples, a server that already holds its rows): the
//! rows are kept as given and handed to the one checked [`Builder`] in its order of kinds
//! when the dataset is built, so a dataset made here is checked exactly as a file's is. A
//! problem is named by the row's place among its kind, `data.orders[3].buyer`.

use super::build::{Builder, Field, Kind, LineRow, Locate, MemberRow, OrderRow, RefundRow, SkuRow};
use super::dataset::Dataset;
use crate::error::{Errors, Path};
use crate::money::time::Timestamp;
use crate::payout::network::Status;

/// One order line, as [`Rows::order`] takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Line id, unique within its order.
    pub id: String,
    /// Product id.
    pub product: String,
    /// SKU id, if the product has SKUs.
    pub sku: Option<String>,
    /// Unit price charged, fen.
    pub unit_price: i64,
    /// Units.
    pub quantity: u64,
    /// Unit cost, fen.
    pub cost: Option<i64>,
}

/// Rows waiting to be checked into a [`Dataset`].
#[derive(Clone, Debug, Default)]
pub struct Rows {
    members: Vec<MemberRow>,
    skus: Vec<SkuRow>,
    orders: Vec<OrderRow>,
    lines: Vec<LineRow>,
    refunds: Vec<RefundRow>,
}

/// Names a row by its kind and its place among the rows of that kind.
struct Indexed;

impl Locate for Indexed {
    fn path(&self, kind: Kind, row: usize, field: Field) -> Path {
        let (list, name) = match kind {
            Kind::Member => ("members", member_field(field)),
            Kind::Product => ("products", product_field(field)),
            Kind::Order => ("orders", order_field(field)),
            Kind::Line => ("lines", line_field(field)),
            Kind::Refund => ("refunds", refund_field(field)),
        };
        let at = Path::root().field("data").field(list).index(row);
        match name {
            Some(n) => at.field(n),
            None => at,
        }
    }
}

fn member_field(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::Id => "id",
        Field::ParentId => "parent",
        Field::Tier => "tier",
        Field::Status => "status",
        Field::JoinedAt => "joinedAt",
        _ => return None,
    })
}

fn product_field(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::ProductId | Field::Id => "productId",
        Field::Name => "name",
        Field::SkuId => "skuId",
        Field::Price => "price",
        Field::Cost => "cost",
        _ => return None,
    })
}

fn order_field(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::Id | Field::OrderId => "id",
        Field::PaidAt => "paidAt",
        Field::CompletedAt => "completedAt",
        Field::BuyerId => "buyer",
        Field::Discount => "discount",
        Field::Shipping => "shipping",
        _ => return None,
    })
}

fn line_field(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::OrderId => "orderId",
        Field::LineId | Field::Id => "lineId",
        Field::ProductId => "productId",
        Field::SkuId => "skuId",
        Field::UnitPrice => "unitPrice",
        Field::Quantity => "quantity",
        Field::Cost => "cost",
        _ => return None,
    })
}

fn refund_field(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::Id => "id",
        Field::OrderId => "orderId",
        Field::LineId => "lineId",
        Field::Quantity => "quantity",
        Field::Amount => "amount",
        Field::At => "at",
        _ => return None,
    })
}

impl Rows {
    /// A member; `tier` `None` is the rule set's first tier.
    pub fn member(
        &mut self,
        id: &str,
        parent: Option<&str>,
        tier: Option<&str>,
        status: Status,
        joined_at: Timestamp,
    ) -> &mut Self {
        self.members.push(MemberRow {
            id: id.to_owned(),
            parent: parent.map(str::to_owned),
            tier: tier.map(str::to_owned),
            status,
            joined_at,
        });
        self
    }

    /// A product without SKUs.
    pub fn product(&mut self, id: &str, name: &str) -> &mut Self {
        self.skus.push(SkuRow {
            product_id: id.to_owned(),
            name: name.to_owned(),
            sku_id: None,
            price: 0,
            cost: None,
        });
        self
    }

    /// A SKU of the product added last (which then has SKUs).
    pub fn sku(&mut self, id: &str, price: i64, cost: Option<i64>) -> &mut Self {
        let Some(last) = self.skus.last() else {
            return self;
        };
        let row = SkuRow {
            product_id: last.product_id.clone(),
            name: last.name.clone(),
            sku_id: Some(id.to_owned()),
            price,
            cost,
        };
        if last.sku_id.is_none() {
            self.skus.pop();
        }
        self.skus.push(row);
        self
    }

    /// An order and its lines.
    pub fn order(
        &mut self,
        id: &str,
        paid_at: Timestamp,
        buyer: &str,
        discount: i64,
        shipping: i64,
        lines: Vec<Line>,
    ) -> &mut Self {
        self.orders.push(OrderRow {
            id: id.to_owned(),
            paid_at,
            completed_at: None,
            buyer: buyer.to_owned(),
            discount,
            shipping,
        });
        self.lines.extend(lines.into_iter().map(|l| LineRow {
            order_id: id.to_owned(),
            line_id: l.id,
            product_id: l.product,
            sku_id: l.sku,
            unit_price: l.unit_price,
            quantity: l.quantity,
            cost: l.cost,
        }));
        self
    }

    /// A refund: `line` with `quantity` (units), `line` with `amount`, or `amount` alone.
    pub fn refund(
        &mut self,
        id: &str,
        order: &str,
        line: Option<&str>,
        quantity: u64,
        amount: Option<i64>,
        at: Timestamp,
    ) -> &mut Self {
        self.refunds.push(RefundRow {
            id: id.to_owned(),
            order_id: order.to_owned(),
            line_id: line.map(str::to_owned),
            quantity: (quantity > 0).then_some(quantity),
            amount,
            at,
        });
        self
    }

    /// Checks every row through the [`Builder`] and answers the dataset, or every problem.
    pub fn build(self) -> Result<Dataset, Errors> {
        let mut b = Builder::new();
        let mut errs = Errors::new();
        for r in self.members {
            b.member(r, false, &Indexed, &mut errs);
        }
        for r in self.skus {
            b.sku(r, false, &Indexed, &mut errs);
        }
        for r in self.orders {
            b.order(r, false, &Indexed, &mut errs);
        }
        for r in self.lines {
            b.line(r, false, &Indexed, &mut errs);
        }
        for r in self.refunds {
            b.refund(r, false, &Indexed, &mut errs);
        }
        b.finish(&Indexed, errs)
    }
}
