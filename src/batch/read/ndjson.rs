//! The NDJSON form of a dataset: one JSON object per line, each `{"member":{…}}`,
//! `{"product":{…}}`, `{"order":{…, "lines":[…]}}` or `{"refund":{…}}`, with the single-order
//! API's field names and spellings (money and times as strings). Lines may come in any
//! order; they are handed to the builder by kind. Errors are at `file:line:path`, the path
//! within the line's object (`order.lines[1].quantity`).

use super::{at_path, error, FileInfo, Loaded, Reader, Row, MAX_NDJSON_LINE_BYTES};
use crate::batch::build::{Builder, Field, Kind, Limits, Locate};
use crate::error::{ErrorCode, Errors, Path};
use crate::io::decode::{decode_parts, Decode};
use crate::money::time::TimeText;
use crate::money::MoneyText;
use crate::payout::network::Status;
use crate::payout::order::{DiscountDoc, LineDoc};
use std::borrow::Cow;
use std::io::{self, BufRead, Read as _};

/// `{"member":…}`.
#[derive(Clone, Debug, Decode)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MemberRec {
    id: String,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    tier: Option<String>,
    status: Status,
    joined_at: TimeText,
}

/// `{"product":…}`: SKUs, or a price (and cost) for a product without SKUs.
#[derive(Clone, Debug, Decode)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProductRec {
    id: String,
    name: String,
    #[serde(default)]
    price: Option<MoneyText>,
    #[serde(default)]
    cost: Option<MoneyText>,
    #[serde(default)]
    skus: Vec<SkuRec>,
}

#[derive(Clone, Debug, Decode)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SkuRec {
    id: String,
    price: MoneyText,
    #[serde(default)]
    cost: Option<MoneyText>,
}

/// `{"order":…}`: the single-order API's order, with times and the buyer's id.
#[derive(Clone, Debug, Decode)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrderRec<'a> {
    id: String,
    paid_at: TimeText,
    #[serde(default)]
    completed_at: Option<TimeText>,
    buyer_id: String,
    lines: Vec<LineDoc<'a>>,
    #[serde(default)]
    discounts: Vec<DiscountDoc<'a>>,
    #[serde(default)]
    shipping: Option<MoneyText>,
}

/// `{"refund":…}`: the single-order API's refund, with its order and time.
#[derive(Clone, Debug, Decode)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RefundRec {
    id: String,
    order_id: String,
    #[serde(default)]
    line_id: Option<String>,
    #[serde(default)]
    quantity: Option<u64>,
    #[serde(default)]
    amount: Option<MoneyText>,
    at: TimeText,
}

/// Where each row given to the builder is: its line, and for a SKU or order line, its
/// position in the record's list (`NO_ITEM` when none).
struct NdLocs<'n> {
    name: &'n str,
    rows: [Vec<(u32, u32)>; 5],
}

const NO_ITEM: u32 = u32::MAX;

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Member => 0,
        Kind::Product => 1,
        Kind::Order => 2,
        Kind::Line => 3,
        Kind::Refund => 4,
    }
}

/// The JSON name of a field.
fn json_name(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Row => return None,
        Field::Id | Field::ProductId => "id",
        Field::ParentId => "parentId",
        Field::Tier => "tier",
        Field::Status => "status",
        Field::JoinedAt => "joinedAt",
        Field::Name => "name",
        Field::SkuId => "skuId",
        Field::Price => "price",
        Field::Cost => "cost",
        Field::PaidAt => "paidAt",
        Field::CompletedAt => "completedAt",
        Field::BuyerId => "buyerId",
        Field::Discount => "discounts",
        Field::Shipping => "shipping",
        Field::OrderId => "orderId",
        Field::LineId => "lineId",
        Field::UnitPrice => "unitPrice",
        Field::Quantity => "quantity",
        Field::Amount => "amount",
        Field::At => "at",
    })
}

