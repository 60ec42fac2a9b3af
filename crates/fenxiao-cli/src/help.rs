//! The CLI's help, written from the engine's command table (`fenxiao::api::COMMANDS`) and
//! its published schema: the general help lists every command; `fenxiao help <command>`
//! (or `fenxiao <command> --help`) gives one command's arguments, answer and example.

use fenxiao::api::commands::{Command, Example, Kind};
use fenxiao::api::COMMANDS;
use serde_json::Value;
use std::fmt::Write;

/// The general help.
pub fn general() -> String {
    let mut s = String::from(
        "fenxiao — distribution (分销) rules engine: commission, binding, refunds, tiers, previews

USAGE
    fenxiao <command> [FILE] [--strict] [--pretty]
    fenxiao <command> --ndjson [FILE]
    fenxiao tour [DIR]
    fenxiao sample --members N --orders M --seed S --out DIR
    fenxiao dataset DIR | FILE.ndjson
    fenxiao help <command> | <command> --help
    fenxiao --help | --version

Each command reads one JSON document of named arguments from FILE, or from standard input
when FILE is absent or `-`, and prints one line:
    {\"ok\":true,\"result\":{…}}                  the answer
    {\"ok\":false,\"errors\":[{code,path,message}]} every problem found, with its path

COMMANDS
",
    );
    for c in COMMANDS {
        let _ = writeln!(s, "    {:<10}{}", c.name, c.help);
    }
    s.push_str(
        "
DATASETS (a shop's members, products, orders and refunds; docs/DATASET.md)
    sample    write a sample shop (the CSV set, rules.json, candidate.json) to DIR
    dataset   read a directory of CSV files or an .ndjson file: its counts, or every problem

OPTIONS
    --ndjson   one document per input line, one answer per output line
    --strict   with lint: exit 1 when a finding has severity `error`
    --pretty   indent the answer for reading (the default is one compact line)

EXIT STATUS
    0  answered (with --ndjson: every line was answered, refused or not)
    1  the document was refused, or --strict found lint errors
    2  usage error: unknown option, unreadable file

EXAMPLES
    fenxiao settle examples/shop/settle.json
    echo '{\"rules\":{\"schemaVersion\":1,\"levels\":[{\"rate\":\"0.1\"}]}}' | fenxiao hash
    fenxiao lint --strict examples/shop/lint-three-levels.json
    fenxiao help settle

Inputs and outputs are described in docs/API.md, the rules in docs/SEMANTICS.md, and the
JSON Schema is printed by `fenxiao schema`.
",
    );
    s
}

/// One command's help: usage, arguments and answer (from the schema), the JS function, and
/// its example document.
pub fn command(c: &Command) -> String {
    let mut s = format!("fenxiao {} — {}\n\nUSAGE\n", c.name, c.help);
    if c.kind == Kind::NotDocument {
        let _ = writeln!(s, "    fenxiao {} [DIR]", c.name);
        s.push_str(
            "\nWalks through the example shop's documents in DIR, or without DIR through the\n\
             copy of examples/shop carried in this binary, and prints each answer in words.\n",
        );
        return s;
    }
    let _ = writeln!(s, "    fenxiao {} [FILE] [--pretty]", c.name);
    let _ = writeln!(s, "    fenxiao {} --ndjson [FILE]", c.name);
    let schema = published_schema();
    let io = schema.pointer(&format!("/commands/{}", c.name));
    let input = io.and_then(|v| v.get("input"));
    let output = io.and_then(|v| v.get("output"));
    let _ = write!(s, "\nARGUMENTS {{…}}, one JSON object: {}\n", c.args);
    s.push_str(&properties(input));
    if c.result.is_empty() {
        s.push_str("\nANSWER {\"ok\":true,\"result\":{…}}: the JSON Schema document\n");
    } else {
        let _ = write!(
            s,
            "\nANSWER {{\"ok\":true,\"result\":{{…}}}}, result: {}\n",
            c.result
        );
        s.push_str(&properties(output));
    }
    s.push_str("    or {\"ok\":false,\"errors\":[{code,path,message}]} (docs/ERRORS.md)\n");
    if !c.js.is_empty() {
        let _ = write!(
            s,
            "\nIN JAVASCRIPT (npm `fenxiao`)\n    {}(args), and RuleSet#{}(args without rules)\n",
            c.js, c.js
        );
    }
    s.push_str(&example(c));
    s
}

/// Each property of an object schema, required ones first, with the first sentence of
/// its description.
fn properties(schema: Option<&Value>) -> String {
    let Some(props) = schema
        .and_then(|v| v.get("properties"))
        .and_then(Value::as_object)
    else {
        return "    (none)\n".to_owned();
    };
    let required: Vec<&str> = schema
        .and_then(|v| v.get("required"))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names: Vec<&String> = props.keys().collect();
    names.sort_by_key(|n| (*n != "rules", !required.contains(&n.as_str()), n.as_str()));
    if names.is_empty() {
        return "    (none but `rules`)\n".to_owned();
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut s = String::new();
    for name in names {
        let p = props.get(name.as_str()).unwrap_or(&Value::Null);
        let about = match (name.as_str(), p.get("description").and_then(Value::as_str)) {
            ("rules", None) => "The rule set (docs/SEMANTICS.md).".to_owned(),
            (_, Some(d)) => first_sentence(d),
            (_, None) => String::new(),
        };
        let need = if required.contains(&name.as_str()) {
            "required"
        } else {
            "optional"
        };
        let _ = writeln!(s, "    {name:<width$}  {need}  {about}");
    }
    s
}

/// The first sentence of a description, on one line.
fn first_sentence(d: &str) -> String {
    let text = d.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) => text.get(..=i).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// The example document and how to run it.
fn example(c: &Command) -> String {
    match c.example {
        Example::Inline(text) => format!("\nEXAMPLE\n    echo '{text}' | fenxiao {}\n", c.name),
        Example::File(path) => {
            let doc = crate::shop::example(path).unwrap_or("");
            format!(
                "\nEXAMPLE ({path}; run from the repository: fenxiao {} {path})\n{}\n",
                c.name,
                doc.trim_end()
            )
        }
    }
}

/// The published schema the binary carries.
fn published_schema() -> Value {
    fenxiao::schema::published()
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null)
}

/// `fenxiao help sample`.
pub fn sample() -> String {
    "fenxiao sample — write a sample shop: a month of orders, its members, products and refunds

USAGE
    fenxiao sample --out DIR [--members N] [--orders M] [--seed S]

Writes DIR/members.csv, products.csv, orders.csv, lines.csv and refunds.csv (UTF-8 with a BOM,
so Excel opens them; the columns are in docs/DATASET.md), and two rule sets that match them:
rules.json and candidate.json (higher rates, gold within easier reach). The same options give
the same bytes, on every platform and in the npm package.

    --members N   members, a recruiting tree with a heavy tail (default 1000)
    --orders M    orders, paid in November 2026 at +08:00 (default 10000; up to 20,000,000)
    --seed S      the random seed, a whole number (default 1)
    --out DIR     the directory to write; created if absent, its files replaced

Prints what was written, as `fenxiao dataset DIR` would:
    {\"ok\":true,\"result\":{\"members\":…,\"orders\":…,\"encoding\":\"utf-8-bom\",\"files\":[…]}}

EXAMPLE
    fenxiao sample --members 1000 --orders 10000 --seed 1 --out examples/sample-month
"
    .to_owned()
}

/// `fenxiao help dataset`.
pub fn dataset() -> String {
    "fenxiao dataset — read a shop's dataset and say what it holds, or every problem in it

USAGE
    fenxiao dataset DIR            members.csv, products.csv, orders.csv, lines.csv, refunds.csv
    fenxiao dataset FILE.ndjson    one record per line: {\"member\":…}, {\"product\":…}, …

CSV files are UTF-8 (with or without a BOM) or GBK/GB18030, as Excel saves them; the answer
says which. The columns, the NDJSON records and the limits are in docs/DATASET.md.

ANSWER
    {\"ok\":true,\"result\":{\"members\":…,\"products\":…,\"skus\":…,\"orders\":…,\"lines\":…,
     \"refunds\":…,\"encoding\":\"utf-8\"|\"utf-8-bom\"|\"gb18030\"|\"mixed\",\"files\":[…]}}
    or {\"ok\":false,\"errors\":[{code,path,message,file,line,column}]}: a dataset with any bad
    row is refused whole; the first 100 problems are listed, each at `file:line:column`

EXIT STATUS
    0  read; 1  refused; 2  usage error, or a file that cannot be opened

EXAMPLE
    fenxiao dataset examples/sample-month
"
    .to_owned()
}

/// `fenxiao help simulate`.
pub fn simulate() -> String {
    "fenxiao simulate — replay a shop's dataset under a rule set, or compare two

USAGE
    fenxiao simulate --rules A.json [--compare B.json] [options] DATASET

DATASET is a directory of CSV files or one .ndjson file (docs/DATASET.md). Orders are taken in
paid-time order, refunds at their times, tiers evolve as the run goes (docs/SEMANTICS.md,
\"Batch re-simulation\"). A rule file holds a rule set, or {\"rules\": …}; it must know every
starting tier in the dataset.

    --rules FILE         the rule set (the baseline, with --compare)
    --compare FILE       a second rule set: both summaries and their difference
    --top N              members listed in each summary's `top` (default 10)
    --members-csv FILE   write every member's figures as CSV (UTF-8 with a BOM, for Excel);
                         with --compare, both runs side by side and the change
    --orders-csv FILE    write one row per order of the (baseline) run as CSV
    --pretty             indent the answer for reading

ANSWER
    {\"ok\":true,\"result\":SUMMARY}, or with --compare
    {\"ok\":true,\"result\":{\"baseline\":SUMMARY,\"candidate\":SUMMARY,\"difference\":…}};
    money as decimal strings. A refused rule set or dataset: {\"ok\":false,\"errors\":[…]}
    (a rule set's paths start at `rules` or `compare`; a dataset's rows at `file:line:column`).

EXIT STATUS
    0  simulated; 1  refused; 2  usage error, or a file that cannot be read or written

EXAMPLE
    fenxiao simulate --rules examples/sample-month/rules.json \\
        --compare examples/sample-month/candidate.json examples/sample-month
"
    .to_owned()
}
