//! The batch path's binding (web and Node builds; the mini-program build has none):
//! datasets read from files' bytes or generated, runs stepped from JavaScript, answers as
//! the CLI's JSON text, and per-member money as integer fen in a `Float64Array`.
//!
//! Conversion only: reading, running, comparing and writing CSV are the engine's
//! (`fenxiao::batch`); what crosses is bytes in, text and typed arrays out.

use crate::RuleSetHandle;
use fenxiao::api;
use fenxiao::batch::dataset::NO_COST;
use fenxiao::batch::{self, columns, read, sample, Dataset, Options, Run, Simulation};
use fenxiao::error::{Error, ErrorCode, Errors, Path};
use std::sync::Arc;
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

#[wasm_bindgen]
extern "C" {
    /// The host's WHATWG decoder (browsers, Node, Web Workers).
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str, options: &JsValue) -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &[u8]) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;
}

thread_local! {
    static GB18030: Option<TextDecoder> =
        TextDecoder::new("gb18030", &json_parse("{\"fatal\":true,\"ignoreBOM\":true}")).ok();
}

/// GB18030 bytes decoded by the host's `TextDecoder` (fatal: `None` for bytes that are not
/// GB18030 text), the decoder the reader uses in this build.
fn gb18030(bytes: &[u8]) -> Option<String> {
    GB18030.with(|d| d.as_ref().and_then(|d| d.decode(bytes).ok()))
}

/// The largest integer a `Float64Array` holds exactly: money crosses as whole fen no larger
/// than this (¥90,071,992,547,409.91), checked.
const MAX_SAFE_FEN: i64 = (1 << 53) - 1;

/// A dataset in wasm memory: files added, then read; or generated.
#[wasm_bindgen(js_name = Dataset)]
pub struct DatasetHandle {
    files: Vec<(String, Vec<u8>)>,
    data: Option<Arc<Dataset>>,
}

#[wasm_bindgen(js_class = Dataset)]
impl DatasetHandle {
    /// An empty dataset, to add files to.
    #[wasm_bindgen(constructor)]
    pub fn new() -> DatasetHandle {
        DatasetHandle {
            files: Vec::new(),
            data: None,
        }
    }

    /// Adds one file's bytes (`members.csv`, …, or one `.ndjson` file).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_owned(), bytes));
    }

    /// Reads the files added: the envelope of what the dataset holds, or of every problem
    /// found (each at `file:line:column`), as `fenxiao dataset` prints it.
    pub fn read(&mut self) -> String {
        read::use_gb18030_decoder(gb18030);
        let files = std::mem::take(&mut self.files);
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        match read::read(&refs) {
            Ok(l) => {
                let text = read::summary_json(&l.dataset, l.encoding, &l.files);
                self.data = Some(Arc::new(l.dataset));
                text
            }
            Err(errs) => read::errors_json(&errs),
        }
    }

    /// Generates the sample shop (`fenxiao sample`'s dataset for the same numbers); `seed`
    /// is a whole number as decimal text (a seed is 64 bits wide).
    pub fn sample(&mut self, members: u32, orders: u32, seed: &str) -> String {
        let Ok(seed) = seed.parse::<u64>() else {
            return read::errors_json(&Errors::from(Error::new(
                ErrorCode::InvalidValue,
                Path::root().field("seed"),
                "the seed is a whole number from 0 to 18446744073709551615",
            )));
        };
        let o = sample::Options {
            members: u64::from(members),
            orders: u64::from(orders),
            seed,
        };
        match sample::sample(o) {
            Ok(d) => {
                let text = read::summary_json(&d, "utf-8", &[]);
                self.data = Some(Arc::new(d));
                text
            }
            Err(errs) => read::errors_json(&errs),
        }
    }

    /// Builds the dataset from integer columns (`Dataset::from_columns`, docs/DATASET.md
    /// "From columns"), copied in as typed arrays: money as whole fen and instants as Unix
    /// milliseconds in `Float64Array`s, each value an integer of magnitude at most 2^53 − 1
    /// (a cost `NaN`: none), checked here; everything else is the engine's check. Answers
    /// the envelope of what the dataset holds, or of every problem (`orders.buyer[12]`).
    ///
    /// The `f64` columns are JavaScript's `Float64Array`s as they cross: each value is turned
    /// into an `i64` by [`whole_column`] only when it is exactly an integer within 2^53 − 1,
    /// else refused; no arithmetic is done on a double.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = fromColumns)]
    pub fn columns(
        &mut self,
        parent: Vec<u32>,
        tier: Vec<u32>,
        tier_names: Vec<String>,
        status: Vec<u8>,
        joined_at: Vec<f64>,
        product_names: Vec<String>,
        sku_product: Vec<u32>,
        sku_price: Vec<f64>,
        sku_cost: Vec<f64>,
        buyer: Vec<u32>,
        paid_at: Vec<f64>,
        line_start: Vec<u32>,
        discount: Vec<f64>,
        line_sku: Vec<u32>,
        unit_price: Vec<f64>,
        quantity: Vec<u32>,
        line_cost: Vec<f64>,
    ) -> String {
        let mut errs = Errors::new();
        let mut whole = |v: &[f64], list: &str, column: &str, none: bool| {
            whole_column(v, list, column, none, &mut errs)
        };
        let c = columns::Columns {
            joined_at_ms: whole(&joined_at, "members", "joinedAt", false),
            sku_price: whole(&sku_price, "skus", "price", false),
            sku_cost: whole(&sku_cost, "skus", "cost", true),
            paid_at_ms: whole(&paid_at, "orders", "paidAt", false),
            discount: whole(&discount, "orders", "discount", false),
            unit_price: whole(&unit_price, "lines", "unitPrice", false),
            line_cost: whole(&line_cost, "lines", "cost", true),
            quantity: quantity.into_iter().map(u64::from).collect(),
            parent,
            tier,
            tier_names,
            status,
            product_names,
            sku_product,
            buyer,
            line_start,
            line_sku,
        };
        // Errors name a column and row (`lines.unitPrice[3]`), not a file: the plain envelope.
        if !errs.is_empty() {
            return api::envelope_text(Err(errs));
        }
        match Dataset::from_columns(c) {
            Ok(d) => {
                let text = read::summary_json(&d, "columns", &[]);
                self.data = Some(Arc::new(d));
                text
            }
            Err(errs) => api::envelope_text(Err(errs)),
        }
    }

    /// The members' ids, as a JSON array in row order (row `i` of every per-member array).
    #[wasm_bindgen(js_name = memberIds)]
    pub fn member_ids(&self) -> String {
        let ids: Vec<&str> = self
            .data
            .as_ref()
            .map(|d| d.members.id.iter().collect())
            .unwrap_or_default();
        fenxiao::io::to_text(&ids)
    }
}

