//! What several integration tests share: the bundled corpus and the `iken` binary.
#![allow(dead_code)] // each test crate uses its own part

use std::process::{Command, Output};

/// The bundled corpus's path, for the command line.
pub const CORPUS_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osaka-dx-strategy-pubcomment.txt"
);

/// The bundled corpus read as a published PDF table.
pub fn osaka() -> iken::Consultation {
    iken::read_pdf_table(
        include_str!("../../data/osaka-dx-strategy-pubcomment.txt"),
        "osaka.txt",
    )
    .consultation
}

/// The bundled 環境省 table's path.
pub const ENV_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/env-basic-plan-5-pubcomment.csv"
);

/// The bundled 環境省 table (CSV: No., opinion, reply).
pub fn env() -> iken::Consultation {
    iken::read_path(ENV_PATH, &iken::ReadOptions::default())
        .expect("the bundled 環境省 table reads")
        .consultation
}

/// The rows of a labelled fixture under `tests/fixtures/`, `#` lines left out.
pub fn fixture(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Runs the `iken` binary with `args`.
pub fn iken(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iken"))
        .args(args)
        .output()
        .expect("the iken binary runs")
}

/// Runs the `iken` binary and asserts that it succeeded, showing its stderr if not.
pub fn iken_ok(args: &[&str]) -> Output {
    let out = iken(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A program on PATH (or the path in `env_var`), found by any of `names`.
pub fn program(env_var: &str, names: &[&str]) -> Option<std::path::PathBuf> {
    if let Ok(p) = std::env::var(env_var) {
        return Some(std::path::PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Headless Chromium, when installed (or named by `CHROMIUM`).
pub fn chromium() -> Option<std::path::PathBuf> {
    program(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )
}
