//! Reading a dataset: the CSV set (members.csv, products.csv, orders.csv, lines.csv and an
//! optional refunds.csv, each with a header row) or one NDJSON file, as docs/DATASET.md
//! describes them. Bytes in, a checked [`Dataset`] or every problem out: no file I/O here, so
//! the same reader runs natively and in WebAssembly.
//!
//! CSV is parsed as bytes by the `csv` crate and each cell decoded on its own: UTF-8, with or
//! without a BOM, or GB18030 (GBK's superset, what Excel on a Chinese Windows saves), told
//! apart from a file's first 64 KiB. GB18030's multi-byte characters never contain a comma,
//! quote or line break byte, so the CSV structure reads the same in either encoding.
//!
//! The native reader streams ([`read_streams`]): a file is never held whole, a row is at most
//! 64 KiB (an NDJSON line 1 MiB), and reading stops at the build's row limits
//! (`build::MAX_ORDERS`). Every problem is reported at `file:line:column` (the column a number
//! for CSV, the field's path for NDJSON); reading stops after 100.

use super::build::{
    Builder, Field, Kind, Limits, LineRow, Locate, MemberRow, OrderRow, RefundRow, SkuRow,
};
use super::dataset::Dataset;
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::limits::{self, MAX_QUANTITY};
use crate::money::time::Timestamp;
use crate::money::Money;
use crate::payout::network::Status;
use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, Read as _};
use std::rc::Rc;

/// A dataset read, and how its files were encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The checked columns.
    pub dataset: Dataset,
    /// The files' encoding when they agree (`"utf-8"`, `"utf-8-bom"` or `"gb18030"`), else
    /// `"mixed"` (each file's is in `files`).
    pub encoding: &'static str,
    /// Each file read, in the order read.
    pub files: Vec<FileInfo>,
}

/// One file read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// The file's name as matched (`orders.csv`, or the NDJSON file's name).
    pub name: String,
    /// `"utf-8"`, `"utf-8-bom"` or `"gb18030"`.
    pub encoding: &'static str,
    /// Data rows (CSV rows after the header, NDJSON records).
    pub rows: u64,
}

/// Longest CSV row, in bytes: far above any real row, and a bound on what an unclosed quote
/// can swallow.
pub const MAX_ROW_BYTES: u64 = 64 * 1024;
/// Longest NDJSON line, in bytes (an order of 500 lines fits).
pub const MAX_NDJSON_LINE_BYTES: u64 = 1024 * 1024;
/// How much of a file decides its encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// The CSV files of a dataset, in the order they are read.
pub const CSV_FILES: [&str; 5] = [
    "members.csv",
    "products.csv",
    "orders.csv",
    "lines.csv",
    "refunds.csv",
];

/// Reads a dataset from files in memory: the CSV set by file name (a directory part is
/// ignored), or one `.ndjson` / `.jsonl` file.
pub fn read(files: &[(&str, &[u8])]) -> Result<Loaded, Errors> {
    read_with(files, Limits::BUILD)
}

/// [`read`] with lower limits than the build's.
pub fn read_with(files: &[(&str, &[u8])], limits: Limits) -> Result<Loaded, Errors> {
    let streams = files
        .iter()
        .map(|(name, bytes)| {
            (
                (*name).to_owned(),
                Box::new(*bytes) as Box<dyn io::Read + '_>,
            )
        })
        .collect();
    read_streams_with(streams, limits)
}

/// [`read`] over streams: the native command line reads ten million orders without holding
/// the files.
pub fn read_streams<'a>(files: Vec<(String, Box<dyn io::Read + 'a>)>) -> Result<Loaded, Errors> {
    read_streams_with(files, Limits::BUILD)
}

/// [`read_streams`] with lower limits than the build's.
pub fn read_streams_with<'a>(
    files: Vec<(String, Box<dyn io::Read + 'a>)>,
    limits: Limits,
) -> Result<Loaded, Errors> {
    let is_ndjson = |n: &str| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".ndjson") || n.ends_with(".jsonl")
    };
    if files.len() == 1 && files.iter().all(|(n, _)| is_ndjson(base_name(n))) {
        let Some((name, input)) = files.into_iter().next() else {
            return Err(Errors::new());
        };
        return read_ndjson(base_name(&name), input, limits);
    }
    read_csv_set(files, limits)
}

