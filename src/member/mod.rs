//! What happens to a member around the money: being bound to a sharer, their commission's
//! lifecycle from pending to available, withdrawing it, and climbing tiers.

pub mod binding;
pub mod lifecycle;
pub mod tier;
pub mod withdrawal;