/// The path of `field` within a record of `kind`, whose list item is `item`.
fn inner_path(kind: Kind, item: u32, field: Field) -> Path {
    let root = Path::root();
    let item = usize::try_from(item).ok().filter(|_| item != NO_ITEM);
    let (base, field) = match kind {
        Kind::Member => (root.field("member"), field),
        Kind::Refund => (root.field("refund"), field),
        Kind::Order => (root.field("order"), field),
        Kind::Product => {
            let p = root.field("product");
            match (item, field) {
                (Some(i), Field::SkuId) => (p.field("skus").index(i), Field::Id),
                (Some(i), Field::Price | Field::Cost) => (p.field("skus").index(i), field),
                (None, Field::SkuId) => (p, Field::Row),
                _ => (p, field),
            }
        }
        Kind::Line => {
            let o = root.field("order");
            match (item, field) {
                (_, Field::OrderId) => (o, Field::Id),
                (Some(i), Field::LineId) => (o.field("lines").index(i), Field::Id),
                (Some(i), Field::SkuId) => (o.field("lines").index(i), Field::SkuId),
                (Some(i), Field::ProductId) => {
                    return o.field("lines").index(i).field("productId");
                }
                (Some(i), _) => (o.field("lines").index(i), field),
                (None, _) => (o, field),
            }
        }
    };
    match json_name(field) {
        Some(n) => base.field(n),
        None => base,
    }
}

fn located(name: &str, line: u32, inner: &Path) -> Path {
    if inner.as_str().is_empty() {
        at_path(format!("{name}:{line}"))
    } else {
        at_path(format!("{name}:{line}:{inner}"))
    }
}

impl Locate for NdLocs<'_> {
    fn path(&self, kind: Kind, row: usize, field: Field) -> Path {
        let (line, item) = self
            .rows
            .get(slot(kind))
            .and_then(|r| r.get(row))
            .copied()
            .unwrap_or((0, NO_ITEM));
        located(self.name, line, &inner_path(kind, item, field))
    }
}

/// One decoded field source for [`Reader`]: values already text, found at JSON paths.
struct JsonFields<'a> {
    name: &'a str,
    line: u32,
    kind: Kind,
    item: u32,
    values: Vec<(Field, Option<String>)>,
}

impl super::Fields for JsonFields<'_> {
    fn path(&self, field: Field) -> Path {
        located(
            self.name,
            self.line,
            &inner_path(self.kind, self.item, field),
        )
    }

    fn text(&self, field: Field, _errs: &mut Errors) -> Result<Option<Cow<'_, str>>, ()> {
        Ok(self
            .values
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, v)| v.as_deref())
            .map(Cow::Borrowed))
    }
}

/// Rows of each kind, with their line and item, in file order.
#[derive(Default)]
struct Buckets {
    rows: [Vec<(u32, u32, Row, bool)>; 5],
}

/// Reads an NDJSON dataset: every line into rows by kind, then the rows to the builder,
/// members first.
pub(super) fn read_ndjson(
    name: &str,
    input: Box<dyn io::Read + '_>,
    limits: Limits,
) -> Result<Loaded, Errors> {
    let (buckets, rows, encoding) = read_lines(name, input, limits)?;
    let mut locs = NdLocs {
        name,
        rows: Default::default(),
    };
    let mut builder = Builder::with_limits(limits);
    let mut errs = Errors::new();
    for (k, bucket) in buckets.rows.into_iter().enumerate() {
        for (line, item, row, bad) in bucket {
            if let Some(r) = locs.rows.get_mut(k) {
                r.push((line, item));
            }
            super::give(&mut builder, row, bad, &locs, &mut errs);
            if errs.is_full() || builder.stopped() {
                return Err(errs);
            }
        }
    }
    let dataset = builder.finish(&locs, errs)?;
    Ok(Loaded {
        dataset,
        encoding,
        files: vec![FileInfo {
            name: name.to_owned(),
            encoding,
            rows,
        }],
    })
}