/// The last part of a path, `/` or `\` separated.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// A location written `file:line:column` (or `file:line`, or `file`), split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    /// The file's name.
    pub file: &'a str,
    /// The line, from 1.
    pub line: Option<u64>,
    /// The column: a number from 1 for CSV, a field's path for NDJSON.
    pub column: Option<&'a str>,
}

/// Splits an error path of a dataset into file, line and column (docs/DATASET.md, "Errors").
/// `None` for a path that is not a dataset location.
pub fn location(path: &str) -> Option<Location<'_>> {
    if path.is_empty() {
        return None;
    }
    // The file name is what comes before the first `:` followed by digits.
    let mut from = 0;
    while let Some(i) = path.get(from..).and_then(|s| s.find(':')) {
        let colon = from.saturating_add(i);
        let rest = path.get(colon.saturating_add(1)..).unwrap_or("");
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = rest.get(digits..).unwrap_or("");
        if digits > 0 && (after.is_empty() || after.starts_with(':')) {
            let file = path.get(..colon).unwrap_or("");
            let line = rest.get(..digits).and_then(|d| d.parse().ok());
            let column = after.strip_prefix(':').filter(|c| !c.is_empty());
            return Some(Location { file, line, column });
        }
        from = colon.saturating_add(1);
    }
    Some(Location {
        file: path,
        line: None,
        column: None,
    })
}

// ---------------------------------------------------------------------------------------
// Encodings

/// How a file's bytes are text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Gb18030 => "gb18030",
        }
    }

    /// A cell's text, or `None` when its bytes are not text in this encoding.
    fn decode(self, bytes: &[u8]) -> Option<Cow<'_, str>> {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => {
                std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
            }
            Encoding::Gb18030 => gb18030(bytes),
        }
    }

    fn refused(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => {
                "is not UTF-8 text (the file was read as UTF-8, as its start is); save the whole file as CSV UTF-8, or as GBK"
            }
            // The same words in every build: natively encoding_rs decodes, in the npm package
            // the host's TextDecoder (the same WHATWG decoder), and both refuse the same bytes.
            Encoding::Gb18030 => {
                "is not GB18030/GBK text (the file was read as GBK because its start is not UTF-8); save the whole file as CSV UTF-8"
            }
        }
    }
}

/// GB18030 bytes as text (WHATWG's decoder, without replacement), or `None`.
#[cfg(feature = "gb18030")]
fn gb18030(bytes: &[u8]) -> Option<Cow<'_, str>> {
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
}

/// Decodes GB18030 bytes (WHATWG's decoder, without replacement): the text, or `None` when
/// the bytes are not GB18030 text.
pub type Gb18030Decoder = fn(&[u8]) -> Option<String>;

static GB18030: std::sync::OnceLock<Gb18030Decoder> = std::sync::OnceLock::new();

/// Gives a build without the `gb18030` feature its GB18030 decoder (the npm package uses
/// the host's `TextDecoder`, which follows the same WHATWG standard as `encoding_rs`). The
/// first one given stays; without one, a GBK file is refused. A build with the feature
/// decodes with `encoding_rs` and ignores it.
pub fn use_gb18030_decoder(decoder: Gb18030Decoder) {
    let _ = GB18030.set(decoder);
}

#[cfg(not(feature = "gb18030"))]
fn gb18030(bytes: &[u8]) -> Option<Cow<'_, str>> {
    GB18030.get().and_then(|d| d(bytes)).map(Cow::Owned)
}

/// The encoding of a file from its first bytes, and how many BOM bytes to skip. A UTF-16
/// file (Excel's "Unicode text") is refused.
fn sniff(prefix: &[u8], whole: bool) -> Result<(Encoding, usize), &'static str> {
    if prefix.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Encoding::Utf8Bom, 3));
    }
    if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
        return Err("is UTF-16 (Excel's \"Unicode text\"); save it as CSV UTF-8, or as CSV");
    }
    if prefix.starts_with(&[0x84, 0x31, 0x95, 0x33]) {
        return Ok((Encoding::Gb18030, 4));
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => Ok((Encoding::Utf8, 0)),
        // A character cut by the end of the sniffed bytes is no evidence against UTF-8.
        Err(e) if e.error_len().is_none() && !whole => Ok((Encoding::Utf8, 0)),
        Err(_) => Ok((Encoding::Gb18030, 0)),
    }
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_prefix(input: &mut dyn io::Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n.min(SNIFF_BYTES));
    input
        .take(u64::try_from(n).unwrap_or(u64::MAX))
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// A reader that fails once more than `max` bytes were read past `mark`: a row (or line)
/// longer than its limit is refused before it is held whole.
struct Meter<R> {
    inner: R,
    read: u64,
    mark: Rc<Cell<u64>>,
    max: u64,
}

