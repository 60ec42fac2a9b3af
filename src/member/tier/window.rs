//! Windows become ranges of whole days in the rule set's offset. A merchant's "this month"
//! is the shop's calendar, not the server's, so every window is a closed range of local
//! dates ending today; the instant `now` only decides which facts exist yet.

use crate::io::emit::Emit;
use crate::money::time::LocalDate;
use crate::rules::{Period, Window};
use schemars::JsonSchema;

/// A window as measured: its kind and the local dates it covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// Which kind of window the condition names.
    pub kind: WindowKind,
    /// With `lastDays`: how many days, today included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The first day counted; absent for `allTime`, which has no first day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<LocalDate>,
    /// The last day counted: today, in the rule set's offset.
    pub to: LocalDate,
}

/// The kinds of window, as the rule set names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum WindowKind {
    /// Everything up to now.
    AllTime,
    /// Today and the days before it.
    LastDays,
    /// The calendar month to date.
    Month,
    /// The calendar quarter to date.
    Quarter,
}

impl Span {
    /// The days `window` covers when today is `today`.
    pub fn of(window: Window, today: LocalDate) -> Span {
        match window {
            Window::AllTime => Span {
                kind: WindowKind::AllTime,
                days: None,
                from: None,
                to: today,
            },
            Window::LastDays(n) => Span {
                kind: WindowKind::LastDays,
                days: Some(n),
                from: Some(today.minus_days(i64::from(n.saturating_sub(1)))),
                to: today,
            },
            Window::Month => Span {
                kind: WindowKind::Month,
                days: None,
                from: Some(today.month_start()),
                to: today,
            },
            Window::Quarter => Span {
                kind: WindowKind::Quarter,
                days: None,
                from: Some(today.quarter_start()),
                to: today,
            },
        }
    }

    /// True when `date` is inside the span.
    pub fn contains(&self, date: LocalDate) -> bool {
        date <= self.to && self.from.is_none_or(|f| date >= f)
    }
}

/// The window that replaces every window inside a retention condition.
pub fn of_period(period: Period) -> Window {
    match period {
        Period::Month => Window::Month,
        Period::Quarter => Window::Quarter,
    }
}

/// The first day of the period containing `today`, and the first day of the next one.
pub fn period_bounds(period: Period, today: LocalDate) -> (LocalDate, LocalDate) {
    match period {
        Period::Month => (today.month_start(), today.next_month_start()),
        Period::Quarter => (today.quarter_start(), today.next_quarter_start()),
    }
}
