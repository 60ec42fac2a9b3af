//! A sample shop: a month of orders (November 2026 at +08:00) for a recruiting tree of
//! members, with products priced from ¥1 to ¥2,000, coupons and refunds, and the rule set it
//! matches ([`RULES`]). The same options give the same dataset, byte for byte, natively and
//! in WebAssembly: the random numbers are the crate's own (SplitMix64), every figure is an
//! integer, and nothing depends on a hash map's order or on the width of `usize`.
//!
//! The rows go through the one checked builder, as the readers' do.

use super::build::{Builder, Field, Kind, LineRow, Locate, MemberRow, OrderRow, RefundRow, SkuRow};
use super::dataset::Dataset;
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::money::time::Timestamp;
use crate::payout::network::Status;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Members, at least 1.
    pub members: u64,
    /// Orders, at least 1.
    pub orders: u64,
    /// The seed: the same seed, the same dataset.
    pub seed: u64,
}

/// The sample rule set, matching every dataset [`sample`] makes: its tiers (`bronze`,
/// `silver`, `gold`, the members' starting tiers), +08:00, and the gift cards opted out.
pub const RULES: &str = include_str!("sample-rules.json");

/// Another rule set for the same shop, to compare with [`RULES`]: higher first-level
/// rates, a third level, gold within easier reach.
pub const CANDIDATE_RULES: &str = include_str!("sample-candidate.json");

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0), by the high half of a 128-bit product.
    fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next()).wrapping_mul(u128::from(n));
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo.saturating_add(self.below(hi.saturating_sub(lo).saturating_add(1)))
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// An index into `weights`, with probability proportional to each weight.
    fn pick(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().fold(0, |a, w| a.saturating_add(*w));
        let mut r = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r = r.saturating_sub(*w);
        }
        0
    }
}

/// Where a sample row is: the generator's rows have no file, so `sample:members:12`.
struct SampleLocs;

impl Locate for SampleLocs {
    fn path(&self, kind: Kind, row: usize, _field: Field) -> Path {
        let what = match kind {
            Kind::Member => "members",
            Kind::Product => "products",
            Kind::Order => "orders",
            Kind::Line => "lines",
            Kind::Refund => "refunds",
        };
        Path::from_written(&format!("sample:{what}:{}", row.saturating_add(1)))
    }
}

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Two and eight days, as the random range of a delivery.
const TWO_DAYS: u64 = 172_800;
const EIGHT_DAYS: u64 = 691_200;
/// 2026-11-01T00:00:00+08:00, the sample month's start.
const MONTH_START: i64 = 1_793_462_400;
/// Orders per hour of the day (+08:00), relative: quiet nights, a lunch peak, evenings busiest.
const HOURLY: [u64; 24] = [
    6, 3, 2, 1, 1, 1, 2, 5, 9, 12, 14, 18, 22, 17, 13, 12, 13, 15, 18, 24, 30, 33, 27, 14,
];
/// Products that are gift cards (1-based positions), opted out in [`RULES`].
const GIFT_CARDS: [u64; 3] = [7, 13, 19];

const ADJECTIVES: [&str; 16] = [
    "有机",
    "进口",
    "手工",
    "精选",
    "冷压",
    "低糖",
    "便携",
    "家用",
    "高山",
    "原味",
    "古法",
    "轻奢",
    "无添加",
    "特级",
    "新疆",
    "云南",
];
const NOUNS: [&str; 24] = [
    "绿茶",
    "红枣",
    "蜂蜜",
    "坚果礼盒",
    "面膜",
    "洗发水",
    "保温杯",
    "数据线",
    "牛肉干",
    "大米",
    "茶具套装",
    "蓝牙耳机",
    "护手霜",
    "咖啡豆",
    "橄榄油",
    "燕麦片",
    "羊毛围巾",
    "香薰蜡烛",
    "普洱茶饼",
    "枸杞",
    "电动牙刷",
    "瑜伽垫",
    "保湿乳液",
    "不锈钢锅",
];
const SKU_SETS: [[&str; 4]; 3] = [
    ["S", "M", "L", "XL"],
    ["250g", "500g", "1kg", "2kg"],
    ["体验装", "标准装", "家庭装", "礼盒装"],
];

/// Ids of `n` things, zero-padded to one width: `m00001`.
fn id(prefix: &str, i: u64, width: usize) -> String {
    format!("{prefix}{:0width$}", i.saturating_add(1))
}

fn width(n: u64) -> usize {
    n.to_string().len().max(4)
}

/// Generates the sample dataset.
pub fn sample(o: Options) -> Result<Dataset, Errors> {
    check(o)?;
    let mut rng = Rng(o.seed);
    let mut b = Builder::new();
    let mut errs = Errors::new();
    let joined = members(&mut rng, o.members, &mut b, &mut errs);
    let products = products(&mut rng, o.orders, &mut b, &mut errs);
    orders(&mut rng, o, &joined, &products, &mut b, &mut errs);
    b.finish(&SampleLocs, errs)
}