/// The error a [`Meter`] gives.
const TOO_LONG: &str = "fenxiao: row too long";

impl<R: io::Read> io::Read for Meter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read.saturating_sub(self.mark.get()) > self.max {
            return Err(io::Error::other(TOO_LONG));
        }
        let n = self.inner.read(buf)?;
        self.read = self
            .read
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }
}

fn is_too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.to_string() == TOO_LONG)
}

fn at_path(text: String) -> Path {
    Path::from_written(&text)
}

fn error(code: ErrorCode, path: String, message: impl Into<String>) -> Error {
    Error::new(code, at_path(path), message)
}

fn overall_encoding(files: &[FileInfo]) -> &'static str {
    let first = files.first().map_or("utf-8", |f| f.encoding);
    if files.iter().all(|f| f.encoding == first) {
        first
    } else {
        "mixed"
    }
}

// ---------------------------------------------------------------------------------------
// CSV

/// One column a CSV file may have: its header name, the field, and whether the header
/// must name it.
type Column = (&'static str, Field, bool);

const MEMBER_COLUMNS: &[Column] = &[
    ("id", Field::Id, true),
    ("parentId", Field::ParentId, false),
    ("tier", Field::Tier, false),
    ("status", Field::Status, true),
    ("joinedAt", Field::JoinedAt, true),
];
const PRODUCT_COLUMNS: &[Column] = &[
    ("productId", Field::ProductId, true),
    ("name", Field::Name, true),
    ("skuId", Field::SkuId, false),
    ("price", Field::Price, true),
    ("cost", Field::Cost, false),
];
const ORDER_COLUMNS: &[Column] = &[
    ("id", Field::Id, true),
    ("paidAt", Field::PaidAt, true),
    ("completedAt", Field::CompletedAt, false),
    ("buyerId", Field::BuyerId, true),
    ("discount", Field::Discount, false),
    ("shipping", Field::Shipping, false),
];
const LINE_COLUMNS: &[Column] = &[
    ("orderId", Field::OrderId, true),
    ("lineId", Field::LineId, true),
    ("productId", Field::ProductId, true),
    ("skuId", Field::SkuId, false),
    ("unitPrice", Field::UnitPrice, true),
    ("quantity", Field::Quantity, true),
    ("cost", Field::Cost, false),
];
const REFUND_COLUMNS: &[Column] = &[
    ("id", Field::Id, true),
    ("orderId", Field::OrderId, true),
    ("lineId", Field::LineId, false),
    ("quantity", Field::Quantity, false),
    ("amount", Field::Amount, false),
    ("at", Field::At, true),
];

/// The columns of each file, in [`CSV_FILES`] order.
pub fn csv_columns(kind: Kind) -> &'static [(&'static str, Field, bool)] {
    match kind {
        Kind::Member => MEMBER_COLUMNS,
        Kind::Product => PRODUCT_COLUMNS,
        Kind::Order => ORDER_COLUMNS,
        Kind::Line => LINE_COLUMNS,
        Kind::Refund => REFUND_COLUMNS,
    }
}

const KINDS: [Kind; 5] = [
    Kind::Member,
    Kind::Product,
    Kind::Order,
    Kind::Line,
    Kind::Refund,
];

/// Where each row of each CSV file is: its line, and the header's column of each field.
#[derive(Default)]
struct CsvLocs {
    files: [FileLoc; 5],
}

#[derive(Default)]
struct FileLoc {
    name: &'static str,
    columns: Vec<(Field, usize)>,
    lines: Vec<u32>,
}

impl FileLoc {
    fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    fn path(&self, line: u64, field: Field) -> String {
        match self.column(field) {
            Some(c) => format!("{}:{line}:{}", self.name, c.saturating_add(1)),
            None => format!("{}:{line}", self.name),
        }
    }
}

