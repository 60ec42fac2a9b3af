//! The one checked way into a [`Dataset`]: the CSV and NDJSON readers and the sample
//! generator all hand rows to a [`Builder`], which interns ids into rows and checks what no
//! single row can show — ids unique, parents, buyers, products, SKUs and refunded lines that
//! exist, no parent cycles, discounts within their order, refunds within their line or order —
//! with the single-order API's codes (docs/ERRORS.md).
//!
//! Rows come in a fixed order of kinds: members, products, orders, lines, refunds. Each
//! kind's references resolve against the kinds before it, so a row holds rows (`u32`), never
//! id text, and ten million orders fit in memory. A reader that has its rows in another order
//! (NDJSON) sorts them by kind first.
//!
//! Where a row came from is the reader's business: the builder names a row by its kind and
//! its position among the rows of that kind it was given, and a field, and asks the reader's
//! [`Locate`] for the error path (`orders.csv:12:4`, `data.ndjson:7:order.lines[1].quantity`).

use super::dataset::{Dataset, Ids, NONE, NO_AMOUNT, NO_COST};
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::limits::{MAX_LINES, MAX_REFUNDS, MAX_SKUS};
use crate::money::time::Timestamp;
use crate::money::Money;
use crate::payout::network::Status;
use std::collections::{BTreeMap, HashMap};

/// Most rows of each kind a dataset may hold in this build (docs/DATASET.md, "Limits").
/// Natively: twenty million orders and members; in WebAssembly, whose memory is a tab's,
/// two million.
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_ORDERS: usize = 20_000_000;
/// Most rows of each kind a dataset may hold in this build (docs/DATASET.md, "Limits").
#[cfg(target_arch = "wasm32")]
pub const MAX_ORDERS: usize = 2_000_000;
/// Most members: as many as orders.
pub const MAX_MEMBERS: usize = MAX_ORDERS;
/// Most order lines in all: four per order on average.
pub const MAX_ORDER_LINES: usize = MAX_ORDERS.saturating_mul(4);
/// Most refunds in all: one per order on average.
pub const MAX_DATASET_REFUNDS: usize = MAX_ORDERS;
/// Most SKU rows (products.csv rows) in all.
pub const MAX_SKU_ROWS: usize = MAX_ORDERS / 20;

/// A kind of row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// members.csv, `{"member":…}`.
    Member,
    /// products.csv (one row per SKU), `{"product":…}`.
    Product,
    /// orders.csv, `{"order":…}`.
    Order,
    /// lines.csv, `{"order":{"lines":[…]}}`.
    Line,
    /// refunds.csv, `{"refund":…}`.
    Refund,
}

/// A field of a row, for an error's location. `Row` is the row as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Field {
    Row,
    Id,
    ParentId,
    Tier,
    Status,
    JoinedAt,
    ProductId,
    Name,
    SkuId,
    Price,
    Cost,
    PaidAt,
    CompletedAt,
    BuyerId,
    Discount,
    Shipping,
    OrderId,
    LineId,
    UnitPrice,
    Quantity,
    Amount,
    At,
}

/// Turns a row (its kind and its position among the rows of that kind given to the
/// builder) and a field into an error path.
pub trait Locate {
    /// The path of `field` of row `row` of `kind`.
    fn path(&self, kind: Kind, row: usize, field: Field) -> Path;
}

/// A member row.
#[derive(Clone, Debug)]
pub struct MemberRow {
    /// Id.
    pub id: String,
    /// The parent's id, if any.
    pub parent: Option<String>,
    /// The starting tier's id; `None` is the rule set's first tier.
    pub tier: Option<String>,
    /// Distributor status.
    pub status: Status,
    /// When they joined.
    pub joined_at: Timestamp,
}

/// A products.csv row: one SKU of a product, or a product without SKUs (`sku_id: None`).
#[derive(Clone, Debug)]
pub struct SkuRow {
    /// The product's id.
    pub product_id: String,
    /// The product's name.
    pub name: String,
    /// The SKU's id; `None` for a product without SKUs.
    pub sku_id: Option<String>,
    /// List price, fen.
    pub price: i64,
    /// Unit cost, fen, if known.
    pub cost: Option<i64>,
}

/// An order row (its lines come as [`LineRow`]s).
#[derive(Clone, Debug)]
pub struct OrderRow {
    /// Id.
    pub id: String,
    /// Paid at.
    pub paid_at: Timestamp,
    /// Completed at, if it was.
    pub completed_at: Option<Timestamp>,
    /// The buyer's member id.
    pub buyer: String,
    /// Sum of order-level discounts, fen.
    pub discount: i64,
    /// Shipping, fen.
    pub shipping: i64,
}

/// An order line.
#[derive(Clone, Debug)]
pub struct LineRow {
    /// The order's id.
    pub order_id: String,
    /// The line's id, unique within its order.
    pub line_id: String,
    /// The product's id.
    pub product_id: String,
    /// The SKU's id, when the product has SKUs.
    pub sku_id: Option<String>,
    /// Unit price charged, fen.
    pub unit_price: i64,
    /// Units.
    pub quantity: u64,
    /// Unit cost, fen; `None` takes the SKU's cost, if it has one.
    pub cost: Option<i64>,
}

/// A refund: units of a line, money of a line, or money of the order.
#[derive(Clone, Debug)]
pub struct RefundRow {
    /// Id, unique in the dataset.
    pub id: String,
    /// The order's id.
    pub order_id: String,
    /// The line's id; `None` for an order-level amount.
    pub line_id: Option<String>,
    /// Units returned.
    pub quantity: Option<u64>,
    /// Money refunded, fen.
    pub amount: Option<i64>,
    /// When.
    pub at: Timestamp,
}

/// Which kinds of row have been given so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Members,
    Products,
    Orders,
    Lines,
    Refunds,
    Done,
}