/// Sizes within the build's limits.
fn check(o: Options) -> Result<(), Errors> {
    let mut errs = Errors::new();
    let max = u64::try_from(super::build::MAX_ORDERS).unwrap_or(u64::MAX);
    for (name, n) in [("members", o.members), ("orders", o.orders)] {
        if n == 0 || n > max {
            errs.push(Error::new(
                ErrorCode::OutOfRange,
                Path::root().field(name),
                format!("{name}: {n} is not between 1 and {max}"),
            ));
        }
    }
    errs.finish(())
}

/// The members, joined in id order: three fifths in the 90 days before the month, the
/// rest during it. Each after the first has a parent among those before (no cycles), chosen
/// more often the more recruits they have (a heavy tail), or none (an organic sign-up).
/// Gives each member's joining time.
fn members(rng: &mut Rng, n: u64, b: &mut Builder, errs: &mut Errors) -> Vec<i64> {
    let w = width(n);
    let early = n.saturating_mul(3) / 5;
    let mut joined = Vec::new();
    // Every parent given so far, once per recruit: a draw from it favours big recruiters.
    let mut parents: Vec<u64> = Vec::new();
    for i in 0..n {
        let (start, span, k, count) = if i < early {
            (
                MONTH_START.saturating_sub(DAY.saturating_mul(90)),
                DAY.saturating_mul(90),
                i,
                early,
            )
        } else {
            (
                MONTH_START,
                DAY.saturating_mul(30),
                i.saturating_sub(early),
                n.saturating_sub(early),
            )
        };
        let slot = span / i64::try_from(count.max(1)).unwrap_or(1);
        let t = start
            .saturating_add(slot.saturating_mul(i64::try_from(k).unwrap_or(0)))
            .saturating_add(
                i64::try_from(rng.below(u64::try_from(slot).unwrap_or(1))).unwrap_or(0),
            );
        joined.push(t);
        let parent = if i == 0 || rng.chance(80) {
            None
        } else if !parents.is_empty() && rng.chance(550) {
            let k = rng.below(u64::try_from(parents.len()).unwrap_or(0));
            parents.get(usize::try_from(k).unwrap_or(0)).copied()
        } else {
            Some(rng.below(i))
        };
        if let Some(p) = parent {
            parents.push(p);
        }
        let tier = match rng.pick(&[680, 170, 120, 30]) {
            0 => Some("bronze"),
            1 => None,
            2 => Some("silver"),
            _ => Some("gold"),
        };
        let status = [
            Status::Active,
            Status::Pending,
            Status::None,
            Status::Disabled,
        ]
        .get(rng.pick(&[72, 8, 17, 3]))
        .copied()
        .unwrap_or(Status::Active);
        let row = MemberRow {
            id: id("m", i, w),
            parent: parent.map(|p| id("m", p, w)),
            tier: tier.map(str::to_owned),
            status,
            joined_at: Timestamp::from_unix(t),
        };
        b.member(row, false, &SampleLocs, errs);
    }
    joined
}

/// A product: its id, whether it is a gift card, and its SKUs (id and price).
struct Product {
    id: String,
    gift: bool,
    skus: Vec<(Option<String>, i64)>,
}

