//! The dataset readers on hand-written files: what a good CSV set holds, column by column
//! (worked out from the files below), the same in UTF-8 with a BOM, in GBK and as NDJSON,
//! and each kind of problem at the file, line and column where it is.
#![cfg(feature = "batch")]
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use fenxiao::batch::build::Limits;
use fenxiao::batch::dataset::{NONE, NO_AMOUNT, NO_COST};
use fenxiao::batch::read::{self, location, Location};
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use fenxiao::{ErrorCode, Errors};

const MEMBERS: &str = "id,parentId,tier,status,joinedAt
m1,,gold,active,2026-10-01T09:00:00+08:00
m2,m1,,active,2026-10-05T10:00:00+08:00
m3,m2,silver,pending,2026-11-02T08:00:00+08:00
m4,m1,bronze,none,2026-11-03T08:00:00Z
";
const PRODUCTS: &str = "productId,name,skuId,price,cost
tea,\"龙井, 明前\",,128.00,60.00
cup,保温杯,S,39.90,
cup,保温杯,L,59.90,20.00
";
const ORDERS: &str = "id,paidAt,completedAt,buyerId,discount,shipping
o1,2026-11-05T20:00:00+08:00,2026-11-08T10:00:00+08:00,m3,10.00,
o2,2026-11-06T12:30:00+08:00,,m4,,8.00
";
// o2's line first: lines need not be grouped by order.
const LINES: &str = "orderId,lineId,productId,skuId,unitPrice,quantity,cost
o2,1,cup,L,59.90,1,
o1,1,tea,,128.00,2,
o1,2,cup,S,39.90,1,15.00
";
const REFUNDS: &str = "id,orderId,lineId,quantity,amount,at
r1,o1,1,1,,2026-11-09T10:00:00+08:00
r2,o2,,,20.00,2026-11-07T10:00:00+08:00
";

fn set<'a>(
    members: &'a str,
    products: &'a str,
    orders: &'a str,
    lines: &'a str,
    refunds: &'a str,
) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("members.csv", members.as_bytes().to_vec()),
        ("products.csv", products.as_bytes().to_vec()),
        ("orders.csv", orders.as_bytes().to_vec()),
        ("lines.csv", lines.as_bytes().to_vec()),
        ("refunds.csv", refunds.as_bytes().to_vec()),
    ]
}

fn good() -> Vec<(&'static str, Vec<u8>)> {
    set(MEMBERS, PRODUCTS, ORDERS, LINES, REFUNDS)
}

fn load(files: &[(&str, Vec<u8>)]) -> Result<read::Loaded, Errors> {
    let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    read::read(&borrowed)
}

/// The errors of a refused dataset as `(code, path)`.
fn refused(files: &[(&str, Vec<u8>)]) -> Vec<(ErrorCode, String)> {
    let errs = load(files).expect_err("the dataset is refused");
    errs.into_vec()
        .into_iter()
        .map(|e| (e.code, e.path.as_str().to_owned()))
        .collect()
}

