//! A dataset from integer columns: what a caller that already holds its shop as arrays (a
//! page with typed arrays, a server with its own tables, the benchmark) hands over without
//! writing a file or an id per row. Members, products, SKUs, orders and lines are their row
//! numbers; the ids an answer names are those numbers in decimal (docs/DATASET.md, "From
//! columns"). Every value is checked, and the checks across rows are the builder's own
//! (`build::check_columns`); any error refuses the dataset whole, with a path naming the
//! column and the row: `orders.buyer[12]`.

use super::build::{self, Field, Kind, Limits, Locate};
use super::dataset::{Dataset, Ids, Members, Orders, Products, NONE, NO_COST};
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::limits::{self, MAX_QUANTITY, MAX_SKUS};
use crate::money::time::Timestamp;
use crate::money::MAX_INPUT_FEN;
use crate::payout::network::Status;

/// The earliest instant a column may hold, 0001-01-01T00:00:00Z, in Unix milliseconds: the
/// range RFC 3339 text can write.
pub const MIN_MS: i64 = -62_135_596_800_000;
/// The latest, 9999-12-31T23:59:59.999Z.
pub const MAX_MS: i64 = 253_402_300_799_999;

/// A shop as integer columns. Row `i` of each column belongs to member, SKU, order or line
/// `i`. Optional columns may be left empty (then every row takes the default named).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// Each member's parent row, or `NONE` (`u32::MAX`): the network.
    pub parent: Vec<u32>,
    /// Each member's starting tier, an index into `tier_names`, or `NONE` for the rule set's
    /// first tier. Empty: every member starts at the first tier.
    pub tier: Vec<u32>,
    /// The tier ids `tier` refers to.
    pub tier_names: Vec<String>,
    /// Each member's status: 0 active, 1 pending, 2 none, 3 disabled (as [`status_code`]).
    /// Empty: every member is an active distributor.
    pub status: Vec<u8>,
    /// When each member joined, Unix milliseconds. Empty: all at the epoch.
    pub joined_at_ms: Vec<i64>,
    /// Each product's display name; products are rows `0..product_names.len()`.
    pub product_names: Vec<String>,
    /// Each SKU's product row. A product with one SKU row is a product without SKUs.
    pub sku_product: Vec<u32>,
    /// Each SKU's list price, fen.
    pub sku_price: Vec<i64>,
    /// Each SKU's unit cost, fen, or `NO_COST`. Empty: none.
    pub sku_cost: Vec<i64>,
    /// Each order's buyer row.
    pub buyer: Vec<u32>,
    /// When each order was paid, Unix milliseconds.
    pub paid_at_ms: Vec<i64>,
    /// Each order's first line row: 0 for the first order, never decreasing; an order's
    /// lines run to the next order's first (the last order's, to the last line).
    pub line_start: Vec<u32>,
    /// Each order's order-level discount, fen. Empty: none.
    pub discount: Vec<i64>,
    /// Each line's SKU row (which names its product).
    pub line_sku: Vec<u32>,
    /// Each line's unit price charged, fen.
    pub unit_price: Vec<i64>,
    /// Each line's quantity, 1 to the single-order API's largest.
    pub quantity: Vec<u64>,
    /// Each line's unit cost, fen, or `NO_COST` to take its SKU's. Empty: all take their
    /// SKU's.
    pub line_cost: Vec<i64>,
}

/// Names a value by its column and row, `orders.buyer[12]`.
fn at(list: &str, column: &str, row: usize) -> Path {
    Path::root().field(list).field(column).index(row)
}

/// The column paths of the builder's checks across rows.
struct ColumnLocs;

