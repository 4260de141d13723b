//! The analysis stages one at a time on a generated consultation with a growing vocabulary
//! (`Vocabulary::Growing`, 20,000 comments, seed 0): what each costs, apart.
//!
//! `cargo bench --bench stages`. Benchmarks:
//! - `stages/tokenize`: `intern_all` with the analysis' tokenizer (each distinct sentence
//!   once);
//! - `stages/vectorize`: TF-IDF of the interned terms;
//! - `stages/reduce`: the truncated SVD to 100 dimensions;
//! - `stages/cluster`: k-means with k chosen automatically (the Ward sample, every
//!   candidate k, Lloyd's iterations on all rows), keywords and representatives;
//! - `stages/copies`: duplicate detection (exact, MinHash/LSH, partial copies, groups).
//!
//! Each iteration checks a count against the one computed before timing (terms, non-zeros,
//! components, opinions placed, copy groups), so a benchmark is also a correctness check.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iken::{Analysis, ClusterParams, GenerateParams, Generator, SvdParams, Vocabulary, intern_all};

const COMMENTS: usize = 20_000;

fn bench_stages(c: &mut Criterion) {
    let texts: Vec<String> = Generator::new(
        GenerateParams::new(COMMENTS)
            .seed(0)
            .vocabulary(Vocabulary::Growing),
    )
    .unwrap()
    .map(|c| c.text)
    .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let analysis = Analysis::default();
    let tokenizer = analysis.tokenizer().unwrap();

    // Each stage's input and the count its output must have, computed once.
    let terms = intern_all(&tokenizer, &texts).unwrap();
    let total_terms = terms.total_terms();
    let (model, tfidf) = analysis.tfidf.fit_transform_interned(&terms).unwrap();
    let nnz = tfidf.nnz();
    let svd = SvdParams::new(100);
    let (_, vectors) = svd.fit_transform(&tfidf).unwrap();
    let clustering = ClusterParams::default();
    let placed = |c: &iken::Clustering| {
        c.clusters.iter().map(|c| c.members.len()).sum::<usize>() + c.unclustered.len()
    };
    let copies = analysis.dedup.find(&texts).unwrap();
    println!(
        "{COMMENTS} comments, {:.1} MB, {total_terms} terms, {} distinct, {nnz} non-zeros, {} copy groups",
        bytes as f64 / 1e6,
        model.vocabulary().len(),
        copies.groups.len()
    );

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            let t = intern_all(&tokenizer, black_box(&texts)).unwrap();
            assert_eq!(t.total_terms(), total_terms);
        })
    });
    group.bench_function("copies", |b| {
        b.iter(|| {
            let found = analysis.dedup.find(black_box(&texts)).unwrap();
            assert_eq!(found.groups.len(), copies.groups.len());
        })
    });
    group.throughput(Throughput::Elements(COMMENTS as u64));
    group.bench_function("vectorize", |b| {
        b.iter(|| {
            let (_, m) = analysis
                .tfidf
                .fit_transform_interned(black_box(&terms))
                .unwrap();
            assert_eq!(m.nnz(), nnz);
        })
    });
    group.bench_function("reduce", |b| {
        b.iter(|| {
            let (_, v) = svd.fit_transform(black_box(&tfidf)).unwrap();
            assert_eq!(v.dim(), (COMMENTS, 100));
        })
    });
    group.bench_function("cluster", |b| {
        b.iter(|| {
            let c = clustering
                .fit(black_box(&vectors), &tfidf, model.vocabulary())
                .unwrap();
            assert_eq!(placed(&c), COMMENTS);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_stages);
criterion_main!(benches);
