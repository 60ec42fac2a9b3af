//! Stub.
#![allow(missing_docs)]
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BindArgs {}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BindDecision {}

pub fn bind(_rules: &RuleSet, _args: BindArgs) -> Result<BindDecision, Errors> {
    Err(Error::new(ErrorCode::UnknownCommand, Path::root(), "not built").into())
}
