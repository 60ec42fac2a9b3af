//! How many heap allocations one call makes, through a checked `RuleSet` from the
//! arguments' text to the answer's text (what the npm package's `RuleSet` and `.ci/bench`'s
//! "from its arguments' text" do), on the example shop's documents.
//!
//! `fenxiao-bench-allocs settle preview refund` prints `allocs <command> <count>` per
//! command; with `--sites`, also where each allocation was made (the nearest engine frames),
//! grouped and counted: the list the single-call work is guided by.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The system allocator, counting allocations (and reallocations) while `COUNTING` is set.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static SITES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static WITH_SITES: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while a site is being recorded: its own allocations are not counted.
    static RECORDING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if !COUNTING.load(Ordering::Relaxed) || RECORDING.with(Cell::get) {
        return;
    }
    COUNT.fetch_add(1, Ordering::Relaxed);
    if WITH_SITES.load(Ordering::Relaxed) {
        RECORDING.with(|r| r.set(true));
        let trace = std::backtrace::Backtrace::force_capture().to_string();
        SITES.lock().unwrap().push(engine_frames(&trace));
        RECORDING.with(|r| r.set(false));
    }
}

/// The engine's directory of sources, as the debug information names its files.
static ENGINE_SRC: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The three innermost frames of a backtrace that are the engine's own code, each as
/// `function (file:line)` with the file relative to the engine's `src/`.
fn engine_frames(trace: &str) -> String {
    let src = ENGINE_SRC.get().map_or("", String::as_str);
    let lines: Vec<&str> = trace.lines().map(str::trim).collect();
    let mut frames = Vec::new();
    for pair in lines.windows(2) {
        let (Some((_, name)), Some(at)) = (pair[0].split_once(": "), pair[1].strip_prefix("at "))
        else {
            continue;
        };
        // Cargo names a path dependency's files absolutely or relative to the workspace
        // (`./src/…`), depending on its version.
        if let Some(place) = at.strip_prefix(src).or_else(|| at.strip_prefix("./src/")) {
            let place = place.rsplit_once(':').map_or(place, |(p, _column)| p);
            frames.push(format!("{name} ({place})"));
        }
        if frames.len() == 3 {
            break;
        }
    }
    frames.join(" < ")
}

// SAFETY: every call is passed to the system allocator unchanged; counting touches only
// atomics and a thread-local flag (a site's own allocations are flagged and not counted).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        note();
        System.realloc(ptr, layout, size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The example shop's document for `command`, split into its checked rule set and the
/// arguments' text.
fn checked(command: &str) -> (fenxiao::RuleSet, String) {
    let path = format!(
        "{}/../../examples/shop/{command}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let serde_json::Value::Object(mut doc) = serde_json::from_str(&text).unwrap() else {
        panic!("{path}: not an object");
    };
    let rules = doc.remove("rules").unwrap();
    let rules_text = format!("{{\"rules\":{rules}}}");
    let (rules, _) = fenxiao::api::split_rules(fenxiao::api::parse_document(&rules_text).unwrap());
    (rules.unwrap(), serde_json::Value::Object(doc).to_string())
}

fn call(command: &str, rules: &fenxiao::RuleSet, args: &str) -> bool {
    fenxiao::api::eval(command, rules, args).is_ok()
}

fn main() {
    let src = std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../../src")).unwrap();
    ENGINE_SRC.set(format!("{}/", src.display())).unwrap();
    let mut commands: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = commands.iter().position(|a| a == "--sites") {
        commands.remove(i);
        WITH_SITES.store(true, Ordering::Relaxed);
    }
    for command in &commands {
        let (rules, args) = checked(command);
        // Warm: whatever is set up once (the standard library's own) is not counted.
        assert!(
            call(command, &rules, &args),
            "{command} refused its example"
        );
        COUNT.store(0, Ordering::Relaxed);
        SITES.lock().unwrap().clear();
        COUNTING.store(true, Ordering::Relaxed);
        let answered = call(command, &rules, &args);
        COUNTING.store(false, Ordering::Relaxed);
        assert!(answered);
        println!("allocs {command} {}", COUNT.load(Ordering::Relaxed));
        let mut sites = std::mem::take(&mut *SITES.lock().unwrap());
        sites.sort();
        let mut grouped: Vec<(usize, String)> = Vec::new();
        for s in sites {
            match grouped.last_mut() {
                Some((n, last)) if *last == s => *n += 1,
                _ => grouped.push((1, s)),
            }
        }
        grouped.sort_by_key(|g| std::cmp::Reverse(g.0));
        for (n, site) in grouped {
            println!("  {n:3}  {site}");
        }
    }
}
