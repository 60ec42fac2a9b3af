//! The rule set of the reference workload, as the JSON the engine reads and as the integer
//! plan the kernels apply: every rate has two decimals, so a rate is a whole number of
//! hundredths and a line's exact commission a whole number of hundredths of a fen.

/// The rule set, exactly as the tracker gives it (four designated tiers).
pub const RULES: &str = r#"{"schemaVersion": 1, "cap": "0.3", "rounding": "down", "tiers": [{"id": "t0"}, {"id": "t1"}, {"id": "t2"}, {"id": "t3"}], "levels": [ {"tierRates": [{"tier": "t0", "rate": "0.16"}, {"tier": "t1", "rate": "0.17"}, {"tier": "t2", "rate": "0.18"}, {"tier": "t3", "rate": "0.20"}]}, {"tierRates": [{"tier": "t0", "rate": "0.05"}, {"tier": "t1", "rate": "0.06"}, {"tier": "t2", "rate": "0.07"}, {"tier": "t3", "rate": "0.08"}]}, {"tierRates": [{"tier": "t0", "rate": "0.02"}, {"tier": "t1", "rate": "0.03"}, {"tier": "t2", "rate": "0.03"}, {"tier": "t3", "rate": "0.04"}]}]}"#;

/// The same rule set with tiers that evolve: `t1` is reached by an own paid total of at
/// least ¥2,000 over the last 30 days, `t2` by a team paid total (direct recruits) of at
/// least ¥20,000 over the last 30 days; `t3` stays assigned (designated).
pub const RULES_EVOLVING: &str = r#"{"schemaVersion": 1, "cap": "0.3", "rounding": "down", "tiers": [{"id": "t0"}, {"id": "t1", "upgrade": {"type": "ownPaidTotal", "atLeast": "2000.00", "window": {"kind": "lastDays", "days": 30}}}, {"id": "t2", "upgrade": {"type": "teamPaidTotal", "atLeast": "20000.00", "depth": 1, "window": {"kind": "lastDays", "days": 30}}}, {"id": "t3"}], "levels": [ {"tierRates": [{"tier": "t0", "rate": "0.16"}, {"tier": "t1", "rate": "0.17"}, {"tier": "t2", "rate": "0.18"}, {"tier": "t3", "rate": "0.20"}]}, {"tierRates": [{"tier": "t0", "rate": "0.05"}, {"tier": "t1", "rate": "0.06"}, {"tier": "t2", "rate": "0.07"}, {"tier": "t3", "rate": "0.08"}]}, {"tierRates": [{"tier": "t0", "rate": "0.02"}, {"tier": "t1", "rate": "0.03"}, {"tier": "t2", "rate": "0.03"}, {"tier": "t3", "rate": "0.04"}]}]}"#;

/// The tier ids, lowest first: tier index `k` is `TIERS[k]`.
pub const TIERS: [&str; 4] = ["t0", "t1", "t2", "t3"];

/// The rule set as integers: `rates[level][tier]` and `cap` in hundredths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Level 1 first; each level's rate per tier, hundredths.
    pub rates: [[i64; 4]; 3],
    /// The cap, hundredths of the order's commission base.
    pub cap: i64,
}

/// `RULES` as integers.
pub const PLAN: Plan = Plan {
    rates: [[16, 17, 18, 20], [5, 6, 7, 8], [2, 3, 3, 4]],
    cap: 30,
};

/// The evolving rule set's two upgrade thresholds, fen, and its window, days.
pub const OWN_PAID_FOR_T1: i64 = 200_000;
/// `t2`'s team paid total (depth 1), fen.
pub const TEAM_PAID_FOR_T2: i64 = 2_000_000;
/// Both windows are `lastDays` 30.
pub const WINDOW_DAYS: i64 = 30;
/// The shop's offset, +08:00, in milliseconds.
pub const UTC_OFFSET_MS: i64 = 8 * 3_600_000;
