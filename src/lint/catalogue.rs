//! The optional catalogue: list prices, so that fixed amounts per unit can also be shown as
//! a share of what an item sells for. A share of the *paid* amount cannot bound a fixed
//! amount (a coupon can bring the paid amount to ¥0.01), so list price is the only honest
//! yardstick, and it is shown beside the finding, not instead of it.

use super::worst::{self, PlanFigures};
use crate::error::{ErrorCode, Errors, Path};
use crate::io::decode::Decode;
use crate::io::ids::Ids;
use crate::limits::{self, MAX_PRODUCTS, MAX_SKUS};
use crate::money::{Money, MoneyText};
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use schemars::JsonSchema;

/// A product and its list prices.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogueProduct {
    /// The product id, as the rule set's `products` and order lines name it. A product the
    /// rule set does not list follows the global levels.
    pub product_id: String,
    /// The list price of one unit, for lines that name no SKU (or a SKU without its own
    /// override). Money as a string, e.g. `"10.00"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<MoneyText>,
    /// The list price of each SKU.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<CatalogueSku>,
}

/// A SKU and its list price.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogueSku {
    /// The SKU id, as the rule set's SKU overrides and order lines name it.
    pub sku_id: String,
    /// The list price of one unit, e.g. `"10.00"`.
    pub price: MoneyText,
}

/// One checked list price.
pub(crate) struct Priced {
    /// Where the price is written, e.g. `catalogue[0].skus[1].price`.
    pub path: Path,
    /// The product.
    pub product_id: String,
    /// The SKU, for SKU prices.
    pub sku_id: Option<String>,
    /// The price of one unit.
    pub price: Money,
}

impl Priced {
    /// The item in words, for messages: "a ¥10.00 SKU (`red` of `tea`, catalogue[0].skus[0].price)".
    pub fn describe(&self) -> String {
        match &self.sku_id {
            Some(s) => format!(
                "a ¥{} SKU (`{s}` of `{}`, {})",
                self.price, self.product_id, self.path
            ),
            None => format!(
                "a ¥{} product (`{}`, {})",
                self.price, self.product_id, self.path
            ),
        }
    }
}

/// Checks the catalogue found at `path`; every list price, in document order.
pub(crate) fn check(list: &[CatalogueProduct], path: &Path) -> Result<Vec<Priced>, Errors> {
    let mut errs = Errors::new();
    errs.take(limits::check_len(
        list.len(),
        MAX_PRODUCTS,
        path,
        "catalogue products",
    ));
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut out = Vec::new();
    let mut products = Ids::default();
    for (i, p) in list.iter().enumerate() {
        let pp = path.index(i);
        errs.take(limits::check_id(&p.product_id, &pp.field("productId")));
        if !products.add(&p.product_id, i) {
            errs.add(
                ErrorCode::Duplicate,
                pp.field("productId"),
                format!("product `{}` is listed twice", p.product_id),
            );
        }
        if let Some(m) = &p.price {
            let at = pp.field("price");
            if let Some(price) = errs.take(m.check(&at)) {
                out.push(Priced {
                    path: at,
                    product_id: p.product_id.clone(),
                    sku_id: None,
                    price,
                });
            }
        }
        let sp = pp.field("skus");
        if errs
            .take(limits::check_len(p.skus.len(), MAX_SKUS, &sp, "SKUs"))
            .is_none()
        {
            continue;
        }
        let mut skus = Ids::default();
        for (j, s) in p.skus.iter().enumerate() {
            let skp = sp.index(j);
            errs.take(limits::check_id(&s.sku_id, &skp.field("skuId")));
            if !skus.add(&s.sku_id, j) {
                errs.add(
                    ErrorCode::Duplicate,
                    skp.field("skuId"),
                    format!("SKU `{}` is listed twice", s.sku_id),
                );
            }
            let at = skp.field("price");
            if let Some(price) = errs.take(s.price.check(&at)) {
                out.push(Priced {
                    path: at,
                    product_id: p.product_id.clone(),
                    sku_id: Some(s.sku_id.clone()),
                    price,
                });
            }
        }
    }
    errs.finish(out)
}

/// A plan's worst catalogue item: the largest share of a list price it takes of one unit.
pub(crate) struct ListPrice<'c> {
    /// The catalogue item.
    pub item: &'c Priced,
    /// Fixed ÷ price, rounded up to six decimals.
    pub fixed: Decimal,
    /// Rates plus `fixed`.
    pub total: Decimal,
    /// Whether the division was exact.
    pub exact: bool,
}

/// For each plan (same order as `plans`), its worst catalogue item, when the plan has fixed
/// amounts and applies to a priced item. A zero price is left out: a line paid nothing earns
/// nothing, fixed amounts included.
pub(crate) fn list_price_worst<'c>(
    rules: &RuleSet,
    plans: &[PlanFigures<'_>],
    prices: &'c [Priced],
) -> Vec<Option<ListPrice<'c>>> {
    let mut out: Vec<Option<ListPrice<'c>>> = plans.iter().map(|_| None).collect();
    // Plans are recognised by address: `plan_for` hands back the very plans `all_plans` lists.
    // They are ordered by address once, for a binary search per catalogue item.
    let address = |k: usize| plans.get(k).map(|p| std::ptr::from_ref(p.plan));
    let by_address = crate::io::sort::order(plans.len(), &|a, b| address(a).cmp(&address(b)));
    for item in prices {
        let Some(plan) = rules.plan_for(&item.product_id, item.sku_id.as_deref()) else {
            continue;
        };
        let wanted = Some(std::ptr::from_ref(plan));
        let Ok(found) = by_address.binary_search_by(|&k| address(k).cmp(&wanted)) else {
            continue;
        };
        let Some(&k) = by_address.get(found) else {
            continue;
        };
        let (Some(p), Some(slot)) = (plans.get(k), out.get_mut(k)) else {
            continue;
        };
        if p.fixed_sum.is_zero() {
            continue;
        }
        let Some((fixed, exact)) = worst::share_of(p.fixed_sum, item.price) else {
            continue;
        };
        let Some(total) = p.rate_sum.as_decimal().checked_add(fixed) else {
            continue;
        };
        if slot.as_ref().is_none_or(|w| total > w.total) {
            *slot = Some(ListPrice {
                item,
                fixed,
                total,
                exact,
            });
        }
    }
    out
}
