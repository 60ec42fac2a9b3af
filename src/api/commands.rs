//! The command table: every command the engine, the CLI and the npm package know, once.
//!
//! Each row names the command, says in one line what it answers, names its argument and
//! result types (as the published schema names them), points at an example document, gives
//! the npm package's function name(s) and the builds that carry it. The dispatcher
//! ([`super::dispatch`]), the CLI's help, the schema (`crate::schema::all`) and the npm
//! package's entry points and TypeScript declarations are produced from it or checked
//! against it (`fenxiao commands --json` prints it; `crates/fenxiao-wasm/npm/commands.json`
//! is that output, and the package's build and tests read it).
//!
//! Adding a command: one row here, the function it runs, its golden vectors, its docs.

use super::{call, no_args, quick, render, Args, Rendered};
use crate::error::Errors;
use crate::member::binding::bind;
use crate::member::lifecycle::status;
use crate::member::tier::progress;
use crate::member::withdrawal::withdraw;
use crate::payout::preview::{preview, PreviewArgs};
use crate::payout::refund::{refund, RefundArgs};
use crate::payout::settlement::{settle, SettleArgs};
use crate::rules::RuleSet;
use serde_json::{Map, Value};

/// How a command is given its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One JSON document of named arguments in, one envelope out (`fenxiao::run`).
    Document,
    /// Not one JSON document: the CLI runs it itself (`fenxiao tour [DIR]` walks several
    /// documents). No dispatcher, schema or npm function; `fenxiao::run` answers
    /// `unknownCommand` for it.
    NotDocument,
}

/// Where a command's example document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    /// A file of the repository (the CLI carries the example shop's files).
    File(&'static str),
    /// The document itself.
    Inline(&'static str),
}

/// Which builds carry a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builds {
    /// The Rust library and the `fenxiao` CLI.
    pub native: bool,
    /// The npm package for browsers, bundlers and Node.
    pub web_node: bool,
    /// The npm package's WeChat mini-program build.
    pub miniprogram: bool,
}

/// Every build.
const EVERYWHERE: Builds = Builds {
    native: true,
    web_node: true,
    miniprogram: true,
};

/// Only the native library and CLI.
const NATIVE: Builds = Builds {
    native: true,
    web_node: false,
    miniprogram: false,
};

/// What runs a document command: the checked rule set (or its errors, reported alongside
/// the arguments' own) and the other named arguments.
pub type Evaluate = fn(Result<&RuleSet, Errors>, Args<'_>) -> Result<Rendered, Errors>;

/// One command.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The name the CLI, `fenxiao::run` and the JS `run` take.
    pub name: &'static str,
    /// One line: what the command answers.
    pub help: &'static str,
    /// How the input is given.
    pub kind: Kind,
    /// The type of its arguments, as the published schema names it (empty: none).
    pub args: &'static str,
    /// The type of its result, as the published schema names it (empty: no JSON result).
    pub result: &'static str,
    /// An example input.
    pub example: Example,
    /// The npm package's function for it: the command's own word, then what it answers
    /// (`settle` → `settleOrder`). Empty when the package has no function for it.
    pub js: &'static str,
    /// Earlier JS names still exported, deprecated, for one release.
    pub js_deprecated: &'static [&'static str],
    /// The builds that carry it.
    pub builds: Builds,
    /// What runs it; `None` for `schema` (answered by [`super::run`] itself) and for
    /// commands that are not one document.
    pub evaluate: Option<Evaluate>,
}

