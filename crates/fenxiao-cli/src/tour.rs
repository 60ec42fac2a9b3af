//! `fenxiao tour`: the bundled example shop, walked through in words — the poster a
//! distributor shares, the order settled, a refund, the commission's status, a tier's
//! progress and the compliance lint. Every figure comes from the same `run` entry point the
//! commands use; this file only reads answers and prints them.

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

struct Shop<'a> {
    dir: &'a Path,
    failed: bool,
}

impl Shop<'_> {
    /// Runs `command` on `<dir>/<file>.json` and gives the `result`, or prints the errors.
    fn ask(&mut self, command: &str, file: &str) -> Option<Value> {
        let path = self.dir.join(format!("{file}.json"));
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                say!("  (cannot read {}: {e})", path.display());
                self.failed = true;
                return None;
            }
        };
        let answer = fenxiao::run(command, &text);
        let v: Value = serde_json::from_str(&answer.text).ok()?;
        if answer.ok {
            return v.get("result").cloned();
        }
        self.failed = true;
        say!("  {} was refused:", path.display());
        for e in v
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
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

/// Walks through the shop in `dir`.
pub fn run(dir: &str) -> ExitCode {
    let mut shop = Shop {
        dir: Path::new(dir),
        failed: false,
    };
    say!(
        "fenxiao {} — a walk through the example shop in {dir}\n",
        fenxiao::VERSION
    );

    if let Some(v) = shop.ask("validate", "validate") {
        say!("Rule set {}", s(&v, "ruleSetHash"));
        say!("  every figure below names this hash, so a payout can be traced to its rules\n");
    }

    if let Some(p) = shop.ask("preview", "preview") {
        say!(
            "Share poster for `{}` (distributor xiaomei, gold tier)",
            s(&p, "productId")
        );
        for r in list(&p, "earnings") {
            let who = if r.get("level").and_then(Value::as_u64) == Some(1) {
                "share it and earn"
            } else {
                "when your downline sells it, earn"
            };
            say!(
                "  level {}: {who} {}",
                r.get("level").unwrap_or(&Value::Null),
                range(r)
            );
        }
        for sku in list(&p, "skus") {
            let l1 = list(sku, "earnings").next().map(range).unwrap_or_default();
            say!("    SKU {} at ¥{}: {l1}", s(sku, "skuId"), s(sku, "price"));
        }
        say!();
    }

    if let Some(o) = shop.ask("settle", "settle") {
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

    if let Some(r) = shop.ask("refund", "refund") {
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

    if let Some(st) = shop.ask("status", "status") {
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

    if let Some(w) = shop.ask("withdraw", "withdraw") {
        say!(
            "Withdrawal of ¥{}: fee ¥{}, paid out ¥{}\n",
            s(&w, "amount"),
            s(&w, "fee"),
            s(&w, "net")
        );
    }

    if let Some(g) = shop.ask("progress", "progress") {
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
            say!("  towards {}:", s(next, "tier"));
            print_conditions(next.get("condition").unwrap_or(&Value::Null), 2);
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

    if let Some(l) = shop.ask("lint", "lint") {
        say!(
            "Compliance lint of this shop's rules, profile {}",
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

    if let Some(l) = shop.ask("lint", "lint-three-levels") {
        say!(
            "Compliance lint of a three-level rule set (0.16 / 0.17 / 0.18), profile {}",
            s(&l, "profile")
        );
        for f in list(&l, "findings") {
            say!(
                "  {} {} at {}: {}",
                s(f, "severity"),
                s(f, "code"),
                s(f, "path"),
                s(f, "message")
            );
        }
    }

    if shop.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