/// Rows checked and interned as they come. A row with a bad field is still given (with any
/// stand-in value, and `bad` set) so that rows referring to it find it; its values are then
/// left out of the checks across rows. The dataset is refused whole if anything was wrong.
pub struct Builder {
    data: Dataset,
    phase: Phase,
    /// Members: parent ids until resolved, then the sorted index.
    parent_ids: Vec<Option<String>>,
    member_index: Index,
    tier_index: BTreeMap<String, u32>,
    /// Products by id, and each product's SKU rows.
    product_index: BTreeMap<String, u32>,
    product_skus: Vec<Vec<u32>>,
    product_first_row: Vec<u32>,
    /// Orders: the sorted index, which were bad, and each order's input row.
    order_index: Index,
    order_bad: Vec<bool>,
    /// The order of the last line given, where the next line's order is looked for first.
    last_order: u32,
    /// Lines in input order, until grouped by order.
    pending: PendingLines,
    /// Per line (grouped): its input row; empty when the lines came grouped, each at its
    /// input row.
    line_input: Vec<u32>,
    /// Refund totals so far, only for the lines and orders refunds name: per line, units
    /// and money; per order, money and the number of refunds.
    refunded_lines: HashMap<usize, Refunded, RowHash>,
    refunded_orders: HashMap<usize, Refunded, RowHash>,
    /// How many rows of each kind were given (a row's position is its index among them).
    given: [usize; 5],
    /// Rows given with a bad field.
    any_bad: bool,
    /// True once a limit stopped the reading.
    stopped: bool,
    limits: Limits,
}

/// Rows as hash keys: a row number mixed by one multiplication (Fibonacci hashing). Rows are
/// not chosen by an adversary of the table (they are dense, and bounded by the limits), and
/// this keeps the keyed hasher's code out of the WebAssembly build.
#[derive(Clone, Copy, Default)]
struct RowHasher(u64);

impl std::hash::Hasher for RowHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type RowHash = std::hash::BuildHasherDefault<RowHasher>;

/// What refunds have taken so far of a line (units, money) or an order (money, count).
#[derive(Clone, Copy, Default)]
struct Refunded {
    units: u64,
    money: i64,
    count: u32,
}

#[derive(Default)]
struct PendingLines {
    order: Vec<u32>,
    id: Ids,
    product: Vec<u32>,
    sku: Vec<u32>,
    unit_price: Vec<i64>,
    quantity: Vec<u64>,
    cost: Vec<i64>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

fn err(code: ErrorCode, path: Path, message: String) -> Error {
    Error::new(code, path, message)
}

/// A quantity the single-order API takes: from 1 to its largest.
pub(crate) fn quantity_ok(q: u64) -> bool {
    (1..=crate::limits::MAX_QUANTITY).contains(&q)
}

/// Why `name` is no display name (a product's): at most 200 characters, without control
/// characters.
pub(crate) fn check_name(name: &str) -> Option<String> {
    (name.chars().any(char::is_control) || name.chars().count() > 200)
        .then(|| "a name is at most 200 characters, without control characters".to_owned())
}

/// Keeps `id` as the next row of `ids`, or answers the `tooMany` error of a column whose
/// ids pass 4 GiB of text in all (then the reading stops).
fn keep(ids: &mut Ids, id: &str, path: impl FnOnce() -> Path) -> Result<(), Error> {
    if ids.push(id) {
        return Ok(());
    }
    Err(err(
        ErrorCode::TooMany,
        path(),
        "the ids of these rows pass 4 GiB in all; the limit of a column (docs/DATASET.md)"
            .to_owned(),
    ))
}

/// A product's name (`""` for a row that is none).
fn name_of(v: &[String], i: u32) -> &str {
    usize::try_from(i)
        .ok()
        .and_then(|i| v.get(i))
        .map_or("", String::as_str)
}

fn row_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

fn at<T: Copy>(v: &[T], i: u32, or: T) -> T {
    usize::try_from(i)
        .ok()
        .and_then(|i| v.get(i))
        .copied()
        .unwrap_or(or)
}

fn text(v: &Ids, i: u32) -> &str {
    usize::try_from(i).ok().and_then(|i| v.get(i)).unwrap_or("")
}

/// An id's hash (FNV-1a, 64 bits, folded to 32): the index searches a contiguous list of
/// hashes, and reads the ids themselves only where hashes are equal, which keeps a lookup
/// among ten million ids to a few cache misses. Thirty-two bits keep the index at eight
/// bytes a row; the few ids that share a hash are told apart by their text.
fn hash(id: &str) -> u32 {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // The high half folded into the low one: the low 32 bits are kept.
    #[allow(clippy::cast_possible_truncation)]
    let folded = (h ^ (h >> 32)) as u32;
    folded
}

/// Rows found by id: `hash << 32 | row`, sorted (by hash, then row).
#[derive(Default)]
struct Index(Vec<u64>);

/// The hash and the row of an index entry.
fn entry(e: u64) -> (u32, u32) {
    // The high 32 bits are the hash, the low 32 the row.
    #[allow(clippy::cast_possible_truncation)]
    let parts = ((e >> 32) as u32, e as u32);
    parts
}

/// The index of `ids`, and the rows that repeat an earlier id, each with the first row of
/// that id, in row order.
fn sorted_index(ids: &Ids) -> (Index, Vec<(u32, u32)>) {
    // One sort of packed (hash, row) keys: the batch path's one sorting code.
    let mut packed: Vec<u128> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (u128::from(hash(id)) << 32) | u128::from(row_u32(i)))
        .collect();
    crate::io::sort::sort_u128(&mut packed);
    // Each key fits 64 bits.
    #[allow(clippy::cast_possible_truncation)]
    let index: Vec<u64> = packed.iter().map(|&p| p as u64).collect();
    drop(packed);
    // Within a run of one hash (one row, but for a repeated id or a collision), each row
    // whose id an earlier row of the run has repeats the first such row.
    let mut repeats: Vec<u128> = Vec::new();
    let mut start = 0;
    while let Some(&e) = index.get(start) {
        let h = entry(e).0;
        let end = index.get(start..).map_or(start, |rest| {
            start.saturating_add(rest.iter().take_while(|k| entry(**k).0 == h).count())
        });
        let run = index.get(start..end).unwrap_or_default();
        for (k, &e) in run.iter().enumerate() {
            let r = entry(e).1;
            let earlier = run.get(..k).unwrap_or_default();
            let same = earlier
                .iter()
                .map(|f| entry(*f).1)
                .find(|f| text(ids, *f) == text(ids, r));
            if let Some(first) = same {
                repeats.push((u128::from(r) << 32) | u128::from(first));
            }
        }
        start = end.max(start.saturating_add(1));
    }
    crate::io::sort::sort_u128(&mut repeats);
    #[allow(clippy::cast_possible_truncation)]
    let repeats = repeats
        .iter()
        .map(|&p| ((p >> 32) as u32, p as u32))
        .collect();
    (Index(index), repeats)
}

