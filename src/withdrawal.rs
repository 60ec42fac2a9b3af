//! Stub.
#![allow(missing_docs)]
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawArgs {}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WithdrawalQuote {}

pub fn withdraw(_rules: &RuleSet, _args: WithdrawArgs) -> Result<WithdrawalQuote, Errors> {
    Err(Error::new(ErrorCode::UnknownCommand, Path::root(), "not built").into())
}