/// The products: one per 50 orders, 20 to 2,000. Prices from ¥1 to ¥2,000 in four bands;
/// about half have two to four SKUs; most have a cost.
fn products(rng: &mut Rng, orders: u64, b: &mut Builder, errs: &mut Errors) -> Vec<Product> {
    let n = (orders / 50).clamp(20, 2_000);
    let w = width(n);
    let mut out = Vec::new();
    for i in 0..n {
        let gift = GIFT_CARDS.contains(&i.saturating_add(1));
        let (name, base) = if gift {
            let face = [100u64, 200, 500]
                .get(usize::try_from(i % 3).unwrap_or(0))
                .copied()
                .unwrap_or(100);
            (format!("礼品卡 {face}元"), face.saturating_mul(100))
        } else {
            let adj = ADJECTIVES
                .get(usize::try_from(rng.below(16)).unwrap_or(0))
                .copied()
                .unwrap_or("");
            let noun = NOUNS
                .get(usize::try_from(rng.below(24)).unwrap_or(0))
                .copied()
                .unwrap_or("");
            let (lo, hi) = [(1, 19), (20, 99), (100, 499), (500, 1_999)]
                .get(rng.pick(&[30, 35, 25, 10]))
                .copied()
                .unwrap_or((1, 19));
            let cents = [0u64, 90, 99, 50]
                .get(rng.pick(&[40, 30, 20, 10]))
                .copied()
                .unwrap_or(0);
            (
                format!("{adj}{noun}"),
                rng.range(lo, hi).saturating_mul(100).saturating_add(cents),
            )
        };
        let product_id = id("p", i, w);
        let sku_names = if gift || rng.chance(450) {
            Vec::new()
        } else {
            let set = SKU_SETS
                .get(usize::try_from(rng.below(3)).unwrap_or(0))
                .copied()
                .unwrap_or(SKU_SETS[0]);
            let k = usize::try_from(rng.range(2, 4)).unwrap_or(2);
            set.iter().take(k).map(|s| Some((*s).to_owned())).collect()
        };
        let sku_names = if sku_names.is_empty() {
            vec![None]
        } else {
            sku_names
        };
        let cost_pct = if gift || rng.chance(200) {
            None
        } else {
            Some(rng.range(35, 70))
        };
        let mut skus = Vec::new();
        for (j, sku) in sku_names.into_iter().enumerate() {
            let step = u64::try_from(j)
                .unwrap_or(0)
                .saturating_mul(40)
                .saturating_add(100);
            let price = (base.saturating_mul(step) / 100 / 10)
                .saturating_mul(10)
                .clamp(100, 200_000);
            let price = i64::try_from(price).unwrap_or(100);
            let cost = cost_pct.map(|c| price.saturating_mul(i64::try_from(c).unwrap_or(50)) / 100);
            let row = SkuRow {
                product_id: product_id.clone(),
                name: name.clone(),
                sku_id: sku.clone(),
                price,
                cost,
            };
            b.sku(row, false, &SampleLocs, errs);
            skus.push((sku, price));
        }
        out.push(Product {
            id: product_id,
            gift,
            skus,
        });
    }
    out
}

/// The orders of the month, in time order, their lines, and refunds of about 5% of them.
fn orders(
    rng: &mut Rng,
    o: Options,
    joined: &[i64],
    products: &[Product],
    b: &mut Builder,
    errs: &mut Errors,
) {
    let times: Vec<i64> = (0..o.orders)
        .map(|_| {
            let day = i64::try_from(rng.below(30)).unwrap_or(0);
            let hour = i64::try_from(rng.pick(&HOURLY)).unwrap_or(0);
            let sec = i64::try_from(rng.below(3_600)).unwrap_or(0);
            MONTH_START
                .saturating_add(day.saturating_mul(DAY))
                .saturating_add(hour.saturating_mul(3_600))
                .saturating_add(sec)
        })
        .collect();
    let mut keys: Vec<u128> = times
        .iter()
        .map(|&t| crate::io::sort::signed_key(t))
        .collect();
    crate::io::sort::sort_u128(&mut keys);
    // Back from the keys: the low 64 bits with the sign bit flipped again.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let times: Vec<i64> = keys
        .iter()
        .map(|&k| ((k as u64) ^ (1 << 63)) as i64)
        .collect();
    let w = width(o.orders);
    let mut lines: Vec<LineRow> = Vec::new();
    let mut refunds: Vec<(i64, RefundRow)> = Vec::new();
    for (i, &paid) in times.iter().enumerate() {
        let order_id = id("o", u64::try_from(i).unwrap_or(0), w);
        let buyer = buyer(rng, joined, paid);
        let (order_lines, gross) = order_lines(rng, &order_id, products);
        let discount = coupon(rng, gross);
        let shipping = if gross >= 9_900 || rng.chance(400) {
            0
        } else {
            800
        };
        let completed = rng.chance(880).then(|| {
            paid.saturating_add(i64::try_from(rng.range(TWO_DAYS, EIGHT_DAYS)).unwrap_or(DAY))
        });
        if rng.chance(50) {
            refund(
                rng,
                &order_id,
                &order_lines,
                gross.saturating_sub(discount),
                paid,
                &mut refunds,
            );
        }
        b.order(
            OrderRow {
                id: order_id,
                paid_at: Timestamp::from_unix(paid),
                completed_at: completed.map(Timestamp::from_unix),
                buyer: id("m", buyer, width(o.members)),
                discount,
                shipping,
            },
            false,
            &SampleLocs,
            errs,
        );
        lines.extend(order_lines);
    }
    for l in lines {
        b.line(l, false, &SampleLocs, errs);
    }
    let by_time = crate::io::sort::rows_by(refunds.len(), |k| {
        refunds
            .get(k as usize)
            .map_or(0, |(at, _)| crate::io::sort::signed_key(*at))
    });
    let mut slots: Vec<Option<(i64, RefundRow)>> = refunds.into_iter().map(Some).collect();
    let refunds: Vec<(i64, RefundRow)> = by_time
        .iter()
        .filter_map(|&k| slots.get_mut(k as usize).and_then(Option::take))
        .collect();
    let rw = width(u64::try_from(refunds.len()).unwrap_or(0));
    for (k, (_, mut r)) in refunds.into_iter().enumerate() {
        r.id = id("r", u64::try_from(k).unwrap_or(0), rw);
        b.refund(r, false, &SampleLocs, errs);
    }
}