/// The row whose id is `id` (the first of equal ids).
fn find(index: &Index, ids: &Ids, id: &str) -> Option<u32> {
    let h = hash(id);
    let i = index.0.partition_point(|k| entry(*k).0 < h);
    index
        .0
        .get(i..)
        .unwrap_or_default()
        .iter()
        .map(|k| entry(*k))
        .take_while(|(k, _)| *k == h)
        .map(|(_, r)| r)
        .find(|r| text(ids, *r) == id)
}

fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Member => 0,
        Kind::Product => 1,
        Kind::Order => 2,
        Kind::Line => 3,
        Kind::Refund => 4,
    }
}

/// Most rows of each kind a [`Builder`] takes. [`Limits::BUILD`] is this build's; a caller
/// may set lower ones (a server reading uploads, a test).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Members.
    pub members: usize,
    /// Product rows (SKUs).
    pub sku_rows: usize,
    /// Orders.
    pub orders: usize,
    /// Order lines.
    pub lines: usize,
    /// Refunds.
    pub refunds: usize,
}

impl Limits {
    /// This build's limits (docs/DATASET.md, "Limits").
    pub const BUILD: Limits = Limits {
        members: MAX_MEMBERS,
        sku_rows: MAX_SKU_ROWS,
        orders: MAX_ORDERS,
        lines: MAX_ORDER_LINES,
        refunds: MAX_DATASET_REFUNDS,
    };

    /// Every kind's rows together: what an NDJSON file may hold before it is sorted by kind.
    pub fn total(&self) -> usize {
        self.members
            .saturating_add(self.sku_rows)
            .saturating_add(self.orders)
            .saturating_add(self.lines)
            .saturating_add(self.refunds)
    }

    fn of(&self, kind: Kind) -> (usize, &'static str) {
        match kind {
            Kind::Member => (self.members, "members"),
            Kind::Product => (self.sku_rows, "product rows"),
            Kind::Order => (self.orders, "orders"),
            Kind::Line => (self.lines, "order lines"),
            Kind::Refund => (self.refunds, "refunds"),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::BUILD
    }
}

impl Builder {
    /// An empty builder with this build's limits.
    pub fn new() -> Self {
        Self::with_limits(Limits::BUILD)
    }