fn with(
    files: Vec<(&'static str, Vec<u8>)>,
    name: &str,
    text: &str,
) -> Vec<(&'static str, Vec<u8>)> {
    files
        .into_iter()
        .map(|(n, b)| {
            if n == name {
                (n, text.as_bytes().to_vec())
            } else {
                (n, b)
            }
        })
        .collect()
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

#[test]
fn a_good_set_reads_column_by_column() {
    let l = load(&good()).unwrap();
    assert_eq!(l.encoding, "utf-8");
    let d = &l.dataset;
    let m = &d.members;
    assert_eq!(m.id, ["m1", "m2", "m3", "m4"]);
    assert_eq!(m.parent, [NONE, 0, 1, 0]);
    // Tier names interned in the order first given; m2 has none (the rule set's first).
    assert_eq!(m.tier_names, ["gold", "silver", "bronze"]);
    assert_eq!(m.tier, [0, NONE, 1, 2]);
    assert_eq!(
        m.status,
        [
            Status::Active,
            Status::Active,
            Status::Pending,
            Status::None
        ]
    );
    assert_eq!(m.joined_at[3], t("2026-11-03T16:00:00+08:00"));
    let p = &d.products;
    assert_eq!(p.id, ["tea", "cup"]);
    assert_eq!(p.name, ["龙井, 明前", "保温杯"]);
    // The product without SKUs has one SKU row with an empty id.
    assert_eq!(p.sku_id, ["", "S", "L"]);
    assert_eq!(p.sku_product, [0, 1, 1]);
    assert_eq!(p.sku_price, [12_800, 3_990, 5_990]);
    assert_eq!(p.sku_cost, [6_000, NO_COST, 2_000]);
    let o = &d.orders;
    assert_eq!(o.id, ["o1", "o2"]);
    assert_eq!(o.buyer, [2, 3]);
    assert_eq!(o.paid_at[0], t("2026-11-05T12:00:00Z"));
    assert_eq!(o.completed_at, [Some(t("2026-11-08T02:00:00Z")), None]);
    assert_eq!(o.discount, [1_000, 0]);
    assert_eq!(o.shipping, [0, 800]);
    // Lines grouped by order, in their given order within it.
    assert_eq!(o.line_start, [0, 2]);
    assert_eq!(o.line_id, ["1", "2", "1"]);
    assert_eq!(o.line_product, [0, 1, 1]);
    assert_eq!(o.line_sku, [NONE, 1, 2]);
    assert_eq!(o.line_unit_price, [12_800, 3_990, 5_990]);
    assert_eq!(o.line_quantity, [2, 1, 1]);
    // tea's line takes its cost from the product (60.00); cup S gives its own; cup L takes
    // the SKU's 20.00.
    assert_eq!(o.line_cost, [6_000, 1_500, 2_000]);
    assert_eq!(o.lines_of(1), 2..3);
    let r = &d.refunds;
    assert_eq!(r.id, ["r1", "r2"]);
    assert_eq!(r.order, [0, 1]);
    assert_eq!(r.line, [0, NONE]);
    assert_eq!(r.quantity, [1, 0]);
    assert_eq!(r.amount, [NO_AMOUNT, 2_000]);
    assert_eq!(r.at[1], t("2026-11-07T02:00:00Z"));
    let files: Vec<(&str, u64)> = l.files.iter().map(|f| (f.name.as_str(), f.rows)).collect();
    assert_eq!(
        files,
        [
            ("members.csv", 4),
            ("products.csv", 3),
            ("orders.csv", 2),
            ("lines.csv", 3),
            ("refunds.csv", 2)
        ]
    );
}

#[test]
fn refunds_csv_is_optional_and_names_are_matched_without_their_directory() {
    let mut files = good();
    files.pop();
    let files: Vec<(&str, Vec<u8>)> = files
        .into_iter()
        .map(|(n, b)| {
            (
                if n == "orders.csv" {
                    "shop/ORDERS.csv"
                } else {
                    n
                },
                b,
            )
        })
        .collect();
    let l = load(&files).unwrap();
    assert!(l.dataset.refunds.id.is_empty());
    assert_eq!(l.dataset.orders.id, ["o1", "o2"]);
}

#[test]
fn a_bom_and_crlf_line_ends_read_the_same() {
    let plain = load(&good()).unwrap().dataset;
    let files: Vec<(&str, Vec<u8>)> = good()
        .into_iter()
        .map(|(n, b)| {
            let text = String::from_utf8(b).unwrap().replace('\n', "\r\n");
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(text.as_bytes());
            (n, bytes)
        })
        .collect();
    let l = load(&files).unwrap();
    assert_eq!(l.encoding, "utf-8-bom");
    assert_eq!(l.dataset, plain);
    // Lines are counted as written, CRLF or not; a blank line is no row.
    let orders = "id,paidAt,completedAt,buyerId,discount,shipping\r\n\r\no1,2026-11-05T20:00:00+08:00,,m3,10.00,\r\no2,yesterday,,m4,,8.00\r\n";
    assert_eq!(
        refused(&with(good(), "orders.csv", orders)),
        [(ErrorCode::InvalidTime, "orders.csv:4:2".to_owned())]
    );
}

#[cfg(feature = "gb18030")]
#[test]
fn gbk_as_excel_saves_it_is_detected_and_decoded() {
    let plain = load(&good()).unwrap().dataset;
    let files: Vec<(&str, Vec<u8>)> = good()
        .into_iter()
        .map(|(n, b)| {
            let text = String::from_utf8(b).unwrap();
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
            assert!(!unmappable);
            (n, bytes.into_owned())
        })
        .collect();
    // The Chinese names are not UTF-8 in these bytes.
    assert!(std::str::from_utf8(&files[1].1).is_err());
    let l = load(&files).unwrap();
    assert_eq!(l.encoding, "mixed");
    let enc: Vec<&str> = l.files.iter().map(|f| f.encoding).collect();
    // Files without a Chinese character are plain ASCII, so UTF-8 as well.
    assert_eq!(enc, ["utf-8", "gb18030", "utf-8", "utf-8", "utf-8"]);
    assert_eq!(l.dataset, plain);
}

#[test]
fn ndjson_in_the_single_order_api_shapes_reads_as_the_csv_set() {
    let csv = load(&good()).unwrap().dataset;
    let text = r#"{"member":{"id":"m1","tier":"gold","status":"active","joinedAt":"2026-10-01T09:00:00+08:00"}}
{"member":{"id":"m2","parentId":"m1","status":"active","joinedAt":"2026-10-05T10:00:00+08:00"}}
{"member":{"id":"m3","parentId":"m2","tier":"silver","status":"pending","joinedAt":"2026-11-02T08:00:00+08:00"}}
{"member":{"id":"m4","parentId":"m1","tier":"bronze","status":"none","joinedAt":"2026-11-03T08:00:00Z"}}

{"refund":{"id":"r1","orderId":"o1","lineId":"1","quantity":1,"at":"2026-11-09T10:00:00+08:00"}}
{"product":{"id":"tea","name":"龙井, 明前","price":"128.00","cost":"60.00"}}
{"product":{"id":"cup","name":"保温杯","skus":[{"id":"S","price":"39.90"},{"id":"L","price":"59.90","cost":"20.00"}]}}
{"order":{"id":"o1","paidAt":"2026-11-05T20:00:00+08:00","completedAt":"2026-11-08T10:00:00+08:00","buyerId":"m3","discounts":[{"kind":"coupon","amount":"6.00"},{"amount":"4.00"}],"lines":[{"id":"1","productId":"tea","unitPrice":"128.00","quantity":2},{"id":"2","productId":"cup","skuId":"S","unitPrice":"39.90","quantity":1,"cost":"15.00"}]}}
{"order":{"id":"o2","paidAt":"2026-11-06T12:30:00+08:00","buyerId":"m4","shipping":"8.00","lines":[{"id":"1","productId":"cup","skuId":"L","unitPrice":"59.90","quantity":1}]}}
{"refund":{"id":"r2","orderId":"o2","amount":"20.00","at":"2026-11-07T10:00:00+08:00"}}
"#;
    let l = read::read(&[("shop.ndjson", text.as_bytes())]).unwrap();
    assert_eq!(l.encoding, "utf-8");
    assert_eq!(l.files[0].rows, 10);
    assert_eq!(l.dataset, csv);
}

#[test]
fn ndjson_problems_are_at_the_line_and_the_field_path() {
    let text = r#"{"member":{"id":"m1","status":"active","joinedAt":"2026-10-01T09:00:00+08:00"}}
{"member":{"id":"m2","parent":"m1","status":"active","joinedAt":"2026-10-01T09:00:00+08:00"}}
{"product":{"id":"tea","name":"茶","price":"12.8"}}
not json
{"order":{"id":"o1","paidAt":"2026-11-05T20:00:00+08:00","buyerId":"m1","lines":[{"id":"1","productId":"tea","unitPrice":"12.80","quantity":0}]}}
{"coupon":{}}
{"order":{"id":"o2","paidAt":"2026-11-05T20:00:00+08:00","buyerId":"m1","lines":[{"id":"1","productId":"tea","unitPrice":12.8,"quantity":1}]}}
"#;
    let errs = read::read(&[("data.ndjson", text.as_bytes())]).unwrap_err();
    let got: Vec<(ErrorCode, &str)> = errs
        .as_slice()
        .iter()
        .map(|e| (e.code, e.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (ErrorCode::UnknownField, "data.ndjson:2:member.parent"),
            (ErrorCode::InvalidJson, "data.ndjson:4"),
            (
                ErrorCode::OutOfRange,
                "data.ndjson:5:order.lines[0].quantity"
            ),
            (ErrorCode::UnknownField, "data.ndjson:6:coupon"),
            (
                ErrorCode::InvalidType,
                "data.ndjson:7:order.lines[0].unitPrice"
            ),
        ]
    );
}

#[test]
fn a_bad_cell_is_reported_at_its_file_line_and_column() {
    let orders = "id,paidAt,completedAt,buyerId,discount,shipping
o1,2026-11-05T20:00:00+08:00,,m3,10.00,
o2,2026-11-06 12:30,,m4,,8.0x
";
    assert_eq!(
        refused(&with(good(), "orders.csv", orders)),
        [
            (ErrorCode::InvalidTime, "orders.csv:3:2".to_owned()),
            (ErrorCode::InvalidMoney, "orders.csv:3:6".to_owned()),
        ]
    );
    let errs = load(&with(good(), "orders.csv", orders)).unwrap_err();
    let json = read::errors_json(&errs);
    assert!(
        json.starts_with(
            r#"{"ok":false,"errors":[{"code":"invalidTime","path":"orders.csv:3:2","message":"#
        ),
        "{json}"
    );
    assert!(
        json.contains(r#""file":"orders.csv","line":3,"column":2}"#),
        "{json}"
    );
}

#[test]
fn duplicate_ids_name_the_first() {
    let members = format!("{MEMBERS}m2,m1,,active,2026-10-05T10:00:00+08:00\n");
    let errs = load(&with(good(), "members.csv", &members)).unwrap_err();
    let e = &errs.as_slice()[0];
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::Duplicate, "members.csv:6:1")
    );
    assert!(e.message.contains("members.csv:3:1"), "{}", e.message);
    let lines = format!("{LINES}o1,2,tea,,128.00,1,\n");
    assert_eq!(
        refused(&with(good(), "lines.csv", &lines)),
        [(ErrorCode::Duplicate, "lines.csv:5:2".to_owned())]
    );
    let products = format!("{PRODUCTS}cup,保温杯,S,1.00,\n");
    assert_eq!(
        refused(&with(good(), "products.csv", &products)),
        [(ErrorCode::Duplicate, "products.csv:5:3".to_owned())]
    );
}

#[test]
fn references_to_nothing_are_refused() {
    let members = format!("{MEMBERS}m5,m9,,active,2026-10-05T10:00:00+08:00\n");
    assert_eq!(
        refused(&with(good(), "members.csv", &members)),
        [(ErrorCode::UnknownReference, "members.csv:6:2".to_owned())]
    );
    let orders = format!("{ORDERS}o3,2026-11-06T12:30:00+08:00,,m7,,\n");
    // o3 also has no lines.
    assert_eq!(
        refused(&with(good(), "orders.csv", &orders)),
        [
            (ErrorCode::UnknownReference, "orders.csv:4:4".to_owned()),
            (ErrorCode::InvalidValue, "orders.csv:4".to_owned())
        ]
    );
    let lines = "orderId,lineId,productId,skuId,unitPrice,quantity,cost
o2,1,cup,XL,59.90,1,
o1,1,tea,,128.00,2,
o1,2,cup,,39.90,1,15.00
o9,1,tea,,1.00,1,
o1,3,tea,S,1.00,1,
o1,4,mug,,1.00,1,
";
    assert_eq!(
        refused(&with(good(), "lines.csv", lines)),
        [
            (ErrorCode::UnknownReference, "lines.csv:2:4".to_owned()),
            (ErrorCode::MissingField, "lines.csv:4:4".to_owned()),
            (ErrorCode::UnknownReference, "lines.csv:5:1".to_owned()),
            (ErrorCode::UnknownReference, "lines.csv:6:4".to_owned()),
            (ErrorCode::UnknownReference, "lines.csv:7:3".to_owned()),
        ]
    );
    let refunds = format!(
        "{REFUNDS}r3,o1,9,1,,2026-11-09T10:00:00+08:00\nr4,o5,,,1.00,2026-11-09T10:00:00+08:00\n"
    );
    assert_eq!(
        refused(&with(good(), "refunds.csv", &refunds)),
        [
            (ErrorCode::UnknownReference, "refunds.csv:4:3".to_owned()),
            (ErrorCode::UnknownReference, "refunds.csv:5:2".to_owned())
        ]
    );
}

#[test]
fn a_cycle_of_parents_is_reported_once_at_its_first_member() {
    let members = "id,parentId,tier,status,joinedAt
m1,m4,gold,active,2026-10-01T09:00:00+08:00
m2,m1,,active,2026-10-05T10:00:00+08:00
m3,m3,silver,pending,2026-11-02T08:00:00+08:00
m4,m2,bronze,none,2026-11-03T08:00:00Z
";
    let errs = load(&with(good(), "members.csv", members)).unwrap_err();
    let got: Vec<(ErrorCode, &str, &str)> = errs
        .as_slice()
        .iter()
        .map(|e| (e.code, e.path.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                ErrorCode::Inconsistent,
                "members.csv:2:2",
                "the parents form a cycle: m1 → m4 → m2 → m1"
            ),
            (
                ErrorCode::Inconsistent,
                "members.csv:4:2",
                "the parents form a cycle: m3 → m3"
            ),
        ]
    );
}

