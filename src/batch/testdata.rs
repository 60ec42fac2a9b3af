//! A small builder of datasets from rows written in code, for tests and examples: ids are
//! resolved when the dataset is built, and a reference to nothing, a repeated id or a cycle
//! of parents refuses the dataset whole. The file readers have their own builder with row
//! and column positions; this one names rows by their index.

use crate::batch::dataset::{Dataset, NONE, NO_AMOUNT, NO_COST};
use crate::error::{ErrorCode, Errors, Path};
use crate::money::time::Timestamp;
use crate::payout::network::Status;
use std::collections::HashMap;

/// One order line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRow {
    /// Line id.
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

/// Rows waiting to be resolved into a [`Dataset`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    data: Dataset,
    parents: Vec<Option<String>>,
    buyers: Vec<String>,
    lines: Vec<LineRow>,
    refunds: Vec<(String, Option<String>)>,
}

fn intern(map: &mut HashMap<String, u32>, id: &str, row: usize, path: Path, errs: &mut Errors) {
    let row = u32::try_from(row).unwrap_or(NONE);
    if map.insert(id.to_owned(), row).is_some() {
        errs.add(ErrorCode::Duplicate, path, format!("`{id}` appears twice"));
    }
}

impl Builder {
    /// A member; `tier` `None` is the rule set's first tier.
    pub fn member(
        &mut self,
        id: &str,
        parent: Option<&str>,
        tier: Option<&str>,
        status: Status,
        joined_at: Timestamp,
    ) -> &mut Self {
        let m = &mut self.data.members;
        m.id.push(id.to_owned());
        m.parent.push(NONE);
        let t = tier.map_or(NONE, |t| {
            let at = m.tier_names.iter().position(|n| n == t).unwrap_or_else(|| {
                m.tier_names.push(t.to_owned());
                m.tier_names.len().saturating_sub(1)
            });
            u32::try_from(at).unwrap_or(NONE)
        });
        m.tier.push(t);
        m.status.push(status);
        m.joined_at.push(joined_at);
        self.parents.push(parent.map(str::to_owned));
        self
    }

    /// A product (without SKUs unless [`Builder::sku`] adds some).
    pub fn product(&mut self, id: &str, name: &str) -> &mut Self {
        self.data.products.id.push(id.to_owned());
        self.data.products.name.push(name.to_owned());
        self
    }

    /// A SKU of the product added last.
    pub fn sku(&mut self, id: &str, price: i64, cost: Option<i64>) -> &mut Self {
        let p = &mut self.data.products;
        let product = u32::try_from(p.id.len().saturating_sub(1)).unwrap_or(NONE);
        p.sku_id.push(id.to_owned());
        p.sku_product.push(product);
        p.sku_price.push(price);
        p.sku_cost.push(cost.unwrap_or(NO_COST));
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
        lines: Vec<LineRow>,
    ) -> &mut Self {
        let o = &mut self.data.orders;
        o.id.push(id.to_owned());
        o.paid_at.push(paid_at);
        o.completed_at.push(None);
        o.buyer.push(NONE);
        o.discount.push(discount);
        o.shipping.push(shipping);
        o.line_start
            .push(u32::try_from(self.lines.len()).unwrap_or(NONE));
        self.buyers.push(buyer.to_owned());
        self.lines.extend(lines);
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
        let r = &mut self.data.refunds;
        r.id.push(id.to_owned());
        r.order.push(NONE);
        r.line.push(NONE);
        r.quantity.push(quantity);
        r.amount.push(amount.unwrap_or(NO_AMOUNT));
        r.at.push(at);
        self.refunds
            .push((order.to_owned(), line.map(str::to_owned)));
        self
    }

    /// Resolves every reference and answers the dataset.
    pub fn build(mut self) -> Result<Dataset, Errors> {
        let mut errs = Errors::new();
        let root = Path::root().field("data");
        let members = self.resolve_members(&root, &mut errs);
        self.resolve_lines(&members, &root, &mut errs);
        self.resolve_refunds(&root, &mut errs);
        errs.finish(self.data)
    }

