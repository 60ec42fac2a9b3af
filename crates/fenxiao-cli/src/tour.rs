//! `fenxiao tour`: the bundled example shop, walked through in words — the poster a
//! distributor shares, the order settled, a refund, the commission's status, a tier's
//! progress and the compliance lint. Every figure and every label comes from the documents
//! and from the same `fenxiao::run` the commands use; this file only reads and prints them.
//! Without a directory it walks the shop carried in the binary, so it runs from anywhere.

use serde_json::Value;
use std::io::Write;

/// `println!` that ignores a closed pipe (`fenxiao tour | head`) instead of panicking.
macro_rules! say {
    () => {{
        let _ = writeln!(std::io::stdout());
    }};
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
use std::path::Path;
use std::process::ExitCode;

/// Where the shop's documents come from.
enum Source<'a> {
    /// `<dir>/<file>.json`.
    Dir(&'a Path),
    /// The example shop carried in the binary.
    Carried,
}

struct Shop<'a> {
    source: Source<'a>,
    failed: bool,
}

impl Shop<'_> {
    /// The text of `<file>.json`, and how to name it.
    fn read(&self, file: &str) -> Result<(String, String), String> {
        let name = format!("{file}.json");
        match self.source {
            Source::Dir(dir) => {
                let path = dir.join(&name);
                std::fs::read_to_string(&path)
                    .map(|t| (t, path.display().to_string()))
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))
            }
            Source::Carried => crate::shop::file(&name)
                .map(|t| (t.to_owned(), format!("{}/{name}", crate::shop::DIR)))
                .ok_or_else(|| format!("no {name} in the carried shop")),
        }
    }

    /// Runs `command` on `<file>.json` and gives the document and the `result`, or prints
    /// the errors.
    fn ask(&mut self, command: &str, file: &str) -> Option<(Value, Value)> {
        let (text, name) = match self.read(file) {
            Ok(t) => t,
            Err(e) => {
                say!("  ({e})");
                self.failed = true;
                return None;
            }
        };
        let answer = fenxiao::run(command, &text);
        let v: Value = serde_json::from_str(&answer.text).ok()?;
        if answer.ok {
            let doc = serde_json::from_str(&text).unwrap_or(Value::Null);
            return v.get("result").cloned().map(|r| (doc, r));
        }
        self.failed = true;
        say!("  {name} was refused:");
        for e in list(&v, "errors") {
            say!(
                "    {} at {}: {}",
                s(e, "code"),
                s(e, "path"),
                s(e, "message")
            );
        }
        None
    }
}

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn list<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// `-2.09` → `-¥2.09`.
fn signed(amount: &str) -> String {
    match amount.strip_prefix('-') {
        Some(abs) => format!("-¥{abs}"),
        None => format!("¥{amount}"),
    }
}

fn range(r: &Value) -> String {
    if s(r, "min") == s(r, "max") {
        format!("¥{}", s(r, "min"))
    } else {
        format!("¥{}–¥{}", s(r, "min"), s(r, "max"))
    }
}

