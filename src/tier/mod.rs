//! Stub.
#![allow(missing_docs)]
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressArgs {}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Progress {}

pub fn progress(_rules: &RuleSet, _args: ProgressArgs) -> Result<Progress, Errors> {
    Err(Error::new(ErrorCode::UnknownCommand, Path::root(), "not built").into())
}
