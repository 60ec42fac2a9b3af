//! `fenxiao simulate`: a shop's dataset replayed under a rule set, or under two to compare
//! them (docs/SEMANTICS.md, "Batch re-simulation"). The summary (or the comparison) is
//! printed as JSON, the same bytes the npm package's `Simulation` gives; the per-member and
//! per-order tables are written as CSV files on request.

use fenxiao::batch::{self, compare, read, Dataset, Options, Run};
use fenxiao::{api, Errors, RuleSet};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// The command's options.
#[derive(Default)]
struct Args {
    rules: Option<String>,
    compare: Option<String>,
    members_csv: Option<String>,
    orders_csv: Option<String>,
    top: Option<usize>,
    pretty: bool,
    dataset: Option<String>,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        if flag == "--pretty" {
            a.pretty = true;
            continue;
        }
        if !flag.starts_with("--") {
            if a.dataset.replace(flag.clone()).is_some() {
                return Err(format!("unexpected argument `{flag}`"));
            }
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?
            .clone();
        match flag.as_str() {
            "--rules" => a.rules = Some(value),
            "--compare" => a.compare = Some(value),
            "--members-csv" => a.members_csv = Some(value),
            "--orders-csv" => a.orders_csv = Some(value),
            "--top" => {
                let n = value
                    .parse::<usize>()
                    .map_err(|_| format!("`--top {value}`: a whole number is expected"))?;
                a.top = Some(n);
            }
            _ => return Err(format!("unknown option `{flag}` for simulate")),
        }
    }
    Ok(Some(a))
}

/// `fenxiao simulate --rules A.json [--compare B.json] [--top N] [--members-csv FILE]
/// [--orders-csv FILE] DATASET`.
pub fn command(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = write!(io::stdout(), "{}", crate::help::simulate());
            return ExitCode::SUCCESS;
        }
        Err(e) => return crate::usage(&e),
    };
    let (Some(rules_file), Some(dataset)) = (a.rules.as_deref(), a.dataset.as_deref()) else {
        return crate::usage(
            "simulate needs `--rules FILE` and a dataset (a directory or an .ndjson file)",
        );
    };
    let baseline = match rule_set(rules_file, "rules") {
        Ok(r) => r,
        Err(code) => return code,
    };
    let candidate = match a.compare.as_deref().map(|f| rule_set(f, "compare")) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(code)) => return code,
    };
    let data = match crate::dataset::load(Path::new(dataset)) {
        Ok(Ok(l)) => l.dataset,
        Ok(Err(errs)) => return refused(&errs),
        Err(e) => return crate::usage(&format!("cannot read `{dataset}`: {e}")),
    };
    let opts = Options {
        top: a.top.unwrap_or(Options::default().top),
        per_order: a.orders_csv.is_some(),
    };
    run_and_print(&a, &baseline, candidate.as_ref(), &data, &opts)
}

fn run_and_print(
    a: &Args,
    baseline: &RuleSet,
    candidate: Option<&RuleSet>,
    data: &Dataset,
    opts: &Options,
) -> ExitCode {
    let base = match batch::simulate(baseline, data, opts) {
        Ok(r) => r,
        Err(errs) => return refused(&errs),
    };
    let cand = match candidate.map(|c| batch::simulate(c, data, opts)) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(errs)) => return refused(&rerooted(errs, "compare")),
    };
    if let Err(code) = write_tables(a, &base, cand.as_ref(), data) {
        return code;
    }
    let text = match &cand {
        Some(c) => fenxiao::io::to_text(&compare(&base, c, data)),
        None => fenxiao::io::to_text(&base.summary),
    };
    let text = api::envelope_text(Ok(text));
    let text = if a.pretty {
        crate::pretty::indent(&text)
    } else {
        text
    };
    let _ = writeln!(io::stdout(), "{}", text);
    ExitCode::SUCCESS
}

/// The per-member CSV (both runs side by side with `--compare`) and the per-order CSV (the
/// baseline's).
fn write_tables(a: &Args, base: &Run, cand: Option<&Run>, data: &Dataset) -> Result<(), ExitCode> {
    if let Some(file) = &a.members_csv {
        let text = match cand {
            Some(c) => batch::compare_csv(base, c, data),
            None => batch::member_csv(base, data),
        };
        write_file(file, &text)?;
    }
    if let Some(file) = &a.orders_csv {
        let text = batch::order_csv(base, data).unwrap_or_default();
        write_file(file, &text)?;
    }
    Ok(())
}

fn write_file(file: &str, text: &str) -> Result<(), ExitCode> {
    std::fs::write(file, text).map_err(|e| crate::usage(&format!("cannot write `{file}`: {e}")))
}

/// The rule set in `file`: a `{"rules": …}` document or a bare rule set. Its errors are
/// printed with their paths under `root` (`rules.levels[0].rate`, `compare.cap`).
fn rule_set(file: &str, root: &str) -> Result<RuleSet, ExitCode> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| crate::usage(&format!("cannot read `{file}`: {e}")))?;
    let doc = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(m)) if !m.contains_key("rules") => {
            format!("{{\"rules\":{text}}}")
        }
        _ => text,
    };
    let checked = api::parse_document(&doc).and_then(|map| {
        let (rules, rest) = api::split_rules(map);
        match rest.keys().next() {
            Some(k) => Err(Errors::from(fenxiao::Error::new(
                fenxiao::ErrorCode::UnknownField,
                fenxiao::Path::root().field(k),
                "a rule-set file holds the rule set, or `{\"rules\": …}` alone",
            ))),
            None => rules,
        }
    });
    checked.map_err(|errs| refused(&rerooted(errs, root)))
}

/// `errs` with their `rules` prefix replaced by `root`, so the two files' errors differ.
fn rerooted(errs: Errors, root: &str) -> Errors {
    if root == "rules" {
        return errs;
    }
    let mut out = Errors::new();
    for e in errs.as_slice() {
        let p = e.path.as_str();
        let rest = p.strip_prefix("rules").unwrap_or(p);
        let path = fenxiao::Path::from_written(&format!("{root}{rest}"));
        out.push(fenxiao::Error::new(e.code, path, e.message.clone()));
    }
    out
}

/// Prints refused input's errors (with file, line and column for a dataset's rows); exit
/// status 1.
fn refused(errs: &Errors) -> ExitCode {
    let _ = writeln!(io::stdout(), "{}", read::errors_json(errs));
    ExitCode::from(1)
}
