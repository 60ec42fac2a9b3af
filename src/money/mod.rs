//! Money, rates and rounding. Amounts are whole fen in an `i64`, so sums and proration are
//! plain checked integer arithmetic; a commission before rounding is a `Decimal` number of
//! fen, exact because a rate has at most six decimals. Nothing here is ever a float.
//!
//! Text is the only way money enters or leaves: `12.80`, never `12.8` out, never a JSON
//! number in. The parser is written out by hand because `Decimal`'s own accepts signs,
//! exponents, underscores and leading zeros, which the contract forbids.

use crate::error::{At, Error, ErrorCode};
use crate::io::{decode::Decode, emit::Emit};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use std::fmt;

pub mod time;

/// The largest amount an input may carry: ¥9,999,999,999,999.99 (13 integer digits).
/// Products and sums above it are still computed, with checked arithmetic, up to `i64`.
pub const MAX_INPUT_FEN: i64 = 999_999_999_999_999;

/// An amount of money in fen (分). Inputs are never negative; outputs that are changes
/// (reversals) may be, and print with a leading `-` (never `-0.00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// An amount from whole fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// The amount in whole fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// True when zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses the contract's money text: `(0|[1-9][0-9]*)(\.[0-9]{1,2})?`, at most
    /// [`MAX_INPUT_FEN`]. The error says what was wrong, not where; callers add the path.
    pub fn parse(text: &str) -> Result<Money, String> {
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{}` is not an amount like `12.80`: digits, then an optional point and one or two decimals; no sign, exponent or separators", shorten(text)));
        }
        if int_part.len() > 1 && int_part.starts_with('0') {
            return Err(format!("`{}` has a leading zero", shorten(text)));
        }
        if int_part.len() > 13 {
            return Err(format!(
                "`{}` is above the largest amount, 9999999999999.99",
                shorten(text)
            ));
        }
        let mut fen: i64 = 0;
        for b in int_part.bytes() {
            fen = fen
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b.wrapping_sub(b'0'))))
                .ok_or_else(|| "amount too large".to_owned())?;
        }
        fen = fen
            .checked_mul(100)
            .ok_or_else(|| "amount too large".to_owned())?;
        if let Some(f) = frac_part {
            if f.is_empty() || f.len() > 2 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`{}` must have one or two decimals after the point",
                    shorten(text)
                ));
            }
            let mut digits = f.bytes();
            let tens = digits.next().map_or(0, |b| i64::from(b.wrapping_sub(b'0')));
            let ones = digits.next().map_or(0, |b| i64::from(b.wrapping_sub(b'0')));
            fen = fen
                .checked_add(tens.saturating_mul(10).saturating_add(ones))
                .ok_or_else(|| "amount too large".to_owned())?;
        }
        if fen > MAX_INPUT_FEN {
            return Err(format!(
                "`{}` is above the largest amount, 9999999999999.99",
                shorten(text)
            ));
        }
        Ok(Money(fen))
    }

    /// Parses money text found at `path`.
    pub fn parse_at(text: &str, path: &impl At) -> Result<Money, Error> {
        Money::parse(text).map_err(|m| Error::new(ErrorCode::InvalidMoney, path.path(), m))
    }

    /// Checked sum; `what` names the figure in the overflow error.
    pub fn add(self, other: Money, path: &impl At, what: &str) -> Result<Money, Error> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or_else(|| Error::overflow(path.path(), what))
    }

    /// Checked difference.
    pub fn sub(self, other: Money, path: &impl At, what: &str) -> Result<Money, Error> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or_else(|| Error::overflow(path.path(), what))
    }

    /// Checked product with a count.
    pub fn times(self, n: u64, path: &impl At, what: &str) -> Result<Money, Error> {
        i64::try_from(n)
            .ok()
            .and_then(|n| self.0.checked_mul(n))
            .map(Money)
            .ok_or_else(|| Error::overflow(path.path(), what))
    }

    /// The larger of the two.
    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }

    /// The smaller of the two.
    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }

    /// Appends the amount as written in answers (`-12.80`), as [`fmt::Display`] writes it
    /// but without the formatting machinery: every answer writes many amounts.
    pub fn push_text(self, out: &mut String) {
        if self.0 < 0 {
            out.push('-');
        }
        let abs = self.0.unsigned_abs();
        crate::io::emit::push_decimal(out, abs / 100);
        out.push('.');
        crate::io::emit::push_two_digits(out, abs % 100);
    }

    /// The amount as an exact decimal number of fen.
    pub fn as_exact(self) -> Exact {
        Exact(Decimal::from(self.0))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::with_capacity(24);
        self.push_text(&mut s);
        f.write_str(&s)
    }
}

impl crate::io::emit::Emit for Money {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.text_with(|out| self.push_text(out));
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^-?(0|[1-9][0-9]*)\\.[0-9]{2}$",
            "description": "Yuan with exactly two decimals, e.g. `12.80`; a change may carry a leading `-`."
        })
    }
}

fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// What a money field holds, for the message when it holds something else.
const MONEY_EXPECTED: &str = "money as a string, such as \"12.80\"";

/// A money field as written in an input document: a string, checked during validation so
/// that every malformed amount in a document is reported, not only the first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[cfg_attr(feature = "serialize", serde(transparent))]
pub struct MoneyText(pub String);

impl crate::io::emit::Emit for MoneyText {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        crate::io::emit::Emit::emit(&self.0, w);
    }
}

impl JsonSchema for MoneyText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MoneyText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]{0,12})(\\.[0-9]{1,2})?$",
            "description": "Yuan as a decimal string, at most two decimals, no sign or exponent: `12.8`, `12.80`, `0.01`."
        })
    }
}

impl<'j> crate::io::decode::Decode<'j> for MoneyText {
    fn decode(
        v: crate::io::json::Json<'j>,
        at: &crate::io::decode::Loc<'_>,
        errs: &mut crate::error::Errors,
    ) -> Option<Self> {
        crate::io::decode::text(v, at, errs, MONEY_EXPECTED).map(|s| MoneyText(s.into_owned()))
    }
    fn scan(c: &mut crate::io::scan::Cursor<'j>) -> Option<Self> {
        c.string().map(|s| MoneyText(s.to_owned()))
    }
}

/// A money field of a call's arguments as written: [`MoneyText`] borrowed from the
/// document's text (an order's prices and discounts, a member's paid total, a poster's
/// prices), so reading an order copies no amount. The same JSON shape and checks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[cfg_attr(feature = "serialize", serde(transparent))]
pub struct AmountText<'a>(pub std::borrow::Cow<'a, str>);

impl JsonSchema for AmountText<'_> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        MoneyText::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MoneyText::json_schema(g)
    }
}

impl<'j> crate::io::decode::Decode<'j> for AmountText<'j> {
    fn decode(
        v: crate::io::json::Json<'j>,
        at: &crate::io::decode::Loc<'_>,
        errs: &mut crate::error::Errors,
    ) -> Option<Self> {
        crate::io::decode::text(v, at, errs, MONEY_EXPECTED).map(AmountText)
    }
    fn scan(c: &mut crate::io::scan::Cursor<'j>) -> Option<Self> {
        crate::io::scan::text(c).map(AmountText)
    }
}

impl AmountText<'_> {
    /// The amount, or an `invalidMoney` error at `path`.
    pub fn check(&self, path: &impl At) -> Result<Money, Error> {
        Money::parse_at(&self.0, path)
    }
}

impl MoneyText {
    /// The amount, or an `invalidMoney` error at `path`.
    pub fn check(&self, path: &impl At) -> Result<Money, Error> {
        Money::parse_at(&self.0, path)
    }
}

/// A rate: a fraction from 0 to 1 with at most six decimals (`0.16` is 16%).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    /// Zero.
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    /// Parses `(0|[1-9][0-9]*)(\.[0-9]{1,6})?` between 0 and 1.
    pub fn parse(text: &str) -> Result<Rate, String> {
        let bad = || {
            format!(
                "`{}` is not a rate like `0.16`: a decimal from 0 to 1 with at most 6 decimals",
                shorten(text)
            )
        };
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        if int_part != "0" && int_part != "1" {
            return Err(bad());
        }
        let mut scaled: i64 = if int_part == "1" { 1_000_000 } else { 0 };
        if let Some(f) = frac_part {
            if f.is_empty() || f.len() > 6 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let mut frac: i64 = 0;
            for b in f.bytes() {
                frac = frac
                    .saturating_mul(10)
                    .saturating_add(i64::from(b.wrapping_sub(b'0')));
            }
            for _ in f.len()..6 {
                frac = frac.saturating_mul(10);
            }
            scaled = scaled.saturating_add(frac);
        }
        if scaled > 1_000_000 {
            return Err(format!("`{}` is above 1 (100%)", shorten(text)));
        }
        Ok(Rate(Decimal::new(scaled, 6).normalize()))
    }

    /// Parses rate text found at `path`.
    pub fn parse_at(text: &str, path: &impl At) -> Result<Rate, Error> {
        Rate::parse(text).map_err(|m| Error::new(ErrorCode::InvalidRate, path.path(), m))
    }

    /// The rate as a decimal fraction.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// True when zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// `amount × rate`, exact.
    pub fn of(self, amount: Money, path: &impl At) -> Result<Exact, Error> {
        Decimal::from(amount.fen())
            .checked_mul(self.0)
            .map(Exact)
            .ok_or_else(|| Error::overflow(path.path(), "commission"))
    }

    /// The rate in millionths: every rate has at most six decimals, so this is exact.
    pub fn micros(self) -> i128 {
        let shift = 6_u32.saturating_sub(self.0.scale());
        self.0
            .mantissa()
            .saturating_mul(10_i128.checked_pow(shift).unwrap_or(1))
    }

    /// `amount × rate` rounded to the fen by `mode`: the figure [`Rate::of`] then
    /// [`Exact::round`] give, in integers (a previewed figure needs no exact decimal).
    /// `None` when it does not fit in money.
    pub fn rounded_of(self, amount: Money, mode: Rounding) -> Option<Money> {
        const MICRO: i128 = 1_000_000;
        let exact = i128::from(amount.fen()).checked_mul(self.micros())?;
        let fen = match mode {
            Rounding::Down => exact.checked_div_euclid(MICRO)?,
            // Halves away from zero.
            Rounding::HalfUp if exact < 0 => exact
                .checked_neg()?
                .checked_add(MICRO / 2)?
                .checked_div(MICRO)?
                .checked_neg()?,
            Rounding::HalfUp => exact.checked_add(MICRO / 2)?.checked_div(MICRO)?,
        };
        i64::try_from(fen).ok().map(Money)
    }

    /// The sum of two rates (for worst-case totals, which may exceed 1).
    pub fn sum(self, other: Rate) -> Rate {
        Rate(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Rate {
    /// Shortest form: `0.16`, `1`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Rate {
    /// Appends the rate in its shortest form (`0.16`, `1`, `0`) as [`fmt::Display`] writes
    /// it, without the formatting machinery. Only for a rate of at most six decimals that is
    /// not negative (every rate read), with a whole part within `u64`.
    fn push_text(self, out: &mut String) {
        const MICRO: i128 = 1_000_000;
        let micros = self.micros();
        let whole = micros.checked_div(MICRO).unwrap_or(0);
        let mut frac = micros.checked_rem(MICRO).unwrap_or(0);
        crate::io::emit::push_decimal(out, u64::try_from(whole).unwrap_or(u64::MAX));
        if frac == 0 {
            return;
        }
        let mut width = 6_usize;
        while frac.checked_rem(10) == Some(0) {
            frac = frac.checked_div(10).unwrap_or(0);
            width = width.saturating_sub(1);
        }
        out.push('.');
        let mut buf = [b'0'; 6];
        for slot in buf.get_mut(..width).unwrap_or_default().iter_mut().rev() {
            let d = u8::try_from(frac.checked_rem(10).unwrap_or(0)).unwrap_or(0);
            *slot = b'0'.saturating_add(d);
            frac = frac.checked_div(10).unwrap_or(0);
        }
        for &d in buf.get(..width).unwrap_or_default() {
            out.push(char::from(d));
        }
    }
}

impl crate::io::emit::Emit for Rate {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        let simple = self.0.scale() <= 6
            && !self.0.is_sign_negative()
            && self.0.mantissa() < i128::from(u64::MAX);
        if simple {
            w.text_with(|out| self.push_text(out));
        } else {
            w.display(self);
        }
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Rate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]+)?$",
            "description": "A fraction as a decimal string in its shortest form, e.g. `0.16` for 16%."
        })
    }
}

/// A rate field as written in an input document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[cfg_attr(feature = "serialize", serde(transparent))]
pub struct RateText(pub String);

impl crate::io::emit::Emit for RateText {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        crate::io::emit::Emit::emit(&self.0, w);
    }
}

impl JsonSchema for RateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RateText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$",
            "description": "A fraction from 0 to 1 with at most six decimals: `0.16` is 16%."
        })
    }
}

impl<'j> crate::io::decode::Decode<'j> for RateText {
    fn decode(
        v: crate::io::json::Json<'j>,
        at: &crate::io::decode::Loc<'_>,
        errs: &mut crate::error::Errors,
    ) -> Option<Self> {
        crate::io::decode::text(v, at, errs, "a rate as a string, such as \"0.16\"")
            .map(|s| RateText(s.into_owned()))
    }
    fn scan(c: &mut crate::io::scan::Cursor<'j>) -> Option<Self> {
        c.string().map(|s| RateText(s.to_owned()))
    }
}

impl RateText {
    /// The rate, or an `invalidRate` error at `path`.
    pub fn check(&self, path: &impl At) -> Result<Rate, Error> {
        Rate::parse_at(&self.0, path)
    }
}

/// An exact figure in fen before rounding (a commission is `base × rate`, which may carry
/// up to six decimals of a fen).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Exact(Decimal);

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact(Decimal::ZERO);

    /// Checked sum.
    pub fn add(self, other: Exact, path: &impl At) -> Result<Exact, Error> {
        self.0
            .checked_add(other.0)
            .map(Exact)
            .ok_or_else(|| Error::overflow(path.path(), "commission"))
    }

    /// Rounds to whole fen by `mode`. Exact figures are never negative.
    pub fn round(self, mode: Rounding, path: &impl At) -> Result<Money, Error> {
        let rounded = match mode {
            Rounding::Down => self.0.floor(),
            Rounding::HalfUp => self
                .0
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        };
        rounded
            .to_i64()
            .map(Money)
            .ok_or_else(|| Error::overflow(path.path(), "commission"))
    }

    /// The figure in yuan, with as many decimals as it needs and at least two (`12.805`).
    pub fn yuan_text(self) -> String {
        let mut y = self.0;
        // Dividing by 100 only moves the decimal point: raise the scale by two.
        if y.set_scale(y.scale().saturating_add(2)).is_err() {
            return self.0.to_string();
        }
        let mut y = y.normalize();
        if y.scale() < 2 {
            y.rescale(2);
        }
        y.to_string()
    }
}

impl Exact {
    /// Appends [`Exact::yuan_text`] without building a decimal's text: every beneficiary and
    /// every line of an answer writes one. Only for a figure that [`Exact::fits_u64`].
    fn push_yuan(self, out: &mut String) {
        let mut kept = self.0.scale().saturating_add(2);
        let m = self.0.mantissa();
        let mut rest = u64::try_from(m.unsigned_abs()).unwrap_or(u64::MAX);
        // Trailing zeros go, down to two decimals (a negative zero has no sign: m is 0).
        while kept > 2 && rest % 10 == 0 {
            rest /= 10;
            kept = kept.saturating_sub(1);
        }
        let mut text = crate::io::emit::Ascii::default();
        for _ in 0..kept {
            text.digit(rest);
            rest /= 10;
        }
        text.front(b'.');
        text.decimal(rest);
        if m < 0 {
            text.front(b'-');
        }
        text.push_to(out);
    }

    /// Whether [`Exact::push_yuan`] writes it: a mantissa within `u64` (every figure of an
    /// answer; a decimal can hold 96 bits).
    fn fits_u64(self) -> bool {
        self.0.mantissa().unsigned_abs() < u128::from(u64::MAX)
    }
}

impl crate::io::emit::Emit for Exact {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        if self.fits_u64() {
            w.text_with(|out| self.push_yuan(out));
        } else {
            w.string(&self.yuan_text());
        }
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.yuan_text())
    }
}

impl JsonSchema for Exact {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExactAmount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]*)\\.[0-9]{2,}$",
            "description": "An exact figure in yuan before rounding, with as many decimals as it needs (at least two): `12.805`."
        })
    }
}

/// How a figure is rounded to the fen. Down (truncation) is the default everywhere because
/// most merchants' systems truncate and because it never pays more than the rule says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, JsonSchema, Decode, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Rounding {
    /// Towards zero: `12.809` → `12.80`.
    #[default]
    Down,
    /// To nearest, halves away from zero: `12.805` → `12.81`.
    HalfUp,
}

/// A progress fraction `current / target`, rounded down to four decimals and at most 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio(u32);

impl Ratio {
    /// `num / den` in ten-thousandths, rounded down, capped at 1; a zero target is complete.
    pub fn of(num: i128, den: i128) -> Ratio {
        if den <= 0 || num >= den {
            return Ratio(10_000);
        }
        if num <= 0 {
            return Ratio(0);
        }
        // num < den, so the quotient is below 10_000; both are far from i128's range.
        let q = num.saturating_mul(10_000).checked_div(den).unwrap_or(0);
        Ratio(u32::try_from(q).unwrap_or(0))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

impl crate::io::emit::Emit for Ratio {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.display(self);
    }
}

#[cfg(feature = "serialize")]
impl serde::Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Ratio {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ratio".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[01]\\.[0-9]{4}$",
            "description": "A fraction from `0.0000` to `1.0000`, rounded down to four decimals."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Money;

    /// Amounts are written with a sign only when negative and exactly two decimals:
    /// checked against the figure built digit by digit from its yuan and fen.
    #[test]
    fn amounts_are_written_with_two_decimals() {
        for (fen, text) in [
            (0, "0.00"),
            (1, "0.01"),
            (10, "0.10"),
            (99, "0.99"),
            (100, "1.00"),
            (1280, "12.80"),
            (-5, "-0.05"),
            (-1280, "-12.80"),
            (999_999_999_999_999, "9999999999999.99"),
            (i64::MIN, "-92233720368547758.08"),
        ] {
            let mut out = String::new();
            Money::from_fen(fen).push_text(&mut out);
            assert_eq!(out, text);
            assert_eq!(Money::from_fen(fen).to_string(), text);
        }
    }
}
