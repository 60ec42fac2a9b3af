//! Answers are written by the engine's own writer (`#[derive(Emit)]`, crates/fenxiao-derive);
//! with the `serialize` feature the same types also implement `serde::Serialize` (for Rust
//! callers who store a result with serde). Both are derived from the same `#[serde]`
//! attributes and must give the same text, or a stored settlement would not be what the CLI
//! answered: every golden vector's result (or refusal) is written both ways and compared.
#![cfg(feature = "serialize")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use fenxiao::api;
use fenxiao::error::Errors;
use fenxiao::io::Decode;
use fenxiao::io::{to_text, Emit};
use serde::Serialize;
use serde_json::Value;

mod common;

/// Compares both writers on `v`; `what` names the vector in a failure.
fn same<T: Emit + Serialize + ?Sized>(v: &T, what: &str) {
    assert_eq!(to_text(&v), serde_json::to_string(v).unwrap(), "{what}");
}

/// Decodes the arguments and runs `f` on them, or compares the decoding errors. True when a
/// result (not a refusal) was compared.
fn compare<'j, A: Decode<'j>>(
    args: fenxiao::io::Object<'j>,
    what: &str,
    f: impl FnOnce(&A) -> bool,
) -> bool {
    match api::decode::<A>(args) {
        Ok(a) => f(&a),
        Err(e) => {
            same(e.as_slice(), what);
            false
        }
    }
}

/// Compares a command's result, or its errors. True when a result was compared.
fn result<R: Emit + Serialize>(r: Result<R, Errors>, what: &str) -> bool {
    match r {
        Ok(r) => {
            same(&r, what);
            true
        }
        Err(e) => {
            same(e.as_slice(), what);
            false
        }
    }
}

#[test]
fn every_vectors_result_is_written_alike_by_emit_and_serde() {
    let paths = common::vector_paths();
    let (mut results, mut refusals) = (0, 0);
    for p in &paths {
        let what = p.display().to_string();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let Some(Value::Object(doc)) = v.get("input").cloned() else {
            continue;
        };
        let command = v["command"].as_str().unwrap();
        let (rules, args) = api::split_rules(doc);
        let rules = match rules {
            Ok(r) => r,
            Err(e) => {
                same(e.as_slice(), &what);
                refusals += 1;
                continue;
            }
        };
        let answered = match command {
            "validate" => {
                same(&fenxiao::rules::Validated::of(&rules), &what);
                true
            }
            "hash" => {
                same(&fenxiao::rules::Hashed::of(&rules), &what);
                true
            }
            "lint" => compare(args, &what, |a| {
                result(fenxiao::lint::lint(&rules, Clone::clone(a)), &what)
            }),
            "bind" => compare(args, &what, |a| {
                result(
                    fenxiao::member::binding::bind(&rules, Clone::clone(a)),
                    &what,
                )
            }),
            "settle" => compare(args, &what, |a| {
                result(fenxiao::payout::settlement::settle(&rules, a), &what)
            }),
            "refund" => compare(args, &what, |a| {
                result(fenxiao::payout::refund::refund(&rules, a), &what)
            }),
            "status" => compare(args, &what, |a| {
                result(
                    fenxiao::member::lifecycle::status(&rules, Clone::clone(a)),
                    &what,
                )
            }),
            "withdraw" => compare(args, &what, |a| {
                result(
                    fenxiao::member::withdrawal::withdraw(&rules, Clone::clone(a)),
                    &what,
                )
            }),
            "progress" => compare(args, &what, |a| {
                result(
                    fenxiao::member::tier::progress(&rules, Clone::clone(a)),
                    &what,
                )
            }),
            "preview" => compare(args, &what, |a| {
                result(fenxiao::payout::preview::preview(&rules, a), &what)
            }),
            _ => continue,
        };
        if answered {
            results += 1;
        } else {
            refusals += 1;
        }
    }
    // Every command's results must have been compared, not only refusals.
    assert!(
        results >= 40,
        "only {results} results compared ({refusals} refusals)"
    );
    assert!(refusals >= 10, "only {refusals} refusals compared");
}

/// serde_json is the reference for the format: the same values, the same text.
#[test]
fn strings_and_values_are_written_as_serde_json_writes_them() {
    let tricky = "a\"b\\c/d\u{0}\u{1f}\u{7f}\u{8}\t\n\u{c}\r é 佣金 😀";
    assert_eq!(to_text(&tricky), serde_json::to_string(tricky).unwrap());
    let v: Value =
        serde_json::from_str(r#"{"z":[1,-2,3.5,true,null,{"b":"x","a":[]}],"a":{}}"#).unwrap();
    assert_eq!(to_text(&v), serde_json::to_string(&v).unwrap());
    let list: Vec<Option<u64>> = vec![Some(u64::MAX), Some(0), Some(7), Some(10), None];
    assert_eq!(to_text(&list), "[18446744073709551615,0,7,10,null]");
    assert_eq!(
        to_text(&vec![i64::MIN, -1, 0, 9, i64::MAX]),
        serde_json::to_string(&[i64::MIN, -1, 0, 9, i64::MAX]).unwrap()
    );
}
