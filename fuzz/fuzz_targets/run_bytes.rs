//! Bytes in, an envelope out: the first byte picks the command, the rest is the document.
//! Any panic, abort, leak or hang is a finding; every answer must be a JSON envelope whose
//! `ok` agrees with the answer's flag and whose refusals list at least one error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

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
});
