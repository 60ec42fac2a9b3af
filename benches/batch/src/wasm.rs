//! The floor kernel as a WebAssembly module without bindings, for Node's `WebAssembly` API
//! (pkg-tests/bench/batch.mjs). The caller sizes the columns (`reserve`), writes each one
//! into the module's memory at `column(k)`, calls `settle`, and reads the totals at
//! `column(7)`. Everything stays in safe Rust: the columns are ordinary vectors whose
//! addresses are handed out.

use crate::floor;
use crate::plan::PLAN;
use crate::workload::Columns;
use std::cell::RefCell;

#[derive(Default)]
struct State {
    columns: Columns,
    totals: Vec<i64>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Sizes every column (zeroed) for `members`, `orders` and `lines`.
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn reserve(members: u32, orders: u32, lines: u32) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let c = &mut s.columns;
        c.parent = vec![0; members as usize];
        c.tier = vec![0; members as usize];
        c.buyer = vec![0; orders as usize];
        c.discount = vec![0; orders as usize];
        c.line_start = vec![0; orders as usize];
        c.unit_price = vec![0; lines as usize];
        c.quantity = vec![0; lines as usize];
        s.totals = vec![0; members as usize];
    });
}

/// The address of column `k`: 0 parent (u32), 1 tier (u32), 2 buyer (u32), 3 discount
/// (i64), 4 line_start (u32), 5 unit_price (i64), 6 quantity (u64), 7 the totals (i64).
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn column(k: u32) -> usize {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        let c = &mut s.columns;
        match k {
            0 => c.parent.as_mut_ptr() as usize,
            1 => c.tier.as_mut_ptr() as usize,
            2 => c.buyer.as_mut_ptr() as usize,
            3 => c.discount.as_mut_ptr() as usize,
            4 => c.line_start.as_mut_ptr() as usize,
            5 => c.unit_price.as_mut_ptr() as usize,
            6 => c.quantity.as_mut_ptr() as usize,
            _ => s.totals.as_mut_ptr() as usize,
        }
    })
}

/// Settles every order into the totals.
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn settle() {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let totals = floor::totals(&s.columns, &PLAN);
        s.totals = totals;
    });
}
