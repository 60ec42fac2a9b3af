//! Members' money facts as running sums, one per window a condition reads: a run evaluates a
//! member after every order that changes their facts, so a window's figure must not be a
//! rescan of their history. Each (member, fact, window) cell holds the window's sum now:
//!
//! - all time: the running total;
//! - `lastDays` N: the running total of the days still inside, and a queue (one per N, in
//!   time order, shared by all members) of the amounts added; when today moves on, amounts
//!   dated before today − (N − 1) leave their cells;
//! - `month`, `quarter`: the sum of the period the cell's key names; an amount of a later
//!   period starts it again.
//!
//! A refund changes an old order's amount: its cells change if the order's day is still in
//! the window, and a correction with the same date joins the queue so the order leaves the
//! window at what it kept. Amounts arrive in time order (orders in paid-time order), and
//! today never goes back, which is what makes this exact; `tests/batch_props.rs` holds every
//! upgrade to `progress` on the same facts.

use crate::money::time::LocalDate;
use crate::rules::Window;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// One cell: the window's sum, and for a calendar window the first day of its period.
#[derive(Clone, Copy, Debug)]
struct Cell {
    sum: i64,
    key: i64,
}

const EMPTY: Cell = Cell {
    sum: 0,
    key: i64::MIN,
};

/// An amount in a `lastDays` queue: its day, member, fact (lane) and amount.
type Entry = (i64, u32, u8, i64);

/// The amounts inside one `lastDays` window, oldest first.
#[derive(Clone, Debug, Default)]
struct Queue {
    days: i64,
    entries: VecDeque<Entry>,
    /// Refund corrections, by day (they arrive out of date order).
    fixes: BinaryHeap<Reverse<Entry>>,
    /// Amounts dated before this day have left.
    threshold: i64,
}

/// Running sums per member, fact and window.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sums {
    windows: Vec<Window>,
    queues: Vec<Option<Queue>>,
    lanes: usize,
    cells: Vec<Cell>,
    /// The day [`Sums::catch_up`] last moved to: asked again (each member evaluated after
    /// an order asks), it has nothing to do.
    today: Option<i64>,
}

fn day(d: LocalDate) -> i64 {
    d.days_since_epoch()
}

impl Sums {
    /// The index of `w` among the windows read, adding it.
    pub fn window(&mut self, w: Window) -> usize {
        if let Some(i) = self.windows.iter().position(|x| *x == w) {
            return i;
        }
        self.windows.push(w);
        self.queues.push(match w {
            Window::LastDays(n) => Some(Queue {
                days: i64::from(n),
                threshold: i64::MIN,
                ..Queue::default()
            }),
            _ => None,
        });
        self.windows.len().saturating_sub(1)
    }

    /// Makes room for `members` with `lanes` facts each.
    pub fn allocate(&mut self, members: usize, lanes: usize) {
        self.lanes = lanes;
        let n = members
            .saturating_mul(lanes)
            .saturating_mul(self.windows.len());
        self.cells = vec![EMPTY; n];
    }

    fn at(&self, m: u32, lane: usize, w: usize) -> usize {
        (m as usize)
            .saturating_mul(self.lanes)
            .saturating_add(lane)
            .saturating_mul(self.windows.len())
            .saturating_add(w)
    }

    /// The period key of `date` for a calendar window.
    fn key(w: Window, date: LocalDate) -> i64 {
        match w {
            Window::Month => day(date.month_start()),
            Window::Quarter => day(date.quarter_start()),
            Window::AllTime | Window::LastDays(_) => 0,
        }
    }

    /// Adds `amount` dated `date` (not before any date added so far) to member `m`'s fact.
    /// Called for every order (buyer, team, beneficiaries): the member's cells are found
    /// once and the windows walked beside their queues.
    pub fn add(&mut self, m: u32, lane: usize, date: LocalDate, amount: i64) {
        let lane8 = u8::try_from(lane).unwrap_or(u8::MAX);
        let first = self.at(m, lane, 0);
        let Sums {
            windows,
            queues,
            cells,
            ..
        } = self;
        let cells = cells.get_mut(first..).unwrap_or(&mut []);
        for ((&window, queue), cell) in windows.iter().zip(queues.iter_mut()).zip(cells) {
            match window {
                Window::Month | Window::Quarter => {
                    let key = Sums::key(window, date);
                    if cell.key == key {
                        cell.sum = cell.sum.saturating_add(amount);
                    } else {
                        *cell = Cell { sum: amount, key };
                    }
                }
                Window::AllTime | Window::LastDays(_) => {
                    cell.sum = cell.sum.saturating_add(amount);
                }
            }
            if let Some(q) = queue {
                q.entries.push_back((day(date), m, lane8, amount));
            }
        }
    }

    /// Changes by `delta` an amount added earlier dated `date` (a refund of that order).
    pub fn adjust(&mut self, m: u32, lane: usize, date: LocalDate, delta: i64) {
        let lane8 = u8::try_from(lane).unwrap_or(u8::MAX);
        for w in 0..self.windows.len() {
            let window = self.windows.get(w).copied().unwrap_or(Window::AllTime);
            let key = Sums::key(window, date);
            let i = self.at(m, lane, w);
            let inside = match self.queues.get_mut(w) {
                Some(Some(q)) if day(date) >= q.threshold => {
                    q.fixes.push(Reverse((day(date), m, lane8, delta)));
                    true
                }
                Some(Some(_)) => false,
                _ => !matches!(window, Window::Month | Window::Quarter),
            };
            if let Some(cell) = self.cells.get_mut(i) {
                let calendar = matches!(window, Window::Month | Window::Quarter) && cell.key == key;
                if inside || calendar {
                    cell.sum = cell.sum.saturating_add(delta);
                }
            }
        }
    }

    /// Moves today to `today` (never back): amounts now outside a `lastDays` window leave it.
    pub fn catch_up(&mut self, today: LocalDate) {
        let t = day(today);
        if self.today == Some(t) {
            return;
        }
        self.today = Some(t);
        for w in 0..self.queues.len() {
            let Some(Some(q)) = self.queues.get_mut(w) else {
                continue;
            };
            let threshold = t.saturating_sub(q.days.saturating_sub(1));
            if threshold <= q.threshold {
                continue;
            }
            q.threshold = threshold;
            let mut gone: Vec<Entry> = Vec::new();
            while let Some(&e) = q.entries.front().filter(|e| e.0 < threshold) {
                q.entries.pop_front();
                gone.push(e);
            }
            while let Some(&Reverse(e)) = q.fixes.peek().filter(|Reverse(e)| e.0 < threshold) {
                q.fixes.pop();
                gone.push(e);
            }
            for (_, m, lane, amount) in gone {
                let i = self.at(m, usize::from(lane), w);
                if let Some(cell) = self.cells.get_mut(i) {
                    cell.sum = cell.sum.saturating_sub(amount);
                }
            }
        }
    }

    /// Member `m`'s fact over window `w` as of `today` (after [`Sums::catch_up`] to it).
    pub fn get(&self, m: u32, lane: usize, w: usize, today: LocalDate) -> i64 {
        let Some(cell) = self.cells.get(self.at(m, lane, w)) else {
            return 0;
        };
        match self.windows.get(w) {
            Some(&window @ (Window::Month | Window::Quarter)) => {
                if cell.key == Sums::key(window, today) {
                    cell.sum
                } else {
                    0
                }
            }
            _ => cell.sum,
        }
    }
}
