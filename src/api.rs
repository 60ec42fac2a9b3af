//! The JSON contract: one document per call, named arguments in, an envelope out
//! (`{"ok":true,"result":…}` or `{"ok":false,"errors":[…]}`). The CLI, the npm package and
//! any server speak exactly this, so the same document gives byte-identical text everywhere.
//!
//! Every command but `schema` takes `rules`; it is checked first, separately from the other
//! arguments, so a caller holding a checked [`RuleSet`] can skip that step ([`eval`]).

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::io::decode::{decode_at, decode_parts, Decode};
use crate::io::emit::{Fields, Writer};
use crate::io::json::{Json, Object};
use crate::limits;
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde_json::Value;

pub mod commands;
pub use commands::COMMANDS;

/// A command's result as JSON text, before the envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The result object, compact JSON.
    pub text: String,
    /// True when it is a lint report with a finding of severity `error` (for `--strict`).
    pub has_lint_errors: bool,
}

impl Rendered {
    /// A result that is not a lint report.
    fn plain(text: String) -> Rendered {
        Rendered {
            text,
            has_lint_errors: false,
        }
    }
}

/// A command's answer as JSON text, and whether it was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The envelope, compact JSON.
    pub text: String,
    /// False when the envelope is `{"ok":false,…}`.
    pub ok: bool,
    /// True when a lint answer has a finding of severity `error` (for `--strict`).
    pub has_lint_errors: bool,
}

/// Runs `command` on the document `text` and answers the envelope as JSON text.
pub fn run(command: &str, text: &str) -> Answer {
    let outcome = (|| -> Result<Rendered, Errors> {
        let map = parse_document(text)?;
        if command == "schema" {
            expect_empty(&map)?;
            return crate::schema::published().map(Rendered::plain);
        }
        let (rules, rest) = split_rules(map);
        dispatch(
            command,
            rules.as_ref().map_err(Clone::clone),
            Args::Parsed(rest),
        )
    })();
    envelope(outcome)
}

/// The document's named arguments: size and nesting checked first, then parsed; it must be
/// a JSON object. The arguments borrow their strings from `text` where they can.
pub fn parse_document(text: &str) -> Result<Object<'_>, Errors> {
    // Plain JSON within the limits, as a call's arguments usually are, is read in one pass;
    // anything else (too large, too deep, escapes, fractions, or not JSON) the careful way,
    // which gives the same value or the error.
    if text.len() <= limits::MAX_DOCUMENT_BYTES {
        if let Some(Json::Object(map)) = crate::io::json::parse_plain(text) {
            return Ok(map);
        }
    }
    limits::check_document(text)?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(Object::from(map)),
        Ok(_) => Err(Error::new(
            ErrorCode::InvalidType,
            Path::root(),
            "the document is a JSON object of named arguments",
        )
        .into()),
        Err(e) => Err(json_error(&e).into()),
    }
}

/// A command's named arguments besides `rules`: a JSON object's text, or already parsed.
#[derive(Clone, Debug)]
pub enum Args<'a> {
    /// The text of a JSON object. The single-order commands read it straight into their
    /// arguments when it needs no message (the quickest call); anything else is parsed as
    /// [`parse_document`] parses it.
    Text(&'a str),
    /// Parsed, as [`parse_document`] gives it.
    Parsed(Object<'a>),
}

impl<'a> Args<'a> {
    /// The arguments as a parsed object, or the text's errors.
    fn parsed(self) -> Result<Object<'a>, Errors> {
        match self {
            Args::Text(text) => parse_document(text),
            Args::Parsed(o) => Ok(o),
        }
    }
}

impl<'a> From<&'a str> for Args<'a> {
    fn from(text: &'a str) -> Self {
        Args::Text(text)
    }
}

impl<'a> From<Object<'a>> for Args<'a> {
    fn from(o: Object<'a>) -> Self {
        Args::Parsed(o)
    }
}

impl From<serde_json::Map<String, Value>> for Args<'static> {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        Args::Parsed(Object::from(map))
    }
}

