//! The command table (`fenxiao::api::COMMANDS`) against what is built from it or kept beside
//! it: the schema's commands and type names, the JS names' rule, the dispatcher.

#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]
use fenxiao::api::commands::{find, Example, Kind};
use fenxiao::api::COMMANDS;

#[test]
fn the_schema_has_each_document_command_with_the_table_s_types() {
    let typed = fenxiao::schema::commands();
    let documents = COMMANDS.iter().filter(|c| c.kind == Kind::Document).count();
    assert_eq!(typed.len(), documents);
    for (name, t) in typed {
        let c = find(name).unwrap_or_else(|| unreachable!());
        let Some(t) = t else {
            panic!("the schema does not know `{name}`: add it to schema::command");
        };
        assert_eq!(t.args, c.args, "{name}: argument type");
        assert_eq!(t.result, c.result, "{name}: result type");
    }
    let schema = fenxiao::schema::all();
    let published: Vec<&String> = schema["commands"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(published.len(), documents);
}

#[test]
fn js_names_start_from_the_command_s_own_word() {
    // `settle` → `settleOrder`, `hash` → `ruleSetHash`: the command's word is one of the
    // camel-case words of its JS name, so a reader finds one from the other.
    for c in COMMANDS {
        if c.js.is_empty() {
            assert!(!c.builds.web_node && !c.builds.miniprogram, "{}", c.name);
            continue;
        }
        let words = camel_words(c.js);
        assert!(words.contains(&c.name.to_owned()), "{} → {}", c.name, c.js);
        assert!(!c.js_deprecated.contains(&c.js), "{}", c.name);
    }
    let mut all: Vec<&str> = COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c.js).chain(c.js_deprecated.iter().copied()))
        .filter(|n| !n.is_empty())
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "a JS name belongs to one command");
}

fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = vec![String::new()];
    for ch in name.chars() {
        if ch.is_uppercase() {
            words.push(String::new());
        }
        if let Some(w) = words.last_mut() {
            w.extend(ch.to_lowercase());
        }
    }
    words
}

#[test]
fn every_document_command_is_dispatched_and_others_are_not() {
    let unknown = fenxiao::run(
        "frobnicate",
        r#"{"rules":{"schemaVersion":1,"levels":[{"rate":"0.1"}]}}"#,
    );
    assert!(unknown.text.contains(
        "the commands are validate, lint, hash, bind, settle, refund, status, withdraw, progress, preview, schema\""
    ), "{}", unknown.text);
    for c in COMMANDS {
        let answer = fenxiao::run(
            c.name,
            r#"{"rules":{"schemaVersion":1,"levels":[{"rate":"0.1"}]}}"#,
        );
        let unknown = answer.text.contains("\"code\":\"unknownCommand\"");
        match c.kind {
            Kind::Document if c.name == "schema" => {
                assert!(c.evaluate.is_none());
            }
            Kind::Document => assert!(c.evaluate.is_some() && !unknown, "{}", c.name),
            Kind::NotDocument => assert!(c.evaluate.is_none() && unknown, "{}", c.name),
        }
    }
}

#[test]
fn example_files_exist_and_are_answered() {
    let root = env!("CARGO_MANIFEST_DIR");
    for c in COMMANDS {
        let Example::File(path) = c.example else {
            continue;
        };
        let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_default();
        let answer = fenxiao::run(c.name, &text);
        assert!(answer.ok, "{} {path}: {}", c.name, answer.text);
    }
}
