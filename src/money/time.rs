//! Instants, UTC offsets and calendar days. Inputs are RFC 3339 with an explicit offset;
//! outputs are always UTC with `Z`. Windows (freeze periods, tier windows) count whole days
//! in the rule set's own offset (`+08:00` by default), because a merchant's "today" and "this
//! month" are the shop's, not the server's.
//!
//! Hand-written rather than a calendar crate: the engine needs only proleptic Gregorian
//! dates, fixed offsets and day arithmetic, and this keeps the wasm small.

use crate::error::{Error, ErrorCode, Path};
use schemars::JsonSchema;
use std::fmt;

const SECS_PER_DAY: i64 = 86_400;
/// Calendar days (`YYYY-MM-DD` arguments) outside 1970..=9999 are refused.
const MIN_YEAR: i64 = 1970;
const MAX_YEAR: i64 = 9999;
/// The last instant the engine reads or writes, `9999-12-31T23:59:59Z` (its fraction aside).
/// Instants are bounded in UTC, where they are written, not in the offset they were given
/// in: every instant the engine answers is one it reads back.
const MAX_SECS: i64 = 253_402_300_799;

/// An instant, as seconds and nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// The nanoseconds past the whole second.
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// The instant from whole seconds since the epoch.
    pub fn from_unix(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }

    /// The instant from milliseconds since the epoch (columns of times kept as integers).
    pub fn from_unix_millis(ms: i64) -> Timestamp {
        let (secs, rem) = (ms.div_euclid(1_000), ms.rem_euclid(1_000));
        // `rem` is in 0..1000, so the nanoseconds are below 10^9.
        let nanos = u32::try_from(rem).unwrap_or(0).saturating_mul(1_000_000);
        Timestamp { secs, nanos }
    }

    /// Seconds since the epoch.
    pub fn unix(self) -> i64 {
        self.secs
    }

    /// Parses RFC 3339 with an offset: `2026-11-01T09:30:00+08:00`, `2026-11-01T01:30:00.5Z`.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let bad = || {
            format!(
                "`{}` is not an RFC 3339 time with an offset, like `2026-11-01T09:30:00+08:00`",
                text.chars().take(40).collect::<String>()
            )
        };
        let b = text.as_bytes();
        if b.len() < 20 || b.len() > 40 {
            return Err(bad());
        }
        // The local date may fall in any four-digit year; the UTC instant is bounded below.
        let date =
            LocalDate::parse_years(text.get(0..10).ok_or_else(bad)?, 0).map_err(|_| bad())?;
        if !matches!(b.get(10), Some(b'T' | b't'))
            || b.get(13) != Some(&b':')
            || b.get(16) != Some(&b':')
        {
            return Err(bad());
        }
        let hour = digits(text.get(11..13)).ok_or_else(bad)?;
        let minute = digits(text.get(14..16)).ok_or_else(bad)?;
        let second = digits(text.get(17..19)).ok_or_else(bad)?;
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        let mut rest = text.get(19..).ok_or_else(bad)?;
        let mut nanos: u32 = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || n > 9 {
                return Err(bad());
            }
            for (i, d) in frac.bytes().take(n).enumerate() {
                let digit = u32::from(d.wrapping_sub(b'0'));
                let place = 10u32.pow(8u32.saturating_sub(u32::try_from(i).unwrap_or(8)));
                nanos = nanos.saturating_add(digit.saturating_mul(place));
            }
            rest = frac.get(n..).ok_or_else(bad)?;
        }
        let offset = if rest == "Z" || rest == "z" {
            UtcOffset::UTC
        } else {
            UtcOffset::parse(rest).map_err(|_| bad())?
        };
        let local = date
            .days_since_epoch()
            .saturating_mul(SECS_PER_DAY)
            .saturating_add(hour.saturating_mul(3600))
            .saturating_add(minute.saturating_mul(60))
            .saturating_add(second);
        let secs = local.saturating_sub(offset.secs);
        if !(0..=MAX_SECS).contains(&secs) {
            return Err(format!(
                "`{}` is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z",
                text.chars().take(40).collect::<String>()
            ));
        }
        Ok(Timestamp { secs, nanos })
    }

    /// This instant written at `offset`, as RFC 3339: `2026-11-01T09:30:00+08:00` (with `Z`
    /// at UTC, as answers write it). Datasets are written in the shop's offset, so that a
    /// merchant reading the file sees the shop's clock; it reads back as the same instant.
    pub fn text_at(self, offset: UtcOffset) -> String {
        let local = Timestamp {
            secs: self.secs.saturating_add(offset.secs),
            nanos: self.nanos,
        };
        let mut text = local.to_string();
        if offset.secs != 0 {
            text.pop();
            text.push_str(&offset.to_string());
        }
        text
    }

    /// The instant `days` whole days later, if it is not past `9999-12-31T23:59:59Z`.
    pub fn checked_plus_days(self, days: u32) -> Option<Timestamp> {
        Some(self.plus_days(days)).filter(|t| t.secs <= MAX_SECS)
    }

    /// Parses time text found at `path`.
    pub fn parse_at(text: &str, path: &Path) -> Result<Timestamp, Error> {
        Timestamp::parse(text).map_err(|m| Error::new(ErrorCode::InvalidTime, path.clone(), m))
    }

    /// The calendar day this instant falls on at `offset`.
    pub fn local_date(self, offset: UtcOffset) -> LocalDate {
        LocalDate(
            self.secs
                .saturating_add(offset.secs)
                .div_euclid(SECS_PER_DAY),
        )
    }

    /// The instant `secs` seconds later.
    pub fn plus_seconds(self, secs: i64) -> Timestamp {
        Timestamp {
            secs: self.secs.saturating_add(secs),
            nanos: self.nanos,
        }
    }

    /// The instant `days` whole days later.
    pub fn plus_days(self, days: u32) -> Timestamp {
        Timestamp {
            secs: self
                .secs
                .saturating_add(i64::from(days).saturating_mul(SECS_PER_DAY)),
            nanos: self.nanos,
        }
    }
}

