//! The reference workload: one xorshift64 stream (seed 42) draws the members, then the
//! orders, in the order the tracker's description fixes, into integer columns (members as
//! rows `0..N`, parents and buyers as rows, tiers as indices, money as fen).

/// "No parent".
pub const NONE: u32 = u32::MAX;

/// The first order's payment instant, 2026-11-01T00:00:00+08:00, in milliseconds since the
/// Unix epoch (UTC).
pub const FIRST_PAID_AT_MS: i64 = 1_793_462_400_000;

/// Order `o` is paid `o × 2.592 s` after the first one: a million orders span 30 days.
pub const ORDER_STEP_MS: i64 = 2_592;

/// The xorshift64 stream: each draw is the new state.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// The stream from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next draw.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// The shop in columns: what every kernel reads. An order's lines are the rows
/// `line_start[o] .. line_start[o + 1]` (the last order's end is `unit_price.len()`), as in
/// `fenxiao::batch::Dataset`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// Each member's parent row, or `NONE`.
    pub parent: Vec<u32>,
    /// Each member's starting tier: 0 for `t0` … 3 for `t3`.
    pub tier: Vec<u32>,
    /// Each order's buyer row.
    pub buyer: Vec<u32>,
    /// Each order's coupon as applied (at most the order's amount), fen.
    pub discount: Vec<i64>,
    /// Each order's first line row.
    pub line_start: Vec<u32>,
    /// Each order's payment instant, milliseconds since the Unix epoch.
    pub paid_at_ms: Vec<i64>,
    /// Each line's unit price, fen.
    pub unit_price: Vec<i64>,
    /// Each line's quantity.
    pub quantity: Vec<u64>,
}

impl Columns {
    /// The number of orders.
    pub fn orders(&self) -> usize {
        self.buyer.len()
    }

    /// Order `o`'s line rows.
    pub fn lines(&self, o: usize) -> std::ops::Range<usize> {
        let start = self.line_start[o] as usize;
        let end = match self.line_start.get(o + 1) {
            Some(&next) => next as usize,
            None => self.unit_price.len(),
        };
        start..end
    }
}

/// The reference workload: `members` members (100,000; 1,000,000 for the memory run), then
/// `orders` orders (1,000,000; 10,000,000), buyers drawn as `r() % members`.
pub fn generate(members: usize, orders: usize) -> Columns {
    let mut r = Rng::new(42);
    let mut c = Columns {
        parent: Vec::with_capacity(members),
        tier: Vec::with_capacity(members),
        buyer: Vec::with_capacity(orders),
        discount: Vec::with_capacity(orders),
        line_start: Vec::with_capacity(orders),
        paid_at_ms: Vec::with_capacity(orders),
        // At most three lines an order: never reallocated (untouched room is not resident).
        unit_price: Vec::with_capacity(orders * 3),
        quantity: Vec::with_capacity(orders * 3),
    };
    for i in 0..members as u64 {
        c.tier.push((r.next() % 4) as u32);
        let p = r.next();
        c.parent.push(if i == 0 || p % 10 == 0 {
            NONE
        } else {
            ((p / 10) % i) as u32
        });
    }
    for o in 0..orders as i64 {
        c.line_start.push(c.unit_price.len() as u32);
        let lines = 1 + r.next() % 3;
        let mut gross = 0i64;
        for _ in 0..lines {
            let price = 990 + (r.next() % 199_011) as i64;
            let quantity = 1 + r.next() % 5;
            gross += price * quantity as i64;
            c.unit_price.push(price);
            c.quantity.push(quantity);
        }
        let coupon = (r.next() % 2001) as i64;
        c.discount.push(coupon.min(gross));
        c.buyer.push((r.next() % members as u64) as u32);
        c.paid_at_ms.push(FIRST_PAID_AT_MS + o * ORDER_STEP_MS);
    }
    c
}