impl Locate for ColumnLocs {
    fn path(&self, kind: Kind, row: usize, field: Field) -> Path {
        match (kind, field) {
            (Kind::Member, _) => at("members", "parent", row),
            (Kind::Order, Field::Discount) => at("orders", "discount", row),
            (Kind::Order, _) => at("orders", "lineStart", row),
            (Kind::Line, Field::Quantity) => at("lines", "quantity", row),
            (Kind::Line, _) => at("lines", "sku", row),
            (Kind::Product, _) => at("skus", "product", row),
            (Kind::Refund, _) => Path::root().field("refunds").index(row),
        }
    }
}

/// Collects errors up to the usual cap; `full` once it is reached, so the checks stop.
struct Check {
    errs: Errors,
}

impl Check {
    fn push(&mut self, e: Error) {
        self.errs.push(e);
    }

    fn full(&self) -> bool {
        self.errs.is_full()
    }

    /// A column of `len` values where `want` rows are (`len` 0 allowed when `optional`).
    fn length(&mut self, list: &str, column: &str, len: usize, want: usize, optional: bool) {
        if len != want && !(optional && len == 0) {
            self.push(Error::new(
                ErrorCode::Inconsistent,
                Path::root().field(list).field(column),
                format!(
                    "{len} values for {want} rows: one a row{}",
                    if optional { ", or none" } else { "" }
                ),
            ));
        }
    }

    /// Each value a row below `rows` (or `NONE` where `none` allows it).
    fn rows(&mut self, list: &str, column: &str, v: &[u32], rows: usize, none: bool) -> Vec<bool> {
        let mut bad = Vec::new();
        for (i, &r) in v.iter().enumerate() {
            let ok = (none && r == NONE) || usize::try_from(r).is_ok_and(|r| r < rows);
            if !ok && !self.full() {
                let what = if none { ", or none" } else { "" };
                self.push(Error::new(
                    ErrorCode::UnknownReference,
                    at(list, column, i),
                    format!(
                        "{r} is not a row: there are {rows} (0 to {}){what}",
                        rows.saturating_sub(1)
                    ),
                ));
            }
            if !ok {
                bad.resize(v.len(), false);
                if let Some(b) = bad.get_mut(i) {
                    *b = true;
                }
            }
        }
        bad
    }

    /// Each value whole fen from 0 to `money::MAX_INPUT_FEN` (or `NO_COST` where allowed).
    fn money(&mut self, list: &str, column: &str, v: &[i64], no_cost: bool) -> Vec<usize> {
        let mut bad = Vec::new();
        for (i, &f) in v.iter().enumerate() {
            if (0..=MAX_INPUT_FEN).contains(&f) || (no_cost && f == NO_COST) {
                continue;
            }
            bad.push(i);
            if !self.full() {
                self.push(Error::new(
                    ErrorCode::InvalidMoney,
                    at(list, column, i),
                    format!("{f} fen is not an amount from 0 to {MAX_INPUT_FEN} fen"),
                ));
            }
        }
        bad
    }

    /// Each instant within the range of RFC 3339 text.
    fn times(&mut self, list: &str, column: &str, v: &[i64]) -> Vec<Timestamp> {
        v.iter()
            .enumerate()
            .map(|(i, &ms)| {
                if !(MIN_MS..=MAX_MS).contains(&ms) && !self.full() {
                    self.push(Error::new(
                        ErrorCode::InvalidTime,
                        at(list, column, i),
                        format!("{ms} ms is outside the years 1 to 9999"),
                    ));
                }
                Timestamp::from_unix_millis(ms.clamp(MIN_MS, MAX_MS))
            })
            .collect()
    }

    /// Each of `names` usable as an id (`id`) or as a display name.
    fn texts(&mut self, list: &str, column: &str, names: &[String], id: bool) {
        for (i, n) in names.iter().enumerate() {
            let path = at(list, column, i);
            let problem = if id {
                limits::check_id(n, &path).err()
            } else {
                build::check_name(n).map(|m| Error::new(ErrorCode::InvalidValue, path, m))
            };
            if let Some(e) = problem {
                self.push(e);
            }
        }
    }
}