#[test]
fn the_header_must_name_the_columns() {
    let orders =
        "id,paidAt,completedAt,buyer,discount,shipping\no1,2026-11-05T20:00:00+08:00,,m3,,\n";
    assert_eq!(
        refused(&with(good(), "orders.csv", orders)),
        [
            (ErrorCode::UnknownField, "orders.csv:1:4".to_owned()),
            (ErrorCode::MissingField, "orders.csv:1".to_owned())
        ]
    );
    assert_eq!(
        refused(&with(good(), "lines.csv", "")),
        [(ErrorCode::MissingField, "lines.csv:1".to_owned())]
    );
    let mut files = good();
    files.remove(2);
    files.push(("notes.csv", b"x".to_vec()));
    assert_eq!(
        refused(&files),
        [
            (ErrorCode::UnknownField, "notes.csv".to_owned()),
            (ErrorCode::MissingField, "orders.csv".to_owned())
        ]
    );
}

#[test]
fn a_row_with_too_few_cells_or_an_unclosed_quote_is_refused() {
    let products = "productId,name,skuId,price,cost
tea,\"龙井, 明前\",,128.00,60.00
cup,\"保温杯,S,39.90,
cup,保温杯,L,59.90,20.00
";
    let errs = load(&with(good(), "products.csv", products)).unwrap_err();
    let e = &errs.as_slice()[0];
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidValue, "products.csv:3")
    );
    assert!(e.message.contains("quote"), "{}", e.message);
    let orders = format!("{ORDERS}o3,2026-11-06T12:30:00+08:00\n");
    let errs = load(&with(good(), "orders.csv", &orders)).unwrap_err();
    assert_eq!(
        errs.as_slice()[0].message,
        "the row has 2 cells; the header has 6"
    );
}