fn digits(text: Option<&str>) -> Option<i64> {
    let t = text?;
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

impl fmt::Display for Timestamp {
    /// `2026-11-01T01:30:00Z`; a fraction is printed only when present, in groups of three.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = LocalDate(self.secs.div_euclid(SECS_PER_DAY));
        let sod = self.secs.rem_euclid(SECS_PER_DAY);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            day,
            sod / 3600,
            (sod % 3600) / 60,
            sod % 60
        )?;
        if self.nanos != 0 {
            if self.nanos % 1_000_000 == 0 {
                write!(f, ".{:03}", self.nanos / 1_000_000)?;
            } else if self.nanos % 1_000 == 0 {
                write!(f, ".{:06}", self.nanos / 1_000)?;
            } else {
                write!(f, ".{:09}", self.nanos)?;
            }
        }
        f.write_str("Z")
    }
}

impl crate::io::emit::Emit for Timestamp {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.display(self);
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "An instant in UTC, RFC 3339 with `Z`: `2026-11-01T01:30:00Z`."
        })
    }
}

/// A time field as written in an input document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[cfg_attr(feature = "serialize", serde(transparent))]
pub struct TimeText(pub String);

impl crate::io::emit::Emit for TimeText {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        crate::io::emit::Emit::emit(&self.0, w);
    }
}

impl JsonSchema for TimeText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 with an offset: `2026-11-01T09:30:00+08:00` or `2026-11-01T01:30:00Z`."
        })
    }
}

impl<'j> crate::io::decode::Decode<'j> for TimeText {
    fn decode(
        v: crate::io::json::Json<'j>,
        at: &crate::io::decode::Loc<'_>,
        errs: &mut crate::error::Errors,
    ) -> Option<Self> {
        crate::io::decode::text(
            v,
            at,
            errs,
            "a time as a string, such as \"2026-11-01T09:30:00+08:00\"",
        )
        .map(|s| TimeText(s.into_owned()))
    }
    fn scan(c: &mut crate::io::scan::Cursor<'j>) -> Option<Self> {
        c.string().map(|s| TimeText(s.to_owned()))
    }
}

impl TimeText {
    /// The instant, or an `invalidTime` error at `path`.
    pub fn check(&self, path: &Path) -> Result<Timestamp, Error> {
        Timestamp::parse_at(&self.0, path)
    }
}

/// A fixed offset from UTC, `±HH:MM`, at most 18 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcOffset {
    secs: i64,
}

impl UtcOffset {
    /// UTC itself.
    pub const UTC: UtcOffset = UtcOffset { secs: 0 };
    /// China Standard Time, the default for rule sets.
    pub const CHINA: UtcOffset = UtcOffset { secs: 8 * 3600 };

    /// Parses `+08:00`, `-05:30`, `+00:00`.
    pub fn parse(text: &str) -> Result<UtcOffset, String> {
        let bad = || {
            format!(
                "`{}` is not a UTC offset like `+08:00`",
                text.chars().take(20).collect::<String>()
            )
        };
        let b = text.as_bytes();
        if b.len() != 6 || b.get(3) != Some(&b':') {
            return Err(bad());
        }
        let sign: i64 = match b.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(bad()),
        };
        let h = digits(text.get(1..3)).ok_or_else(bad)?;
        let m = digits(text.get(4..6)).ok_or_else(bad)?;
        if h > 18 || m > 59 {
            return Err(bad());
        }
        Ok(UtcOffset {
            secs: sign.saturating_mul(h.saturating_mul(3600).saturating_add(m.saturating_mul(60))),
        })
    }

    /// Seconds east of UTC.
    pub fn seconds(self) -> i64 {
        self.secs
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.secs < 0 { '-' } else { '+' };
        let a = self.secs.abs();
        write!(f, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
    }
}

/// A calendar day, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate(i64);

impl LocalDate {
    /// Parses `YYYY-MM-DD`, a day from 1970 to 9999.
    pub fn parse(text: &str) -> Result<LocalDate, String> {
        LocalDate::parse_years(text, MIN_YEAR)
    }

