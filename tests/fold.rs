//! Folding exact copies while reading (`ReadOptions::fold_copies`, `--fold-copies`): the
//! analysis and its files are those of the input read whole, with memory for the distinct
//! texts only.

use std::io::Write;
use std::path::{Path, PathBuf};

use iken::{
    Analysis, GenerateParams, ReadOptions, for_each_opinion, read_path, write_report,
    write_report_unfolded,
};

mod common;
use common::{CORPUS_PATH, ENV_PATH};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn options(fold: bool) -> ReadOptions {
    ReadOptions {
        fold_copies: fold,
        ..ReadOptions::default()
    }
}

/// Analyses `input` read whole and read folded; asserts that every file a person reads per
/// opinion, cluster or template is byte for byte the same and the counts agree.
fn same_with_and_without_folding(input: &Path, name: &str) -> (usize, usize) {
    let analysis = Analysis::builder().seed(0).build();
    let whole = read_path(input, &options(false)).unwrap().consultation;
    let folded = read_path(input, &options(true)).unwrap().consultation;
    assert_eq!(folded.opinions_read(), whole.opinions.len());

    let a = analysis.run(&whole).unwrap();
    let b = analysis.run(&folded).unwrap();
    assert_eq!(a.summary, b.summary, "{name}: the counts");
    assert_eq!(b.opinions.len(), folded.opinions.len());
    assert_eq!(
        b.opinions.iter().map(|o| o.copies as usize).sum::<usize>(),
        whole.opinions.len()
    );
    // The copy groups are the same but for their member lists (each distinct text once).
    let groups = |r: &iken::Report| -> Vec<String> {
        r.duplicates
            .iter()
            .map(|g| {
                format!(
                    "{} {} {} {} {:?} {:?}",
                    g.id, g.size, g.distinct, g.representative, g.measure, g.similarity
                )
            })
            .collect()
    };
    assert_eq!(groups(&a), groups(&b), "{name}: the copy groups");

    let dir_a = out_dir(&format!("fold-{name}-whole"));
    let dir_b = out_dir(&format!("fold-{name}-folded"));
    let fa = write_report(&a, &dir_a, name).unwrap();
    let fb = write_report_unfolded(&b, &dir_b, name, input, &options(true)).unwrap();
    for (x, y) in [
        (&fa.opinions_csv, &fb.opinions_csv),
        (&fa.clusters_csv, &fb.clusters_csv),
        (&fa.templates_csv, &fb.templates_csv),
        (&fa.replies_csv, &fb.replies_csv),
        (&fa.classes_csv, &fb.classes_csv),
    ] {
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{name}: {} differs when copies are folded",
            x.file_name().unwrap().to_string_lossy()
        );
    }
    (whole.opinions.len(), folded.opinions.len())
}

#[test]
fn a_docket_of_copies_folded_gives_the_files_of_the_whole() {
    // Most copies sent unedited, as in a docket's bulk submissions.
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fold-docket.jsonl");
    let params = GenerateParams::new(3_000)
        .seed(5)
        .campaign_share(0.8)
        .unedited_share(0.8);
    iken::write_jsonl(params, std::fs::File::create(&path).unwrap()).unwrap();
    let (read, kept) = same_with_and_without_folding(&path, "docket");
    assert_eq!(read, 3_000);
    assert!(
        kept < 1_500,
        "{kept} distinct of 3,000: the copies were folded"
    );
}

#[test]
fn the_bundled_tables_fold_to_themselves() {
    // A table's rows each have a reply of their own (or, in the PDF table, a shared one):
    // nothing folds, and nothing changes.
    for (path, name) in [(ENV_PATH, "env"), (CORPUS_PATH, "osaka")] {
        let (read, kept) = same_with_and_without_folding(Path::new(path), name);
        assert_eq!(read, kept, "{name}");
    }
}

/// A CSV labelled by reading: ids given, missing and repeated; one text under two sections.
const HAND_CSV: &str = "\
id,section,意見
a,1,同じ文章です。
b,1,同じ文章です。
c,2,同じ文章です。
d,1,違う文章です。
,1,同じ文章です。
a,1,同じ文章です。
";

#[test]
fn folded_ids_and_numbering_are_those_of_the_whole_read() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fold-hand.csv");
    std::fs::write(&path, HAND_CSV).unwrap();
    let folded = read_path(&path, &options(true)).unwrap();
    let kept: Vec<(&str, Option<&str>, u32)> = folded
        .consultation
        .opinions
        .iter()
        .map(|o| (o.id.as_str(), o.section.as_deref(), o.copies))
        .collect();
    // b, the row without an id (o5) and the second a (a#6) are a again; c is filed
    // under another section.
    assert_eq!(
        kept,
        [
            ("a", Some("1"), 4),
            ("c", Some("2"), 1),
            ("d", Some("1"), 1)
        ]
    );
    // The warning about the repeated id is given as when reading whole.
    assert_eq!(folded.warnings.len(), 1, "{:?}", folded.warnings);

    let mut ids = Vec::new();
    for_each_opinion(&path, &options(true), |o| {
        ids.push(o.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "o5", "a#6"]);

    let report = Analysis::builder()
        .seed(0)
        .build()
        .run(&folded.consultation)
        .unwrap();
    // Copies are found by text alone: c, filed elsewhere, is one of them too.
    assert_eq!(report.summary.opinions, 6);
    assert_eq!(report.summary.opinions_in_copies, 5);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].size, 5);
    assert_eq!(report.duplicates[0].members, ["a", "c"]);
    let dir = out_dir("fold-hand");
    let files = write_report_unfolded(&report, &dir, "hand", &path, &options(true)).unwrap();
    let csv = std::fs::read(&files.opinions_csv).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[4].to_owned())
        })
        .collect();
    let group = report.duplicates[0].id.to_string();
    assert_eq!(
        rows,
        [
            ("a".to_owned(), group.clone()),
            ("b".to_owned(), group.clone()),
            ("c".to_owned(), group.clone()),
            ("d".to_owned(), String::new()),
            ("o5".to_owned(), group.clone()),
            ("a#6".to_owned(), group),
        ]
    );
}

#[test]
fn an_input_changed_between_the_two_readings_is_an_error_with_its_row() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fold-changed.csv");
    std::fs::write(&path, HAND_CSV).unwrap();
    let folded = read_path(&path, &options(true)).unwrap().consultation;
    let report = Analysis::builder().seed(0).build().run(&folded).unwrap();
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(HAND_CSV.replace("違う", "別の").as_bytes())
        .unwrap();
    drop(f);
    let err = write_report_unfolded(
        &report,
        &out_dir("fold-changed"),
        "x",
        &path,
        &options(true),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("changed") && err.contains("row 5"), "{err}");
}