fn slot(kind: Kind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Locate for CsvLocs {
    fn path(&self, kind: Kind, row: usize, field: Field) -> Path {
        let Some(f) = self.files.get(slot(kind)) else {
            return Path::root();
        };
        let line = f.lines.get(row).copied().unwrap_or(0);
        at_path(f.path(u64::from(line), field))
    }
}

/// Reads the CSV set, file by file in the order of [`CSV_FILES`].
fn read_csv_set<'a>(
    files: Vec<(String, Box<dyn io::Read + 'a>)>,
    limits: Limits,
) -> Result<Loaded, Errors> {
    let mut errs = Errors::new();
    let mut inputs: [Option<Box<dyn io::Read + 'a>>; 5] = Default::default();
    for (name, input) in files {
        let base = base_name(&name).to_ascii_lowercase();
        match CSV_FILES.iter().position(|f| *f == base) {
            Some(i) => match inputs.get_mut(i) {
                Some(s @ None) => *s = Some(input),
                _ => errs.push(error(
                    ErrorCode::Duplicate,
                    base,
                    "this file is given twice",
                )),
            },
            None => errs.push(error(
                ErrorCode::UnknownField,
                base_name(&name).to_owned(),
                "not a dataset file: the CSV files are members.csv, products.csv, orders.csv, lines.csv and refunds.csv (optional); or give one .ndjson file",
            )),
        }
    }
    for (i, name) in CSV_FILES.iter().enumerate().take(4) {
        if inputs.get(i).is_some_and(Option::is_none) {
            errs.push(error(
                ErrorCode::MissingField,
                (*name).to_owned(),
                format!("the dataset has no {name}"),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut locs = CsvLocs::default();
    let mut builder = Builder::with_limits(limits);
    let mut infos = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let (Some(input), Some(&kind), Some(&name)) = (input, KINDS.get(i), CSV_FILES.get(i))
        else {
            continue;
        };
        if let Some(f) = locs.files.get_mut(i) {
            f.name = name;
        }
        let info = read_csv_file(name, kind, input, &mut builder, &mut locs, &mut errs)?;
        infos.push(info);
        if errs.is_full() || builder.stopped() {
            return Err(errs);
        }
    }
    let dataset = builder.finish(&locs, errs)?;
    Ok(Loaded {
        dataset,
        encoding: overall_encoding(&infos),
        files: infos,
    })
}

/// A CSV file opened: its encoding, and a reader of its records after any BOM.
struct CsvFile<'a> {
    encoding: Encoding,
    reader: csv::Reader<Meter<Box<dyn io::Read + 'a>>>,
    /// Where the record being read starts, for the [`Meter`].
    mark: Rc<Cell<u64>>,
}

/// Opens a CSV file: its encoding from its start, then the records after any BOM, each
/// bounded by [`MAX_ROW_BYTES`].
fn open_csv<'a>(name: &str, mut input: Box<dyn io::Read + 'a>) -> Result<CsvFile<'a>, Error> {
    let prefix = read_prefix(&mut input, SNIFF_BYTES).map_err(|e| {
        error(
            ErrorCode::InvalidValue,
            name.to_owned(),
            format!("cannot be read: {e}"),
        )
    })?;
    let whole = prefix.len() < SNIFF_BYTES;
    let (encoding, skip) =
        sniff(&prefix, whole).map_err(|m| error(ErrorCode::InvalidValue, name.to_owned(), m))?;
    let rest = prefix.get(skip..).unwrap_or_default().to_vec();
    let body: Box<dyn io::Read + 'a> = Box::new(io::Cursor::new(rest).chain(input));
    let mark = Rc::new(Cell::new(0u64));
    let meter = Meter {
        inner: body,
        read: 0,
        mark: Rc::clone(&mark),
        max: MAX_ROW_BYTES,
    };
    // Rows end at `\n` only, and a `\r` before it is taken off the last cell: the `csv`
    // crate counts a CRLF row's line one short otherwise, and Excel writes CRLF.
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(meter);
    Ok(CsvFile {
        encoding,
        reader,
        mark,
    })
}

/// Reads one CSV file into the builder. `Err` (with every error so far) when the file
/// cannot be read at all, its encoding or header being wrong: nothing after it would make
/// sense.
fn read_csv_file(
    name: &'static str,
    kind: Kind,
    input: Box<dyn io::Read + '_>,
    builder: &mut Builder,
    locs: &mut CsvLocs,
    errs: &mut Errors,
) -> Result<FileInfo, Errors> {
    let fail = |errs: &mut Errors, e: Errors| {
        let mut all = std::mem::take(errs);
        all.extend(e);
        all
    };
    let mut file = open_csv(name, input).map_err(|e| fail(errs, e.into()))?;
    let mut record = csv::ByteRecord::new();
    let header = next_record(&mut file.reader, &mut record, &file.mark, name)
        .map_err(|e| fail(errs, e.into()))?;
    if !header {
        let e = error(
            ErrorCode::MissingField,
            format!("{name}:1"),
            "the file is empty; its first row names the columns",
        );
        return Err(fail(errs, e.into()));
    }
    let columns = read_header(name, kind, file.encoding, &record).map_err(|e| fail(errs, e))?;
    if let Some(f) = locs.files.get_mut(slot(kind)) {
        f.columns = columns;
    }
    let width = record.len();
    let mut rows: u64 = 0;
    loop {
        match next_record(&mut file.reader, &mut record, &file.mark, name) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                errs.push(e);
                break;
            }
        }
        rows = rows.saturating_add(1);
        csv_row(
            name,
            kind,
            file.encoding,
            &record,
            width,
            builder,
            locs,
            errs,
        );
        if errs.is_full() || builder.stopped() {
            break;
        }
    }
    Ok(FileInfo {
        name: name.to_owned(),
        encoding: file.encoding.name(),
        rows,
    })
}