    /// Parses `YYYY-MM-DD`, a day from the year `min_year` to 9999.
    fn parse_years(text: &str, min_year: i64) -> Result<LocalDate, String> {
        let bad = || {
            format!(
                "`{}` is not a date like `2026-11-01`",
                text.chars().take(20).collect::<String>()
            )
        };
        let b = text.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(bad());
        }
        let y = digits(text.get(0..4)).ok_or_else(bad)?;
        let m = digits(text.get(5..7)).ok_or_else(bad)?;
        let d = digits(text.get(8..10)).ok_or_else(bad)?;
        if !(min_year..=MAX_YEAR).contains(&y)
            || !(1..=12).contains(&m)
            || d < 1
            || d > days_in_month(y, m)
        {
            return Err(bad());
        }
        Ok(LocalDate::from_ymd(y, m, d))
    }

    /// The day from its year, month (1–12) and day of month; the parts must be valid.
    pub fn from_ymd(y: i64, m: i64, d: i64) -> LocalDate {
        // Howard Hinnant's days_from_civil; all values are small, so plain arithmetic is
        // safe, but saturating operations keep the lint honest.
        let y = if m <= 2 { y.saturating_sub(1) } else { y };
        let era = y.div_euclid(400);
        let yoe = y.saturating_sub(era.saturating_mul(400));
        let mp = (m.saturating_add(9)).rem_euclid(12);
        let doy =
            ((153i64.saturating_mul(mp).saturating_add(2)) / 5).saturating_add(d.saturating_sub(1));
        let doe = yoe
            .saturating_mul(365)
            .saturating_add(yoe / 4)
            .saturating_sub(yoe / 100)
            .saturating_add(doy);
        LocalDate(
            era.saturating_mul(146_097)
                .saturating_add(doe)
                .saturating_sub(719_468),
        )
    }

    /// Year, month (1–12), day of month.
    pub fn ymd(self) -> (i64, i64, i64) {
        let z = self.0.saturating_add(719_468);
        let era = z.div_euclid(146_097);
        let doe = z.saturating_sub(era.saturating_mul(146_097));
        let yoe = (doe
            .saturating_sub(doe / 1460)
            .saturating_add(doe / 36_524)
            .saturating_sub(doe / 146_096))
            / 365;
        let y = yoe.saturating_add(era.saturating_mul(400));
        let doy = doe.saturating_sub(
            yoe.saturating_mul(365)
                .saturating_add(yoe / 4)
                .saturating_sub(yoe / 100),
        );
        let mp = (doy.saturating_mul(5).saturating_add(2)) / 153;
        let d = doy
            .saturating_sub((mp.saturating_mul(153).saturating_add(2)) / 5)
            .saturating_add(1);
        let m = if mp < 10 {
            mp.saturating_add(3)
        } else {
            mp.saturating_sub(9)
        };
        (if m <= 2 { y.saturating_add(1) } else { y }, m, d)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        self.0
    }

    /// The day `n` days earlier.
    pub fn minus_days(self, n: i64) -> LocalDate {
        LocalDate(self.0.saturating_sub(n))
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> LocalDate {
        let (y, m, _) = self.ymd();
        LocalDate::from_ymd(y, m, 1)
    }

    /// The first day of the next month.
    pub fn next_month_start(self) -> LocalDate {
        let (y, m, _) = self.ymd();
        if m == 12 {
            LocalDate::from_ymd(y.saturating_add(1), 1, 1)
        } else {
            LocalDate::from_ymd(y, m.saturating_add(1), 1)
        }
    }

    /// The first day of this day's quarter (January, April, July, October).
    pub fn quarter_start(self) -> LocalDate {
        let (y, m, _) = self.ymd();
        LocalDate::from_ymd(
            y,
            (m.saturating_sub(1) / 3)
                .saturating_mul(3)
                .saturating_add(1),
            1,
        )
    }

    /// The first day of the next quarter.
    pub fn next_quarter_start(self) -> LocalDate {
        let (y, m, _) = self.ymd();
        let q = m.saturating_sub(1) / 3;
        if q == 3 {
            LocalDate::from_ymd(y.saturating_add(1), 1, 1)
        } else {
            LocalDate::from_ymd(
                y,
                q.saturating_add(1).saturating_mul(3).saturating_add(1),
                1,
            )
        }
    }

    /// The instant this day begins at `offset`, if it is not past `9999-12-31T23:59:59Z`.
    pub fn checked_start_at(self, offset: UtcOffset) -> Option<Timestamp> {
        Some(self.start_at(offset)).filter(|t| (0..=MAX_SECS).contains(&t.secs))
    }

    /// The instant this day begins at `offset`.
    pub fn start_at(self, offset: UtcOffset) -> Timestamp {
        Timestamp::from_unix(
            self.0
                .saturating_mul(SECS_PER_DAY)
                .saturating_sub(offset.secs),
        )
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl crate::io::emit::Emit for LocalDate {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.display(self);
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for LocalDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for LocalDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LocalDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date", "description": "A calendar day in the rule set's offset: `2026-11-01`."})
    }
}