    /// An empty builder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Builder {
            limits,
            data: Dataset::default(),
            phase: Phase::Members,
            parent_ids: Vec::new(),
            member_index: Index::default(),
            tier_index: BTreeMap::new(),
            product_index: BTreeMap::new(),
            product_skus: Vec::new(),
            product_first_row: Vec::new(),
            order_index: Index::default(),
            order_bad: Vec::new(),
            last_order: NONE,
            pending: PendingLines::default(),
            line_input: Vec::new(),
            refunded_lines: HashMap::default(),
            refunded_orders: HashMap::default(),
            given: [0; 5],
            any_bad: false,
            stopped: false,
        }
    }

    /// True once a row past a limit was refused: the reader should stop reading.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Takes the next row of `kind`: runs the checks of the kinds before it, counts it and
    /// checks the build's limit. `None` when the row is past the limit (then nothing more is
    /// taken). `bad` marks a row with a bad field.
    fn next(
        &mut self,
        kind: Kind,
        bad: bool,
        loc: &dyn Locate,
        errs: &mut Errors,
    ) -> Option<usize> {
        let phase = match kind {
            Kind::Member => Phase::Members,
            Kind::Product => Phase::Products,
            Kind::Order => Phase::Orders,
            Kind::Line => Phase::Lines,
            Kind::Refund => Phase::Refunds,
        };
        self.enter(phase, loc, errs);
        if self.stopped || self.phase != phase {
            return None;
        }
        let slot = kind_slot(kind);
        let row = self.given.get(slot).copied().unwrap_or(usize::MAX);
        let (max, what) = self.limits.of(kind);
        if row >= max {
            errs.push(err(
                ErrorCode::TooMany,
                loc.path(kind, row, Field::Row),
                format!(
                    "more than {max} {what}; the limit of this build is {max} (docs/DATASET.md)"
                ),
            ));
            self.stopped = true;
            return None;
        }
        if let Some(g) = self.given.get_mut(slot) {
            *g = row.saturating_add(1);
        }
        self.any_bad |= bad;
        Some(row)
    }

    /// Runs the checks of every phase before `to`.
    fn enter(&mut self, to: Phase, loc: &dyn Locate, errs: &mut Errors) {
        while self.phase < to && !self.stopped {
            match self.phase {
                Phase::Members => {
                    self.end_members(loc, errs);
                    self.phase = Phase::Products;
                }
                Phase::Products => {
                    self.product_index_done();
                    self.phase = Phase::Orders;
                }
                Phase::Orders => {
                    self.end_orders(loc, errs);
                    self.phase = Phase::Lines;
                }
                Phase::Lines => {
                    self.end_lines(loc, errs);
                    self.phase = Phase::Refunds;
                }
                Phase::Refunds => {
                    self.end_refunds(loc, errs);
                    self.phase = Phase::Done;
                }
                Phase::Done => break,
            }
        }
    }

    /// Adds a member. `bad`: one of its fields was refused by the reader.
    pub fn member(&mut self, r: MemberRow, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
        let Some(row) = self.next(Kind::Member, bad, loc, errs) else {
            return;
        };
        let m = &mut self.data.members;
        let tier = match r.tier {
            None => NONE,
            Some(t) => {
                let next = row_u32(m.tier_names.len());
                match self.tier_index.get(&t) {
                    Some(i) => *i,
                    None => {
                        m.tier_names.push(t.clone());
                        self.tier_index.insert(t, next);
                        next
                    }
                }
            }
        };
        if let Err(e) = keep(&mut m.id, &r.id, || loc.path(Kind::Member, row, Field::Id)) {
            errs.push(e);
            self.stopped = true;
        }
        m.parent.push(NONE);
        m.tier.push(tier);
        m.status.push(r.status);
        m.joined_at.push(r.joined_at);
        self.parent_ids.push(r.parent);
    }

    /// Members done: unique ids, parents that exist, no cycles.
    fn end_members(&mut self, loc: &dyn Locate, errs: &mut Errors) {
        let ids = &self.data.members.id;
        let (index, repeats) = sorted_index(ids);
        for (r, first) in repeats {
            errs.push(duplicate(
                loc,
                Kind::Member,
                r,
                first,
                "member",
                text(ids, r),
            ));
        }
        let mut parents = Vec::with_capacity(ids.len());
        for (row, p) in std::mem::take(&mut self.parent_ids).into_iter().enumerate() {
            let resolved = match p {
                None => NONE,
                Some(p) => find(&index, ids, &p).unwrap_or_else(|| {
                    errs.push(err(
                        ErrorCode::UnknownReference,
                        loc.path(Kind::Member, row, Field::ParentId),
                        format!("parent `{p}` is not a member of this dataset"),
                    ));
                    NONE
                }),
            };
            parents.push(resolved);
        }
        self.data.members.parent = parents;
        self.member_index = index;
        self.check_cycles(loc, errs);
    }

    /// Each cycle of parents is reported once, at its earliest row.
    fn check_cycles(&self, loc: &dyn Locate, errs: &mut Errors) {
        let parent = &self.data.members.parent;
        let ids = &self.data.members.id;
        // The walk that first met each member (NONE: not yet met).
        let mut seen = vec![NONE; parent.len()];
        let mut cycles: Vec<u32> = Vec::new();
        for start in 0..parent.len() {
            let s = row_u32(start);
            let mut m = s;
            while m != NONE && at(&seen, m, s) == NONE {
                if let Some(slot) = usize::try_from(m).ok().and_then(|i| seen.get_mut(i)) {
                    *slot = s;
                }
                m = at(parent, m, NONE);
            }
            if m != NONE && at(&seen, m, NONE) == s {
                // `m` is on a cycle met first in this walk: name it by its earliest row.
                let mut lowest = m;
                let mut c = at(parent, m, NONE);
                while c != m && c != NONE {
                    lowest = lowest.min(c);
                    c = at(parent, c, NONE);
                }
                cycles.push(lowest);
            }
        }
        crate::io::sort::sort_u32(&mut cycles);
        for first in cycles {
            let mut names = vec![text(ids, first).to_owned()];
            let mut c = at(parent, first, NONE);
            while c != first && c != NONE && names.len() < 6 {
                names.push(text(ids, c).to_owned());
                c = at(parent, c, NONE);
            }
            names.push(if c == first {
                text(ids, first).to_owned()
            } else {
                "…".to_owned()
            });
            errs.push(err(
                ErrorCode::Inconsistent,
                loc.path(
                    Kind::Member,
                    usize::try_from(first).unwrap_or(0),
                    Field::ParentId,
                ),
                format!("the parents form a cycle: {}", names.join(" → ")),
            ));
        }
    }

    /// Adds one product row: a SKU of a product, or a product without SKUs.
    pub fn sku(&mut self, r: SkuRow, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
        let Some(row) = self.next(Kind::Product, bad, loc, errs) else {
            return;
        };
        let p = &mut self.data.products;
        let product = match self.product_index.get(&r.product_id) {
            Some(i) => *i,
            None => {
                let i = row_u32(p.id.len());
                if let Err(e) = keep(&mut p.id, &r.product_id, || {
                    loc.path(Kind::Product, row, Field::ProductId)
                }) {
                    errs.push(e);
                    self.stopped = true;
                    return;
                }
                p.name.push(r.name.clone());
                self.product_index.insert(r.product_id.clone(), i);
                self.product_skus.push(Vec::new());
                self.product_first_row.push(row_u32(row));
                i
            }
        };
        let first_row = at(&self.product_first_row, product, 0);
        if name_of(&p.name, product) != r.name {
            errs.push(err(
                ErrorCode::Inconsistent,
                loc.path(Kind::Product, row, Field::Name),
                format!(
                    "product `{}` is named `{}` on its first row ({}); each of its rows gives the same name",
                    r.product_id,
                    name_of(&p.name, product),
                    loc.path(Kind::Product, usize::try_from(first_row).unwrap_or(0), Field::Name)
                ),
            ));
        }
        let sku_id = r.sku_id.unwrap_or_default();
        let skus = usize::try_from(product)
            .ok()
            .and_then(|i| self.product_skus.get_mut(i));
        let Some(skus) = skus else { return };
        if let Some((code, message)) = sku_problem(p, skus, &sku_id, &r.product_id) {
            errs.push(err(
                code,
                loc.path(Kind::Product, row, Field::SkuId),
                message,
            ));
            return;
        }
        if let Err(e) = keep(&mut p.sku_id, &sku_id, || {
            loc.path(Kind::Product, row, Field::SkuId)
        }) {
            errs.push(e);
            self.stopped = true;
            return;
        }
        skus.push(row_u32(p.sku_id.len().saturating_sub(1)));
        p.sku_product.push(product);
        p.sku_price.push(r.price);
        p.sku_cost.push(r.cost.unwrap_or(NO_COST));
    }

    fn product_index_done(&mut self) {
        self.product_first_row = Vec::new();
    }

    /// Adds an order (its lines come later, in [`Builder::line`]).
    pub fn order(&mut self, r: OrderRow, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
        let Some(row) = self.next(Kind::Order, bad, loc, errs) else {
            return;
        };
        let buyer =
            find(&self.member_index, &self.data.members.id, &r.buyer).unwrap_or_else(|| {
                errs.push(err(
                    ErrorCode::UnknownReference,
                    loc.path(Kind::Order, row, Field::BuyerId),
                    format!("buyer `{}` is not a member of this dataset", r.buyer),
                ));
                NONE
            });
        let mut bad = bad || buyer == NONE;
        if let Some(c) = r.completed_at {
            if c < r.paid_at {
                errs.push(err(
                    ErrorCode::Inconsistent,
                    loc.path(Kind::Order, row, Field::CompletedAt),
                    format!("completed at {c}, before it was paid at {}", r.paid_at),
                ));
                bad = true;
            }
        }
        let o = &mut self.data.orders;
        if let Err(e) = keep(&mut o.id, &r.id, || loc.path(Kind::Order, row, Field::Id)) {
            errs.push(e);
            self.stopped = true;
        }
        o.paid_at.push(r.paid_at);
        o.completed_at.push(r.completed_at);
        o.buyer.push(buyer);
        o.discount.push(r.discount);
        o.shipping.push(r.shipping);
        self.order_bad.push(bad);
    }

    fn end_orders(&mut self, loc: &dyn Locate, errs: &mut Errors) {
        let ids = &self.data.orders.id;
        let (index, repeats) = sorted_index(ids);
        for (r, first) in repeats {
            errs.push(duplicate(loc, Kind::Order, r, first, "order", text(ids, r)));
        }
        self.order_index = index;
    }

    /// Adds an order line; its order, product and SKU must have been given.
    pub fn line(&mut self, r: LineRow, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
        let Some(row) = self.next(Kind::Line, bad, loc, errs) else {
            return;
        };
        // The id first: every pending line has one, in input order.
        if let Err(e) = keep(&mut self.pending.id, &r.line_id, || {
            loc.path(Kind::Line, row, Field::LineId)
        }) {
            errs.push(e);
            self.stopped = true;
        }
        // Lines usually come grouped by order, in order: the last order or the next one.
        let ids = &self.data.orders.id;
        let order = [self.last_order, self.last_order.saturating_add(1)]
            .into_iter()
            .find(|o| *o != NONE && text(ids, *o) == r.order_id)
            .or_else(|| find(&self.order_index, ids, &r.order_id));
        let Some(order) = order else {
            errs.push(err(
                ErrorCode::UnknownReference,
                loc.path(Kind::Line, row, Field::OrderId),
                format!("order `{}` is not an order of this dataset", r.order_id),
            ));
            self.pending_line(NONE, r, NONE, NONE, None);
            return;
        };
        self.last_order = order;
        let (product, sku, sku_cost) = self.line_product(&r, row, loc, errs);
        if bad || product == NONE {
            if let Some(b) = usize::try_from(order)
                .ok()
                .and_then(|i| self.order_bad.get_mut(i))
            {
                *b = true;
            }
        }
        self.pending_line(order, r, product, sku, sku_cost);
    }

    /// The line's product row, SKU row (`NONE` for a product without SKUs) and the SKU's
    /// cost; the product is `NONE` when it or its SKU is unknown.
    fn line_product(
        &self,
        r: &LineRow,
        row: usize,
        loc: &dyn Locate,
        errs: &mut Errors,
    ) -> (u32, u32, Option<i64>) {
        let p = &self.data.products;
        let Some(&product) = self.product_index.get(&r.product_id) else {
            errs.push(err(
                ErrorCode::UnknownReference,
                loc.path(Kind::Line, row, Field::ProductId),
                format!("product `{}` is not in products", r.product_id),
            ));
            return (NONE, NONE, None);
        };
        let skus = usize::try_from(product)
            .ok()
            .and_then(|i| self.product_skus.get(i))
            .map_or(&[][..], Vec::as_slice);
        let wanted = r.sku_id.as_deref().unwrap_or("");
        let found = skus.iter().copied().find(|s| text(&p.sku_id, *s) == wanted);
        let Some(sku) = found else {
            let message = match &r.sku_id {
                None => format!("product `{}` has SKUs: the line names one", r.product_id),
                Some(s) if skus.iter().any(|k| text(&p.sku_id, *k).is_empty()) => {
                    format!(
                        "product `{}` has no SKUs, so the line names none (found `{s}`)",
                        r.product_id
                    )
                }
                Some(s) => format!("`{s}` is not a SKU of product `{}`", r.product_id),
            };
            let code = if r.sku_id.is_none() {
                ErrorCode::MissingField
            } else {
                ErrorCode::UnknownReference
            };
            errs.push(err(code, loc.path(Kind::Line, row, Field::SkuId), message));
            return (NONE, NONE, None);
        };
        let cost = Some(at(&p.sku_cost, sku, NO_COST)).filter(|c| *c != NO_COST);
        let sku = if wanted.is_empty() { NONE } else { sku };
        (product, sku, cost)
    }

    fn pending_line(
        &mut self,
        order: u32,
        r: LineRow,
        product: u32,
        sku: u32,
        sku_cost: Option<i64>,
    ) {
        let l = &mut self.pending;
        l.order.push(order);
        l.product.push(product);
        l.sku.push(sku);
        l.unit_price.push(r.unit_price);
        l.quantity.push(r.quantity);
        l.cost.push(r.cost.or(sku_cost).unwrap_or(NO_COST));
    }

    /// Lines done: grouped by order (input order within an order), each order with at least
    /// one line and at most the single-order limit, line ids unique within their order, and
    /// the discounts within the order's list-price total; each line's paid amount is kept
    /// for the refunds' checks.
    fn end_lines(&mut self, loc: &dyn Locate, errs: &mut Errors) {
        let pending = std::mem::take(&mut self.pending);
        let orders = self.data.orders.id.len();
        // Counting sort by order: lines of unknown orders are left out.
        let mut starts = vec![0u32; orders.saturating_add(1)];
        for &o in &pending.order {
            if let Some(c) = usize::try_from(o)
                .ok()
                .and_then(|o| starts.get_mut(o.saturating_add(1)))
            {
                *c = c.saturating_add(1);
            }
        }
        for i in 1..starts.len() {
            let prev = starts.get(i.saturating_sub(1)).copied().unwrap_or(0);
            if let Some(c) = starts.get_mut(i) {
                *c = c.saturating_add(prev);
            }
        }
        // Lines given grouped by order, orders in order (as files and the generator give
        // them), are in place already: no input map, no copy.
        let grouped = pending.order.iter().all(|&o| o != NONE)
            && pending
                .order
                .windows(2)
                .all(|w| matches!(w, [a, b] if a <= b));
        let input = if grouped {
            Vec::new()
        } else {
            input_rows(&pending.order, &starts)
        };
        self.place_lines(pending, (!grouped).then_some(input.as_slice()));
        starts.pop();
        self.data.orders.line_start = starts;
        self.line_input = input;
        for o in 0..orders {
            self.check_order_lines(o, loc, errs);
        }
        self.paid_amounts(loc, errs);
    }

    /// Moves the pending lines into the line columns in `input` order. Lines that came
    /// grouped by order already (as files and the generator give them) are moved whole, not
    /// copied: ten million orders' lines are held once, not twice.
    fn place_lines(&mut self, p: PendingLines, input: Option<&[u32]>) {
        let o = &mut self.data.orders;
        let Some(input) = input else {
            o.line_id = p.id;
            o.line_product = p.product;
            o.line_sku = p.sku;
            o.line_unit_price = p.unit_price;
            o.line_quantity = p.quantity;
            o.line_cost = p.cost;
            return;
        };
        let n = input.len();
        o.line_id = Ids::new();
        o.line_id.reserve(n, p.id.iter().map(str::len).sum());
        o.line_product = Vec::with_capacity(n);
        o.line_sku = Vec::with_capacity(n);
        o.line_unit_price = Vec::with_capacity(n);
        o.line_quantity = Vec::with_capacity(n);
        o.line_cost = Vec::with_capacity(n);
        for &r in input {
            let Some(id) = usize::try_from(r).ok().and_then(|i| p.id.get(i)) else {
                continue;
            };
            // The same ids as the pending column's, so they fit as they did there.
            o.line_id.push(id);
            o.line_product.push(at(&p.product, r, NONE));
            o.line_sku.push(at(&p.sku, r, NONE));
            o.line_unit_price.push(at(&p.unit_price, r, 0));
            o.line_quantity.push(at(&p.quantity, r, 0));
            o.line_cost.push(at(&p.cost, r, NO_COST));
        }
    }

    /// Line `l`'s row among the lines as given.
    fn input_row(&self, l: u32) -> usize {
        let r = if self.line_input.is_empty() {
            l
        } else {
            at(&self.line_input, l, 0)
        };
        usize::try_from(r).unwrap_or(0)
    }

    /// The rows of order `o`'s lines.
    fn lines_of(&self, o: usize) -> std::ops::Range<usize> {
        self.data.orders.lines_of(o)
    }

    fn check_order_lines(&mut self, o: usize, loc: &dyn Locate, errs: &mut Errors) {
        let range = self.lines_of(o);
        let n = range.len();
        if n == 0 {
            errs.push(err(
                ErrorCode::InvalidValue,
                loc.path(Kind::Order, o, Field::Row),
                format!(
                    "order `{}` has no lines; an order has at least one",
                    text(&self.data.orders.id, row_u32(o))
                ),
            ));
            return;
        }
        let first_input = |i: usize| self.input_row(row_u32(i));
        if n > MAX_LINES {
            errs.push(err(
                ErrorCode::TooMany,
                loc.path(
                    Kind::Line,
                    first_input(range.start.saturating_add(MAX_LINES)),
                    Field::Row,
                ),
                format!(
                    "order `{}` has {n} lines; the limit is {MAX_LINES}",
                    text(&self.data.orders.id, row_u32(o))
                ),
            ));
            return;
        }
        let ids = &self.data.orders.line_id;
        if ids.is_rows() {
            // Implicit ids (integer columns) are the rows themselves: unique.
            return;
        }
        let rows: Vec<usize> = range.collect();
        let at = |k: usize| rows.get(k).copied().unwrap_or(0);
        let by_id: Vec<usize> = crate::io::sort::order(rows.len(), &|a, b| {
            text(ids, row_u32(at(a)))
                .cmp(text(ids, row_u32(at(b))))
                .then(first_input(at(a)).cmp(&first_input(at(b))))
        })
        .into_iter()
        .map(at)
        .collect();
        // (the repeat's input row, the first's input row, the repeat's line row)
        let found: Vec<(usize, usize, u32)> = by_id
            .windows(2)
            .filter_map(|w| match w {
                [a, b] if text(ids, row_u32(*a)) == text(ids, row_u32(*b)) => {
                    Some((first_input(*b), first_input(*a), row_u32(*b)))
                }
                _ => None,
            })
            .collect();
        let dups = crate::io::sort::order(found.len(), &|x, y| found.get(x).cmp(&found.get(y)));
        for (r, first, line) in dups.into_iter().filter_map(|k| found.get(k).copied()) {
            errs.push(err(
                ErrorCode::Duplicate,
                loc.path(Kind::Line, r, Field::LineId),
                format!(
                    "order `{}` has line `{}` twice (first at {})",
                    text(&self.data.orders.id, row_u32(o)),
                    text(ids, line),
                    loc.path(Kind::Line, first, Field::LineId)
                ),
            ));
        }
    }
}