/// One data row: as wide as the header, its cells read, then given to the builder. False
/// for a blank line, which is no row.
#[allow(clippy::too_many_arguments)]
fn csv_row(
    name: &'static str,
    kind: Kind,
    encoding: Encoding,
    record: &csv::ByteRecord,
    width: usize,
    builder: &mut Builder,
    locs: &mut CsvLocs,
    errs: &mut Errors,
) -> bool {
    let line = record.position().map_or(0, csv::Position::line);
    if record.len() == 1 && record.get(0).is_some_and(|c| c.is_empty() || c == b"\r") {
        // A blank line (CRLF).
        return false;
    }
    if record.len() != width {
        let message = if record.iter().any(|c| c.contains(&b'\n')) {
            format!("the row has {} cells and a line break inside a quoted cell: is a quote opened on this line left open?", record.len())
        } else {
            format!("the row has {} cells; the header has {width}", record.len())
        };
        errs.push(error(
            ErrorCode::InvalidValue,
            format!("{name}:{line}"),
            message,
        ));
        return true;
    }
    let columns = locs
        .files
        .get(slot(kind))
        .map_or(&[][..], |f| f.columns.as_slice());
    let cells = Cells {
        name,
        line,
        encoding,
        record,
        columns,
    };
    let Some((row, bad)) = parse_row(kind, &cells, errs) else {
        return true;
    };
    if let Some(f) = locs.files.get_mut(slot(kind)) {
        f.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
    }
    give(builder, row, bad, locs, errs);
    true
}

/// Reads the next record; `Ok(false)` at the end. A row past [`MAX_ROW_BYTES`] or a read
/// failure is an error at the line it starts on.
fn next_record(
    reader: &mut csv::Reader<Meter<Box<dyn io::Read + '_>>>,
    record: &mut csv::ByteRecord,
    mark: &Cell<u64>,
    name: &str,
) -> Result<bool, Error> {
    let pos = reader.position().clone();
    mark.set(pos.byte());
    match reader.read_byte_record(record) {
        Ok(got) => Ok(got),
        Err(e) => {
            let line = pos.line();
            let message = match e.kind() {
                csv::ErrorKind::Io(io) if is_too_long(io) => format!(
                    "a row longer than {} KiB starts here: is a quote opened on this line left open?",
                    MAX_ROW_BYTES / 1024
                ),
                _ => format!("cannot be read: {e}"),
            };
            Err(error(
                ErrorCode::TooLarge,
                format!("{name}:{line}"),
                message,
            ))
        }
    }
}