#[test]
fn an_unclosed_quote_in_a_large_file_stops_at_the_row_limit() {
    // The quote on line 3 swallows everything after it: more than 64 KiB.
    let mut orders = format!("{ORDERS}o3,\"2026-11-06T12:30:00+08:00,,m4,,\n");
    for i in 0..10_000 {
        orders.push_str(&format!("o{},2026-11-06T12:30:00+08:00,,m4,,\n", i + 10));
    }
    let errs = refused(&with(good(), "orders.csv", &orders));
    assert_eq!(errs, [(ErrorCode::TooLarge, "orders.csv:4".to_owned())]);
}

#[test]
fn a_file_whose_start_is_utf8_and_whose_rest_is_not_names_the_cell() {
    let mut products = String::from("productId,name,skuId,price,cost\n");
    for i in 0..5_000 {
        products.push_str(&format!("p{i},Tea,,1.00,\n"));
    }
    let mut bytes = format!("{products}{}", &PRODUCTS[32..]).into_bytes();
    // A GBK name after the first 64 KiB: 保温杯 in GBK.
    bytes.extend(b"mug,\xB1\xA3\xCE\xC2\xB1\xAD,,1.00,\n");
    let mut files = good();
    files[1].1 = bytes;
    let errs = load(&files).unwrap_err();
    let e = &errs.as_slice()[0];
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidValue, "products.csv:5005:2")
    );
    assert!(e.message.contains("not UTF-8"), "{}", e.message);
}

