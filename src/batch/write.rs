//! The dataset written back as the CSV set the reader takes (docs/DATASET.md): each file
//! starts with a UTF-8 BOM, so that Excel opens the Chinese names correctly, then the header
//! row. Times are written in the shop's offset; money as `12.30`. What is written reads back
//! as the same dataset.

use super::build::Kind;
use super::dataset::{Dataset, Ids, NONE, NO_AMOUNT, NO_COST};
use super::read::{csv_columns, CSV_FILES};
use crate::money::time::UtcOffset;
use crate::money::Money;
use crate::payout::network::Status;
use std::io;

/// The UTF-8 byte order mark Excel looks for.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

const KINDS: [Kind; 5] = [
    Kind::Member,
    Kind::Product,
    Kind::Order,
    Kind::Line,
    Kind::Refund,
];

/// Every file of the CSV set, in memory: `(name, bytes)` in [`CSV_FILES`] order.
pub fn csv_files(data: &Dataset, offset: UtcOffset) -> Vec<(&'static str, Vec<u8>)> {
    CSV_FILES
        .iter()
        .zip(KINDS)
        .map(|(name, kind)| {
            let mut bytes = Vec::new();
            // Writing to memory does not fail.
            let _ = write_csv(data, kind, offset, &mut bytes);
            (*name, bytes)
        })
        .collect()
}

/// Writes the file of `kind` (BOM, header, rows) to `out`.
pub fn write_csv(
    data: &Dataset,
    kind: Kind,
    offset: UtcOffset,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let header: Vec<&str> = csv_columns(kind).iter().map(|(n, _, _)| *n).collect();
    w.write_record(&header)?;
    let rows = Rows { data, offset };
    match kind {
        Kind::Member => rows.members(&mut w)?,
        Kind::Product => rows.products(&mut w)?,
        Kind::Order => rows.orders(&mut w)?,
        Kind::Line => rows.lines(&mut w)?,
        Kind::Refund => rows.refunds(&mut w)?,
    }
    w.flush()
}

type Out<'w> = csv::Writer<&'w mut dyn io::Write>;

struct Rows<'d> {
    data: &'d Dataset,
    offset: UtcOffset,
}

fn text(v: &Ids, i: u32) -> &str {
    usize::try_from(i).ok().and_then(|i| v.get(i)).unwrap_or("")
}

fn name(v: &[String], i: u32) -> &str {
    usize::try_from(i)
        .ok()
        .and_then(|i| v.get(i))
        .map_or("", String::as_str)
}

fn at<T: Copy>(v: &[T], i: usize, or: T) -> T {
    v.get(i).copied().unwrap_or(or)
}

/// Money as written, empty for `none` (a sentinel) or, where `blank_zero`, for zero.
fn money(fen: i64, none: i64, blank_zero: bool) -> String {
    if fen == none || (blank_zero && fen == 0) {
        String::new()
    } else {
        Money::from_fen(fen).to_string()
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Pending => "pending",
        Status::None => "none",
        Status::Disabled => "disabled",
    }
}

impl Rows<'_> {
    fn members(&self, w: &mut Out<'_>) -> io::Result<()> {
        let m = &self.data.members;
        for i in 0..m.id.len() {
            let parent = text(&m.id, at(&m.parent, i, NONE));
            let tier = name(&m.tier_names, at(&m.tier, i, NONE));
            let joined = m
                .joined_at
                .get(i)
                .map(|t| t.text_at(self.offset))
                .unwrap_or_default();
            let st = m.status.get(i).map_or("", |s| status(*s));
            w.write_record([m.id.get(i).unwrap_or(""), parent, tier, st, &joined])?;
        }
        Ok(())
    }

    fn products(&self, w: &mut Out<'_>) -> io::Result<()> {
        let p = &self.data.products;
        for s in 0..p.sku_id.len() {
            let product = at(&p.sku_product, s, NONE);
            w.write_record([
                text(&p.id, product),
                name(&p.name, product),
                p.sku_id.get(s).unwrap_or(""),
                &money(at(&p.sku_price, s, 0), NO_COST, false),
                &money(at(&p.sku_cost, s, NO_COST), NO_COST, false),
            ])?;
        }
        Ok(())
    }

    fn orders(&self, w: &mut Out<'_>) -> io::Result<()> {
        let o = &self.data.orders;
        let m = &self.data.members;
        for i in 0..o.id.len() {
            let paid = o
                .paid_at
                .get(i)
                .map(|t| t.text_at(self.offset))
                .unwrap_or_default();
            let completed = o
                .completed_at
                .get(i)
                .copied()
                .flatten()
                .map(|t| t.text_at(self.offset))
                .unwrap_or_default();
            w.write_record([
                o.id.get(i).unwrap_or(""),
                &paid,
                &completed,
                text(&m.id, at(&o.buyer, i, NONE)),
                &money(at(&o.discount, i, 0), NO_COST, true),
                &money(at(&o.shipping, i, 0), NO_COST, true),
            ])?;
        }
        Ok(())
    }

    fn lines(&self, w: &mut Out<'_>) -> io::Result<()> {
        let o = &self.data.orders;
        let p = &self.data.products;
        // Each product's SKU row without an id (a product without SKUs), for its cost.
        let mut plain = vec![NONE; p.id.len()];
        for (r, (id, product)) in p.sku_id.iter().zip(&p.sku_product).enumerate() {
            let slot = usize::try_from(*product)
                .ok()
                .and_then(|i| plain.get_mut(i));
            if let (true, Some(slot)) = (id.is_empty(), slot) {
                *slot = u32::try_from(r).unwrap_or(NONE);
            }
        }
        for order in 0..o.id.len() {
            for l in o.lines_of(order) {
                let product = at(&o.line_product, l, NONE);
                let sku = at(&o.line_sku, l, NONE);
                // A line's cost is written only where it differs from what its SKU gives.
                let sku_row = if sku == NONE {
                    usize::try_from(product).map_or(NONE, |i| at(&plain, i, NONE))
                } else {
                    sku
                };
                let sku_cost =
                    usize::try_from(sku_row).map_or(NO_COST, |r| at(&p.sku_cost, r, NO_COST));
                let cost = at(&o.line_cost, l, NO_COST);
                let cost = if cost == sku_cost { NO_COST } else { cost };
                w.write_record([
                    o.id.get(order).unwrap_or(""),
                    o.line_id.get(l).unwrap_or(""),
                    text(&p.id, product),
                    if sku == NONE {
                        ""
                    } else {
                        text(&p.sku_id, sku)
                    },
                    &money(at(&o.line_unit_price, l, 0), NO_COST, false),
                    &at(&o.line_quantity, l, 0).to_string(),
                    &money(cost, NO_COST, false),
                ])?;
            }
        }
        Ok(())
    }

    fn refunds(&self, w: &mut Out<'_>) -> io::Result<()> {
        let r = &self.data.refunds;
        let o = &self.data.orders;
        for i in 0..r.id.len() {
            let line = at(&r.line, i, NONE);
            let q = at(&r.quantity, i, 0);
            let at_text =
                r.at.get(i)
                    .map(|t| t.text_at(self.offset))
                    .unwrap_or_default();
            w.write_record([
                r.id.get(i).unwrap_or(""),
                text(&o.id, at(&r.order, i, NONE)),
                if line == NONE {
                    ""
                } else {
                    text(&o.line_id, line)
                },
                &if q == 0 { String::new() } else { q.to_string() },
                &money(at(&r.amount, i, NO_AMOUNT), NO_AMOUNT, false),
                &at_text,
            ])?;
        }
        Ok(())
    }
}