/// Each line's record, by kind; the number of records; the encoding (a BOM or not).
fn read_lines(
    name: &str,
    input: Box<dyn io::Read + '_>,
    limits: Limits,
) -> Result<(Buckets, u64, &'static str), Errors> {
    let mut errs = Errors::new();
    let mut reader = io::BufReader::new(input);
    let mut buckets = Buckets::default();
    let (mut line_no, mut rows, mut encoding): (u32, u64, &'static str) = (0, 0, "utf-8");
    let mut line = Vec::new();
    loop {
        line.clear();
        let limit = MAX_NDJSON_LINE_BYTES.saturating_add(1);
        match (&mut reader).take(limit).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let e = error(
                    ErrorCode::InvalidValue,
                    name.to_owned(),
                    format!("cannot be read: {e}"),
                );
                errs.push(e);
                break;
            }
        }
        line_no = line_no.saturating_add(1);
        let here = || format!("{name}:{line_no}");
        if u64::try_from(line.len()).unwrap_or(u64::MAX) > MAX_NDJSON_LINE_BYTES {
            let kib = MAX_NDJSON_LINE_BYTES / 1024;
            errs.push(error(
                ErrorCode::TooLarge,
                here(),
                format!("the line is longer than {kib} KiB"),
            ));
            break;
        }
        let mut text: &[u8] = &line;
        if let (1, Some(rest)) = (line_no, text.strip_prefix(&[0xEF, 0xBB, 0xBF])) {
            text = rest;
            encoding = "utf-8-bom";
        }
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows = rows.saturating_add(1);
        record(name, line_no, text, &mut buckets, &mut errs);
        if errs.is_full() {
            break;
        }
        if buckets.rows.iter().map(Vec::len).sum::<usize>() > limits.total() {
            let e = error(
                ErrorCode::TooMany,
                here(),
                "more rows than the limits allow (docs/DATASET.md, \"Limits\")",
            );
            errs.push(e);
            break;
        }
    }
    errs.finish((buckets, rows, encoding))
}

/// Reads one line's record into the buckets, or reports why it cannot be.
fn record(name: &str, line: u32, text: &[u8], buckets: &mut Buckets, errs: &mut Errors) {
    let here = format!("{name}:{line}");
    let value: serde_json::Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            errs.push(error(
                ErrorCode::InvalidJson,
                here,
                format!("not a JSON object: {e}"),
            ));
            return;
        }
    };
    let serde_json::Value::Object(map) = value else {
        errs.push(error(
            ErrorCode::InvalidType,
            here,
            "each line is a JSON object",
        ));
        return;
    };
    let mut entries = map.into_iter();
    let (Some((key, inner)), None) = (entries.next(), entries.next()) else {
        errs.push(error(
            ErrorCode::InvalidValue,
            here,
            "each line holds one record: {\"member\":…}, {\"product\":…}, {\"order\":…} or {\"refund\":…}",
        ));
        return;
    };
    let p = Path::root().field(&key);
    match key.as_str() {
        "member" => decoded::<MemberRec>(name, line, inner, &p, errs)
            .map(|d| member(name, line, d, buckets, errs)),
        "product" => decoded::<ProductRec>(name, line, inner, &p, errs)
            .map(|d| product(name, line, d, buckets, errs)),
        "order" => decoded::<OrderRec>(name, line, inner, &p, errs)
            .map(|d| order(name, line, d, buckets, errs)),
        "refund" => decoded::<RefundRec>(name, line, inner, &p, errs)
            .map(|d| refund(name, line, d, buckets, errs)),
        other => {
            let short: String = other.chars().take(40).collect();
            errs.push(crate::Error::new(
                ErrorCode::UnknownField,
                located(name, line, &p),
                format!("`{short}` is not a record; the records are `member`, `product`, `order`, `refund`"),
            ));
            None
        }
    };
}

