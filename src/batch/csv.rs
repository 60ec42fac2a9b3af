//! The run's files: one row per member (and, with a comparison, both runs' figures), and
//! one row per order when the run kept them. UTF-8 with a byte-order mark so that Excel
//! reads Chinese ids and names correctly, CRLF line ends, money as `1234.56`, and any field
//! holding a comma, a quote or a line break quoted (RFC 4180).

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::report::Run;
use crate::money::Money;

const BOM: &str = "\u{feff}";

/// Appends `field`, quoted when it must be.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fn push_money(out: &mut String, fen: i64) {
    out.push(',');
    Money::from_fen(fen).push_text(out);
}

fn tier<'a>(run: &'a Run, t: Option<&u32>) -> &'a str {
    match t {
        Some(&t) if t != NONE => run.tier_ids.get(t as usize).map_or("", String::as_str),
        _ => "",
    }
}

/// One row per member: `memberId,tier,finalTier,gross,net`.
pub fn member_csv(run: &Run, data: &Dataset) -> String {
    let mut out = String::with_capacity(data.members.id.len().saturating_mul(40));
    out.push_str(BOM);
    out.push_str("memberId,tier,finalTier,gross,net\r\n");
    for (i, id) in data.members.id.iter().enumerate() {
        member_cells(&mut out, run, i, id);
        out.push_str("\r\n");
    }
    out
}

fn member_cells(out: &mut String, run: &Run, i: usize, id: &str) {
    push_field(out, id);
    out.push(',');
    push_field(out, tier(run, run.member_start_tier.get(i)));
    out.push(',');
    push_field(out, tier(run, run.member_final_tier.get(i)));
    push_money(out, run.member_gross.get(i).copied().unwrap_or(0));
    push_money(out, run.member_net.get(i).copied().unwrap_or(0));
}

/// One row per member under both runs:
/// `memberId,tier,finalTier,gross,net,candidateFinalTier,candidateGross,candidateNet,change`.
pub fn compare_csv(a: &Run, b: &Run, data: &Dataset) -> String {
    let mut out = String::with_capacity(data.members.id.len().saturating_mul(64));
    out.push_str(BOM);
    out.push_str("memberId,tier,finalTier,gross,net,candidateFinalTier,candidateGross,candidateNet,change\r\n");
    for (i, id) in data.members.id.iter().enumerate() {
        member_cells(&mut out, a, i, id);
        out.push(',');
        push_field(&mut out, tier(b, b.member_final_tier.get(i)));
        let (na, nb) = (
            a.member_net.get(i).copied().unwrap_or(0),
            b.member_net.get(i).copied().unwrap_or(0),
        );
        push_money(&mut out, b.member_gross.get(i).copied().unwrap_or(0));
        push_money(&mut out, nb);
        push_money(&mut out, nb.saturating_sub(na));
        out.push_str("\r\n");
    }
    out
}

/// One row per order, in the order the run took them, when the run kept them:
/// `orderId,paidAt,buyerId,paid,netPaid,base,netBase,payout,netPayout`.
pub fn order_csv(run: &Run, data: &Dataset) -> Option<String> {
    let rows = run.order_rows.as_ref()?;
    let mut out = String::with_capacity(rows.len().saturating_mul(80));
    out.push_str(BOM);
    out.push_str("orderId,paidAt,buyerId,paid,netPaid,base,netBase,payout,netPayout\r\n");
    let od = &data.orders;
    for &o in &run.order_sequence {
        let o = o as usize;
        let Some(r) = rows.get(o) else { continue };
        push_field(&mut out, od.id.get(o).unwrap_or(""));
        out.push(',');
        if let Some(t) = od.paid_at.get(o) {
            out.push_str(&t.to_string());
        }
        out.push(',');
        let buyer = od
            .buyer
            .get(o)
            .and_then(|&b| data.members.id.get(b as usize));
        push_field(&mut out, buyer.unwrap_or(""));
        for v in [
            r.paid.gross,
            r.paid.net,
            r.base.gross,
            r.base.net,
            r.payout.gross,
            r.payout.net,
        ] {
            push_money(&mut out, v);
        }
        out.push_str("\r\n");
    }
    Some(out)
}
