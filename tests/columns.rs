//! A dataset from integer columns (`Dataset::from_columns`) is the dataset whose ids are its
//! row numbers: the same CSV files written back, the same run, byte for byte, as the files
//! below read from CSV. And every bad value is refused at its column and row.
#![cfg(feature = "batch")]
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use fenxiao::batch::columns::Columns;
use fenxiao::batch::dataset::{NONE, NO_COST};
use fenxiao::batch::{self, read, write, Dataset, Options};
use fenxiao::money::time::{Timestamp, UtcOffset};
use fenxiao::money::MAX_INPUT_FEN;

// Ids as the columns imply them: each row's number. Product 0 has no SKUs (one row, no SKU
// id); product 1 has SKU rows 1 and 2. Lines are named by their row among all lines.
const MEMBERS: &str = "id,parentId,tier,status,joinedAt
0,,gold,active,2026-10-01T01:00:00Z
1,0,,active,2026-10-05T02:00:00Z
2,1,silver,pending,2026-11-02T00:00:00Z
";
const PRODUCTS: &str = "productId,name,skuId,price,cost
0,茶,,128.00,60.00
1,杯,1,39.90,
1,杯,2,59.90,20.00
";
const ORDERS: &str = "id,paidAt,completedAt,buyerId,discount,shipping
0,2026-11-05T12:00:00Z,,2,10.00,
1,2026-11-06T04:30:00Z,,1,,
";
const LINES: &str = "orderId,lineId,productId,skuId,unitPrice,quantity,cost
0,0,0,,128.00,2,
0,1,1,1,39.90,1,15.00
1,2,1,2,59.90,1,
";

const RULES: &str = r#"{"schemaVersion": 1, "cap": "0.3", "rounding": "down",
 "tiers": [{"id": "gold"}, {"id": "silver"}],
 "levels": [{"tierRates": [{"tier": "gold", "rate": "0.10"}, {"tier": "silver", "rate": "0.05"}]},
            {"tierRates": [{"tier": "gold", "rate": "0.03"}, {"tier": "silver", "rate": "0.02"}]}]}"#;

fn ms(text: &str) -> i64 {
    let t = Timestamp::parse(text).unwrap();
    t.unix() * 1000 + i64::from(t.subsec_nanos() / 1_000_000)
}

fn columns() -> Columns {
    Columns {
        parent: vec![NONE, 0, 1],
        tier: vec![0, NONE, 1],
        tier_names: vec!["gold".into(), "silver".into()],
        status: vec![0, 0, 1],
        joined_at_ms: vec![
            ms("2026-10-01T01:00:00Z"),
            ms("2026-10-05T02:00:00Z"),
            ms("2026-11-02T00:00:00Z"),
        ],
        product_names: vec!["茶".into(), "杯".into()],
        sku_product: vec![0, 1, 1],
        sku_price: vec![12800, 3990, 5990],
        sku_cost: vec![6000, NO_COST, 2000],
        buyer: vec![2, 1],
        paid_at_ms: vec![ms("2026-11-05T12:00:00Z"), ms("2026-11-06T04:30:00Z")],
        line_start: vec![0, 2],
        discount: vec![1000, 0],
        line_sku: vec![0, 1, 2],
        unit_price: vec![12800, 3990, 5990],
        quantity: vec![2, 1, 1],
        line_cost: vec![NO_COST, 1500, NO_COST],
    }
}

fn from_csv() -> Dataset {
    let files = [
        ("members.csv", MEMBERS.as_bytes()),
        ("products.csv", PRODUCTS.as_bytes()),
        ("orders.csv", ORDERS.as_bytes()),
        ("lines.csv", LINES.as_bytes()),
    ];
    read::read(&files).unwrap().dataset
}

fn summary(data: &Dataset) -> String {
    let v: serde_json::Value = serde_json::from_str(RULES).unwrap();
    let rules = fenxiao::RuleSet::from_value(v, &fenxiao::Path::root().field("rules")).unwrap();
    let run = batch::simulate(&rules, data, &Options::default()).unwrap();
    fenxiao::io::to_text(&run.summary)
}