/// A record decoded as the single-order API decodes its documents, its errors located at
/// the line.
fn decoded<T: Decode<'static>>(
    name: &str,
    line: u32,
    inner: serde_json::Value,
    p: &Path,
    errs: &mut Errors,
) -> Option<T> {
    let (doc, found) = decode_parts::<T>(inner, p);
    for e in found.into_vec() {
        errs.push(crate::Error::new(
            e.code,
            located(name, line, &e.path),
            e.message,
        ));
    }
    doc
}

/// Parses a record's text fields with the CSV reader's rules, and files the row.
fn file_row(
    fields: JsonFields<'_>,
    buckets: &mut Buckets,
    errs: &mut Errors,
    parse: fn(&mut Reader<'_, '_>) -> Option<Row>,
) {
    let (line, item, kind) = (fields.line, fields.item, fields.kind);
    let mut r = Reader {
        fields: &fields,
        errs,
        bad: false,
    };
    let row = parse(&mut r);
    let bad = r.bad;
    if let (Some(row), Some(b)) = (row, buckets.rows.get_mut(slot(kind))) {
        b.push((line, item, row, bad));
    }
}

fn member(name: &str, line: u32, d: MemberRec, buckets: &mut Buckets, errs: &mut Errors) {
    let status = match d.status {
        Status::Active => "active",
        Status::Pending => "pending",
        Status::None => "none",
        Status::Disabled => "disabled",
    };
    let fields = JsonFields {
        name,
        line,
        kind: Kind::Member,
        item: NO_ITEM,
        values: vec![
            (Field::Id, Some(d.id)),
            (Field::ParentId, d.parent_id),
            (Field::Tier, d.tier),
            (Field::Status, Some(status.to_owned())),
            (Field::JoinedAt, Some(d.joined_at.0)),
        ],
    };
    file_row(fields, buckets, errs, |r| {
        super::member_row(r).map(Row::Member)
    });
}

fn product(name: &str, line: u32, d: ProductRec, buckets: &mut Buckets, errs: &mut Errors) {
    let base = |item: u32| JsonFields {
        name,
        line,
        kind: Kind::Product,
        item,
        values: vec![
            (Field::ProductId, Some(d.id.clone())),
            (Field::Name, Some(d.name.clone())),
        ],
    };
    if d.skus.is_empty() {
        if d.price_missing_reported(name, line, errs) {
            return;
        }
        let mut f = base(NO_ITEM);
        f.values
            .push((Field::Price, d.price.as_ref().map(|m| m.0.clone())));
        f.values
            .push((Field::Cost, d.cost.as_ref().map(|m| m.0.clone())));
        file_row(f, buckets, errs, |r| super::sku_row(r).map(Row::Sku));
        return;
    }
    if d.price.is_some() || d.cost.is_some() {
        errs.push(crate::Error::new(
            ErrorCode::Inconsistent,
            located(
                name,
                line,
                &Path::root().field("product").field(if d.price.is_some() {
                    "price"
                } else {
                    "cost"
                }),
            ),
            "a product with `skus` gives each SKU's price and cost, not its own",
        ));
    }
    for (i, s) in d.skus.iter().enumerate() {
        let mut f = base(u32::try_from(i).unwrap_or(NO_ITEM));
        f.values.push((Field::SkuId, Some(s.id.clone())));
        f.values.push((Field::Price, Some(s.price.0.clone())));
        f.values
            .push((Field::Cost, s.cost.as_ref().map(|c| c.0.clone())));
        file_row(f, buckets, errs, |r| super::sku_row(r).map(Row::Sku));
    }
}

impl ProductRec {
    /// A product without SKUs needs its price; reports when absent.
    fn price_missing_reported(&self, name: &str, line: u32, errs: &mut Errors) -> bool {
        if self.price.is_some() {
            return false;
        }
        errs.push(crate::Error::new(
            ErrorCode::MissingField,
            located(name, line, &Path::root().field("product").field("price")),
            "a product without `skus` gives its `price`",
        ));
        true
    }
}