/// Runs `command` with an already checked rule set; `args` are the other named arguments:
/// their JSON text (quickest), or parsed (as [`parse_document`] gives them, or a
/// `serde_json::Map`). Answers the result as JSON text and whether it holds lint errors.
pub fn eval<'a>(
    command: &str,
    rules: &RuleSet,
    args: impl Into<Args<'a>>,
) -> Result<Rendered, Errors> {
    dispatch(command, Ok(rules), args.into())
}

/// Runs `command` by its row of the command table. When the rule set was refused, the
/// arguments are still decoded so that their shape errors are reported alongside.
fn dispatch(
    command: &str,
    rules: Result<&RuleSet, Errors>,
    args: Args<'_>,
) -> Result<Rendered, Errors> {
    let Some(evaluate) = commands::find(command).and_then(|c| c.evaluate) else {
        // Arguments that are not a JSON object are reported first, whatever the command, as
        // when they are parsed before the call.
        args.parsed()?;
        return Err(Error::new(
            ErrorCode::UnknownCommand,
            Path::root(),
            format!(
                "`{}` is not a command; the commands are {}",
                command.chars().take(40).collect::<String>(),
                command_names()
            ),
        )
        .into());
    };
    evaluate(rules, args)
}

/// `lint`: the report, and whether it has a finding of severity `error`.
fn lint(rules: Result<&RuleSet, Errors>, args: Args<'_>) -> Result<Rendered, Errors> {
    let (rules, a) = both(
        rules,
        args.parsed().and_then(decode::<crate::lint::LintArgs>),
    )?;
    let r = crate::lint::lint(rules, a)?;
    let has_lint_errors = r.has_errors();
    to_text(rules, r).map(|t| Rendered {
        text: t.text,
        has_lint_errors,
    })
}

/// Both results, or the errors of either or both.
fn both<A>(
    rules: Result<&RuleSet, Errors>,
    args: Result<A, Errors>,
) -> Result<(&RuleSet, A), Errors> {
    match (rules, args) {
        (Ok(r), Ok(a)) => Ok((r, a)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(mut e), Err(e2)) => {
            e.extend(e2);
            Err(e)
        }
    }
}

fn no_args(
    rules: Result<&RuleSet, Errors>,
    args: Args<'_>,
    f: impl FnOnce(&RuleSet) -> Result<Rendered, Errors>,
) -> Result<Rendered, Errors> {
    let (rules, ()) = both(rules, args.parsed().and_then(|a| expect_empty(&a)))?;
    f(rules)
}