#[test]
fn utf16_is_refused_with_what_to_do() {
    let mut files = good();
    files[0].1 = vec![0xFF, 0xFE, b'i', 0, b'd', 0];
    let errs = load(&files).unwrap_err();
    let e = &errs.as_slice()[0];
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidValue, "members.csv")
    );
    assert!(e.message.contains("UTF-16"), "{}", e.message);
}

#[test]
fn a_million_bad_rows_get_a_hundred_errors_and_the_reading_stops() {
    let mut orders = String::from("id,paidAt,completedAt,buyerId,discount,shipping\n");
    for i in 0..1_000_000 {
        orders.push('o');
        orders.push_str(&i.to_string());
        orders.push_str(",yesterday,,m1,,\n");
    }
    let errs = refused(&with(good(), "orders.csv", &orders));
    assert_eq!(errs.len(), 101);
    assert_eq!(
        errs[0],
        (ErrorCode::InvalidTime, "orders.csv:2:2".to_owned())
    );
    assert_eq!(
        errs[99],
        (ErrorCode::InvalidTime, "orders.csv:101:2".to_owned())
    );
    assert_eq!(errs[100], (ErrorCode::TooMany, String::new()));
}

#[test]
fn rows_past_the_limit_are_refused_and_reading_stops() {
    let files = good();
    let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let limits = Limits {
        orders: 1,
        ..Limits::BUILD
    };
    let errs = read::read_with(&borrowed, limits).unwrap_err();
    let got: Vec<(ErrorCode, &str)> = errs
        .as_slice()
        .iter()
        .map(|e| (e.code, e.path.as_str()))
        .collect();
    assert_eq!(got, [(ErrorCode::TooMany, "orders.csv:3")]);
    assert!(errs.as_slice()[0].message.starts_with("more than 1 orders"));
}