/// The checks across rows for a dataset given as integer columns (`batch::columns`), whose
/// rows and references were checked there: the same rules, run by the same code, as for
/// rows given one by one — parents without cycles, each order with one to the single-order
/// limit of lines, each discount within its order's total — less the uniqueness of ids,
/// which implicit ids have by construction. `order_bad`: orders with a refused value, left
/// out of the money checks as a reader's bad rows are.
pub(crate) fn check_columns(
    data: Dataset,
    order_bad: Vec<bool>,
    loc: &dyn Locate,
    errs: &mut Errors,
) -> Dataset {
    let mut b = Builder::new();
    b.data = data;
    b.order_bad = order_bad;
    b.phase = Phase::Done;
    b.check_cycles(loc, errs);
    for o in 0..b.data.orders.id.len() {
        b.check_order_lines(o, loc, errs);
    }
    b.paid_amounts(loc, errs);
    b.data
}

/// Each grouped line's input row: a counting sort of the lines by `order` (`starts`: each
/// order's first grouped row). Lines of unknown orders are left out.
fn input_rows(order: &[u32], starts: &[u32]) -> Vec<u32> {
    let mut next = starts.to_vec();
    let total = usize::try_from(starts.last().copied().unwrap_or(0)).unwrap_or(0);
    let mut input = vec![NONE; total];
    for (row, &o) in order.iter().enumerate() {
        let Some(slot) = usize::try_from(o).ok().and_then(|o| next.get_mut(o)) else {
            continue;
        };
        if let Some(d) = usize::try_from(*slot).ok().and_then(|s| input.get_mut(s)) {
            *d = row_u32(row);
        }
        *slot = slot.saturating_add(1);
    }
    input
}