/// The names of the one-document commands, for the unknown-command message.
fn command_names() -> String {
    COMMANDS
        .iter()
        .filter(|c| c.kind == commands::Kind::Document)
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`call`] for the commands called once per order or per product card (`settle`, `refund`,
/// `preview`): arguments given as text are read straight into `A` when they need no message
/// ([`crate::io::scan`]), and only otherwise parsed and decoded (with the cargo feature
/// `quick`; without it, always). The other commands do without it: its reading of every
/// argument type would cost the WebAssembly builds more bytes than their calls gain.
fn quick<'j, A: Decode<'j>>(
    rules: Result<&RuleSet, Errors>,
    args: Args<'j>,
    f: fn(&RuleSet, A) -> Result<Rendered, Errors>,
) -> Result<Rendered, Errors> {
    #[cfg(feature = "quick")]
    if let (Ok(r), Args::Text(text)) = (&rules, &args) {
        if let Some(a) = crate::io::scan::document::<A>(text) {
            return f(r, a);
        }
    }
    call(rules, args, f)
}

/// A command on its decoded arguments: `f` computes and writes the answer (through
/// [`render`]), so that answers may borrow from the arguments; every problem in the
/// arguments is reported at its path.
fn call<'j, A: Decode<'j>>(
    rules: Result<&RuleSet, Errors>,
    args: Args<'j>,
    f: fn(&RuleSet, A) -> Result<Rendered, Errors>,
) -> Result<Rendered, Errors> {
    // Text comes only with a checked rule set ([`eval`]): a refused one comes with the
    // document it was read from, parsed.
    let (a, mut errs) = decode_parts::<A>(Json::Object(args.parsed()?), &Path::root());
    match (rules, a) {
        (Ok(r), Some(a)) if errs.is_empty() => f(r, a),
        (Ok(r), Some(a)) => {
            if let Err(more) = f(r, a) {
                errs.extend(more);
            }
            Err(errs)
        }
        (Err(mut e), Some(a)) => {
            e.extend(errs);
            // The arguments' own formats do not depend on the rules: check them too.
            if let Ok(stand_in) = RuleSet::stand_in() {
                if let Err(more) = f(&stand_in, a) {
                    e.extend(Errors::from_vec(
                        more.into_vec()
                            .into_iter()
                            .filter(|x| x.code.is_rule_independent())
                            .collect(),
                    ));
                }
            }
            Err(e)
        }
        (rules, None) => {
            let mut e = rules.err().unwrap_or_default();
            e.extend(errs);
            Err(e)
        }
    }
}

/// A command's result as text, or its errors.
fn render(rules: &RuleSet, result: Result<impl Fields, Errors>) -> Result<Rendered, Errors> {
    to_text(rules, result?)
}

/// A result: the rule set's hash first, then the result's own fields.
fn to_text(rules: &RuleSet, inner: impl Fields) -> Result<Rendered, Errors> {
    // Room for a settlement of a few lines and its notes, so the text is not grown (and
    // copied) while it is written.
    let mut w = Writer::with_capacity(2048);
    w.open('{');
    w.field("ruleSetHash", &rules.hash());
    inner.fields(&mut w);
    w.close('}');
    Ok(Rendered::plain(w.into_text()))
}

/// Separates and checks `rules`; the rest are the command's own arguments. Errors in both
/// are reported together. Takes the document as [`parse_document`] gives it, or a
/// `serde_json::Map`.
pub fn split_rules<'a>(map: impl Into<Object<'a>>) -> (Result<RuleSet, Errors>, Object<'a>) {
    let mut rest = map.into();
    let rules_path = Path::root().field("rules");
    let Some(rules_value) = rest.remove("rules") else {
        return (
            Err(Error::new(
                ErrorCode::MissingField,
                rules_path,
                "every command but `schema` needs `rules`",
            )
            .into()),
            rest,
        );
    };
    (RuleSet::from_value(rules_value, &rules_path), rest)
}

/// Decodes a command's arguments (the document without `rules`).
pub fn decode<'a, T: Decode<'a>>(args: impl Into<Object<'a>>) -> Result<T, Errors> {
    decode_at(Json::Object(args.into()), &Path::root())
}

fn expect_empty(args: &Object<'_>) -> Result<(), Errors> {
    let mut errs = Errors::new();
    for k in args.keys() {
        errs.add(
            ErrorCode::UnknownField,
            Path::root().field(k),
            format!(
                "`{}` is not an argument of this command",
                k.chars().take(40).collect::<String>()
            ),
        );
    }
    errs.finish(())
}

/// The parser's error: the text is not JSON.
fn json_error(e: &serde_json::Error) -> Error {
    Error::new(ErrorCode::InvalidJson, Path::root(), e.to_string())
}

fn envelope(outcome: Result<Rendered, Errors>) -> Answer {
    let ok = outcome.is_ok();
    let has_lint_errors = matches!(
        outcome,
        Ok(Rendered {
            has_lint_errors: true,
            ..
        })
    );
    Answer {
        text: envelope_text(outcome.map(|r| r.text)),
        ok,
        has_lint_errors,
    }
}

/// The envelope around a result's JSON text, or around every error.
pub fn envelope_text(outcome: Result<String, Errors>) -> String {
    match outcome {
        Ok(result) => {
            const HEAD: &str = "{\"ok\":true,\"result\":";
            let mut text = String::with_capacity(result.len().saturating_add(24));
            text.push_str(HEAD);
            text.push_str(&result);
            text.push('}');
            text
        }
        Err(errs) => {
            let mut w = Writer::with_capacity(1024);
            w.open('{');
            w.field("ok", &false);
            w.field("errors", &errs.as_slice());
            w.close('}');
            w.into_text()
        }
    }
}

/// The JSON Schema of a command's arguments (everything but `rules`), for `schema`.
pub fn args_schema<A: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(A)).unwrap_or(Value::Null)
}