#[test]
fn discounts_and_refunds_stay_within_what_was_paid() {
    // o2: 59.90 at list price; a discount of 60.00 is more.
    let orders = "id,paidAt,completedAt,buyerId,discount,shipping
o1,2026-11-05T20:00:00+08:00,2026-11-08T10:00:00+08:00,m3,10.00,
o2,2026-11-06T12:30:00+08:00,2026-11-06T12:00:00+08:00,m4,60.00,8.00
";
    assert_eq!(
        refused(&with(good(), "orders.csv", orders)),
        [(ErrorCode::Inconsistent, "orders.csv:3:3".to_owned())]
    );
    let orders = "id,paidAt,completedAt,buyerId,discount,shipping
o1,2026-11-05T20:00:00+08:00,,m3,10.00,
o2,2026-11-06T12:30:00+08:00,,m4,60.00,8.00
";
    assert_eq!(
        refused(&with(good(), "orders.csv", orders)),
        [(ErrorCode::Inconsistent, "orders.csv:3:5".to_owned())]
    );
    // o1: tea 2 × 128.00 = 256.00 and cup 39.90, 295.90 in all. Its 10.00 discount is
    // prorated by largest remainder: 1000 × 25600 / 29590 = 865 rest 4650 (fen), 1000 × 3990
    // / 29590 = 134 rest 24940; the fen left goes to cup's larger remainder: 8.65 and 1.35.
    // So tea's line kept 256.00 − 8.65 = 247.35 and cup's 39.90 − 1.35 = 38.55. o2 paid
    // 59.90 (no discount; shipping is outside).
    let refunds = "id,orderId,lineId,quantity,amount,at
r1,o1,1,2,,2026-11-09T10:00:00+08:00
r2,o1,1,1,,2026-11-09T10:00:00+08:00
r3,o1,2,,38.55,2026-11-09T10:00:00+08:00
r4,o1,2,,0.01,2026-11-09T10:00:00+08:00
r5,o2,,,59.90,2026-11-07T10:00:00+08:00
r6,o2,,,0.01,2026-11-07T10:00:00+08:00
r7,o2,,,1.00,2026-11-05T10:00:00+08:00
r8,o2,1,1,1.00,2026-11-07T10:00:00+08:00
r9,o2,1,0,,2026-11-07T10:00:00+08:00
";
    assert_eq!(
        refused(&with(good(), "refunds.csv", refunds)),
        [
            (ErrorCode::OutOfRange, "refunds.csv:3:4".to_owned()),
            (ErrorCode::Inconsistent, "refunds.csv:5:5".to_owned()),
            (ErrorCode::Inconsistent, "refunds.csv:7:5".to_owned()),
            (ErrorCode::Inconsistent, "refunds.csv:8:6".to_owned()),
            (ErrorCode::Inconsistent, "refunds.csv:8:5".to_owned()),
            (ErrorCode::Inconsistent, "refunds.csv:9".to_owned()),
            (ErrorCode::OutOfRange, "refunds.csv:10:4".to_owned()),
        ]
    );
}