#[test]
fn columns_are_the_dataset_their_row_numbers_name() {
    let cols = Dataset::from_columns(columns()).unwrap();
    let csv = from_csv();
    assert_eq!(cols.counts(), csv.counts());
    assert_eq!(cols.members.id, ["0", "1", "2"]);
    assert_eq!(cols.products.sku_id, ["", "1", "2"]);
    assert_eq!(cols.orders.line_id, ["0", "1", "2"]);
    // A product without SKUs: its lines name no SKU; a line without a cost takes its SKU's.
    assert_eq!(cols.orders.line_sku, csv.orders.line_sku);
    for offset in [UtcOffset::UTC, UtcOffset::CHINA] {
        assert_eq!(
            write::csv_files(&cols, offset),
            write::csv_files(&csv, offset)
        );
    }
    let (a, b) = (summary(&cols), summary(&csv));
    assert_eq!(a, b);
    // Paid sales, worked out: order 0 is 128.00 × 2 + 39.90 = 295.90 less the 10.00
    // discount, 285.90; order 1 is 59.90; together 345.80.
    assert!(
        a.contains(r#""paidSales":{"gross":"345.80","net":"345.80"}"#),
        "{a}"
    );
}

fn refused(c: Columns) -> Vec<(String, String)> {
    let errs = Dataset::from_columns(c).unwrap_err();
    let mut v: Vec<(String, String)> = errs
        .as_slice()
        .iter()
        .map(|e| (e.code.as_str().to_owned(), e.path.to_string()))
        .collect();
    v.sort();
    v
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect();
    v.sort();
    v
}

#[test]
fn every_bad_value_is_refused_at_its_column_and_row() {
    let mut c = columns();
    // Members 0 and 1 are each other's parent: a cycle, named at its earliest row.
    c.parent = vec![1, 0, 1];
    c.status[2] = 9; // no such status
    c.buyer[1] = 3; // three members: rows 0 to 2
    c.unit_price[1] = MAX_INPUT_FEN + 1; // past the largest amount
    c.quantity[2] = 0; // a quantity is at least 1
    c.sku_cost[1] = -5; // money is never negative
                        // Order 0 is 128.00 × 2 + 39.90 at list price; but its line 1 is refused, so its
                        // discount is not checked against it. Order 1's discount of 59.91 is more than its
                        // 59.90 — but order 1 is refused too (its buyer and its line), so neither is.
    c.discount = vec![100_000, 5991];
    assert_eq!(
        refused(c),
        pairs(&[
            ("inconsistent", "members.parent[0]"),
            ("invalidValue", "members.status[2]"),
            ("unknownReference", "orders.buyer[1]"),
            ("invalidMoney", "lines.unitPrice[1]"),
            ("outOfRange", "lines.quantity[2]"),
            ("invalidMoney", "skus.cost[1]"),
        ])
    );
}

#[test]
fn a_discount_past_its_order_and_orders_without_lines_are_refused() {
    let mut c = columns();
    // Order 1 (one line, 59.90) with a discount of 59.91.
    c.discount = vec![1000, 5991];
    assert_eq!(refused(c), pairs(&[("inconsistent", "orders.discount[1]")]));
    let mut c = columns();
    // Both orders start at line 0: order 0 has no lines, so its list-price total is 0.00
    // and its discount of 10.00 is more than that (as for rows read from a file).
    c.line_start = vec![0, 0];
    assert_eq!(
        refused(c),
        pairs(&[
            ("invalidValue", "orders.lineStart[0]"),
            ("inconsistent", "orders.discount[0]"),
        ])
    );
    let mut c = columns();
    // Line starts run backwards at order 1, and past the three lines.
    c.line_start = vec![0, 4];
    assert_eq!(
        refused(c),
        pairs(&[("inconsistent", "orders.lineStart[1]")])
    );
}

#[test]
fn columns_of_the_wrong_length_and_bad_references_are_named() {
    let mut c = columns();
    c.paid_at_ms.pop();
    assert_eq!(refused(c), pairs(&[("inconsistent", "orders.paidAt")]));
    let mut c = columns();
    c.tier = vec![0, 2, 1]; // two tier names: indices 0 and 1
    c.line_sku[0] = 3; // three SKU rows
    c.sku_product[0] = 2; // two products; product 0 is then left without a SKU row
    assert_eq!(
        refused(c),
        pairs(&[
            ("unknownReference", "members.tier[1]"),
            ("unknownReference", "lines.sku[0]"),
            ("unknownReference", "skus.product[0]"),
            ("missingField", "products.name[0]"),
        ])
    );
}
