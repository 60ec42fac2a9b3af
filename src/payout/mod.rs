//! The money path of one order: the order and its commission base, the buyer's upline, the
//! commission each level earns, the settlement the server pays from, refunds that reverse it,
//! and the share-poster preview, which is the settlement of the order a poster describes.

pub mod commission;
pub mod network;
pub mod order;
pub mod preview;
pub mod refund;
pub mod settlement;