/// Too many rows of one kind for this build.
fn too_many(check: &mut Check, list: &str, n: usize, max: usize) {
    if n > max {
        check.push(Error::new(
            ErrorCode::TooMany,
            Path::root().field(list),
            format!("{n} rows; the limit of this build is {max} (docs/DATASET.md)"),
        ));
    }
}

impl Dataset {
    /// The dataset of a shop given as integer columns, every value checked, or every problem
    /// found (up to the usual cap) at a path naming the column and row. Ids are implicit:
    /// member, product, SKU, order and line `i` is named `i` in answers. No refunds.
    pub fn from_columns(c: Columns) -> Result<Dataset, Errors> {
        let mut check = Check {
            errs: Errors::new(),
        };
        let l = Limits::BUILD;
        let members = c.parent.len();
        too_many(&mut check, "members", members, l.members);
        too_many(&mut check, "skus", c.sku_product.len(), l.sku_rows);
        too_many(&mut check, "orders", c.buyer.len(), l.orders);
        too_many(&mut check, "lines", c.line_sku.len(), l.lines);
        lengths(&mut check, &c);
        if !check.errs.is_empty() {
            return Err(check.errs);
        }
        let m = member_columns(
            &mut check,
            c.parent,
            c.tier,
            c.tier_names,
            &c.status,
            &c.joined_at_ms,
        );
        let p = product_columns(
            &mut check,
            c.product_names,
            c.sku_product,
            c.sku_price,
            c.sku_cost,
        );
        let (mut order_bad, ranges_ok, o) = order_columns(
            &mut check,
            members,
            c.buyer,
            &c.paid_at_ms,
            c.line_start,
            c.discount,
            c.line_sku.len(),
        );
        let o = line_columns(
            &mut check,
            o,
            &p,
            &mut order_bad,
            c.line_sku,
            c.unit_price,
            c.quantity,
            c.line_cost,
        );
        if check.full() || !ranges_ok {
            // Without sound line ranges no order's lines are known: nothing more to check.
            return Err(check.errs);
        }
        let data = Dataset {
            members: m,
            products: p,
            orders: o,
            refunds: super::dataset::Refunds::default(),
        };
        let mut errs = check.errs;
        let data = build::check_columns(data, order_bad, &ColumnLocs, &mut errs);
        errs.finish(data)
    }
}

/// Every column as long as its rows (the optional ones, or empty).
fn lengths(check: &mut Check, c: &Columns) {
    let (members, orders, lines, skus) = (
        c.parent.len(),
        c.buyer.len(),
        c.line_sku.len(),
        c.sku_product.len(),
    );
    check.length("members", "tier", c.tier.len(), members, true);
    check.length("members", "status", c.status.len(), members, true);
    check.length("members", "joinedAt", c.joined_at_ms.len(), members, true);
    check.length("skus", "price", c.sku_price.len(), skus, false);
    check.length("skus", "cost", c.sku_cost.len(), skus, true);
    check.length("orders", "paidAt", c.paid_at_ms.len(), orders, false);
    check.length("orders", "lineStart", c.line_start.len(), orders, false);
    check.length("orders", "discount", c.discount.len(), orders, true);
    check.length("lines", "unitPrice", c.unit_price.len(), lines, false);
    check.length("lines", "quantity", c.quantity.len(), lines, false);
    check.length("lines", "cost", c.line_cost.len(), lines, true);
}