/// Why SKU `sku_id` cannot join its product's `skus`: given twice, mixed with the row of a
/// product without SKUs, or one too many.
fn sku_problem(
    p: &super::dataset::Products,
    skus: &[u32],
    sku_id: &str,
    product_id: &str,
) -> Option<(ErrorCode, String)> {
    let clash = skus
        .iter()
        .map(|s| text(&p.sku_id, *s))
        .find(|s| s.is_empty() || sku_id.is_empty() || *s == sku_id);
    match clash {
        Some(other) if other == sku_id => Some((
            ErrorCode::Duplicate,
            format!("product `{product_id}` lists SKU `{sku_id}` twice"),
        )),
        Some(_) => Some((
            ErrorCode::Inconsistent,
            format!("product `{product_id}` has SKUs, so each of its rows names one (an empty `skuId` is a product without SKUs, on one row)"),
        )),
        None if skus.len() >= MAX_SKUS => Some((
            ErrorCode::TooMany,
            format!("product `{product_id}` has more than {MAX_SKUS} SKUs"),
        )),
        None => None,
    }
}

fn duplicate(loc: &dyn Locate, kind: Kind, row: u32, first: u32, what: &str, id: &str) -> Error {
    let row = usize::try_from(row).unwrap_or(0);
    let first = usize::try_from(first).unwrap_or(0);
    err(
        ErrorCode::Duplicate,
        loc.path(kind, row, Field::Id),
        format!(
            "{what} `{id}` appears twice (first at {})",
            loc.path(kind, first, Field::Id)
        ),
    )
}

