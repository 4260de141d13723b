//! The JSON Schemas of what iken writes, generated from the library's types (schemars)
//! and kept under `docs/schema/`: this test fails when they are stale, and checks the
//! bundled corpora's outputs against them with an independent validator (jsonschema).
//! `IKEN_UPDATE_SCHEMA=1 cargo test --test schema` rewrites them.

use std::path::PathBuf;

use iken::{
    Analysis, Consultation, Copies, OpinionTemplates, OpinionTerms, OpinionTokens, ReplyReport,
    Report, Versioned,
};

fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schema")
        .join(name)
}

/// Every output: its schema file and the schema its type makes.
fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    vec![
        ("report.schema.json", schemars::schema_for!(Report)),
        ("config.schema.json", schemars::schema_for!(Analysis)),
        (
            "copies.schema.json",
            schemars::schema_for!(Versioned<Copies>),
        ),
        (
            "replies.schema.json",
            schemars::schema_for!(Versioned<ReplyReport>),
        ),
        (
            "opinion-templates.schema.json",
            schemars::schema_for!(Versioned<OpinionTemplates>),
        ),
        ("tokenize.schema.json", schemars::schema_for!(OpinionTerms)),
        (
            "tokenize-all-tokens.schema.json",
            schemars::schema_for!(OpinionTokens),
        ),
    ]
}

#[test]
fn schemas_are_up_to_date() {
    for (name, schema) in schemas() {
        let path = schema_path(name);
        let fresh = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if std::env::var_os("IKEN_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            continue;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == fresh,
            "{} is stale: run IKEN_UPDATE_SCHEMA=1 cargo test --test schema",
            path.display()
        );
    }
}

fn bundled(name: &str) -> Consultation {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    iken::read_path(path, &iken::ReadOptions::default())
        .unwrap()
        .consultation
}

fn assert_valid(schema_file: &str, value: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path(schema_file)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

/// What the library gives on both bundled tables is valid against the committed schemas,
/// and a schema that does not fit is caught (the validator is not a rubber stamp).
#[test]
fn outputs_are_valid_against_their_schemas() {
    let analysis = Analysis::default();
    for name in [
        "osaka-dx-strategy-pubcomment.txt",
        "env-basic-plan-5-pubcomment.csv",
    ] {
        let c = bundled(name);
        let report = serde_json::to_value(analysis.run(&c).unwrap()).unwrap();
        assert_eq!(report["schema_version"], iken::SCHEMA_VERSION);
        assert_valid("report.schema.json", &report);
        assert_valid(
            "report.schema.json",
            &serde_json::to_value(analysis.run_clusters(&c).unwrap()).unwrap(),
        );
        assert_valid("config.schema.json", &report["analysis"]);
        let copies =
            serde_json::to_value(Versioned::new(analysis.run_copies(&c).unwrap())).unwrap();
        assert_eq!(copies["schema_version"], iken::SCHEMA_VERSION);
        assert_valid("copies.schema.json", &copies);
        let replies = Versioned::new(analysis.run_replies(&c).unwrap());
        assert_valid(
            "replies.schema.json",
            &serde_json::to_value(replies).unwrap(),
        );
        let templates = Versioned::new(analysis.run_opinion_templates(&c).unwrap());
        assert_valid(
            "opinion-templates.schema.json",
            &serde_json::to_value(templates).unwrap(),
        );

        let tokenizer = analysis.tokenizer().unwrap();
        let texts = c.texts();
        let tokens =
            iken::tokenize_all(&tokenizer.clone().keeping_all_tokens(), &texts[..5]).unwrap();
        for (o, tokens) in c.opinions.iter().zip(tokens) {
            let terms = tokens.iter().map(|t| t.term().to_owned()).collect();
            let line = OpinionTerms {
                id: o.id.clone(),
                terms,
            };
            assert_valid("tokenize.schema.json", &serde_json::to_value(line).unwrap());
            let line = OpinionTokens {
                id: o.id.clone(),
                tokens,
            };
            assert_valid(
                "tokenize-all-tokens.schema.json",
                &serde_json::to_value(line).unwrap(),
            );
        }

        let mut broken = report.clone();
        broken["clusters"][0]["size"] = serde_json::json!("many");
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(schema_path("report.schema.json")).unwrap(),
        )
        .unwrap();
        assert!(!jsonschema::is_valid(&schema, &broken));
    }
}