/// The sum of an order's discounts; `None` when one is refused (reported).
fn discounts(name: &str, line: u32, list: &[DiscountDoc<'_>], errs: &mut Errors) -> Option<i64> {
    let dp = Path::root().field("order").field("discounts");
    if list.len() > crate::limits::MAX_DISCOUNTS {
        let max = crate::limits::MAX_DISCOUNTS;
        errs.push(crate::Error::new(
            ErrorCode::TooMany,
            located(name, line, &dp),
            format!("more than {max} discounts"),
        ));
        return None;
    }
    let mut total = crate::money::Money::ZERO;
    let mut ok = true;
    for (i, x) in list.iter().enumerate() {
        let ap = dp.index(i).field("amount");
        match x
            .amount
            .check(&ap)
            .and_then(|a| total.add(a, &ap, "the discount total"))
        {
            Ok(sum) => total = sum,
            Err(e) => {
                errs.push(crate::Error::new(
                    e.code,
                    located(name, line, &e.path),
                    e.message,
                ));
                ok = false;
            }
        }
    }
    ok.then_some(total.fen())
}

fn order(name: &str, line: u32, d: OrderRec, buckets: &mut Buckets, errs: &mut Errors) {
    let discount = discounts(name, line, &d.discounts, errs);
    let bad = discount.is_none();
    let fields = JsonFields {
        name,
        line,
        kind: Kind::Order,
        item: NO_ITEM,
        values: vec![
            (Field::Id, Some(d.id.clone())),
            (Field::PaidAt, Some(d.paid_at.0)),
            (Field::CompletedAt, d.completed_at.map(|t| t.0)),
            (Field::BuyerId, Some(d.buyer_id)),
            (Field::Shipping, d.shipping.map(|m| m.0)),
        ],
    };
    let mut r = Reader {
        fields: &fields,
        errs,
        bad,
    };
    let row = super::order_row(&mut r);
    let bad = r.bad;
    let Some(mut row) = row else { return };
    row.discount = discount.unwrap_or(0);
    if let Some(b) = buckets.rows.get_mut(slot(Kind::Order)) {
        b.push((line, NO_ITEM, Row::Order(row), bad));
    }
    for (i, l) in d.lines.into_iter().enumerate() {
        let fields = JsonFields {
            name,
            line,
            kind: Kind::Line,
            item: u32::try_from(i).unwrap_or(NO_ITEM),
            values: vec![
                (Field::OrderId, Some(d.id.clone())),
                (Field::LineId, Some(l.id.into_owned())),
                (Field::ProductId, Some(l.product_id.into_owned())),
                (Field::SkuId, l.sku_id.map(std::borrow::Cow::into_owned)),
                (Field::UnitPrice, Some(l.unit_price.0.into_owned())),
                (Field::Quantity, Some(l.quantity.to_string())),
                (Field::Cost, l.cost.map(|m| m.0.into_owned())),
            ],
        };
        file_row(fields, buckets, errs, |r| super::line_row(r).map(Row::Line));
    }
}

fn refund(name: &str, line: u32, d: RefundRec, buckets: &mut Buckets, errs: &mut Errors) {
    let fields = JsonFields {
        name,
        line,
        kind: Kind::Refund,
        item: NO_ITEM,
        values: vec![
            (Field::Id, Some(d.id)),
            (Field::OrderId, Some(d.order_id)),
            (Field::LineId, d.line_id),
            (Field::Quantity, d.quantity.map(|q| q.to_string())),
            (Field::Amount, d.amount.map(|m| m.0)),
            (Field::At, Some(d.at.0)),
        ],
    };
    file_row(fields, buckets, errs, |r| {
        super::refund_row(r).map(Row::Refund)
    });
}
