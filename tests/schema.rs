//! The JSON Schemas of the files iken writes, generated from the library's types
//! (schemars) and kept under `docs/schema/`: this test fails when they are stale.
//! `IKEN_UPDATE_SCHEMA=1 cargo test --test schema` rewrites them.

use std::path::PathBuf;

fn check(name: &str, schema: schemars::Schema) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schema")
        .join(name);
    let fresh = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    if std::env::var_os("IKEN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == fresh,
        "{} is stale: run IKEN_UPDATE_SCHEMA=1 cargo test --test schema",
        path.display()
    );
}

#[test]
fn schemas_are_up_to_date() {
    check("report.schema.json", schemars::schema_for!(iken::Report));
    check("config.schema.json", schemars::schema_for!(iken::Analysis));
}

/// The bundled corpus's report and configuration are valid against their schemas in the
/// ways a reader relies on: every required field is there.
#[test]
fn reports_carry_every_required_field() {
    let c = iken::read_path(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/osaka-dx-strategy-pubcomment.txt"
        ),
        &iken::ReadOptions::default(),
    )
    .unwrap()
    .consultation;
    let report = serde_json::to_value(iken::Analysis::default().run(&c).unwrap()).unwrap();
    let schema = serde_json::to_value(schemars::schema_for!(iken::Report)).unwrap();
    for field in schema["required"].as_array().unwrap() {
        assert!(report.get(field.as_str().unwrap()).is_some(), "{field}");
    }
    assert_eq!(report["schema_version"], iken::SCHEMA_VERSION);
}
