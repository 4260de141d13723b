//! The contract of every output, pinned: `report.json` and `config.json` of `iken analyze`,
//! and each command's `--json` (and `parse`, `tokenize`), on both bundled tables, compared
//! byte for byte with the snapshots under `tests/snapshots/` (insta). A change to any of
//! them shows up here as a diff to review: `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` to accept.

mod common;

use std::path::Path;

const TABLES: [(&str, &str); 2] = [
    ("osaka", "osaka-dx-strategy-pubcomment.txt"),
    ("env", "env-basic-plan-5-pubcomment.csv"),
];

/// What the command prints; run from the package root (as `cargo test` does), so that the
/// paths in the outputs are the same relative ones on every checkout.
fn iken(args: &[&str]) -> String {
    String::from_utf8(common::iken_ok(args).stdout).unwrap()
}

fn data(file: &str) -> String {
    Path::new("data").join(file).display().to_string()
}

#[test]
fn command_outputs_are_as_pinned() {
    for (name, file) in TABLES {
        let file = data(file);
        insta::assert_snapshot!(format!("{name}.parse"), iken(&["parse", &file]));
        insta::assert_snapshot!(format!("{name}.tokenize"), iken(&["tokenize", &file]));
        insta::assert_snapshot!(
            format!("{name}.cluster"),
            iken(&["cluster", &file, "--json"])
        );
        insta::assert_snapshot!(format!("{name}.dedup"), iken(&["dedup", &file, "--json"]));
        insta::assert_snapshot!(
            format!("{name}.boilerplate"),
            iken(&["boilerplate", &file, "--json"])
        );
        insta::assert_snapshot!(
            format!("{name}.boilerplate-opinions"),
            iken(&["boilerplate", &file, "--opinions", "--json"])
        );
    }
}

#[test]
fn report_files_are_as_pinned() {
    for (name, file) in TABLES {
        let dir = std::env::temp_dir().join(format!("iken-snapshot-{name}-{}", std::process::id()));
        iken(&[
            "analyze",
            &data(file),
            "--out",
            dir.to_str().unwrap(),
            "--quiet",
        ]);
        for written in ["report.json", "config.json", "opinions.csv", "clusters.csv"] {
            let text = std::fs::read_to_string(dir.join(written)).unwrap();
            insta::assert_snapshot!(format!("{name}.analyze.{written}"), text);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