/// The header's column of each field; every column named once, each known, the required
/// ones present.
fn read_header(
    name: &str,
    kind: Kind,
    encoding: Encoding,
    record: &csv::ByteRecord,
) -> Result<Vec<(Field, usize)>, Errors> {
    let known = csv_columns(kind);
    let mut errs = Errors::new();
    let mut columns: Vec<(Field, usize)> = Vec::new();
    let list = known
        .iter()
        .map(|(n, _, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for (i, cell) in record.iter().enumerate() {
        let at = format!("{name}:1:{}", i.saturating_add(1));
        let Some(text) = encoding.decode(cell) else {
            errs.push(error(
                ErrorCode::InvalidValue,
                at,
                format!("the header cell {}", encoding.refused()),
            ));
            continue;
        };
        let text = text.trim();
        match known.iter().find(|(n, _, _)| *n == text) {
            Some((_, field, _)) if columns.iter().any(|(f, _)| f == field) => {
                errs.push(error(
                    ErrorCode::Duplicate,
                    at,
                    format!("column `{text}` is named twice"),
                ));
            }
            Some((_, field, _)) => columns.push((*field, i)),
            None => {
                let short: String = text.chars().take(40).collect();
                errs.push(error(
                    ErrorCode::UnknownField,
                    at,
                    format!("`{short}` is not a column of {name}; the columns are {list}"),
                ));
            }
        }
    }
    for (n, field, required) in known {
        if *required && !columns.iter().any(|(f, _)| f == field) {
            errs.push(error(
                ErrorCode::MissingField,
                format!("{name}:1"),
                format!("the header has no `{n}` column; the columns are {list}"),
            ));
        }
    }
    errs.finish(columns)
}

/// A CSV row's cells, read by field.
struct Cells<'a> {
    name: &'a str,
    line: u64,
    encoding: Encoding,
    record: &'a csv::ByteRecord,
    columns: &'a [(Field, usize)],
}

/// A parsed row of any kind, for the builder.
enum Row {
    Member(MemberRow),
    Sku(SkuRow),
    Order(OrderRow),
    Line(LineRow),
    Refund(RefundRow),
}

fn give(builder: &mut Builder, row: Row, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
    match row {
        Row::Member(r) => builder.member(r, bad, loc, errs),
        Row::Sku(r) => builder.sku(r, bad, loc, errs),
        Row::Order(r) => builder.order(r, bad, loc, errs),
        Row::Line(r) => builder.line(r, bad, loc, errs),
        Row::Refund(r) => builder.refund(r, bad, loc, errs),
    }
}

/// What reading one row's fields needs: where a field is, and its text.
trait Fields {
    /// The error path of `field`.
    fn path(&self, field: Field) -> Path;
    /// The field's text: `Ok(None)` when absent or empty, `Err` when refused (reported).
    fn text(&self, field: Field, errs: &mut Errors) -> Result<Option<Cow<'_, str>>, ()>;
}

impl Fields for Cells<'_> {
    fn path(&self, field: Field) -> Path {
        let column = self
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c);
        match column {
            Some(c) => at_path(format!(
                "{}:{}:{}",
                self.name,
                self.line,
                c.saturating_add(1)
            )),
            None => at_path(format!("{}:{}", self.name, self.line)),
        }
    }

    fn text(&self, field: Field, errs: &mut Errors) -> Result<Option<Cow<'_, str>>, ()> {
        let Some(c) = self
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
        else {
            return Ok(None);
        };
        let mut bytes = self.record.get(c).unwrap_or_default();
        if c.saturating_add(1) == self.record.len() {
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        match self.encoding.decode(bytes) {
            Some(t) if t.contains(['\n', '\r']) => {
                errs.push(Error::new(
                    ErrorCode::InvalidValue,
                    self.path(field),
                    "a line break inside a quoted cell: is a quote opened in this row left open?",
                ));
                Err(())
            }
            Some(t) => Ok(Some(t)),
            None => {
                errs.push(Error::new(
                    ErrorCode::InvalidValue,
                    self.path(field),
                    format!("the cell {}", self.encoding.refused()),
                ));
                Err(())
            }
        }
    }
}

/// Reads a row's fields, recording each problem; `bad` is set when one was refused.
struct Reader<'f, 'e> {
    fields: &'f dyn Fields,
    errs: &'e mut Errors,
    bad: bool,
}

impl Reader<'_, '_> {
    /// Records a refused field.
    fn refuse(&mut self, code: ErrorCode, field: Field, message: String) {
        self.errs
            .push(Error::new(code, self.fields.path(field), message));
        self.bad = true;
    }

    fn text(&mut self, field: Field, required: bool) -> Option<String> {
        match self.fields.text(field, self.errs) {
            Ok(Some(t)) => Some(t.into_owned()),
            Ok(None) => {
                if required {
                    self.errs.push(Error::new(
                        ErrorCode::MissingField,
                        self.fields.path(field),
                        "this cell is required",
                    ));
                    self.bad = true;
                }
                None
            }
            Err(()) => {
                self.bad = true;
                None
            }
        }
    }

    fn id(&mut self, field: Field, required: bool) -> Option<String> {
        let t = self.text(field, required)?;
        // The path is written only when there is something to report.
        match limits::check_id(&t, &Path::root()) {
            Ok(()) => Some(t),
            Err(e) => {
                self.refuse(e.code, field, e.message);
                None
            }
        }
    }

