//! `fenxiao`: the engine on the command line. Every command reads one JSON document (a
//! file, or standard input) and prints the same envelope the library and the npm package
//! answer, byte for byte.

use fenxiao::api::{self, commands};
use fenxiao::limits::MAX_DOCUMENT_BYTES;
use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

mod dataset;
mod help;
mod pretty;
mod shop;
mod simulate;
mod tour;

/// The command line, read.
#[derive(Default)]
struct Options {
    /// The command, then its file (or the command `help` asks about).
    positional: Vec<String>,
    help: bool,
    version: bool,
    ndjson: bool,
    strict: bool,
    pretty: bool,
    /// `fenxiao commands --json`: the command table (for the npm package's build and tests).
    json: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    for a in args {
        match a.as_str() {
            "--help" | "-h" => o.help = true,
            "--version" | "-V" => o.version = true,
            "--ndjson" => o.ndjson = true,
            "--strict" => o.strict = true,
            "--pretty" => o.pretty = true,
            "--json" => o.json = true,
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            s if o.positional.len() < 2 => o.positional.push(s.to_owned()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The dataset commands take files and options of their own, not one JSON document.
    match args.first().map(String::as_str) {
        Some("sample") => return dataset::sample_command(args.get(1..).unwrap_or_default()),
        Some("dataset") => return dataset::check_command(args.get(1..).unwrap_or_default()),
        Some("simulate") => return simulate::command(args.get(1..).unwrap_or_default()),
        _ => {}
    }
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let command = o.positional.first().map(String::as_str);
    let file = o.positional.get(1).map(String::as_str);
    if o.version {
        let _ = writeln!(
            io::stdout(),
            "fenxiao {} (rule-set schema {})",
            fenxiao::VERSION,
            fenxiao::rules::SCHEMA_VERSION
        );
        return ExitCode::SUCCESS;
    }
    let asked = match (command, o.help) {
        (Some("help"), _) => Some(file),
        (c, true) => Some(c),
        _ => None,
    };
    if let Some(about) = asked {
        return print_help(about);
    }
    let Some(command) = command else {
        eprint!("{}", help::general());
        return ExitCode::from(2);
    };
    if command == "commands" && o.json && file.is_none() {
        let _ = writeln!(io::stdout(), "{}", commands::table_json());
        return ExitCode::SUCCESS;
    }
    if o.json {
        return usage("`--json` goes with `fenxiao commands` only");
    }
    match commands::find(command).map(|c| c.kind) {
        Some(commands::Kind::NotDocument) if command == "tour" => tour::walk(file),
        Some(commands::Kind::Document) => answer_documents(command, file, &o),
        _ => usage(&format!("`{command}` is not a command")),
    }
}

/// The general help, or one command's.
fn print_help(about: Option<&str>) -> ExitCode {
    let text = match about {
        None => help::general(),
        Some("sample") => help::sample(),
        Some("dataset") => help::dataset(),
        Some("simulate") => help::simulate(),
        Some(name) => match commands::find(name) {
            Some(c) => help::command(c),
            None => return usage(&format!("`{name}` is not a command")),
        },
    };
    let _ = write!(io::stdout(), "{text}");
    ExitCode::SUCCESS
}

/// Answers the document in `file` (or standard input), or each line of it with `--ndjson`.
fn answer_documents(command: &str, file: Option<&str>, o: &Options) -> ExitCode {
    if command == "schema" && file.is_none() && !o.ndjson {
        // The schema takes no arguments: do not wait for a document on standard input.
        let text = api::run("schema", "{}").text;
        let _ = writeln!(io::stdout(), "{}", shown(text, o.pretty));
        return ExitCode::SUCCESS;
    }
    let input: Box<dyn Read> = match file {
        None | Some("-") => Box::new(io::stdin()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => return usage(&format!("cannot read `{path}`: {e}")),
        },
    };
    if o.ndjson {
        return answer_lines(command, input, o.pretty);
    }
    let mut buf = Vec::new();
    if let Err(e) = input.take(document_limit()).read_to_end(&mut buf) {
        return usage(&format!("cannot read input: {e}"));
    }
    let answer = answer(command, &buf);
    if !answer.ok {
        hint_bare_rules(command, &buf);
    }
    let refused = !answer.ok || (o.strict && answer.has_lint_errors);
    if writeln!(io::stdout(), "{}", shown(answer.text, o.pretty)).is_err() {
        return ExitCode::from(2);
    }
    if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A document's limit plus one byte, so that an over-long document is seen as such.
fn document_limit() -> u64 {
    u64::try_from(MAX_DOCUMENT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// `--ndjson`: one answer per non-blank input line.
fn answer_lines(command: &str, input: Box<dyn Read>, pretty: bool) -> ExitCode {
    let mut out = io::stdout().lock();
    let mut reader = io::BufReader::new(input);
    let limit = document_limit();
    loop {
        // Each line is read up to the document limit, so an endless line cannot exhaust
        // memory; the rest of an over-long line is skipped.
        let mut line = Vec::new();
        match (&mut reader).take(limit).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return usage(&format!("cannot read input: {e}")),
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if u64::try_from(line.len()).unwrap_or(u64::MAX) >= limit {
            skip_line(&mut reader);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if writeln!(out, "{}", shown(answer(command, &line).text, pretty)).is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// The answer as printed: as the engine wrote it, or indented with `--pretty`.
fn shown(text: String, pretty: bool) -> String {
    if pretty {
        pretty::indent(&text)
    } else {
        text
    }
}

/// A refused document that looks like a bare rule set (a rule set's own keys at the top,
/// no `rules`): says on standard error that commands take it wrapped as `{"rules": …}`.
/// Standard output, the answer, stays what the engine answered.
fn hint_bare_rules(command: &str, bytes: &[u8]) {
    if command == "schema" {
        return;
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(bytes)
    else {
        return;
    };
    if !map.contains_key("rules")
        && (map.contains_key("schemaVersion") || map.contains_key("levels"))
    {
        eprintln!(
            "fenxiao: hint: this document looks like a bare rule set; every command takes it \
             wrapped as {{\"rules\": <the rule set>}} (plus the command's own arguments)"
        );
    }
}

/// The engine's answer to one document given as bytes: text that is not UTF-8 is refused
/// rather than repaired, so two different byte strings never become the same id.
fn answer(command: &str, bytes: &[u8]) -> api::Answer {
    match std::str::from_utf8(bytes) {
        Ok(text) => api::run(command, text),
        Err(e) => {
            let error = fenxiao::Error::new(
                fenxiao::ErrorCode::InvalidJson,
                fenxiao::Path::root(),
                format!(
                    "the document is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            );
            api::Answer {
                text: api::envelope_text(Err(error.into())),
                ok: false,
                has_lint_errors: false,
            }
        }
    }
}

/// Discards input up to and including the next newline.
fn skip_line(reader: &mut impl BufRead) {
    loop {
        let (done, used) = match reader.fill_buf() {
            Ok([]) | Err(_) => return,
            Ok(buf) => match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (true, i.saturating_add(1)),
                None => (false, buf.len()),
            },
        };
        reader.consume(used);
        if done {
            return;
        }
    }
}

pub(crate) fn usage(message: &str) -> ExitCode {
    eprintln!("fenxiao: {message}\nRun `fenxiao --help` for usage.");
    ExitCode::from(2)
}
