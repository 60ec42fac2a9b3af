//! The decoders are derived (`#[derive(Decode)]`, crates/fenxiao-derive) and the published
//! JSON Schema is generated (schemars), both from the same `#[serde]` attributes. This test
//! holds the two readings of them together, so a derive that read an attribute differently
//! (or a `#[schemars]` attribute the decoder does not see) fails here: for every input
//! type, the decoder reads exactly the schema's properties, requires exactly its required
//! ones, refuses unknown fields exactly where the schema does, and reads exactly the names
//! an enum's schema lists.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use fenxiao::io::{decode_at, Decode};
use fenxiao::{ErrorCode, Errors, Path};
use schemars::JsonSchema;
use serde_json::{json, Value};

fn schema_of<T: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap()
}

fn errors_of<T: Decode<'static>>(v: Value) -> Vec<(ErrorCode, String)> {
    match decode_at::<T>(v, &Path::root()) {
        Ok(_) => Vec::new(),
        Err(e) => errs(&e),
    }
}

fn errs(e: &Errors) -> Vec<(ErrorCode, String)> {
    e.as_slice()
        .iter()
        .map(|x| (x.code, x.path.as_str().to_owned()))
        .collect()
}

fn check_record<T: Decode<'static> + JsonSchema>(name: &str) {
    let schema = schema_of::<T>();
    let props: Vec<String> = schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{name}: no properties"))
        .keys()
        .cloned()
        .collect();
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    let strict = schema["additionalProperties"] == json!(false);

    // An empty object: one missingField per required property, nothing else.
    let mut got = errors_of::<T>(json!({}));
    got.sort_by(|a, b| a.1.cmp(&b.1));
    let mut want: Vec<(ErrorCode, String)> = required
        .iter()
        .map(|r| (ErrorCode::MissingField, r.clone()))
        .collect();
    want.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        got, want,
        "{name}: `{{}}` should miss exactly the schema's required fields"
    );

    // A field no schema has: refused where the schema refuses it, ignored where it allows it.
    let unknown = errors_of::<T>(json!({"notAField": 1}))
        .contains(&(ErrorCode::UnknownField, "notAField".to_owned()));
    assert_eq!(
        unknown, strict,
        "{name}: unknown fields refused = {unknown}, schema additionalProperties false = {strict}"
    );

    // Every property is read: given a value of the wrong kind, the error is about that value
    // (invalidType at the field, or unknownField inside it), never unknownField at the field.
    for p in &props {
        let got = errors_of::<T>(json!({ p.as_str(): {"zz": 1} }));
        assert!(
            !got.contains(&(ErrorCode::UnknownField, p.clone())),
            "{name}: the decoder does not read `{p}`"
        );
        if !strict {
            let mark = schema["properties"][p]["$ref"] == json!("#/$defs/Mark");
            assert!(
                mark || got.iter().any(|(_, path)| path.starts_with(p.as_str())),
                "{name}: `{p}` with a wrong value gave no error at it: {got:?}"
            );
        }
    }
}

fn check_names<T: Decode<'static> + JsonSchema>(name: &str) {
    let schema = schema_of::<T>();
    let mut names: Vec<String> = Vec::new();
    let mut collect = |v: &Value| {
        if let Some(a) = v["enum"].as_array() {
            names.extend(a.iter().filter_map(|x| x.as_str().map(str::to_owned)));
        }
        if let Some(c) = v["const"].as_str() {
            names.push(c.to_owned());
        }
    };
    collect(&schema);
    for s in schema["oneOf"].as_array().into_iter().flatten() {
        collect(s);
    }
    assert!(!names.is_empty(), "{name}: the schema lists no names");
    for n in &names {
        assert_eq!(
            errors_of::<T>(json!(n)),
            vec![],
            "{name}: `{n}` is in the schema but not read"
        );
    }
    assert_eq!(
        errors_of::<T>(json!("notAName")),
        vec![(ErrorCode::InvalidValue, String::new())],
        "{name}: an unknown name must be refused"
    );
    assert_eq!(
        errors_of::<T>(json!(1)),
        vec![(ErrorCode::InvalidType, String::new())],
        "{name}: a number must be refused"
    );
}

macro_rules! records {
    ($($t:ty),* $(,)?) => { $( check_record::<$t>(stringify!($t)); )* };
}
macro_rules! names {
    ($($t:ty),* $(,)?) => { $( check_names::<$t>(stringify!($t)); )* };
}