/// Money helpers for the checks across rows.
fn money_text(fen: i64) -> String {
    Money::from_fen(fen).to_string()
}

/// Adds `a` fen refunded to `slot`, at most `paid`.
fn take_money(
    slot: Option<&mut i64>,
    a: i64,
    paid: i64,
    what: &str,
    of: &str,
    at: &dyn Fn(Field) -> Path,
) -> Option<Error> {
    let done = slot?;
    let total = done.saturating_add(a);
    if total > paid {
        return Some(err(
            ErrorCode::Inconsistent,
            at(Field::Amount),
            format!(
                "{what} would total {}, more than {of} {}",
                money_text(total),
                money_text(paid)
            ),
        ));
    }
    *done = total;
    None
}

impl Builder {
    /// Each order's discount within its list-price total and prorated over its lines as the
    /// single-order API does; an order whose figures do not hold is marked bad. The paid
    /// amounts are worked out again for the orders a refund names (a few in a hundred) rather
    /// than kept for every line of ten million orders.
    fn paid_amounts(&mut self, loc: &dyn Locate, errs: &mut Errors) {
        for o in 0..self.data.orders.id.len() {
            if self.order_bad.get(o).copied().unwrap_or(true) {
                continue;
            }
            if let Err(e) = self
                .gross_of(o, loc)
                .and_then(|gross| self.discount_within(o, gross, loc))
            {
                errs.push(e);
                self.mark_bad(o);
            }
        }
    }

    /// Order `o`'s list-price total, or an `overflow` error; as [`Builder::order_amounts`]
    /// without keeping each line's.
    fn gross_of(&self, o: usize, loc: &dyn Locate) -> Result<Money, Error> {
        let o_ = &self.data.orders;
        let mut gross: i64 = 0;
        for i in self.lines_of(o) {
            let unit = o_.line_unit_price.get(i).copied().unwrap_or(0);
            let q = o_.line_quantity.get(i).copied().unwrap_or(0);
            let Some(a) = i64::try_from(q).ok().and_then(|q| unit.checked_mul(q)) else {
                return Err(Error::overflow(
                    loc.path(Kind::Line, self.input_row(row_u32(i)), Field::Quantity),
                    "unit price × quantity",
                ));
            };
            gross = gross.checked_add(a).ok_or_else(|| {
                Error::overflow(loc.path(Kind::Order, o, Field::Row), "the order total")
            })?;
        }
        Ok(Money::from_fen(gross))
    }

    /// Order `o`'s discount is at most its list-price total `gross`. (Spread over the lines
    /// by largest remainder it then always fits: each share is at most its line's amount.)
    fn discount_within(&self, o: usize, gross: Money, loc: &dyn Locate) -> Result<(), Error> {
        let discount = Money::from_fen(self.data.orders.discount.get(o).copied().unwrap_or(0));
        if discount > gross {
            return Err(err(
                ErrorCode::Inconsistent,
                loc.path(Kind::Order, o, Field::Discount),
                format!("the discount {discount} is more than the order's {gross} at list price"),
            ));
        }
        Ok(())
    }

    /// Order `o`'s paid amount per line (its lines in row order) and in all.
    fn paid_of(&self, o: usize, loc: &dyn Locate) -> Result<(Vec<i64>, i64), Error> {
        let (amounts, gross) = self.order_amounts(o, loc)?;
        self.discount_within(o, gross, loc)?;
        let discount = Money::from_fen(self.data.orders.discount.get(o).copied().unwrap_or(0));
        // The path is written only for an error.
        let shares = crate::payout::order::prorate(discount, &amounts, &Path::root())
            .map_err(|e| err(e.code, loc.path(Kind::Order, o, Field::Discount), e.message))?;
        let lines = amounts
            .iter()
            .zip(shares)
            .map(|(a, s)| a.fen().saturating_sub(s.fen()))
            .collect();
        Ok((lines, gross.fen().saturating_sub(discount.fen())))
    }

    /// Line `li`'s paid amount (a line of order `o`, whose figures hold).
    fn line_paid(&self, o: usize, li: usize, loc: &dyn Locate) -> i64 {
        let first = self.lines_of(o).start;
        self.paid_of(o, loc)
            .ok()
            .and_then(|(lines, _)| lines.get(li.checked_sub(first)?).copied())
            .unwrap_or(0)
    }

    /// Order `o`'s line amounts at list price and their total, or an `overflow` error.
    fn order_amounts(&self, o: usize, loc: &dyn Locate) -> Result<(Vec<Money>, Money), Error> {
        let range = self.lines_of(o);
        let mut amounts = Vec::with_capacity(range.len());
        let mut gross: i64 = 0;
        for i in range {
            let l = row_u32(i);
            let unit = at(&self.data.orders.line_unit_price, l, 0);
            let q = i64::try_from(at(&self.data.orders.line_quantity, l, 0)).unwrap_or(i64::MAX);
            let Some(a) = unit.checked_mul(q) else {
                let input = self.input_row(l);
                return Err(Error::overflow(
                    loc.path(Kind::Line, input, Field::Quantity),
                    "unit price × quantity",
                ));
            };
            gross = gross.checked_add(a).ok_or_else(|| {
                Error::overflow(loc.path(Kind::Order, o, Field::Row), "the order total")
            })?;
            amounts.push(Money::from_fen(a));
        }
        Ok((amounts, Money::from_fen(gross)))
    }

    fn mark_bad(&mut self, o: usize) {
        if let Some(b) = self.order_bad.get_mut(o) {
            *b = true;
        }
    }

