//! Arguments given as text answer exactly what the same arguments parsed answer.
//!
//! `eval` reads the single-order commands' arguments straight from their text when nothing in
//! them needs a message, and parses them otherwise; the two must never differ. Every golden
//! vector whose rule set is accepted is a starting document; each case rewrites its arguments
//! at random — keys reordered, repeated, dropped or unknown, values of another type or null,
//! numbers written with a fraction, an exponent or a leading zero, strings with escapes,
//! whitespace anywhere, something after the object — and compares the two answers byte for
//! byte (the answer, or every error with its path).

#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

use fenxiao::api::{self, Args};
use proptest::prelude::*;
use serde_json::Value;

mod common;

/// A starting point: a command, its checked rule set and its other arguments.
struct Base {
    command: String,
    rules: fenxiao::RuleSet,
    args: Value,
}

fn bases() -> Vec<Base> {
    let mut out = Vec::new();
    for path in common::vector_paths() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (Some(command), Some(Value::Object(input))) = (v["command"].as_str(), v.get("input"))
        else {
            continue;
        };
        let mut args = input.clone();
        let Some(rules) = args.remove("rules") else {
            continue;
        };
        let mut only_rules = serde_json::Map::new();
        only_rules.insert("rules".to_owned(), rules);
        if let (Ok(rules), _) = api::split_rules(only_rules) {
            out.push(Base {
                command: command.to_owned(),
                rules,
                args: Value::Object(args),
            });
        }
    }
    assert!(
        out.len() > 100,
        "only {} vectors with accepted rules",
        out.len()
    );
    out
}

/// A small deterministic generator: the case's choices from its seed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    /// True about once in `n` times.
    fn one_in(&mut self, n: u64) -> bool {
        self.roll(n) == 0
    }
}

/// Writes `v` as JSON text, rewritten at random.
fn write(v: &Value, d: &mut Dice, out: &mut String) {
    space(d, out);
    if d.one_in(40) {
        let stand_ins = ["null", "true", "7", "\"x\"", "[]", "{}", "-1", "0.5"];
        out.push_str(stand_ins[d.roll(stand_ins.len() as u64) as usize]);
        return;
    }
    match v {
        Value::Null | Value::Bool(_) => out.push_str(&v.to_string()),
        Value::Number(n) => number(n, d, out),
        Value::String(s) => string(s, d, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, d, out);
            }
            space(d, out);
            out.push(']');
        }
        Value::Object(map) => object(map, d, out),
    }
    space(d, out);
}

fn object(map: &serde_json::Map<String, Value>, d: &mut Dice, out: &mut String) {
    let mut entries: Vec<(&str, Value)> =
        map.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    if d.one_in(3) {
        for i in (1..entries.len()).rev() {
            entries.swap(i, d.roll(i as u64 + 1) as usize);
        }
    }
    if !entries.is_empty() && d.one_in(12) {
        entries.remove(d.roll(entries.len() as u64) as usize);
    }
    if !entries.is_empty() && d.one_in(12) {
        // A key given twice: the first value is another's, the last one counts.
        let (k, v) = entries[d.roll(entries.len() as u64) as usize].clone();
        entries.insert(0, (k, Value::Null));
        entries.push((k, v));
    }
    if d.one_in(15) {
        entries.push(("extra", Value::from(1)));
    }
    if d.one_in(15) {
        entries.insert(0, ("rules", Value::Object(serde_json::Map::new())));
    }
    out.push('{');
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        space(d, out);
        string(k, d, out);
        space(d, out);
        out.push(':');
        write(v, d, out);
    }
    space(d, out);
    out.push('}');
}

fn number(n: &serde_json::Number, d: &mut Dice, out: &mut String) {
    let text = n.to_string();
    match d.roll(16) {
        0 => out.push_str(&format!("{text}.0")),
        1 => out.push_str(&format!("{text}e0")),
        2 => out.push_str(&format!("0{text}")),
        3 => out.push_str(&format!("-{text}")),
        4 => out.push_str("18446744073709551616"),
        5 => out.push_str("4294967296"),
        _ => out.push_str(&text),
    }
}

fn string(s: &str, d: &mut Dice, out: &mut String) {
    out.push('"');
    let escape_at = if d.one_in(12) {
        d.roll(s.len() as u64 + 1) as usize
    } else {
        usize::MAX
    };
    for (i, c) in s.char_indices() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if i == escape_at && c.is_ascii() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    if escape_at == s.len() {
        out.push_str("\\n");
    }
    out.push('"');
}

fn space(d: &mut Dice, out: &mut String) {
    if d.one_in(10) {
        out.push_str([" ", "\n", "\t", "\r\n", "  "][d.roll(5) as usize]);
    }
}

/// The answer's envelope to the arguments as text, and to the same text parsed first.
fn both_ways(base: &Base, text: &str) -> (String, String) {
    let as_text = api::eval(&base.command, &base.rules, text).map(|r| r.text);
    let parsed = api::parse_document(text)
        .and_then(|o| api::eval(&base.command, &base.rules, Args::Parsed(o)))
        .map(|r| r.text);
    (api::envelope_text(as_text), api::envelope_text(parsed))
}

/// The vectors' own arguments, unchanged and compact: the same answers both ways.
#[test]
fn every_vector_answers_the_same_from_text() {
    for base in bases() {
        let text = base.args.to_string();
        let (a, b) = both_ways(&base, &text);
        assert_eq!(a, b, "{} {text}", base.command);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn rewritten_arguments_answer_the_same_from_text(pick in any::<usize>(), seed in 1..u64::MAX) {
        thread_local! { static BASES: Vec<Base> = bases(); }
        BASES.with(|bases| {
            let base = &bases[pick % bases.len()];
            let mut d = Dice(seed);
            let mut text = String::new();
            if d.one_in(30) {
                text.push('\u{feff}');
            }
            write(&base.args, &mut d, &mut text);
            if d.one_in(30) {
                text.push_str(" 1");
            }
            let (a, b) = both_ways(base, &text);
            prop_assert_eq!(a, b, "{} {}", base.command, text);
            Ok(())
        })?;
    }
}
