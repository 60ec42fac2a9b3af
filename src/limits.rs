//! Input limits. They are checked before any deep work, iteratively, so a hostile document
//! gets an error instead of a stack overflow (fatal natively, a trap in wasm).
//! The figures are part of the contract; `docs/SEMANTICS.md` lists them.

use crate::error::{At, Error, ErrorCode, Path};

/// Largest document, in bytes of JSON text.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
/// Deepest nesting of arrays and objects in a document.
pub const MAX_DEPTH: usize = 32;
/// Most levels of commission.
pub const MAX_LEVELS: usize = 3;
/// Longest upline chain (members above a buyer) or ancestor list.
pub const MAX_CHAIN: usize = 64;
/// Most lines in an order.
pub const MAX_LINES: usize = 500;
/// Most order-level discounts.
pub const MAX_DISCOUNTS: usize = 50;
/// Most refunds recorded against one order.
pub const MAX_REFUNDS: usize = 1_000;
/// Most tiers in a rule set.
pub const MAX_TIERS: usize = 20;
/// Most product overrides in a rule set.
pub const MAX_PRODUCTS: usize = 10_000;
/// Most SKUs in one product (override or preview).
pub const MAX_SKUS: usize = 200;
/// Most ids in any list of ids (eligible tiers, products a condition names).
pub const MAX_IDS: usize = 1_000;
/// Deepest nesting of all/any groups in a tier condition.
pub const MAX_CONDITION_DEPTH: usize = 4;
/// Most conditions (leaves and groups) in one tier's condition tree.
pub const MAX_CONDITIONS: usize = 64;
/// Most facts of one kind (orders, team orders, daily totals, recruits, commissions).
pub const MAX_FACTS: usize = 100_000;
/// Largest quantity on one line, and largest count anywhere (recruits, days).
pub const MAX_QUANTITY: u64 = 1_000_000;
/// Largest count in a condition or setting (days, hours, recruits).
pub const MAX_COUNT: u64 = 1_000_000;
/// Most errors listed in one answer; a final `tooMany` error at the root says there were more.
pub const MAX_ERRORS: usize = 100;
/// Longest id, in bytes.
pub const MAX_ID_BYTES: usize = 128;

/// Checks size and nesting of JSON text without recursion. Strings are skipped, so
/// brackets inside them do not count.
pub fn check_document(text: &str) -> Result<(), Error> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            Path::root(),
            format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                text.len()
            ),
        ));
    }
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth = depth.saturating_add(1);
                if depth > MAX_DEPTH {
                    return Err(Error::new(
                        ErrorCode::TooDeep,
                        Path::root(),
                        format!("the document nests deeper than {MAX_DEPTH} levels"),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// An error when `len` exceeds `max` for the list at `path`.
pub fn check_len(len: usize, max: usize, path: &impl At, what: &str) -> Result<(), Error> {
    if len > max {
        Err(Error::new(
            ErrorCode::TooMany,
            path.path(),
            format!("{len} {what}; the limit is {max}"),
        ))
    } else {
        Ok(())
    }
}

/// An error when an id is empty or longer than [`MAX_ID_BYTES`].
pub fn check_id(id: &str, path: &impl At) -> Result<(), Error> {
    if id.is_empty() {
        Err(Error::new(
            ErrorCode::InvalidValue,
            path.path(),
            "an id may not be empty",
        ))
    } else if !id.bytes().all(|b| matches!(b, b' '..=b'~')) && id.chars().any(char::is_control) {
        // Printable ASCII, which ids nearly always are, is looked at byte by byte; anything
        // else character by character (Unicode's controls include U+0080 to U+009F).
        Err(Error::new(
            ErrorCode::InvalidValue,
            path.path(),
            "an id may not contain control characters",
        ))
    } else if id.len() > MAX_ID_BYTES {
        Err(Error::new(
            ErrorCode::OutOfRange,
            path.path(),
            format!("an id may be at most {MAX_ID_BYTES} bytes"),
        ))
    } else {
        Ok(())
    }
}

/// An error when a count is above `max`.
pub fn check_count(n: u64, max: u64, path: &impl At) -> Result<(), Error> {
    if n > max {
        Err(Error::new(
            ErrorCode::OutOfRange,
            path.path(),
            format!("{n} is above the limit of {max}"),
        ))
    } else {
        Ok(())
    }
}
