//! Tier evolution in a run. A rule set whose tiers have upgrade conditions or retention
//! rules would change members' tiers as the run goes; this version of the batch path runs
//! with each member at their starting tier throughout, so it refuses such a rule set rather
//! than answer figures that ignore the upgrades.

use crate::error::{ErrorCode, Errors, Path};
use crate::rules::RuleSet;

/// Refuses a rule set whose tiers would evolve during the run.
pub(crate) fn refuse_evolution(rules: &RuleSet) -> Result<(), Errors> {
    let mut errs = Errors::new();
    for (i, t) in rules.tiers.iter().enumerate() {
        let p = Path::root().field("rules").field("tiers").index(i);
        if t.upgrade.is_some() {
            errs.add(
                ErrorCode::InvalidValue,
                p.field("upgrade"),
                format!("tier `{}` has an upgrade condition: batch runs take designated tiers only, for now", t.id),
            );
        }
        if t.retention.is_some() {
            errs.add(
                ErrorCode::InvalidValue,
                p.field("retention"),
                format!("tier `{}` has a retention rule: batch runs take designated tiers only, for now", t.id),
            );
        }
    }
    errs.finish(())
}