/// Walks through the shop in `dir`, or through the shop carried in the binary.
pub fn walk(dir: Option<&str>) -> ExitCode {
    let mut shop = Shop {
        source: dir.map_or(Source::Carried, |d| Source::Dir(Path::new(d))),
        failed: false,
    };
    match dir {
        Some(d) => say!(
            "fenxiao {} — a walk through the example shop in {d}\n",
            fenxiao::VERSION
        ),
        None => say!(
            "fenxiao {} — a walk through the example shop ({}, carried in this binary)\n",
            fenxiao::VERSION,
            crate::shop::DIR
        ),
    }
    validate(&mut shop);
    poster(&mut shop);
    settle(&mut shop);
    refund(&mut shop);
    status(&mut shop);
    withdraw(&mut shop);
    progress(&mut shop);
    lint(&mut shop, "lint");
    lint(&mut shop, "lint-three-levels");
    if shop.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The rule set's hash.
fn validate(shop: &mut Shop) {
    let Some((_, v)) = shop.ask("validate", "validate") else {
        return;
    };
    say!("Rule set {}", s(&v, "ruleSetHash"));
    say!("  every figure below names this hash, so a payout can be traced to its rules\n");
}

/// The share poster: each level's range, and under level 1 (the sharer's own) each SKU's.
fn poster(shop: &mut Shop) {
    let Some((doc, p)) = shop.ask("preview", "preview") else {
        return;
    };
    let distributor = doc.get("distributor").unwrap_or(&Value::Null);
    let tier = match distributor.get("tier").and_then(Value::as_str) {
        Some(t) => format!(", {t} tier"),
        None => String::new(),
    };
    say!(
        "Share poster for `{}` (distributor {}{tier})",
        s(&p, "productId"),
        s(distributor, "id")
    );
    for r in list(&p, "earnings") {
        let level = r.get("level").and_then(Value::as_u64);
        let who = if level == Some(1) {
            "share it and earn"
        } else {
            "when your downline sells it, earn"
        };
        say!(
            "  level {}: {who} {}",
            r.get("level").unwrap_or(&Value::Null),
            range(r)
        );
        if level != Some(1) {
            continue;
        }
        for sku in list(&p, "skus") {
            let own = list(sku, "earnings")
                .find(|e| e.get("level").and_then(Value::as_u64) == Some(1))
                .map(range)
                .unwrap_or_default();
            say!("    SKU {} at ¥{}: {own}", s(sku, "skuId"), s(sku, "price"));
        }
    }
    say!();
}

/// The order settled, beneficiary by beneficiary.
fn settle(shop: &mut Shop) {
    let Some((_, o)) = shop.ask("settle", "settle") else {
        return;
    };
    say!("Order {} settled", s(&o, "orderId"));
    say!(
        "  list ¥{}, discounts ¥{}, paid ¥{} (+ shipping ¥{}, never commissioned); commission base ¥{}",
        s(&o, "gross"),
        s(&o, "discount"),
        o.pointer("/amounts/paid").and_then(Value::as_str).unwrap_or(""),
        s(&o, "shipping"),
        o.pointer("/amounts/commissionBase").and_then(Value::as_str).unwrap_or("")
    );
    for b in list(&o, "beneficiaries") {
        let trimmed = s(b, "trimmed");
        let cap = if trimmed != "0.00" {
            format!(", ¥{trimmed} trimmed by the cap")
        } else {
            String::new()
        };
        say!(
            "  level {} {} ({}): ¥{} (exact ¥{}{cap})",
            b.get("level").unwrap_or(&Value::Null),
            s(b, "memberId"),
            s(b, "tier"),
            s(b, "amount"),
            s(b, "exact")
        );
    }
    for n in list(&o, "notes") {
        say!("  note: {}", s(n, "message"));
    }
    say!("  total ¥{}\n", s(&o, "total"));
}

/// What each beneficiary keeps after the refunds.
fn refund(shop: &mut Shop) {
    let Some((_, r)) = shop.ask("refund", "refund") else {
        return;
    };
    say!("After refunds (latest: {})", s(&r, "latestRefundId"));
    for b in list(&r, "beneficiaries") {
        let short = match b.get("shortfall").and_then(Value::as_str) {
            Some(x) if x != "0.00" => format!("; balance short by ¥{x}, to be recorded"),
            _ => String::new(),
        };
        say!(
            "  {}: was ¥{}, before the latest refund ¥{}, keeps ¥{} (change {}{short})",
            s(b, "memberId"),
            s(b, "original"),
            s(b, "previous"),
            s(b, "current"),
            signed(s(b, "change"))
        );
    }
    say!();
}

/// Pending, frozen and available commission.
fn status(shop: &mut Shop) {
    let Some((_, st)) = shop.ask("status", "status") else {
        return;
    };
    say!(
        "Commission status of the settled order at {}",
        s(&st, "now")
    );
    for b in list(&st, "beneficiaries") {
        let when = b
            .get("availableAt")
            .and_then(Value::as_str)
            .map(|t| format!(", available from {t}"))
            .unwrap_or_default();
        say!(
            "  {}: pending ¥{}, frozen ¥{}, available ¥{}{when}",
            s(b, "memberId"),
            s(b, "pending"),
            s(b, "frozen"),
            s(b, "available")
        );
    }
    say!();
}

/// A withdrawal quote.
fn withdraw(shop: &mut Shop) {
    let Some((_, w)) = shop.ask("withdraw", "withdraw") else {
        return;
    };
    say!(
        "Withdrawal of ¥{}: fee ¥{}, paid out ¥{}\n",
        s(&w, "amount"),
        s(&w, "fee"),
        s(&w, "net")
    );
}

/// A member's tier progress.
fn progress(shop: &mut Shop) {
    let Some((_, g)) = shop.ask("progress", "progress") else {
        return;
    };
    say!(
        "Tier progress of member {} on {}",
        s(&g, "memberId"),
        s(&g, "today")
    );
    let upgraded = g.get("upgraded").and_then(Value::as_bool) == Some(true);
    if upgraded {
        say!(
            "  tier {} → {} (from their next order)",
            s(&g, "currentTier"),
            s(&g, "tier")
        );
    } else {
        say!("  tier {}", s(&g, "currentTier"));
    }
    if let Some(next) = g.get("nextTier").filter(|n| !n.is_null()) {
        if next.get("assigned").and_then(Value::as_bool) == Some(true) {
            say!("  next: {}, assigned by the merchant", s(next, "tier"));
        } else {
            say!("  towards {}:", s(next, "tier"));
            print_conditions(next.get("condition").unwrap_or(&Value::Null), 2);
        }
    }
    if let Some(c) = g.get("candidate").filter(|c| !c.is_null()) {
        let verdict = if c.get("upgrades").and_then(Value::as_bool) == Some(true) {
            format!("would lift them to {}", s(c, "tier"))
        } else {
            "would not change their tier".to_owned()
        };
        say!("  an order of ¥{} now {verdict}", s(c, "amount"));
    }
    if let Some(r) = g.get("retention").filter(|r| !r.is_null()) {
        say!(
            "  keeping {}: this {} so far → {}",
            s(r, "tier"),
            s(r, "period"),
            s(r, "outcome")
        );
    }
    say!();
}

/// The compliance lint of `<file>.json`, labelled with its rule set's level rates.
fn lint(shop: &mut Shop, file: &str) {
    let Some((doc, l)) = shop.ask("lint", file) else {
        return;
    };
    let rules = doc.get("rules").unwrap_or(&Value::Null);
    let levels: Vec<&Value> = list(rules, "levels").collect();
    say!(
        "Compliance lint of a {}-level rule set ({}), profile {}",
        levels.len(),
        levels
            .iter()
            .map(|l| level_rate(l))
            .collect::<Vec<_>>()
            .join(" / "),
        s(&l, "profile")
    );
    let findings: Vec<&Value> = list(&l, "findings").collect();
    if findings.is_empty() {
        say!("  no findings");
    }
    for f in findings {
        say!(
            "  {} {} at {}: {}",
            s(f, "severity"),
            s(f, "code"),
            s(f, "path"),
            s(f, "message")
        );
    }
    say!();
}

/// A level's rate as its document writes it: `0.05`, `fixed ¥8.00`, or each tier's rate.
fn level_rate(level: &Value) -> String {
    if let Some(rate) = level.get("rate").and_then(Value::as_str) {
        return rate.to_owned();
    }
    if let Some(fixed) = level.get("fixed").and_then(Value::as_str) {
        return format!("fixed ¥{fixed}");
    }
    let by_tier: Vec<String> = list(level, "tierRates")
        .map(|t| format!("{} {}", s(t, "tier"), s(t, "rate")))
        .collect();
    format!("({})", by_tier.join(", "))
}

/// Prints a progress condition tree, one line a condition.
fn print_conditions(c: &Value, indent: usize) {
    let pad = " ".repeat(indent.saturating_mul(2));
    let met = if c.get("met").and_then(Value::as_bool) == Some(true) {
        "✓"
    } else {
        "·"
    };
    match s(c, "type") {
        t @ ("all" | "any") => {
            say!("{pad}{met} {} of:", if t == "all" { "all" } else { "any" });
            for child in list(c, "conditions") {
                print_conditions(child, indent.saturating_add(1));
            }
        }
        _ => say!(
            "{pad}{met} {}: {} of {} ({} to go)",
            s(c, "metric"),
            c.get("current")
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .unwrap_or_default(),
            c.get("target")
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .unwrap_or_default(),
            c.get("remaining")
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .unwrap_or_default()
        ),
    }
}
