//! Stub.
#![allow(missing_docs)]
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::rules::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LintArgs {}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LintReport {}

pub fn lint(_rules: &RuleSet, _args: LintArgs) -> Result<LintReport, Errors> {
    Err(Error::new(ErrorCode::UnknownCommand, Path::root(), "not built").into())
}
impl LintReport { pub fn has_errors(&self) -> bool { false } }
