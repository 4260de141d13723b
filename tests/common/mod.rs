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