    fn money(&mut self, field: Field, required: bool) -> Option<i64> {
        let t = self.text(field, required)?;
        match Money::parse(&t) {
            Ok(m) => Some(m.fen()),
            Err(m) => {
                self.refuse(ErrorCode::InvalidMoney, field, m);
                None
            }
        }
    }

    fn time(&mut self, field: Field, required: bool) -> Option<Timestamp> {
        let t = self.text(field, required)?;
        match Timestamp::parse(&t) {
            Ok(t) => Some(t),
            Err(m) => {
                self.refuse(ErrorCode::InvalidTime, field, m);
                None
            }
        }
    }

    /// A count from 1 to the single-order API's largest quantity.
    fn quantity(&mut self, field: Field, required: bool) -> Option<u64> {
        let t = self.text(field, required)?;
        let n = t
            .parse::<u64>()
            .ok()
            .filter(|_| t.bytes().all(|b| b.is_ascii_digit()));
        match n {
            Some(n) if super::build::quantity_ok(n) => Some(n),
            _ => {
                let short: String = t.chars().take(40).collect();
                self.errs.push(Error::new(
                    ErrorCode::OutOfRange,
                    self.fields.path(field),
                    format!(
                        "quantity `{short}` is not a whole number between 1 and {MAX_QUANTITY}"
                    ),
                ));
                self.bad = true;
                None
            }
        }
    }

    fn status(&mut self, field: Field) -> Option<Status> {
        let t = self.text(field, true)?;
        let s = match t.as_str() {
            "active" => Status::Active,
            "pending" => Status::Pending,
            "none" => Status::None,
            "disabled" => Status::Disabled,
            _ => {
                let short: String = t.chars().take(40).collect();
                self.errs.push(Error::new(
                    ErrorCode::InvalidValue,
                    self.fields.path(field),
                    format!("`{short}` is not a status; the statuses are `active`, `pending`, `none`, `disabled`"),
                ));
                self.bad = true;
                return None;
            }
        };
        Some(s)
    }

    /// A name: any text without control characters, at most 200 characters.
    fn name(&mut self, field: Field) -> Option<String> {
        let t = self.text(field, true)?;
        if let Some(m) = super::build::check_name(&t) {
            self.errs.push(Error::new(
                ErrorCode::InvalidValue,
                self.fields.path(field),
                m,
            ));
            self.bad = true;
            return None;
        }
        Some(t)
    }
}

/// A stand-in instant for a refused time (the row is refused anyway).
fn no_time() -> Timestamp {
    Timestamp::from_unix(0)
}

/// Parses one row of `kind`; `None` when its id (or the ids it is known by) is unusable,
/// else the row and whether a field was refused.
fn parse_row(kind: Kind, fields: &dyn Fields, errs: &mut Errors) -> Option<(Row, bool)> {
    let mut r = Reader {
        fields,
        errs,
        bad: false,
    };
    let row = match kind {
        Kind::Member => Row::Member(member_row(&mut r)?),
        Kind::Product => Row::Sku(sku_row(&mut r)?),
        Kind::Order => Row::Order(order_row(&mut r)?),
        Kind::Line => Row::Line(line_row(&mut r)?),
        Kind::Refund => Row::Refund(refund_row(&mut r)?),
    };
    Some((row, r.bad))
}

fn member_row(r: &mut Reader<'_, '_>) -> Option<MemberRow> {
    let id = r.id(Field::Id, true);
    let parent = r.id(Field::ParentId, false);
    let tier = r.id(Field::Tier, false);
    let status = r.status(Field::Status);
    let joined_at = r.time(Field::JoinedAt, true);
    Some(MemberRow {
        id: id?,
        parent,
        tier,
        status: status.unwrap_or(Status::None),
        joined_at: joined_at.unwrap_or_else(no_time),
    })
}

fn sku_row(r: &mut Reader<'_, '_>) -> Option<SkuRow> {
    let product_id = r.id(Field::ProductId, true);
    let name = r.name(Field::Name);
    let sku_id = r.id(Field::SkuId, false);
    let price = r.money(Field::Price, true);
    let cost = r.money(Field::Cost, false);
    Some(SkuRow {
        product_id: product_id?,
        name: name.unwrap_or_default(),
        sku_id,
        price: price.unwrap_or(0),
        cost,
    })
}

