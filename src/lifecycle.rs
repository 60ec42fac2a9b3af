//! Stub.
#![allow(missing_docs)]
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusArgs {}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CommissionStatus {}

pub fn status(_rules: &RuleSet, _args: StatusArgs) -> Result<CommissionStatus, Errors> {
    Err(Error::new(ErrorCode::UnknownCommand, Path::root(), "not built").into())
}
