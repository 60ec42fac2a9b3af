//! Validation: the document becomes a [`RuleSet`] or a list of every problem with its path.
//! Each figure is parsed once here and written back in canonical form, so the hash does not
//! depend on how the merchant spelt `0.10` or whether a default was written out.

use super::doc::*;
use super::*;
use crate::error::{ErrorCode, Errors, Path};
use crate::io::ids::{repeats, ById};
use crate::limits::{
    self, MAX_CONDITIONS, MAX_CONDITION_DEPTH, MAX_COUNT, MAX_IDS, MAX_LEVELS, MAX_PRODUCTS,
    MAX_SKUS, MAX_TIERS,
};
use crate::money::{Money, MoneyText, Rate, RateText};

impl RuleSet {
    /// Reads and checks the rule set JSON found at `path` (usually `rules`): every shape
    /// problem and every refused rule, together. Takes parsed JSON as
    /// [`crate::io::Json`] or as a `serde_json::Value`.
    pub fn from_value<'a>(
        value: impl Into<crate::io::Json<'a>>,
        path: &Path,
    ) -> Result<RuleSet, Errors> {
        let (doc, mut errs) = crate::io::decode::decode_parts::<RuleSetDoc>(value, path);
        match doc.map(|d| RuleSet::check(d, path)) {
            Some(Ok(r)) if errs.is_empty() => Ok(r),
            Some(Err(e)) => {
                errs.extend(e);
                Err(errs)
            }
            _ => Err(errs),
        }
    }

    /// Checks a rule set document found at `path` (usually `rules`), in steps: the version
    /// (nothing else is read under another), the offset, the tier ids (everything else may
    /// refer to them), then each section in the order of the document, every problem found.
    pub fn check(mut doc: RuleSetDoc, path: &Path) -> Result<RuleSet, Errors> {
        let mut errs = Errors::new();
        check_version(doc.schema_version, path)?;

        let offset = check_offset(
            doc.utc_offset.as_deref(),
            &path.field("utcOffset"),
            &mut errs,
        );
        doc.utc_offset = Some(offset.to_string());

        // Tiers first: levels, eligibility and conditions refer to them.
        let tiers_path = path.field("tiers");
        let Some(tier_ids) = check_tier_ids(&doc.tiers, &tiers_path, &mut errs) else {
            return Err(errs);
        };
        let ctx = Ctx {
            tier_ids: &tier_ids,
        };

        let eligibility =
            ctx.eligibility(&mut doc.eligibility, &path.field("eligibility"), &mut errs);
        let binding = check_binding(&doc.binding, &path.field("binding"), &mut errs);
        let plan = ctx.plan(&mut doc.levels, &path.field("levels"), &mut errs);

        let cap = doc
            .cap
            .as_mut()
            .and_then(|c| rate(c, &path.field("cap"), &mut errs));

        let products = ctx.products(&mut doc.products, &path.field("products"), &mut errs);

        let frozen_days = count(
            doc.lifecycle.frozen_days,
            3650,
            &path.field("lifecycle").field("frozenDays"),
            &mut errs,
        );

        let withdrawal =
            check_withdrawal(&mut doc.withdrawal, &path.field("withdrawal"), &mut errs);

        let tiers = ctx.tiers(&mut doc.tiers, &tiers_path, &mut errs);

        let (Some(eligibility), Some(binding), Some(plan)) = (eligibility, binding, plan) else {
            return Err(errs);
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        let hash = super::canonical::hash(&doc);
        Ok(RuleSet {
            normalized: doc.clone(),
            hash,
            enabled: doc.enabled,
            offset,
            eligibility,
            binding,
            plan,
            base: doc.base,
            self_purchase: doc.self_purchase,
            broken_upline: doc.broken_upline,
            cap,
            rounding: doc.rounding,
            products,
            frozen_days,
            withdrawal,
            tiers,
        })
    }
}

/// What checks need to know of the rule set as a whole.
struct Ctx<'a> {
    tier_ids: &'a [String],
}