    fn resolve_members(&mut self, root: &Path, errs: &mut Errors) -> HashMap<String, u32> {
        let mut map = HashMap::new();
        for (i, id) in self.data.members.id.iter().enumerate() {
            intern(
                &mut map,
                id,
                i,
                root.field("members").index(i).field("id"),
                errs,
            );
        }
        for (i, p) in self.parents.iter().enumerate() {
            let Some(p) = p else { continue };
            let path = root.field("members").index(i).field("parent");
            match (map.get(p), self.data.members.parent.get_mut(i)) {
                (Some(&row), Some(slot)) => *slot = row,
                _ => errs.add(
                    ErrorCode::UnknownReference,
                    path,
                    format!("no member `{p}`"),
                ),
            }
        }
        let parent = &self.data.members.parent;
        for start in 0..parent.len() {
            let mut m = parent.get(start).copied().unwrap_or(NONE);
            for _ in 0..parent.len() {
                if m == NONE {
                    break;
                }
                if m as usize == start {
                    errs.add(
                        ErrorCode::Inconsistent,
                        root.field("members").index(start).field("parent"),
                        "the member is their own ancestor",
                    );
                    break;
                }
                m = parent.get(m as usize).copied().unwrap_or(NONE);
            }
        }
        map
    }

    fn resolve_lines(&mut self, members: &HashMap<String, u32>, root: &Path, errs: &mut Errors) {
        let mut products = HashMap::new();
        for (i, id) in self.data.products.id.iter().enumerate() {
            intern(
                &mut products,
                id,
                i,
                root.field("products").index(i).field("id"),
                errs,
            );
        }
        let o = &mut self.data.orders;
        for (i, b) in self.buyers.iter().enumerate() {
            match (members.get(b), o.buyer.get_mut(i)) {
                (Some(&row), Some(slot)) => *slot = row,
                _ => errs.add(
                    ErrorCode::UnknownReference,
                    root.field("orders").index(i).field("buyer"),
                    format!("no member `{b}`"),
                ),
            }
        }
        let pr = &self.data.products;
        for (i, l) in self.lines.iter().enumerate() {
            let path = root.field("lines").index(i);
            let product = products.get(&l.product).copied().unwrap_or_else(|| {
                errs.add(
                    ErrorCode::UnknownReference,
                    path.field("productId"),
                    format!("no product `{}`", l.product),
                );
                NONE
            });
            let sku = match &l.sku {
                None => NONE,
                Some(s) => pr
                    .sku_id
                    .iter()
                    .zip(&pr.sku_product)
                    .position(|(id, &p)| id == s && p == product)
                    .and_then(|k| u32::try_from(k).ok())
                    .unwrap_or_else(|| {
                        errs.add(
                            ErrorCode::UnknownReference,
                            path.field("skuId"),
                            format!("no SKU `{s}` of product `{}`", l.product),
                        );
                        NONE
                    }),
            };
            o.line_id.push(l.id.clone());
            o.line_product.push(product);
            o.line_sku.push(sku);
            o.line_unit_price.push(l.unit_price);
            o.line_quantity.push(l.quantity);
            o.line_cost.push(l.cost.unwrap_or(NO_COST));
        }
    }

    fn resolve_refunds(&mut self, root: &Path, errs: &mut Errors) {
        let mut orders = HashMap::new();
        for (i, id) in self.data.orders.id.iter().enumerate() {
            intern(
                &mut orders,
                id,
                i,
                root.field("orders").index(i).field("id"),
                errs,
            );
        }
        for (i, (order, line)) in self.refunds.iter().enumerate() {
            let path = root.field("refunds").index(i);
            let Some(&o) = orders.get(order) else {
                errs.add(
                    ErrorCode::UnknownReference,
                    path.field("orderId"),
                    format!("no order `{order}`"),
                );
                continue;
            };
            if let Some(slot) = self.data.refunds.order.get_mut(i) {
                *slot = o;
            }
            let Some(line) = line else { continue };
            let rows = crate::batch::lines::line_rows(&self.data, o as usize);
            let found = rows
                .clone()
                .find(|&r| self.data.orders.line_id.get(r) == Some(line));
            match (found, self.data.refunds.line.get_mut(i)) {
                (Some(r), Some(slot)) => *slot = u32::try_from(r).unwrap_or(NONE),
                _ => errs.add(
                    ErrorCode::UnknownReference,
                    path.field("lineId"),
                    format!("no line `{line}` in order `{order}`"),
                ),
            }
        }
    }
}