#[test]
fn locations_split_into_file_line_and_column() {
    assert_eq!(
        location("orders.csv:12:3"),
        Some(Location {
            file: "orders.csv",
            line: Some(12),
            column: Some("3")
        })
    );
    assert_eq!(
        location("data.ndjson:7:order.lines[1].quantity"),
        Some(Location {
            file: "data.ndjson",
            line: Some(7),
            column: Some("order.lines[1].quantity")
        })
    );
    assert_eq!(
        location("orders.csv:1"),
        Some(Location {
            file: "orders.csv",
            line: Some(1),
            column: None
        })
    );
    assert_eq!(
        location("orders.csv"),
        Some(Location {
            file: "orders.csv",
            line: None,
            column: None
        })
    );
    assert_eq!(location(""), None);
}

#[test]
fn a_rule_set_must_know_every_starting_tier() {
    let d = load(&good()).unwrap().dataset;
    let doc = r#"{"rules":{"schemaVersion":1,"levels":[{"rate":"0.1"}],"tiers":[{"id":"bronze"},{"id":"gold"}]}}"#;
    let v: serde_json::Value = serde_json::from_str(doc).unwrap();
    let rules =
        fenxiao::RuleSet::from_value(v["rules"].clone(), &fenxiao::Path::root().field("rules"))
            .unwrap();
    let errs = d.tiers_in(&rules).unwrap_err();
    let e = &errs.as_slice()[0];
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::UnknownReference, "members.tier")
    );
    assert!(
        e.message
            .starts_with("tier `silver` (member `m3`'s starting tier)"),
        "{}",
        e.message
    );
}

#[test]
fn an_ndjson_line_past_one_mib_is_refused_where_it_starts() {
    let mut text = String::from("{\"member\":{\"id\":\"m1\",\"status\":\"active\",\"joinedAt\":\"2026-10-01T09:00:00+08:00\"}}\n");
    text.push_str("{\"member\":{\"id\":\"");
    text.push_str(&"x".repeat(2 << 20));
    text.push_str("\"}}\n");
    let errs = read::read(&[("big.ndjson", text.as_bytes())]).unwrap_err();
    let got: Vec<(ErrorCode, &str)> = errs
        .as_slice()
        .iter()
        .map(|e| (e.code, e.path.as_str()))
        .collect();
    assert_eq!(got, [(ErrorCode::TooLarge, "big.ndjson:2")]);
}