impl Ctx<'_> {
    /// The product overrides and each one's SKU overrides, found by id.
    fn products(
        &self,
        list: &mut [ProductDoc],
        products_path: &Path,
        errs: &mut Errors,
    ) -> ById<ProductRule> {
        let mut products = Vec::new();
        if errs
            .take(limits::check_len(
                list.len(),
                MAX_PRODUCTS,
                products_path,
                "product overrides",
            ))
            .is_none()
        {
            return ById::new(products);
        }
        let repeated = repeats(list.iter().map(|p| p.product_id.as_str()));
        for ((i, product), repeated) in list.iter_mut().enumerate().zip(repeated) {
            let pp = products_path.index(i);
            errs.take(limits::check_id(
                &product.product_id,
                &pp.field("productId"),
            ));
            let rule = self.line_rule(product.mode, &mut product.levels, &pp, errs);
            let skus = self.skus(&mut product.skus, &pp.field("skus"), errs);
            if repeated {
                errs.add(
                    ErrorCode::Duplicate,
                    pp.field("productId"),
                    format!("product `{}` is listed twice", product.product_id),
                );
            }
            products.push((product.product_id.clone(), ProductRule { rule, skus }));
        }
        ById::new(products)
    }

    /// One product's SKU overrides, found by id.
    fn skus(&self, list: &mut [SkuDoc], sp: &Path, errs: &mut Errors) -> ById<LineRule> {
        let mut skus = Vec::new();
        if errs
            .take(limits::check_len(list.len(), MAX_SKUS, sp, "SKU overrides"))
            .is_none()
        {
            return ById::new(skus);
        }
        let sku_repeated = repeats(list.iter().map(|s| s.sku_id.as_str()));
        for ((j, sku), repeated) in list.iter_mut().enumerate().zip(sku_repeated) {
            let skp = sp.index(j);
            errs.take(limits::check_id(&sku.sku_id, &skp.field("skuId")));
            let r = self.line_rule(sku.mode, &mut sku.levels, &skp, errs);
            if repeated {
                errs.add(
                    ErrorCode::Duplicate,
                    skp.field("skuId"),
                    format!("SKU `{}` is listed twice", sku.sku_id),
                );
            }
            skus.push((sku.sku_id.clone(), r));
        }
        ById::new(skus)
    }

    /// The tiers: the first is where every member starts (no upgrade, no retention). A tier
    /// above it without an upgrade condition is designated (指定): only the merchant assigns it,
    /// the engine never reaches it by evaluation.
    fn tiers(&self, list: &mut [TierDoc], tiers_path: &Path, errs: &mut Errors) -> Vec<Tier> {
        let mut tiers = Vec::with_capacity(list.len());
        for (i, t) in list.iter_mut().enumerate() {
            let tp = tiers_path.index(i);
            if i == 0 && t.upgrade.is_some() {
                errs.add(
                    ErrorCode::Inconsistent,
                    tp.field("upgrade"),
                    "the first tier is where every member starts; it has no upgrade condition",
                );
            }
            let upgrade = t
                .upgrade
                .as_mut()
                .and_then(|c| self.condition_tree(c, &tp.field("upgrade"), errs));
            let retention = t.retention.as_mut().and_then(|r| {
                let rp = tp.field("retention");
                if i == 0 {
                    errs.add(
                        ErrorCode::Inconsistent,
                        rp.clone(),
                        "the first tier cannot be lost, so it has no retention rule",
                    );
                }
                self.condition_tree(&mut r.condition, &rp.field("condition"), errs)
                    .map(|condition| Retention {
                        period: r.period,
                        condition,
                    })
            });
            tiers.push(Tier {
                id: t.id.clone(),
                name: t.name.clone(),
                upgrade,
                approval: t.approval,
                retention,
            });
        }
        tiers
    }

    fn tier(&self, id: &str, path: &Path, errs: &mut Errors) -> Option<usize> {
        let found = self.tier_ids.iter().position(|t| t == id);
        if found.is_none() {
            errs.add(
                ErrorCode::UnknownReference,
                path.clone(),
                format!("`{id}` is not a tier of this rule set"),
            );
        }
        found
    }

    /// Who may distribute: everyone, members of listed tiers, or members who spent enough.
    /// Fields that belong to another `who` are refused first, then the chosen one is read.
    fn eligibility(
        &self,
        e: &mut EligibilityDoc,
        path: &Path,
        errs: &mut Errors,
    ) -> Option<Eligibility> {
        let who = match e.who {
            Who::Everyone => {
                self.forbid_tiers(e, path, errs);
                self.forbid_min_spend(e, path, errs);
                Eligible::Everyone
            }
            Who::Tiers => {
                self.forbid_min_spend(e, path, errs);
                self.eligible_tiers(e.tiers.as_deref(), &path.field("tiers"), errs)?
            }
            Who::Spend => {
                self.forbid_tiers(e, path, errs);
                let mp = path.field("minSpend");
                let Some(m) = e.min_spend.as_mut() else {
                    errs.add(
                        ErrorCode::MissingField,
                        mp,
                        "`who: \"spend\"` needs `minSpend`",
                    );
                    return None;
                };
                Eligible::Spend(money(m, &mp, errs)?)
            }
        };
        Some(Eligibility {
            who,
            approval: e.approval,
        })
    }

    /// `tiers` is refused unless `who` is `"tiers"`.
    fn forbid_tiers(&self, e: &EligibilityDoc, path: &Path, errs: &mut Errors) {
        self.forbid(
            e.tiers.is_some(),
            &path.field("tiers"),
            "`tiers` goes with `who: \"tiers\"`",
            errs,
        );
    }

    /// `minSpend` is refused unless `who` is `"spend"`.
    fn forbid_min_spend(&self, e: &EligibilityDoc, path: &Path, errs: &mut Errors) {
        self.forbid(
            e.min_spend.is_some(),
            &path.field("minSpend"),
            "`minSpend` goes with `who: \"spend\"`",
            errs,
        );
    }

    /// The tiers that may distribute: a non-empty list of known tiers, each named once.
    /// The answer has one flag per tier of the rule set.
    fn eligible_tiers(
        &self,
        list: Option<&[String]>,
        tp: &Path,
        errs: &mut Errors,
    ) -> Option<Eligible> {
        let Some(list) = list else {
            errs.add(
                ErrorCode::MissingField,
                tp.clone(),
                "`who: \"tiers\"` needs the list of tiers that may distribute",
            );
            return None;
        };
        errs.take(limits::check_len(list.len(), MAX_IDS, tp, "tiers"))?;
        if list.is_empty() {
            errs.add(
                ErrorCode::InvalidValue,
                tp.clone(),
                "an empty list would let nobody distribute",
            );
        }
        let mut allowed = vec![false; self.tier_ids.len()];
        for (i, id) in list.iter().enumerate() {
            if let Some(slot) = self
                .tier(id, &tp.index(i), errs)
                .and_then(|k| allowed.get_mut(k))
            {
                if *slot {
                    errs.add(
                        ErrorCode::Duplicate,
                        tp.index(i),
                        format!("tier `{id}` is listed twice"),
                    );
                }
                *slot = true;
            }
        }
        debug_assert_eq!(allowed.len(), self.tier_ids.len());
        Some(Eligible::Tiers(allowed))
    }

    fn forbid(&self, present: bool, path: &Path, message: &str, errs: &mut Errors) {
        if present {
            errs.add(ErrorCode::Inconsistent, path.clone(), message);
        }
    }

    fn plan(&self, levels: &mut [LevelDoc], path: &Path, errs: &mut Errors) -> Option<Plan> {
        if levels.is_empty() || levels.len() > MAX_LEVELS {
            errs.add(
                ErrorCode::OutOfRange,
                path.clone(),
                format!(
                    "{} levels given; a rule set pays 1 to {MAX_LEVELS}",
                    levels.len()
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(levels.len());
        let mut ok = true;
        for (i, level) in levels.iter_mut().enumerate() {
            match self.level(level, &path.index(i), errs) {
                Some(l) => out.push(l),
                None => ok = false,
            }
        }
        ok.then_some(Plan { levels: out })
    }

    fn level(&self, level: &mut LevelDoc, path: &Path, errs: &mut Errors) -> Option<Level> {
        match (&mut level.rate, &mut level.fixed, &mut level.tier_rates) {
            (Some(r), None, None) => rate(r, &path.field("rate"), errs).map(Level::Rate),
            (None, Some(f), None) => money(f, &path.field("fixed"), errs).map(Level::Fixed),
            (None, None, Some(list)) => {
                let lp = path.field("tierRates");
                if self.tier_ids.is_empty() {
                    errs.add(
                        ErrorCode::Inconsistent,
                        lp,
                        "`tierRates` needs tiers defined in `tiers`",
                    );
                    return None;
                }
                errs.take(limits::check_len(list.len(), MAX_TIERS, &lp, "tier rates"))?;
                let mut rates: Vec<Option<Rate>> = vec![None; self.tier_ids.len()];
                let mut ok = true;
                for (i, tr) in list.iter_mut().enumerate() {
                    let ip = lp.index(i);
                    let r = rate(&mut tr.rate, &ip.field("rate"), errs);
                    let Some(k) = self.tier(&tr.tier, &ip.field("tier"), errs) else {
                        ok = false;
                        continue;
                    };
                    match rates.get_mut(k) {
                        Some(slot @ None) => *slot = r,
                        _ => {
                            errs.add(
                                ErrorCode::Duplicate,
                                ip.field("tier"),
                                format!("tier `{}` has two rates", tr.tier),
                            );
                            ok = false;
                        }
                    }
                    ok &= r.is_some();
                }
                for (k, slot) in rates.iter().enumerate() {
                    if slot.is_none() && ok {
                        let id = self.tier_ids.get(k).map_or("", String::as_str);
                        errs.add(
                            ErrorCode::MissingField,
                            lp.clone(),
                            format!("tier `{id}` has no rate; list every tier"),
                        );
                        ok = false;
                    }
                }
                ok.then(|| {
                    Level::TierRates(rates.into_iter().map(|r| r.unwrap_or(Rate::ZERO)).collect())
                })
            }
            _ => {
                errs.add(
                    ErrorCode::Inconsistent,
                    path.clone(),
                    "a level has exactly one of `rate`, `fixed` or `tierRates`",
                );
                None
            }
        }
    }

    fn line_rule(
        &self,
        mode: OverrideMode,
        levels: &mut Option<Vec<LevelDoc>>,
        path: &Path,
        errs: &mut Errors,
    ) -> LineRule {
        match (mode, levels) {
            (OverrideMode::Own, Some(levels)) => self
                .plan(levels, &path.field("levels"), errs)
                .map_or(LineRule::OptOut, LineRule::Own),
            (OverrideMode::Own, None) => {
                errs.add(
                    ErrorCode::MissingField,
                    path.field("levels"),
                    "`mode: \"own\"` needs its own `levels`",
                );
                LineRule::OptOut
            }
            (_, Some(_)) => {
                errs.add(
                    ErrorCode::Inconsistent,
                    path.field("levels"),
                    "`levels` goes with `mode: \"own\"`",
                );
                LineRule::OptOut
            }
            (OverrideMode::OptOut, None) => LineRule::OptOut,
            (OverrideMode::Inherit, None) => LineRule::Inherit,
        }
    }

    fn condition_tree(
        &self,
        c: &mut ConditionDoc,
        path: &Path,
        errs: &mut Errors,
    ) -> Option<Condition> {
        let mut budget = MAX_CONDITIONS;
        self.condition(c, path, 1, &mut budget, errs)
    }

    fn condition(
        &self,
        c: &mut ConditionDoc,
        path: &Path,
        depth: usize,
        budget: &mut usize,
        errs: &mut Errors,
    ) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            errs.add(
                ErrorCode::TooDeep,
                path.clone(),
                format!("conditions nest at most {MAX_CONDITION_DEPTH} deep"),
            );
            return None;
        }
        if *budget == 0 {
            errs.add(
                ErrorCode::TooMany,
                path.clone(),
                format!("a tier has at most {MAX_CONDITIONS} conditions"),
            );
            return None;
        }
        *budget = budget.saturating_sub(1);
        let kind = self.condition_kind(c, path, depth, budget, errs)?;
        Some(Condition {
            path: path.as_str().to_owned(),
            kind,
        })
    }

    /// What a condition measures: a group of conditions (`all`, `any`) or one measure over
    /// a window. Fields of other types are refused first, so a misplaced one is reported
    /// and not ignored; then the type's own fields are read.
    fn condition_kind(
        &self,
        c: &mut ConditionDoc,
        path: &Path,
        depth: usize,
        budget: &mut usize,
        errs: &mut Errors,
    ) -> Option<ConditionKind> {
        let fields_ok = misplaced_fields(c, path, errs);
        if matches!(c.kind, ConditionType::All | ConditionType::Any) {
            return self.group(c, path, depth, budget, fields_ok, errs);
        }
        let window = self.window(
            c.window.get_or_insert_with(WindowDoc::default),
            &path.field("window"),
            errs,
        );
        let metric = self.metric(c, path, errs)?;
        if !fields_ok {
            return None;
        }
        Some(ConditionKind::Measure {
            metric,
            window: window?,
        })
    }

    /// A group: `of` is present and not empty, and each condition in it is checked one level
    /// deeper. `None` when a field was misplaced or any condition in it is refused.
    fn group(
        &self,
        c: &mut ConditionDoc,
        path: &Path,
        depth: usize,
        budget: &mut usize,
        fields_ok: bool,
        errs: &mut Errors,
    ) -> Option<ConditionKind> {
        debug_assert!(matches!(c.kind, ConditionType::All | ConditionType::Any));
        let mut ok = fields_ok;
        let op = path.field("of");
        let Some(of) = c.of.as_mut() else {
            errs.add(
                ErrorCode::MissingField,
                op,
                "a group needs `of`, the conditions it groups",
            );
            return None;
        };
        if of.is_empty() {
            errs.add(
                ErrorCode::InvalidValue,
                op.clone(),
                "a group needs at least one condition",
            );
        }
        let mut children = Vec::with_capacity(of.len());
        for (i, child) in of.iter_mut().enumerate() {
            match self.condition(child, &op.index(i), depth.saturating_add(1), budget, errs) {
                Some(ch) => children.push(ch),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(if c.kind == ConditionType::All {
            ConditionKind::All(children)
        } else {
            ConditionKind::Any(children)
        })
    }

    /// The measure of a condition that is not a group, with its mark (`atLeast`) and the
    /// type's own fields.
    fn metric(&self, c: &mut ConditionDoc, path: &Path, errs: &mut Errors) -> Option<Metric> {
        use ConditionType as T;
        let ap = path.field("atLeast");
        Some(match c.kind {
            T::CommissionEarned => {
                Metric::CommissionEarned(mark_money(&mut c.at_least, &ap, errs)?)
            }
            T::OwnPaidTotal => Metric::OwnPaidTotal(mark_money(&mut c.at_least, &ap, errs)?),
            T::TeamPaidTotal => team_paid_total(c, path, &ap, errs)?,
            T::BoughtProduct => bought_product(c.products.as_deref(), path, errs)?,
            T::DirectRecruits => Metric::DirectRecruits(mark_count(&c.at_least, &ap, errs)?),
            T::RecruitsAtTier => {
                let n = mark_count(&c.at_least, &ap, errs);
                let tp = path.field("tier");
                let tier = match &c.tier {
                    Some(id) => self.tier(id, &tp, errs),
                    None => {
                        errs.add(ErrorCode::MissingField, tp, "`recruitsAtTier` needs `tier`");
                        None
                    }
                };
                Metric::RecruitsAtTier {
                    tier: tier?,
                    at_least: n?,
                }
            }
            T::All | T::Any => return None,
        })
    }

    fn window(&self, w: &WindowDoc, path: &Path, errs: &mut Errors) -> Option<Window> {
        match (w.kind, w.days) {
            (WindowKind::LastDays, Some(days)) => {
                if days == 0 || days > 3660 {
                    errs.add(
                        ErrorCode::OutOfRange,
                        path.field("days"),
                        format!("{days} days: a window is 1 to 3660 days"),
                    );
                    return None;
                }
                Some(Window::LastDays(u32::try_from(days).unwrap_or(1)))
            }
            (WindowKind::LastDays, None) => {
                errs.add(
                    ErrorCode::MissingField,
                    path.field("days"),
                    "a `lastDays` window needs `days`",
                );
                None
            }
            (_, Some(_)) => {
                errs.add(
                    ErrorCode::Inconsistent,
                    path.field("days"),
                    "`days` goes with a `lastDays` window",
                );
                None
            }
            (WindowKind::AllTime, None) => Some(Window::AllTime),
            (WindowKind::Month, None) => Some(Window::Month),
            (WindowKind::Quarter, None) => Some(Window::Quarter),
        }
    }
}

/// The schema version: a document of another version is refused before anything else is
/// read, since its fields may mean something else.
fn check_version(version: u32, path: &Path) -> Result<(), Errors> {
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let mut errs = Errors::new();
    errs.add(
        ErrorCode::UnsupportedVersion,
        path.field("schemaVersion"),
        format!(
            "schema version {version} is not read by this engine, which reads {SCHEMA_VERSION}"
        ),
    );
    Err(errs)
}

/// The rule set's UTC offset (`+08:00` when absent); a bad one is reported and China's
/// offset stands in, so the rest can still be checked.
fn check_offset(text: Option<&str>, path: &Path, errs: &mut Errors) -> UtcOffset {
    match UtcOffset::parse(text.unwrap_or("+08:00")) {
        Ok(o) => o,
        Err(m) => {
            errs.add(ErrorCode::InvalidTime, path.clone(), m);
            UtcOffset::CHINA
        }
    }
}

/// The tier ids, in order, each a valid id given once. `None` when there are too many tiers
/// to check any further.
fn check_tier_ids(tiers: &[TierDoc], tiers_path: &Path, errs: &mut Errors) -> Option<Vec<String>> {
    errs.take(limits::check_len(
        tiers.len(),
        MAX_TIERS,
        tiers_path,
        "tiers",
    ))?;
    let tier_ids: Vec<String> = tiers.iter().map(|t| t.id.clone()).collect();
    let mut seen = crate::io::ids::Ids::default();
    for (i, id) in tier_ids.iter().enumerate() {
        let p = tiers_path.index(i).field("id");
        errs.take(limits::check_id(id, &p));
        if !seen.add(id, i) {
            errs.add(
                ErrorCode::Duplicate,
                p,
                format!("tier `{id}` is defined twice"),
            );
        }
    }
    Some(tier_ids)
}

/// The withdrawal settings, defaults written out (no minimum, no fee).
fn check_withdrawal(w: &mut WithdrawalDoc, wp: &Path, errs: &mut Errors) -> Withdrawal {
    let minimum = money_or_zero(&mut w.minimum, &wp.field("minimum"), errs);
    let fee_rate = w.fee_rate.get_or_insert_with(|| RateText("0".to_owned()));
    let fee_rate = rate(fee_rate, &wp.field("feeRate"), errs).unwrap_or(Rate::ZERO);
    let minimum_fee = money_or_zero(&mut w.minimum_fee, &wp.field("minimumFee"), errs);
    Withdrawal {
        minimum,
        fee_rate,
        fee_rounding: w.fee_rounding,
        minimum_fee,
    }
}

/// Refuses each field present that belongs to another condition type; `false` when one was.
fn misplaced_fields(c: &ConditionDoc, path: &Path, errs: &mut Errors) -> bool {
    use ConditionType as T;
    let t = c.kind;
    let allowed = |field: &str| -> bool {
        match field {
            "of" => matches!(t, T::All | T::Any),
            "atLeast" => !matches!(t, T::All | T::Any | T::BoughtProduct),
            "depth" | "includeSelf" => t == T::TeamPaidTotal,
            "products" => t == T::BoughtProduct,
            "tier" => t == T::RecruitsAtTier,
            _ => !matches!(t, T::All | T::Any),
        }
    };
    let present = [
        ("of", c.of.is_some()),
        ("atLeast", c.at_least.is_some()),
        ("depth", c.depth.is_some()),
        ("includeSelf", c.include_self.is_some()),
        ("products", c.products.is_some()),
        ("tier", c.tier.is_some()),
        ("window", c.window.is_some()),
    ];
    let mut ok = true;
    for (field, is_there) in present {
        if is_there && !allowed(field) {
            errs.add(
                ErrorCode::Inconsistent,
                path.field(field),
                format!("`{field}` does not go with a `{}` condition", type_name(t)),
            );
            ok = false;
        }
    }
    ok
}

/// `teamPaidTotal`: depth 1 to 3 (written out as 1 when absent), `includeSelf` written out
/// as `false` when absent, and a money mark. Both the depth and the mark are checked before
/// either refuses the condition.
fn team_paid_total(
    c: &mut ConditionDoc,
    path: &Path,
    ap: &Path,
    errs: &mut Errors,
) -> Option<Metric> {
    let team_depth = *c.depth.get_or_insert(1);
    let include_self = *c.include_self.get_or_insert(false);
    let d = if (1..=3).contains(&team_depth) {
        Some(u32::try_from(team_depth).unwrap_or(1))
    } else {
        errs.add(
            ErrorCode::OutOfRange,
            path.field("depth"),
            format!("team depth {team_depth} is not 1, 2 or 3"),
        );
        None
    };
    let m = mark_money(&mut c.at_least, ap, errs);
    Some(Metric::TeamPaidTotal {
        at_least: m?,
        depth: d?,
        include_self,
    })
}

/// `boughtProduct`: a non-empty list of valid product ids.
fn bought_product(products: Option<&[String]>, path: &Path, errs: &mut Errors) -> Option<Metric> {
    let pp = path.field("products");
    let Some(products) = products else {
        errs.add(
            ErrorCode::MissingField,
            pp,
            "`boughtProduct` needs `products`",
        );
        return None;
    };
    errs.take(limits::check_len(products.len(), MAX_IDS, &pp, "products"))?;
    if products.is_empty() {
        errs.add(
            ErrorCode::InvalidValue,
            pp.clone(),
            "name at least one product",
        );
    }
    for (i, p) in products.iter().enumerate() {
        errs.take(limits::check_id(p, &pp.index(i)));
    }
    Some(Metric::BoughtProduct(products.to_vec()))
}

fn type_name(t: ConditionType) -> &'static str {
    match t {
        ConditionType::All => "all",
        ConditionType::Any => "any",
        ConditionType::CommissionEarned => "commissionEarned",
        ConditionType::OwnPaidTotal => "ownPaidTotal",
        ConditionType::TeamPaidTotal => "teamPaidTotal",
        ConditionType::BoughtProduct => "boughtProduct",
        ConditionType::DirectRecruits => "directRecruits",
        ConditionType::RecruitsAtTier => "recruitsAtTier",
    }
}

/// A money mark, written back in canonical form.
fn mark_money(m: &mut Option<Mark>, path: &Path, errs: &mut Errors) -> Option<Money> {
    match m {
        Some(Mark(serde_json::Value::String(text))) => {
            let mut t = MoneyText(std::mem::take(text));
            let v = money(&mut t, path, errs);
            *text = t.0;
            v
        }
        Some(Mark(other)) => {
            errs.add(
                ErrorCode::InvalidType,
                path.clone(),
                format!(
                    "a total's mark is money as a string like \"500.00\", not {}",
                    json_kind(other)
                ),
            );
            None
        }
        None => {
            errs.add(
                ErrorCode::MissingField,
                path.clone(),
                "the condition needs `atLeast`",
            );
            None
        }
    }
}

/// A count mark: a JSON integer.
fn mark_count(m: &Option<Mark>, path: &Path, errs: &mut Errors) -> Option<u32> {
    match m {
        Some(Mark(serde_json::Value::Number(n))) => {
            let n = match crate::io::decode::whole_number(n) {
                Ok(n) => n,
                Err((code, message)) => {
                    errs.add(code, path.clone(), message);
                    return None;
                }
            };
            if n > MAX_COUNT {
                errs.add(
                    ErrorCode::OutOfRange,
                    path.clone(),
                    format!("{n} is above the limit of {MAX_COUNT}"),
                );
                return None;
            }
            u32::try_from(n).ok()
        }
        Some(Mark(other)) => {
            errs.add(
                ErrorCode::InvalidType,
                path.clone(),
                format!("a count's mark is a whole number, not {}", json_kind(other)),
            );
            None
        }
        None => {
            errs.add(
                ErrorCode::MissingField,
                path.clone(),
                "the condition needs `atLeast`",
            );
            None
        }
    }
}

fn json_kind(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".to_owned(),
        serde_json::Value::Bool(_) => "a boolean".to_owned(),
        serde_json::Value::Number(n) => format!("the number {n}"),
        serde_json::Value::String(s) => {
            format!("the string \"{}\"", s.chars().take(20).collect::<String>())
        }
        serde_json::Value::Array(_) => "an array".to_owned(),
        serde_json::Value::Object(_) => "an object".to_owned(),
    }
}