#[test]
fn every_input_record_reads_what_its_schema_says() {
    use fenxiao::rules::doc::*;
    records!(
        RuleSetDoc,
        EligibilityDoc,
        BindingDoc,
        LevelDoc,
        TierRateDoc,
        ProductDoc,
        SkuDoc,
        LifecycleDoc,
        WithdrawalDoc,
        TierDoc,
        RetentionDoc,
        ConditionDoc,
        WindowDoc,
        fenxiao::member::binding::BindArgs,
        fenxiao::member::binding::BuyerDoc,
        fenxiao::member::binding::SharerDoc,
        fenxiao::member::lifecycle::StatusArgs,
        fenxiao::member::lifecycle::SettlementRef,
        fenxiao::member::lifecycle::BeneficiaryRef,
        fenxiao::member::lifecycle::WithdrawnDoc,
        fenxiao::lint::LintArgs,
        fenxiao::lint::CatalogueProduct,
        fenxiao::lint::CatalogueSku,
        fenxiao::payout::network::MemberDoc,
        fenxiao::payout::order::OrderDoc,
        fenxiao::payout::order::LineDoc,
        fenxiao::payout::order::DiscountDoc,
        fenxiao::payout::preview::PreviewArgs,
        fenxiao::payout::preview::ProductDoc,
        fenxiao::payout::preview::SkuDoc,
        fenxiao::payout::refund::RefundArgs,
        fenxiao::payout::refund::RefundDoc,
        fenxiao::payout::refund::BalanceDoc,
        fenxiao::payout::settlement::SettleArgs,
        fenxiao::member::tier::facts::FactsDoc,
        fenxiao::member::tier::facts::OrderFactDoc,
        fenxiao::member::tier::facts::TeamOrderFactDoc,
        fenxiao::member::tier::facts::DailyTotalDoc,
        fenxiao::member::tier::facts::DailyTeamDoc,
        fenxiao::member::tier::facts::RecruitDoc,
        fenxiao::member::tier::facts::CommissionFactDoc,
        fenxiao::member::tier::ProgressArgs,
        fenxiao::member::tier::ProgressMemberDoc,
        fenxiao::member::tier::CandidateOrderDoc,
        fenxiao::member::withdrawal::WithdrawArgs,
    );
}

#[test]
fn every_input_enum_reads_the_names_its_schema_lists() {
    use fenxiao::rules::doc::*;
    names!(
        Who,
        Approval,
        BindingMode,
        Base,
        BrokenUpline,
        OverrideMode,
        Period,
        ConditionType,
        WindowKind,
        fenxiao::Rounding,
        fenxiao::lint::Profile,
        fenxiao::payout::network::Status,
        fenxiao::payout::order::DiscountKind,
    );
}

#[test]
fn a_document_with_many_problems_reports_each_at_its_path() {
    // why: three lines, each wrong in its own way, plus a misspelt field on the order and a
    // buyer with no status: all five are reported in one answer, in no particular order.
    let doc = json!({
        "id": "o-1",
        "buyer": {"id": "b"},
        "lines": [
            {"id": "l1", "productId": "p", "unitPrice": 12.5, "quantity": 1},
            {"id": "l2", "productId": "p", "unitPrice": "1.00", "quantity": -1},
            {"id": "l3", "productId": "p", "unitPrice": "1.00", "quantity": 1.5}
        ],
        "discount": []
    });
    let mut got = errors_of::<fenxiao::payout::order::OrderDoc>(doc);
    got.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        got,
        vec![
            (ErrorCode::MissingField, "buyer.status".to_owned()),
            (ErrorCode::UnknownField, "discount".to_owned()),
            (ErrorCode::InvalidType, "lines[0].unitPrice".to_owned()),
            (ErrorCode::OutOfRange, "lines[1].quantity".to_owned()),
            (ErrorCode::InvalidType, "lines[2].quantity".to_owned()),
        ]
    );
}

#[test]
fn null_is_absent_for_optional_fields_and_refused_for_required_ones() {
    // why: `skuId: null` is the same as leaving it out; `id: null` is not an id.
    let line = |sku: Value, id: Value| json!({"id": id, "productId": "p", "skuId": sku, "unitPrice": "1.00", "quantity": 1});
    assert_eq!(
        errors_of::<fenxiao::payout::order::LineDoc>(line(Value::Null, json!("l1"))),
        vec![]
    );
    assert_eq!(
        errors_of::<fenxiao::payout::order::LineDoc>(line(Value::Null, Value::Null)),
        vec![(ErrorCode::InvalidType, "id".to_owned())]
    );
}