/// The commands, in the order the CLI's help lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "validate",
        help: "check a rule set; answer its hash and its normalized form",
        kind: Kind::Document,
        args: "RulesOnly",
        result: "Validated",
        example: Example::File("examples/shop/validate.json"),
        js: "validateRules",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| no_args(r, a, |r| super::to_text(r, crate::rules::Validated::of(r)))),
    },
    Command {
        name: "lint",
        help: "compliance findings for a rule set under a profile (wechat, legal)",
        kind: Kind::Document,
        args: "LintArgs",
        result: "LintReport",
        example: Example::File("examples/shop/lint.json"),
        js: "lintRules",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(super::lint),
    },
    Command {
        name: "hash",
        help: "the rule set's content hash and canonical text",
        kind: Kind::Document,
        args: "RulesOnly",
        result: "Hashed",
        example: Example::File("examples/shop/validate.json"),
        js: "ruleSetHash",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| no_args(r, a, |r| super::to_text(r, crate::rules::Hashed::of(r)))),
    },
    Command {
        name: "bind",
        help: "would this share bind the buyer to the sharer, and why (not)",
        kind: Kind::Document,
        args: "BindArgs",
        result: "BindDecision",
        example: Example::File("examples/shop/bind.json"),
        js: "bind",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| call(r, a, |r, x| render(r, bind(r, x)))),
    },
    Command {
        name: "settle",
        help: "each beneficiary's commission on an order, explained",
        kind: Kind::Document,
        args: "SettleArgs",
        result: "Settlement",
        example: Example::File("examples/shop/settle.json"),
        js: "settleOrder",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| quick(r, a, |r, x: SettleArgs<'_>| render(r, settle(r, &x)))),
    },
    Command {
        name: "refund",
        help: "what each beneficiary keeps after the refunds so far, and the latest change",
        kind: Kind::Document,
        args: "RefundArgs",
        result: "RefundOutcome",
        example: Example::File("examples/shop/refund.json"),
        js: "refundOrder",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| quick(r, a, |r, x: RefundArgs<'_>| render(r, refund(r, &x)))),
    },
    Command {
        name: "status",
        help: "pending, frozen and available commission of a settlement at a time",
        kind: Kind::Document,
        args: "StatusArgs",
        result: "OrderCommissionStatus",
        example: Example::File("examples/shop/status.json"),
        js: "commissionStatus",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| call(r, a, |r, x| render(r, status(r, x)))),
    },
    Command {
        name: "withdraw",
        help: "fee and net amount of a withdrawal request",
        kind: Kind::Document,
        args: "WithdrawArgs",
        result: "WithdrawalQuote",
        example: Example::File("examples/shop/withdraw.json"),
        js: "withdrawQuote",
        js_deprecated: &["withdrawal"],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| call(r, a, |r, x| render(r, withdraw(r, x)))),
    },
    Command {
        name: "progress",
        help: "a member's tier, next tier and progress of each condition",
        kind: Kind::Document,
        args: "ProgressArgs",
        result: "Progress",
        example: Example::File("examples/shop/progress.json"),
        js: "tierProgress",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| call(r, a, |r, x| render(r, progress(r, x)))),
    },
    Command {
        name: "preview",
        help: "share-poster earnings for a product at the distributor's tier",
        kind: Kind::Document,
        args: "PreviewArgs",
        result: "Preview",
        example: Example::File("examples/shop/preview.json"),
        js: "previewEarnings",
        js_deprecated: &[],
        builds: EVERYWHERE,
        evaluate: Some(|r, a| quick(r, a, |r, x: PreviewArgs<'_>| render(r, preview(r, &x)))),
    },
    Command {
        name: "schema",
        help: "the JSON Schema of every command's input and output",
        kind: Kind::Document,
        args: "Nothing",
        result: "",
        example: Example::Inline("{}"),
        js: "",
        js_deprecated: &[],
        // The npm package ships the schema as a file (`fenxiao/schema.json`) instead.
        builds: NATIVE,
        evaluate: None,
    },
    Command {
        name: "tour",
        help: "a readable walk through the example shop (examples/shop, carried in the binary)",
        kind: Kind::NotDocument,
        args: "",
        result: "",
        example: Example::Inline("fenxiao tour examples/shop"),
        js: "",
        js_deprecated: &[],
        builds: NATIVE,
        evaluate: None,
    },
];

/// The row of `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The table as JSON, for `fenxiao commands --json` and the npm package's build and tests
/// (`crates/fenxiao-wasm/npm/commands.json`).
pub fn table_json() -> Value {
    let rows = COMMANDS
        .iter()
        .map(|c| {
            let (example_key, example) = match c.example {
                Example::File(p) => ("exampleFile", p),
                Example::Inline(t) => ("exampleInline", t),
            };
            let mut row = Map::new();
            row.insert("name".into(), c.name.into());
            row.insert("help".into(), c.help.into());
            row.insert(
                "kind".into(),
                match c.kind {
                    Kind::Document => "document",
                    Kind::NotDocument => "notDocument",
                }
                .into(),
            );
            row.insert("args".into(), c.args.into());
            row.insert("result".into(), c.result.into());
            row.insert(example_key.into(), example.into());
            row.insert("js".into(), c.js.into());
            row.insert("jsDeprecated".into(), c.js_deprecated.into());
            row.insert(
                "builds".into(),
                serde_json::json!({
                    "native": c.builds.native,
                    "webNode": c.builds.web_node,
                    "miniprogram": c.builds.miniprogram,
                }),
            );
            Value::Object(row)
        })
        .collect();
    Value::Array(rows)
}