fn check_binding(b: &BindingDoc, path: &Path, errs: &mut Errors) -> Option<Binding> {
    let window = match (b.mode, b.new_user_window_hours) {
        (BindingMode::NewUser, Some(h)) => {
            count(h, 24 * 3660, &path.field("newUserWindowHours"), errs)
        }
        (BindingMode::NewUser, None) => {
            errs.add(
                ErrorCode::MissingField,
                path.field("newUserWindowHours"),
                "`mode: \"newUser\"` needs `newUserWindowHours`",
            );
            return None;
        }
        (_, Some(_)) => {
            errs.add(
                ErrorCode::Inconsistent,
                path.field("newUserWindowHours"),
                "`newUserWindowHours` goes with `mode: \"newUser\"`",
            );
            return None;
        }
        (_, None) => 0,
    };
    let validity_days = match b.validity_days {
        Some(0) => {
            errs.add(
                ErrorCode::OutOfRange,
                path.field("validityDays"),
                "a validity period is at least one day; leave it out for none",
            );
            return None;
        }
        Some(d) => Some(count(d, 3660, &path.field("validityDays"), errs)),
        None => None,
    };
    Some(Binding {
        mode: b.mode,
        new_user_window_hours: window,
        validity_days,
    })
}

/// Parses money and writes it back in canonical form.
fn money(m: &mut MoneyText, path: &Path, errs: &mut Errors) -> Option<Money> {
    let v = errs.take(m.check(path))?;
    m.0 = v.to_string();
    Some(v)
}

fn money_or_zero(m: &mut Option<MoneyText>, path: &Path, errs: &mut Errors) -> Money {
    let m = m.get_or_insert_with(|| MoneyText("0.00".to_owned()));
    money(m, path, errs).unwrap_or(Money::ZERO)
}

/// Parses a rate and writes it back in its shortest form.
fn rate(r: &mut RateText, path: &Path, errs: &mut Errors) -> Option<Rate> {
    let v = errs.take(r.check(path))?;
    r.0 = v.to_string();
    Some(v)
}

fn count(n: u64, max: u64, path: &Path, errs: &mut Errors) -> u32 {
    if n > max {
        errs.add(
            ErrorCode::OutOfRange,
            path.clone(),
            format!("{n} is above the limit of {max}"),
        );
        return 0;
    }
    u32::try_from(n).unwrap_or(0)
}