impl Default for DatasetHandle {
    fn default() -> Self {
        Self::new()
    }
}

/// A run of a dataset under a rule set, stepped from JavaScript (a Web Worker steps it and
/// reports progress between steps, and can stop).
#[wasm_bindgen(js_name = Simulation)]
pub struct SimulationHandle {
    sim: Option<Simulation<'static>>,
    run: Option<Run>,
    data: Option<Arc<Dataset>>,
    refusal: String,
}

#[wasm_bindgen(js_class = Simulation)]
impl SimulationHandle {
    /// Prepares a run; never throws: a refused run has its envelope in `refusal()`.
    #[wasm_bindgen(constructor)]
    pub fn new(rules: &RuleSetHandle, dataset: &DatasetHandle, top: u32) -> SimulationHandle {
        let refused = |errs: Errors| SimulationHandle {
            sim: None,
            run: None,
            data: None,
            refusal: api::envelope_text(Err(errs)),
        };
        let (Some(r), Some(d)) = (rules.checked(), dataset.data.clone()) else {
            return refused(Errors::from(Error::new(
                ErrorCode::InvalidValue,
                Path::root(),
                "the rule set was refused or the dataset is not read yet",
            )));
        };
        let opts = Options {
            top: usize::try_from(top).unwrap_or(usize::MAX),
            per_order: false,
        };
        match Simulation::shared(Arc::new(r.clone()), Arc::clone(&d), &opts) {
            Ok(sim) => SimulationHandle {
                sim: Some(sim),
                run: None,
                data: Some(d),
                refusal: String::new(),
            },
            Err(errs) => refused(errs),
        }
    }

    /// The refusal envelope, or the empty string.
    pub fn refusal(&self) -> String {
        self.refusal.clone()
    }

    /// Settles up to `max_orders` more orders: `{"done","total","finished"}` as an envelope.
    pub fn step(&mut self, max_orders: u32) -> String {
        let Some(sim) = self.sim.as_mut() else {
            return self.finished_step();
        };
        match sim.step(usize::try_from(max_orders).unwrap_or(usize::MAX)) {
            Ok(s) => {
                if s.finished {
                    self.run = self.sim.take().map(Simulation::finish);
                }
                step_text(s.done, s.total, s.finished)
            }
            Err(errs) => {
                self.sim = None;
                self.refusal = api::envelope_text(Err(errs));
                self.refusal.clone()
            }
        }
    }

    fn finished_step(&self) -> String {
        if !self.refusal.is_empty() {
            return self.refusal.clone();
        }
        let n = self.data.as_ref().map_or(0, |d| d.orders.id.len());
        step_text(n, n, true)
    }

    /// The summary, as `fenxiao simulate` prints it (an envelope); refused until finished.
    pub fn summary(&self) -> String {
        match self.finished() {
            Ok(run) => api::envelope_text(Ok(fenxiao::io::to_text(&run.summary))),
            Err(text) => text,
        }
    }

    /// Each member's net commission, fen.
    #[wasm_bindgen(js_name = memberNet)]
    pub fn member_net(&self) -> Result<Vec<f64>, String> {
        self.finished().and_then(|r| fen_column(&r.member_net))
    }

    /// Each member's commission before refunds, fen.
    #[wasm_bindgen(js_name = memberGross)]
    pub fn member_gross(&self) -> Result<Vec<f64>, String> {
        self.finished().and_then(|r| fen_column(&r.member_gross))
    }

