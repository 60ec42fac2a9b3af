//! `fenxiao`: the engine on the command line. Every command reads one JSON document (a
//! file, or standard input) and prints the same envelope the library and the npm package
//! answer, byte for byte.

use fenxiao::api::{self, COMMANDS};
use fenxiao::limits::MAX_DOCUMENT_BYTES;
use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

mod tour;

fn help() -> String {
    let mut s = String::from(
        "fenxiao — distribution (分销) rules engine: commission, binding, refunds, tiers, previews

USAGE
    fenxiao <command> [FILE] [--strict]
    fenxiao <command> --ndjson [FILE]
    fenxiao tour [DIR]
    fenxiao --help | --version

Each command reads one JSON document of named arguments from FILE, or from standard input
when FILE is absent or `-`, and prints one line:
    {\"ok\":true,\"result\":{…}}                  the answer
    {\"ok\":false,\"errors\":[{code,path,message}]} every problem found, with its path

COMMANDS
",
    );
    for (name, what) in COMMANDS {
        s.push_str(&format!("    {name:<10}{what}\n"));
    }
    s.push_str(
        "    tour      a readable walk through the bundled example shop (examples/shop)

OPTIONS
    --ndjson   one document per input line, one answer per output line
    --strict   with lint: exit 1 when a finding has severity `error`

EXIT STATUS
    0  answered (with --ndjson: every line was answered, refused or not)
    1  the document was refused, or --strict found lint errors
    2  usage error: unknown option, unreadable file

EXAMPLES
    fenxiao settle examples/shop/settle.json
    echo '{\"rules\":{\"schemaVersion\":1,\"levels\":[{\"rate\":\"0.1\"}]}}' | fenxiao hash
    fenxiao lint --strict examples/shop/lint-three-levels.json

Inputs and outputs are described in docs/API.md, the rules in docs/SEMANTICS.md, and the
JSON Schema is printed by `fenxiao schema`.
",
    );
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command: Option<String> = None;
    let mut file: Option<String> = None;
    let mut ndjson = false;
    let mut strict = false;
    for a in &args {
        match a.as_str() {
            "--help" | "-h" | "help" => {
                let _ = write!(io::stdout(), "{}", help());
                return ExitCode::SUCCESS;
            }
            "--version" | "-V" => {
                let _ = writeln!(
                    io::stdout(),
                    "fenxiao {} (rule-set schema {})",
                    fenxiao::VERSION,
                    fenxiao::rules::SCHEMA_VERSION
                );
                return ExitCode::SUCCESS;
            }
            "--ndjson" => ndjson = true,
            "--strict" => strict = true,
            s if s.starts_with("--") => return usage(&format!("unknown option `{s}`")),
            s if command.is_none() => command = Some(s.to_owned()),
            s if file.is_none() => file = Some(s.to_owned()),
            s => return usage(&format!("unexpected argument `{s}`")),
        }
    }
    let Some(command) = command else {
        eprint!("{}", help());
        return ExitCode::from(2);
    };
    if command == "tour" {
        return tour::run(file.as_deref().unwrap_or("examples/shop"));
    }
    if !COMMANDS.iter().any(|(n, _)| *n == command) {
        return usage(&format!("`{command}` is not a command"));
    }
    if command == "schema" && file.is_none() && !ndjson {
        // The schema takes no arguments: do not wait for a document on standard input.
        let _ = writeln!(io::stdout(), "{}", api::run("schema", "{}").text);
        return ExitCode::SUCCESS;
    }
    let input: Box<dyn Read> = match file.as_deref() {
        None | Some("-") => Box::new(io::stdin()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => return usage(&format!("cannot read `{path}`: {e}")),
        },
    };
    let mut out = io::stdout().lock();
    if ndjson {
        let mut reader = io::BufReader::new(input);
        let limit = u64::try_from(MAX_DOCUMENT_BYTES)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
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
            if writeln!(out, "{}", answer(&command, &line).text).is_err() {
                return ExitCode::from(2);
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut buf = Vec::new();
    let limit = u64::try_from(MAX_DOCUMENT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    if let Err(e) = input.take(limit).read_to_end(&mut buf) {
        return usage(&format!("cannot read input: {e}"));
    }
    let answer = answer(&command, &buf);
    if writeln!(out, "{}", answer.text).is_err() {
        return ExitCode::from(2);
    }
    if !answer.ok || (strict && answer.has_lint_errors) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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

fn usage(message: &str) -> ExitCode {
    eprintln!("fenxiao: {message}\nRun `fenxiao --help` for usage.");
    ExitCode::from(2)
}
