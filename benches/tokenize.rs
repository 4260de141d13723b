//! Tokenizer throughput on the bundled corpus repeated to ~5 MB, and dictionary load time.
//!
//! `cargo bench --bench tokenize`. Groups:
//! - `tokenize_5mb/lindera_segmenter`: lindera's `Segmenter` called directly, reading each
//!   token's part of speech and base form (what any user of the analysis needs);
//! - `tokenize_5mb/iken_all_tokens`: iken's tokenizer doing the same work (no
//!   normalization, every token, owned `Token`s) — the overhead of iken's layer;
//! - `tokenize_5mb/iken_default_1_thread` and `…_2_threads`: the default tokenizer
//!   (normalization, content words) one document at a time and with `tokenize_all` on a
//!   2-thread pool;
//! - `dictionary_load`: loading the embedded IPADIC.
//!
//! Each iteration checks the token count, so a benchmark is also a correctness check.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iken::lindera::mode::Mode;
use iken::lindera::segmenter::Segmenter;
use iken::{Dictionary, MorphologicalTokenizer, Normalizer, Tokenizer, tokenize_all};

const TARGET_BYTES: usize = 5 * 1024 * 1024;

/// The corpus as sentences (normalized, one document each), repeated to ~5 MB.
fn documents() -> Vec<String> {
    let raw = include_str!("../data/osaka-dx-strategy-pubcomment.txt");
    let joined = Normalizer::default().normalize(raw);
    let sentences: Vec<&str> = joined
        .split_inclusive('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut docs = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        for s in &sentences {
            bytes += s.len();
            docs.push((*s).to_owned());
        }
    }
    docs
}

fn bench_tokenize(c: &mut Criterion) {
    let docs = documents();
    let bytes: usize = docs.iter().map(String::len).sum();
    let dictionary = Dictionary::ipadic().unwrap();

    let segmenter = Segmenter::new(Mode::Normal, dictionary.as_lindera().clone(), None);
    let all = MorphologicalTokenizer::builder()
        .dictionary(dictionary.clone())
        .normalizer(Normalizer::none())
        .keep_all_tokens(true)
        .build()
        .unwrap();
    let default = MorphologicalTokenizer::builder()
        .dictionary(dictionary)
        .build()
        .unwrap();

    // Expected counts, computed once, checked in every iteration.
    let all_count: usize = docs.iter().map(|d| all.tokenize(d).unwrap().len()).sum();
    let content_count: usize = docs
        .iter()
        .map(|d| default.tokenize(d).unwrap().len())
        .sum();
    println!(
        "{} documents, {:.2} MB, {all_count} tokens, {content_count} content words",
        docs.len(),
        bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group("tokenize_5mb");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);

    group.bench_function("lindera_segmenter", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                for mut token in segmenter.segment(Cow::Borrowed(d.as_str())).unwrap() {
                    let details = token.details();
                    black_box((details[0], details.get(6)));
                    n += 1;
                }
            }
            assert_eq!(n, all_count);
        })
    });
    group.bench_function("iken_all_tokens", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| black_box(all.tokenize(d).unwrap()).len())
                .sum();
            assert_eq!(n, all_count);
        })
    });
    group.bench_function("iken_default_1_thread", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| black_box(default.tokenize(d).unwrap()).len())
                .sum();
            assert_eq!(n, content_count);
        })
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("iken_tokenize_all_{threads}_threads"), |b| {
            b.iter(|| {
                let out = pool.install(|| tokenize_all(&default, &docs).unwrap());
                assert_eq!(out.iter().map(Vec::len).sum::<usize>(), content_count);
            })
        });
    }
    group.finish();
}

fn bench_dictionary_load(c: &mut Criterion) {
    c.bench_function("dictionary_load", |b| {
        b.iter(|| black_box(Dictionary::ipadic().unwrap()))
    });
    c.bench_function("tokenizer_build", |b| {
        b.iter(|| black_box(MorphologicalTokenizer::builder().build().unwrap()))
    });
}

criterion_group!(benches, bench_tokenize, bench_dictionary_load);
criterion_main!(benches);