    /// Adds a refund; its order (and line) must have been given.
    pub fn refund(&mut self, r: RefundRow, bad: bool, loc: &dyn Locate, errs: &mut Errors) {
        let Some(row) = self.next(Kind::Refund, bad, loc, errs) else {
            return;
        };
        let order = find(&self.order_index, &self.data.orders.id, &r.order_id);
        let Some(order) = order else {
            errs.push(err(
                ErrorCode::UnknownReference,
                loc.path(Kind::Refund, row, Field::OrderId),
                format!("order `{}` is not an order of this dataset", r.order_id),
            ));
            self.push_refund(r, NONE, NONE);
            return;
        };
        let o = usize::try_from(order).unwrap_or(usize::MAX);
        let line = match &r.line_id {
            None => NONE,
            Some(l) => {
                let found = self
                    .lines_of(o)
                    .map(row_u32)
                    .find(|i| text(&self.data.orders.line_id, *i) == l);
                match found {
                    Some(i) => i,
                    None => {
                        errs.push(err(
                            ErrorCode::UnknownReference,
                            loc.path(Kind::Refund, row, Field::LineId),
                            format!("`{l}` is not a line of order `{}`", r.order_id),
                        ));
                        self.push_refund(r, order, NONE);
                        return;
                    }
                }
            }
        };
        self.check_refund(&r, o, line, row, bad, loc, errs);
        self.push_refund(r, order, line);
    }

    #[allow(clippy::too_many_arguments)]
    /// A refund's time and its order's count of refunds, then what it takes: units of a
    /// line, money of a line or money of the order, each within what was sold or paid.
    #[allow(clippy::too_many_arguments)]
    fn check_refund(
        &mut self,
        r: &RefundRow,
        o: usize,
        line: u32,
        row: usize,
        bad: bool,
        loc: &dyn Locate,
        errs: &mut Errors,
    ) {
        let paid_at = self.data.orders.paid_at.get(o).copied();
        if paid_at.is_some_and(|p| r.at < p) {
            errs.push(err(
                ErrorCode::Inconsistent,
                loc.path(Kind::Refund, row, Field::At),
                format!(
                    "refunded at {}, before order `{}` was paid",
                    r.at, r.order_id
                ),
            ));
        }
        if o < self.data.orders.id.len() {
            let n = &mut self.refunded_orders.entry(o).or_default().count;
            *n = n.saturating_add(1);
            if usize::try_from(*n).unwrap_or(usize::MAX) == MAX_REFUNDS.saturating_add(1) {
                errs.push(err(
                    ErrorCode::TooMany,
                    loc.path(Kind::Refund, row, Field::Row),
                    format!("order `{}` has more than {MAX_REFUNDS} refunds", r.order_id),
                ));
            }
        }
        // Amounts are checked against what was paid only when the order's figures are sound.
        let sound = !bad && !self.order_bad.get(o).copied().unwrap_or(true);
        let li = usize::try_from(line).ok().filter(|_| line != NONE);
        let at = |f| loc.path(Kind::Refund, row, f);
        let problem = match (li, r.quantity, r.amount) {
            (Some(li), Some(q), None) => self.take_units(li, q, &at),
            (Some(li), None, Some(a)) if sound => {
                let paid = self.line_paid(o, li, loc);
                let line_id = r.line_id.as_deref().unwrap_or("");
                let what = format!("refunds on line `{line_id}`");
                take_money(
                    Some(&mut self.refunded_lines.entry(li).or_default().money),
                    a,
                    paid,
                    &what,
                    "its paid amount",
                    &at,
                )
            }
            (None, None, Some(a)) if sound => {
                let paid = self.paid_of(o, loc).map_or(0, |(_, total)| total);
                let slot = Some(&mut self.refunded_orders.entry(o).or_default().money);
                take_money(
                    slot,
                    a,
                    paid,
                    "order-level refunds",
                    "the order's paid amount",
                    &at,
                )
            }
            (Some(_), None, Some(_)) | (None, None, Some(_)) => None,
            _ if bad => None,
            _ => Some(err(
                ErrorCode::Inconsistent,
                at(Field::Row),
                "a refund is `lineId` with `quantity`, `lineId` with `amount`, or `amount` alone"
                    .to_owned(),
            )),
        };
        if let Some(e) = problem {
            errs.push(e);
        }
    }

    /// Adds `q` units refunded of line `li`, at most what was sold.
    fn take_units(&mut self, li: usize, q: u64, at: &dyn Fn(Field) -> Path) -> Option<Error> {
        let sold = self.data.orders.line_quantity.get(li).copied().unwrap_or(0);
        let done = &mut self.refunded_lines.entry(li).or_default().units;
        let total = done.saturating_add(q);
        if q == 0 || total > sold {
            return Some(err(
                ErrorCode::OutOfRange,
                at(Field::Quantity),
                format!(
                    "{q} units: the line has {} left of {sold}",
                    sold.saturating_sub(*done)
                ),
            ));
        }
        *done = total;
        None
    }

    fn push_refund(&mut self, r: RefundRow, order: u32, line: u32) {
        let f = &mut self.data.refunds;
        // Within this build's limits a refund column's ids stay far under 4 GiB.
        f.id.push(&r.id);
        f.order.push(order);
        f.line.push(line);
        f.quantity.push(r.quantity.unwrap_or(0));
        f.amount.push(r.amount.unwrap_or(NO_AMOUNT));
        f.at.push(r.at);
    }

    fn end_refunds(&mut self, loc: &dyn Locate, errs: &mut Errors) {
        let ids = &self.data.refunds.id;
        let (_, repeats) = sorted_index(ids);
        for (r, first) in repeats {
            errs.push(duplicate(
                loc,
                Kind::Refund,
                r,
                first,
                "refund",
                text(ids, r),
            ));
        }
    }

    /// Runs the checks that remain and gives the dataset, or every error found (with those
    /// the reader added to `errs`).
    pub fn finish(mut self, loc: &dyn Locate, mut errs: Errors) -> Result<Dataset, Errors> {
        self.enter(Phase::Done, loc, &mut errs);
        if errs.is_empty() && self.any_bad {
            // A reader marks a row bad only after reporting why; this is a safeguard.
            errs.push(err(
                ErrorCode::InvalidValue,
                Path::root(),
                "a row was refused".to_owned(),
            ));
        }
        errs.finish(self.data)
    }
}
