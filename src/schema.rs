//! The published JSON Schema, generated from the same Rust types that decode inputs and
//! encode outputs, so it cannot drift from the engine. `docs/schema.json` is [`all`]'s
//! output and a test fails when the two differ; the `schema` command answers that file,
//! compacted, so the generator itself stays out of the engine's wasm builds.

use crate::error::Errors;
#[cfg(not(feature = "embedded-schema"))]
use crate::error::{Error, ErrorCode, Path};
use crate::rules::RuleSetDoc;
use schemars::JsonSchema;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

/// A command's schema and the names of its argument and result types.
pub struct Typed {
    /// `{"input": …, "output": …}`.
    pub schema: Value,
    /// The arguments' type name.
    pub args: String,
    /// The result's type name (empty when the result is not one of the engine's types).
    pub result: String,
}

/// Collects every type's schema once, in one `$defs`, so the document stays small.
struct Builder {
    generator: SchemaGenerator,
}

impl Builder {
    /// The schema of one command: its input document (`rules` plus the command's own
    /// arguments) and the `result` of its answer (with `ruleSetHash`), with the names of
    /// both types (which the command table states).
    fn command<A: JsonSchema, R: JsonSchema>(&mut self) -> Typed {
        let mut input = self.inline::<A>();
        add_property(
            &mut input,
            "rules",
            json!({"$ref": "#/$defs/RuleSetDoc"}),
            true,
        );
        let mut output = self.inline::<R>();
        add_property(
            &mut output,
            "ruleSetHash",
            json!({"type": "string", "pattern": "^sha256:[0-9a-f]{64}$", "description": "The content hash of the rule set that produced this answer."}),
            true,
        );
        Typed {
            schema: json!({"input": input, "output": output}),
            args: A::schema_name().into_owned(),
            result: R::schema_name().into_owned(),
        }
    }

    /// The type's own object schema (not a `$ref`), so a property can be added to it.
    fn inline<T: JsonSchema>(&mut self) -> Value {
        let _ = self.generator.subschema_for::<RuleSetDoc>();
        let reference =
            serde_json::to_value(self.generator.subschema_for::<T>()).unwrap_or(Value::Null);
        let name = reference
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_owned);
        match name {
            Some(n) => self
                .generator
                .definitions()
                .get(&n)
                .cloned()
                .unwrap_or(reference),
            None => reference,
        }
    }
}

fn add_property(schema: &mut Value, name: &str, property: Value, required: bool) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(props) = obj
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
    {
        props.insert(name.to_owned(), property);
    }
    if required {
        if let Some(req) = obj
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
        {
            req.insert(0, Value::String(name.to_owned()));
        }
    }
}

/// The published schema (`docs/schema.json`) as compact JSON text.
#[cfg(feature = "embedded-schema")]
pub fn published() -> Result<String, Errors> {
    Ok(
        serde_json::from_str::<Value>(include_str!("../docs/schema.json"))
            .map(|v| v.to_string())
            .unwrap_or_default(),
    )
}

/// Without the `embedded-schema` feature (the npm package's wasm, where size counts) the
/// schema is a file beside the engine, not something it answers.
#[cfg(not(feature = "embedded-schema"))]
pub fn published() -> Result<String, Errors> {
    Err(Error::new(
        ErrorCode::UnknownCommand,
        Path::root(),
        "this build does not carry the schema: it ships beside the engine as `schema.json` (`fenxiao/schema.json` in the npm package, docs/schema.json in the repository)",
    )
    .into())
}

/// `validate` and `hash` take nothing but `rules`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RulesOnly {}

/// `schema` takes an empty document.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Nothing {}

/// The schema of a one-document command of the command table, by its name; `None` for a
/// name the schema does not know (a test holds the table and this list to each other).
fn command(b: &mut Builder, name: &str) -> Option<Typed> {
    use crate::lint;
    use crate::member::{binding, lifecycle, tier, withdrawal};
    use crate::payout::{preview, refund, settlement};
    use crate::rules;
    Some(match name {
        "validate" => b.command::<RulesOnly, rules::Validated<'static>>(),
        "hash" => b.command::<RulesOnly, rules::Hashed>(),
        "lint" => b.command::<lint::LintArgs, lint::LintReport>(),
        "bind" => b.command::<binding::BindArgs, binding::BindDecision>(),
        "settle" => b.command::<settlement::SettleArgs, settlement::Settlement>(),
        "refund" => b.command::<refund::RefundArgs, refund::RefundOutcome>(),
        "status" => b.command::<lifecycle::StatusArgs, lifecycle::OrderCommissionStatus>(),
        "withdraw" => b.command::<withdrawal::WithdrawArgs, withdrawal::WithdrawalQuote>(),
        "progress" => b.command::<tier::ProgressArgs, tier::Progress>(),
        "preview" => b.command::<preview::PreviewArgs, preview::Preview>(),
        "schema" => Typed {
            schema: json!({"input": b.inline::<Nothing>(), "output": {"type": "object", "description": "This document."}}),
            args: Nothing::schema_name().into_owned(),
            result: String::new(),
        },
        _ => return None,
    })
}

/// Each one-document command of the table with its schema, in the table's order; a command
/// the schema does not know has `None`.
pub fn commands() -> Vec<(&'static str, Option<Typed>)> {
    let mut b = Builder {
        generator: SchemaGenerator::default(),
    };
    crate::api::COMMANDS
        .iter()
        .filter(|c| c.kind == crate::api::commands::Kind::Document)
        .map(|c| (c.name, command(&mut b, c.name)))
        .collect()
}

/// The schema of every command of the command table, plus the answer envelope and the
/// error list.
pub fn all() -> Value {
    let mut b = Builder {
        generator: SchemaGenerator::default(),
    };
    let mut commands = Map::new();
    for c in crate::api::COMMANDS {
        if c.kind != crate::api::commands::Kind::Document {
            continue;
        }
        if let Some(typed) = command(&mut b, c.name) {
            commands.insert(c.name.to_owned(), typed.schema);
        }
    }
    let error = b.inline::<crate::error::Error>();
    let defs: Map<String, Value> = b.generator.take_definitions(true).into_iter().collect();
    json!({
        "$comment": "Generated from the engine's Rust types by `fenxiao schema`. Every answer is an envelope: {\"ok\": true, \"result\": <output>} or {\"ok\": false, \"errors\": [Error]}.",
        "engineVersion": crate::VERSION,
        "schemaVersion": crate::rules::SCHEMA_VERSION,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "error": error,
        "commands": commands,
        "$defs": defs,
    })
}