fn member_columns(
    check: &mut Check,
    parent: Vec<u32>,
    tier: Vec<u32>,
    tier_names: Vec<String>,
    status: &[u8],
    joined_at_ms: &[i64],
) -> Members {
    let n = parent.len();
    let status = statuses(check, status, n);
    check.rows("members", "parent", &parent, n, true);
    check.texts("members", "tierNames", &tier_names, true);
    for (i, name) in tier_names.iter().enumerate() {
        if let Some(first) = tier_names
            .get(..i)
            .and_then(|e| e.iter().position(|t| t == name))
        {
            check.push(Error::new(
                ErrorCode::Duplicate,
                at("members", "tierNames", i),
                format!("tier `{name}` is named twice (first at members.tierNames[{first}])"),
            ));
        }
    }
    check.rows("members", "tier", &tier, tier_names.len(), true);
    let joined_at = if joined_at_ms.is_empty() {
        vec![Timestamp::from_unix(0); n]
    } else {
        check.times("members", "joinedAt", joined_at_ms)
    };
    Members {
        id: Ids::rows(n),
        parent,
        tier: if tier.is_empty() { vec![NONE; n] } else { tier },
        tier_names,
        status,
        joined_at,
    }
}

fn product_columns(
    check: &mut Check,
    names: Vec<String>,
    sku_product: Vec<u32>,
    sku_price: Vec<i64>,
    sku_cost: Vec<i64>,
) -> Products {
    let products = names.len();
    check.texts("products", "name", &names, false);
    check.rows("skus", "product", &sku_product, products, false);
    check.money("skus", "price", &sku_price, false);
    check.money("skus", "cost", &sku_cost, true);
    // How many SKU rows each product has: one is a product without SKUs (its SKU id is
    // empty), more are SKUs named by their rows.
    let mut count = vec![0usize; products];
    for &p in &sku_product {
        if let Some(c) = usize::try_from(p).ok().and_then(|p| count.get_mut(p)) {
            *c = c.saturating_add(1);
        }
    }
    for (p, &c) in count.iter().enumerate() {
        let problem = match c {
            0 => Some((
                ErrorCode::MissingField,
                "the product has no SKU row; a product without SKUs has one".to_owned(),
            )),
            c if c > MAX_SKUS => Some((
                ErrorCode::TooMany,
                format!("the product has {c} SKUs; the limit is {MAX_SKUS}"),
            )),
            _ => None,
        };
        if let Some((code, message)) = problem {
            check.push(Error::new(code, at("products", "name", p), message));
        }
    }
    let mut sku_id = Ids::new();
    for (s, &p) in sku_product.iter().enumerate() {
        let single = usize::try_from(p).ok().and_then(|p| count.get(p)) == Some(&1);
        let id = if single { String::new() } else { s.to_string() };
        sku_id.push(&id);
    }
    Products {
        id: Ids::rows(products),
        name: names,
        sku_id,
        sku_product,
        sku_cost: if sku_cost.is_empty() {
            vec![NO_COST; sku_price.len()]
        } else {
            sku_cost
        },
        sku_price,
    }
}

/// The status of `code` in a status column: 0 active, 1 pending, 2 none, 3 disabled.
pub fn status_code(code: u8) -> Option<Status> {
    Some(match code {
        0 => Status::Active,
        1 => Status::Pending,
        2 => Status::None,
        3 => Status::Disabled,
        _ => return None,
    })
}