    /// The per-member CSV (UTF-8 with a BOM), as `--members-csv` writes it.
    #[wasm_bindgen(js_name = memberCsv)]
    pub fn member_csv(&self) -> Result<String, String> {
        let (run, data) = self.with_data()?;
        Ok(batch::member_csv(run, data))
    }

    fn finished(&self) -> Result<&Run, String> {
        self.run.as_ref().ok_or_else(|| {
            if self.refusal.is_empty() {
                api::envelope_text(Err(Errors::from(Error::new(
                    ErrorCode::InvalidValue,
                    Path::root(),
                    "the run has not finished: step it until `finished`",
                ))))
            } else {
                self.refusal.clone()
            }
        })
    }

    fn with_data(&self) -> Result<(&Run, &Dataset), String> {
        let run = self.finished()?;
        let data = self.data.as_deref().ok_or_else(|| self.refusal.clone())?;
        Ok((run, data))
    }
}

/// Both runs' summaries and their difference, as `fenxiao simulate --compare` prints them.
#[wasm_bindgen(js_name = compareRuns)]
pub fn compare_runs(baseline: &SimulationHandle, candidate: &SimulationHandle) -> String {
    match pair(baseline, candidate) {
        Ok((a, b, data)) => {
            api::envelope_text(Ok(fenxiao::io::to_text(&batch::compare(a, b, data))))
        }
        Err(text) => text,
    }
}

/// The per-member CSV of both runs side by side, as `--members-csv` writes it with `--compare`.
#[wasm_bindgen(js_name = compareCsv)]
pub fn compare_csv(
    baseline: &SimulationHandle,
    candidate: &SimulationHandle,
) -> Result<String, String> {
    let (a, b, data) = pair(baseline, candidate)?;
    Ok(batch::compare_csv(a, b, data))
}

fn pair<'a>(
    a: &'a SimulationHandle,
    b: &'a SimulationHandle,
) -> Result<(&'a Run, &'a Run, &'a Dataset), String> {
    let (ra, da) = a.with_data()?;
    let (rb, db) = b.with_data()?;
    if !std::ptr::eq(da, db) {
        return Err(api::envelope_text(Err(Errors::from(Error::new(
            ErrorCode::InvalidValue,
            Path::root(),
            "the two runs are of different datasets; compare runs of one dataset",
        )))));
    }
    Ok((ra, rb, da))
}

/// The sample rule set (`rules.json` beside `fenxiao sample`'s files), as JSON text.
#[wasm_bindgen(js_name = sampleRules)]
pub fn sample_rules() -> String {
    sample::RULES.to_owned()
}

/// The sample's second rule set (`candidate.json`), as JSON text.
#[wasm_bindgen(js_name = sampleCandidateRules)]
pub fn sample_candidate_rules() -> String {
    sample::CANDIDATE_RULES.to_owned()
}

fn step_text(done: usize, total: usize, finished: bool) -> String {
    format!(
        "{{\"ok\":true,\"result\":{{\"done\":{done},\"total\":{total},\"finished\":{finished}}}}}"
    )
}

/// A `Float64Array` column of whole numbers (fen, or milliseconds) as `i64`: each value an
/// integer of magnitude at most 2^53 − 1, or an `invalidValue` error at `list.column[i]`;
/// where `none` allows it, `NaN` is `NO_COST` (no cost given).
fn whole_column(v: &[f64], list: &str, column: &str, none: bool, errs: &mut Errors) -> Vec<i64> {
    let limit = MAX_SAFE_FEN as f64;
    let mut out = Vec::with_capacity(v.len());
    for (i, &x) in v.iter().enumerate() {
        if none && x.is_nan() {
            out.push(NO_COST);
        } else if x.fract() == 0.0 && x.abs() <= limit {
            // Exact: an integer of magnitude at most 2^53 − 1.
            #[allow(clippy::cast_possible_truncation)]
            out.push(x as i64);
        } else {
            if !errs.is_full() {
                // The value is not written back: formatting a double would carry float
                // printing into the module for one message.
                let nan = if none { " (NaN: none)" } else { "" };
                errs.push(Error::new(
                    ErrorCode::InvalidValue,
                    Path::root().field(list).field(column).index(i),
                    format!("not a whole number from −(2^53 − 1) to 2^53 − 1{nan}"),
                ));
            }
            out.push(0);
        }
    }
    out
}

/// Whole fen as doubles, each checked to be exact (|v| ≤ 2^53 − 1).
fn fen_column(fen: &[i64]) -> Result<Vec<f64>, String> {
    let mut out = Vec::with_capacity(fen.len());
    for (i, &v) in fen.iter().enumerate() {
        if !(-MAX_SAFE_FEN..=MAX_SAFE_FEN).contains(&v) {
            return Err(api::envelope_text(Err(Errors::from(Error::new(
                ErrorCode::Overflow,
                Path::root().index(i),
                "a member's total is beyond what a Float64Array holds exactly (2^53 − 1 fen)",
            )))));
        }
        // Exact: |v| ≤ 2^53 − 1 was checked above.
        #[allow(clippy::cast_precision_loss)]
        out.push(v as f64);
    }
    Ok(out)
}
