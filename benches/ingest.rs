//! CSV ingestion throughput on a generated ~100 MB consultation export.
//!
//! `cargo bench --bench ingest`. The file is written once to `target/bench-data/`: rows of
//! id, section, opinion (sentences of the bundled corpus, recombined) and reply, as
//! UTF-8 and as CP932 (what Japanese Excel writes). Each iteration reads it with
//! `read_path` and checks the row count. Peak resident memory after one read is printed,
//! to show that memory follows the output, not copies of the input.

use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iken::{Normalizer, ReadOptions, read_path};

const TARGET_BYTES: usize = 100 * 1024 * 1024;

fn sentences() -> Vec<String> {
    let raw = include_str!("../data/osaka-dx-strategy-pubcomment.txt");
    Normalizer::default()
        .normalize(raw)
        .split_inclusive('。')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Writes the UTF-8 and CP932 files; returns (paths, rows).
fn generate() -> (PathBuf, PathBuf, usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let utf8 = dir.join("consultation-100mb.csv");
    let cp932 = dir.join("consultation-100mb-cp932.csv");
    let s = sentences();
    let mut text = String::with_capacity(TARGET_BYTES + 4096);
    text.push_str("No.,項目,ご意見の要旨,本市の考え方\r\n");
    let mut rows = 0;
    // A fixed linear congruential sequence: the same file on every machine.
    let mut x: u64 = 42;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize % n
    };
    while text.len() < TARGET_BYTES {
        rows += 1;
        let k = 1 + next(4);
        let opinion: String = (0..k).map(|_| s[next(s.len())].as_str()).collect();
        let reply = &s[next(s.len())];
        let section = ["全般", "VALUE 01", "VALUE 02", "STRATEGY00"][next(4)];
        text.push_str(&format!(
            "{rows},{section},\"{}\",\"{}\"\r\n",
            opinion.replace('"', "\"\""),
            reply.replace('"', "\"\"")
        ));
    }
    if !utf8.exists() || std::fs::metadata(&utf8).unwrap().len() != text.len() as u64 {
        std::fs::File::create(&utf8)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        std::fs::File::create(&cp932)
            .unwrap()
            .write_all(&bytes)
            .unwrap();
    }
    (utf8, cp932, rows)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn bench_ingest(c: &mut Criterion) {
    let (utf8, cp932, rows) = generate();
    // Reset the high-water mark (Linux: clear_refs 5) so generating the file does not count.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss_mb();
    let read = read_path(&utf8, &ReadOptions::default()).unwrap();
    assert_eq!(read.consultation.opinions.len(), rows);
    let text_bytes: usize = read
        .consultation
        .opinions
        .iter()
        .map(|o| o.text.len())
        .chain(read.consultation.replies.iter().map(|r| r.text.len()))
        .sum();
    println!(
        "{rows} rows, {:.1} MB file; output text {:.1} MB; resident {before:.0} MB before, peak {:.0} MB during one read",
        std::fs::metadata(&utf8).unwrap().len() as f64 / 1e6,
        text_bytes as f64 / 1e6,
        peak_rss_mb()
    );
    drop(read);

    let mut group = c.benchmark_group("ingest_csv_100mb");
    group.sample_size(10);
    for (name, path) in [("utf8", &utf8), ("cp932", &cp932)] {
        group.throughput(Throughput::Bytes(std::fs::metadata(path).unwrap().len()));
        group.bench_function(name, |b| {
            b.iter(|| {
                let read = read_path(path, &ReadOptions::default()).unwrap();
                assert_eq!(black_box(read).consultation.opinions.len(), rows);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ingest);
criterion_main!(benches);