fn statuses(check: &mut Check, codes: &[u8], n: usize) -> Vec<Status> {
    if codes.is_empty() {
        return vec![Status::Active; n];
    }
    codes
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            status_code(c).unwrap_or_else(|| {
                check.push(Error::new(
                    ErrorCode::InvalidValue,
                    at("members", "status", i),
                    format!("{c} is not a status: 0 active, 1 pending, 2 none, 3 disabled"),
                ));
                Status::Disabled
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn order_columns(
    check: &mut Check,
    members: usize,
    buyer: Vec<u32>,
    paid_at_ms: &[i64],
    line_start: Vec<u32>,
    discount: Vec<i64>,
    lines: usize,
) -> (Vec<bool>, bool, Orders) {
    let n = buyer.len();
    let mut bad = check.rows("orders", "buyer", &buyer, members, false);
    bad.resize(n, false);
    for i in check.money("orders", "discount", &discount, false) {
        if let Some(b) = bad.get_mut(i) {
            *b = true;
        }
    }
    let paid_at = check.times("orders", "paidAt", paid_at_ms);
    // Line ranges: the first at 0, each start at or after the one before, none past the end.
    let mut prev = 0u32;
    let mut ranges_ok = true;
    for (o, &s) in line_start.iter().enumerate() {
        let first = o == 0 && s != 0;
        if first || s < prev || usize::try_from(s).map_or(true, |s| s > lines) {
            ranges_ok = false;
            if !check.full() {
                check.push(Error::new(
                    ErrorCode::Inconsistent,
                    at("orders", "lineStart", o),
                    format!("{s}: the first order's lines start at 0 and each order's at or after the one before, at most {lines}"),
                ));
            }
            if let Some(b) = bad.get_mut(o) {
                *b = true;
            }
        }
        prev = prev.max(s);
    }
    let orders = Orders {
        id: Ids::rows(n),
        paid_at,
        // Empty: no order completed, no shipping (a column read past its end is its default).
        completed_at: Vec::new(),
        buyer,
        discount: if discount.is_empty() {
            vec![0; n]
        } else {
            discount
        },
        shipping: Vec::new(),
        line_start,
        ..Orders::default()
    };
    (bad, ranges_ok, orders)
}

#[allow(clippy::too_many_arguments)]
fn line_columns(
    check: &mut Check,
    mut o: Orders,
    p: &Products,
    order_bad: &mut [bool],
    sku: Vec<u32>,
    unit_price: Vec<i64>,
    quantity: Vec<u64>,
    cost: Vec<i64>,
) -> Orders {
    let n = sku.len();
    let mut bad_lines: Vec<usize> = check
        .rows("lines", "sku", &sku, p.sku_id.len(), false)
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.then_some(i))
        .collect();
    bad_lines.extend(check.money("lines", "unitPrice", &unit_price, false));
    bad_lines.extend(check.money("lines", "cost", &cost, true));
    for (i, &q) in quantity.iter().enumerate() {
        if !build::quantity_ok(q) {
            bad_lines.push(i);
            if !check.full() {
                check.push(Error::new(
                    ErrorCode::OutOfRange,
                    at("lines", "quantity", i),
                    format!("{q} is not a quantity from 1 to {MAX_QUANTITY}"),
                ));
            }
        }
    }
    // A bad line makes its order bad: its money is not checked further.
    for l in bad_lines {
        let order = o
            .line_start
            .partition_point(|&s| usize::try_from(s).is_ok_and(|s| s <= l));
        if let Some(b) = order.checked_sub(1).and_then(|i| order_bad.get_mut(i)) {
            *b = true;
        }
    }
    let product = |s: u32| {
        usize::try_from(s)
            .ok()
            .and_then(|s| p.sku_product.get(s))
            .copied()
            .unwrap_or(NONE)
    };
    let plain = |s: u32| {
        usize::try_from(s)
            .ok()
            .and_then(|s| p.sku_id.get(s))
            .is_none_or(str::is_empty)
    };
    let sku_cost = |s: u32| {
        usize::try_from(s)
            .ok()
            .and_then(|s| p.sku_cost.get(s))
            .copied()
            .unwrap_or(NO_COST)
    };
    o.line_product = sku.iter().map(|&s| product(s)).collect();
    let no_costs = p.sku_cost.iter().all(|&c| c == NO_COST);
    o.line_cost = if cost.is_empty() && no_costs {
        Vec::new()
    } else if cost.is_empty() {
        sku.iter().map(|&s| sku_cost(s)).collect()
    } else {
        cost.iter()
            .zip(&sku)
            .map(|(&c, &s)| if c == NO_COST { sku_cost(s) } else { c })
            .collect()
    };
    o.line_sku = sku
        .into_iter()
        .map(|s| if plain(s) { NONE } else { s })
        .collect();
    o.line_id = Ids::rows(n);
    o.line_unit_price = unit_price;
    o.line_quantity = quantity;
    o
}
