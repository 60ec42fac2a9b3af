//! The dataset commands: `fenxiao sample` writes a sample shop (the CSV set and its rule
//! sets) to a directory; `fenxiao dataset` reads a directory of CSV files, or one NDJSON
//! file, and says what it holds or every problem in it. Files are streamed, so ten million
//! orders are read without holding the files (docs/DATASET.md).

use fenxiao::batch::build::Kind;
use fenxiao::batch::read::{self, FileInfo, Loaded, CSV_FILES};
use fenxiao::batch::{sample, write};
use fenxiao::money::time::UtcOffset;
use fenxiao::Errors;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// `fenxiao sample --members N --orders M --seed S --out DIR`.
pub fn sample_command(args: &[String]) -> ExitCode {
    let mut o = sample::Options {
        members: 1_000,
        orders: 10_000,
        seed: 1,
    };
    let mut out: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--help" || a == "-h" {
            let _ = write!(io::stdout(), "{}", crate::help::sample());
            return ExitCode::SUCCESS;
        }
        let Some(value) = it.next() else {
            return crate::usage(&format!("`{a}` needs a value"));
        };
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("`{a} {value}`: a whole number is expected"))
        };
        let set = match a.as_str() {
            "--members" => number().map(|n| o.members = n),
            "--orders" => number().map(|n| o.orders = n),
            "--seed" => number().map(|n| o.seed = n),
            "--out" => {
                out = Some(value.clone());
                Ok(())
            }
            _ => Err(format!("unknown option `{a}` for sample")),
        };
        if let Err(e) = set {
            return crate::usage(&e);
        }
    }
    let Some(dir) = out else {
        return crate::usage("sample needs `--out DIR`, the directory to write the dataset to");
    };
    let data = match sample::sample(o) {
        Ok(d) => d,
        Err(errs) => return refused(&errs),
    };
    match write_dir(&data, Path::new(&dir)) {
        Ok(files) => {
            let _ = writeln!(
                io::stdout(),
                "{}",
                read::summary_json(&data, "utf-8-bom", &files)
            );
            ExitCode::SUCCESS
        }
        Err(e) => crate::usage(&format!("cannot write to `{dir}`: {e}")),
    }
}

/// Writes the CSV set, `rules.json` and `candidate.json` into `dir`.
fn write_dir(data: &fenxiao::batch::Dataset, dir: &Path) -> io::Result<Vec<FileInfo>> {
    std::fs::create_dir_all(dir)?;
    let counts = data.counts();
    let mut files = Vec::new();
    for (name, kind, rows) in [
        (CSV_FILES[0], Kind::Member, counts.members),
        (CSV_FILES[1], Kind::Product, counts.skus),
        (CSV_FILES[2], Kind::Order, counts.orders),
        (CSV_FILES[3], Kind::Line, counts.lines),
        (CSV_FILES[4], Kind::Refund, counts.refunds),
    ] {
        let mut w = BufWriter::new(std::fs::File::create(dir.join(name))?);
        write::write_csv(data, kind, UtcOffset::CHINA, &mut w)?;
        w.flush()?;
        files.push(FileInfo {
            name: name.to_owned(),
            encoding: "utf-8-bom",
            rows: u64::try_from(rows).unwrap_or(u64::MAX),
        });
    }
    std::fs::write(dir.join("rules.json"), sample::RULES)?;
    std::fs::write(dir.join("candidate.json"), sample::CANDIDATE_RULES)?;
    Ok(files)
}

/// `fenxiao dataset PATH`: what the dataset holds, or every problem found.
pub fn check_command(args: &[String]) -> ExitCode {
    let mut path = None;
    for a in args {
        match a.as_str() {
            "--help" | "-h" => {
                let _ = write!(io::stdout(), "{}", crate::help::dataset());
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--") => {
                return crate::usage(&format!("unknown option `{s}` for dataset"))
            }
            s if path.is_none() => path = Some(s.to_owned()),
            s => return crate::usage(&format!("unexpected argument `{s}`")),
        }
    }
    let Some(path) = path else {
        return crate::usage("dataset needs a directory of CSV files, or an .ndjson file");
    };
    match load(Path::new(&path)) {
        Ok(Ok(l)) => {
            let _ = writeln!(
                io::stdout(),
                "{}",
                read::summary_json(&l.dataset, l.encoding, &l.files)
            );
            ExitCode::SUCCESS
        }
        Ok(Err(errs)) => refused(&errs),
        Err(e) => crate::usage(&format!("cannot read `{path}`: {e}")),
    }
}

/// Prints a refused dataset's errors; exit status 1.
fn refused(errs: &Errors) -> ExitCode {
    let _ = writeln!(io::stdout(), "{}", read::errors_json(errs));
    ExitCode::from(1)
}

/// Reads the dataset at `path`: a directory's CSV files (others, such as `rules.json`, are
/// left alone), or one file. The outer `Err` is a file that cannot be opened.
pub fn load(path: &Path) -> io::Result<Result<Loaded, Errors>> {
    let mut files: Vec<(String, Box<dyn io::Read>)> = Vec::new();
    if path.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(path)?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| CSV_FILES.contains(&n.to_ascii_lowercase().as_str()))
            .collect();
        names.sort();
        for name in names {
            let f = std::fs::File::open(path.join(&name))?;
            files.push((name, Box::new(io::BufReader::with_capacity(1 << 16, f))));
        }
    } else {
        let f = std::fs::File::open(path)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        files.push((name, Box::new(io::BufReader::with_capacity(1 << 16, f))));
    }
    Ok(read::read_streams(files))
}