fn order_row(r: &mut Reader<'_, '_>) -> Option<OrderRow> {
    let id = r.id(Field::Id, true);
    let paid_at = r.time(Field::PaidAt, true);
    let completed_at = r.time(Field::CompletedAt, false);
    let buyer = r.id(Field::BuyerId, true);
    let discount = r.money(Field::Discount, false);
    let shipping = r.money(Field::Shipping, false);
    Some(OrderRow {
        id: id?,
        paid_at: paid_at.unwrap_or_else(no_time),
        completed_at,
        buyer: buyer.unwrap_or_default(),
        discount: discount.unwrap_or(0),
        shipping: shipping.unwrap_or(0),
    })
}

fn line_row(r: &mut Reader<'_, '_>) -> Option<LineRow> {
    let order_id = r.id(Field::OrderId, true);
    let line_id = r.id(Field::LineId, true);
    let product_id = r.id(Field::ProductId, true);
    let sku_id = r.id(Field::SkuId, false);
    let unit_price = r.money(Field::UnitPrice, true);
    let quantity = r.quantity(Field::Quantity, true);
    let cost = r.money(Field::Cost, false);
    Some(LineRow {
        order_id: order_id?,
        line_id: line_id.unwrap_or_default(),
        product_id: product_id.unwrap_or_default(),
        sku_id,
        unit_price: unit_price.unwrap_or(0),
        quantity: quantity.unwrap_or(1),
        cost,
    })
}

fn refund_row(r: &mut Reader<'_, '_>) -> Option<RefundRow> {
    let id = r.id(Field::Id, true);
    let order_id = r.id(Field::OrderId, true);
    let line_id = r.id(Field::LineId, false);
    let quantity = r.quantity(Field::Quantity, false);
    let amount = r.money(Field::Amount, false);
    let at = r.time(Field::At, true);
    Some(RefundRow {
        id: id?,
        order_id: order_id?,
        line_id,
        quantity,
        amount,
        at: at.unwrap_or_else(no_time),
    })
}

// ---------------------------------------------------------------------------------------
// NDJSON

mod ndjson;
use ndjson::read_ndjson;

// ---------------------------------------------------------------------------------------
// Answers

/// What a dataset holds, as JSON: `{"ok":true,"result":{"members":…,"products":…,"skus":…,
/// "orders":…,"lines":…,"refunds":…,"encoding":…,"files":[{"name","encoding","rows"}]}}`. The
/// command line prints it and the npm package gives the same figures.
pub fn summary_json(data: &Dataset, encoding: &str, files: &[FileInfo]) -> String {
    use crate::io::emit::Writer;
    let c = data.counts();
    let mut w = Writer::with_capacity(256);
    w.open('{');
    w.field("ok", &true);
    w.key("result");
    w.open('{');
    for (k, n) in [
        ("members", c.members),
        ("products", c.products),
        ("skus", c.skus),
        ("orders", c.orders),
        ("lines", c.lines),
        ("refunds", c.refunds),
    ] {
        w.field(k, &n);
    }
    w.field("encoding", &encoding);
    w.key("files");
    w.open('[');
    for f in files {
        w.open('{');
        w.field("name", &f.name.as_str());
        w.field("encoding", &f.encoding);
        w.key("rows");
        w.unsigned(f.rows);
        w.close('}');
    }
    w.close(']');
    w.close('}');
    w.close('}');
    w.into_text()
}

/// A refused dataset as JSON: `{"ok":false,"errors":[…]}`, each error `{code, path,
/// message}` as every command answers, plus `file`, `line` and `column` split from the path
/// when it is a location (`column` a number for CSV, a field's path for NDJSON).
pub fn errors_json(errs: &Errors) -> String {
    use crate::io::emit::Writer;
    let mut w = Writer::with_capacity(1024);
    w.open('{');
    w.field("ok", &false);
    w.key("errors");
    w.open('[');
    for e in errs.as_slice() {
        w.open('{');
        w.field("code", &e.code);
        w.field("path", &e.path);
        w.field("message", &e.message.as_str());
        if let Some(loc) = location(e.path.as_str()) {
            w.field("file", &loc.file);
            if let Some(line) = loc.line {
                w.key("line");
                w.unsigned(line);
            }
            match loc.column.map(|c| (c, c.parse::<u64>())) {
                Some((_, Ok(n))) => {
                    w.key("column");
                    w.unsigned(n);
                }
                Some((c, Err(_))) => w.field("column", &c),
                None => {}
            }
        }
        w.close('}');
    }
    w.close(']');
    w.close('}');
    w.into_text()
}
