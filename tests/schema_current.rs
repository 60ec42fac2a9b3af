//! `docs/schema.json` is the published JSON Schema; it must be what the engine generates
//! from its types. Regenerate with `FENXIAO_BLESS=1 cargo test --test schema_current`.

#[test]
fn published_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema.json");
    let generated = format!(
        "{}\n",
        serde_json::to_string_pretty(&fenxiao::schema::all()).unwrap()
    );
    if std::env::var_os("FENXIAO_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/schema.json is stale: run FENXIAO_BLESS=1 cargo test --test schema_current"
    );
}
