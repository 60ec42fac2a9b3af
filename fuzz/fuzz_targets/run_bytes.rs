//! Bytes in, an envelope out: the first byte picks the command, the rest is the document.
//! Any panic, abort, leak or hang is a finding; every answer must be a JSON envelope whose
//! `ok` agrees with the answer's flag and whose refusals list at least one error. The same
//! text is also given as the other arguments of a call with the example shop's checked rule
//! set: read from the text (straight into the arguments when it can) it must answer exactly
//! what it answers parsed first.
#![no_main]

use fenxiao::api::{self, Args};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

/// The example shop's rule set, checked once.
fn shop() -> &'static fenxiao::RuleSet {
    static RULES: OnceLock<fenxiao::RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let text = format!("{{\"rules\":{}}}", include_str!("../../examples/shop/rules.json"));
        let doc = api::parse_document(&text).expect("the example rules are JSON");
        match api::split_rules(doc).0 {
            Ok(rules) => rules,
            Err(e) => panic!("the example rules are refused: {e:?}"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let commands = fenxiao::api::COMMANDS;
    let command = commands
        .get(usize::from(pick) % commands.len())
        .map_or("settle", |c| c.name);
    let text = String::from_utf8_lossy(rest);
    let answer = fenxiao::run(command, &text);
    let envelope: Value = match serde_json::from_str(&answer.text) {
        Ok(v) => v,
        Err(e) => panic!("the answer is not JSON ({e}): {}", answer.text),
    };
    assert_eq!(envelope["ok"].as_bool(), Some(answer.ok), "{}", answer.text);
    if !answer.ok {
        let listed = envelope["errors"].as_array().map_or(0, Vec::len);
        assert!(listed > 0, "a refusal lists no error: {}", answer.text);
    }
    let from_text = api::envelope_text(api::eval(command, shop(), &*text).map(|r| r.text));
    let parsed = api::parse_document(&text)
        .and_then(|args| api::eval(command, shop(), Args::Parsed(args)))
        .map(|r| r.text);
    assert_eq!(from_text, api::envelope_text(parsed), "{text}");
});