/// A buyer who had joined by `paid`: half the time one of the earliest fifth (loyal
/// customers), else anyone.
fn buyer(rng: &mut Rng, joined: &[i64], paid: i64) -> u64 {
    let k = u64::try_from(joined.partition_point(|t| *t <= paid))
        .unwrap_or(0)
        .max(1);
    if rng.chance(500) {
        rng.below((k / 5).max(1))
    } else {
        rng.below(k)
    }
}

/// An order's lines (one to five; popular products more often) and its list-price total.
fn order_lines(rng: &mut Rng, order_id: &str, products: &[Product]) -> (Vec<LineRow>, i64) {
    let n = [1u64, 2, 3, 4, 5]
        .get(rng.pick(&[72, 18, 7, 2, 1]))
        .copied()
        .unwrap_or(1);
    let count = u64::try_from(products.len()).unwrap_or(1);
    let mut lines = Vec::new();
    let mut gross: i64 = 0;
    for k in 0..n {
        // u² favours the first products: a few sell most.
        let u = rng.below(1 << 16);
        let i = u.saturating_mul(u).saturating_mul(count) >> 32;
        let Some(p) = products.get(usize::try_from(i).unwrap_or(0)) else {
            continue;
        };
        let s = usize::try_from(rng.below(u64::try_from(p.skus.len()).unwrap_or(1))).unwrap_or(0);
        let Some((sku, price)) = p.skus.get(s).cloned() else {
            continue;
        };
        let unit = if !p.gift && rng.chance(80) {
            price.saturating_mul(90) / 100
        } else {
            price
        };
        let quantity = if p.gift {
            1
        } else {
            [1u64, 2, 3]
                .get(rng.pick(&[70, 20, 7, 3]))
                .copied()
                .unwrap_or_else(|| rng.range(4, 10))
        };
        gross = gross.saturating_add(unit.saturating_mul(i64::try_from(quantity).unwrap_or(1)));
        lines.push(LineRow {
            order_id: order_id.to_owned(),
            line_id: format!("l{}", k.saturating_add(1)),
            product_id: p.id.clone(),
            sku_id: sku,
            unit_price: unit,
            quantity,
            cost: None,
        });
    }
    (lines, gross)
}

/// A coupon on about a fifth of the orders of ¥30 or more: ¥3 to ¥100, at most a third of
/// the order.
fn coupon(rng: &mut Rng, gross: i64) -> i64 {
    if gross < 3_000 || !rng.chance(220) {
        return 0;
    }
    let fits: Vec<i64> = [300i64, 500, 1_000, 2_000, 5_000, 10_000]
        .into_iter()
        .filter(|c| c.saturating_mul(3) <= gross)
        .collect();
    let k = rng.below(u64::try_from(fits.len()).unwrap_or(0));
    fits.get(usize::try_from(k).unwrap_or(0))
        .copied()
        .unwrap_or(0)
}

/// A refund of an order: units of one line (45%), every line whole (30%), or part of the
/// order's paid amount (25%), one to fourteen days after payment.
fn refund(
    rng: &mut Rng,
    order_id: &str,
    lines: &[LineRow],
    paid_total: i64,
    paid: i64,
    out: &mut Vec<(i64, RefundRow)>,
) {
    let at = paid.saturating_add(
        i64::try_from(rng.range(1, 14))
            .unwrap_or(1)
            .saturating_mul(DAY),
    );
    let at_t = Timestamp::from_unix(at);
    let row = |line_id: Option<String>, quantity: Option<u64>, amount: Option<i64>| RefundRow {
        id: String::new(),
        order_id: order_id.to_owned(),
        line_id,
        quantity,
        amount,
        at: at_t,
    };
    match rng.pick(&[45, 30, 25]) {
        0 => {
            let k =
                usize::try_from(rng.below(u64::try_from(lines.len()).unwrap_or(0))).unwrap_or(0);
            if let Some(l) = lines.get(k) {
                let q = rng.range(1, l.quantity);
                out.push((at, row(Some(l.line_id.clone()), Some(q), None)));
            }
        }
        1 => {
            for l in lines {
                out.push((at, row(Some(l.line_id.clone()), Some(l.quantity), None)));
            }
        }
        _ => {
            let pct = i64::try_from(rng.range(10, 50)).unwrap_or(10);
            let amount = (paid_total.saturating_mul(pct) / 100).max(1);
            if amount <= paid_total {
                out.push((at, row(None, None, Some(amount))));
            }
        }
    }
}
