//! How iken behaves on large consultations: generates N comments with ground truth and
//! runs each pipeline stage that exists, printing seconds, peak memory and quality.
//!
//! `cargo run --release --example scale [-- --sizes 1000,10000,100000] [--full] [--seed S]
//! [--vocabulary corpus|growing|both]` (`--full` adds 1,000,000; `growing` is
//! [`Vocabulary::Growing`], whose vocabulary grows with the number of comments as real
//! text's does; the default runs both kinds of file). Stages: generate, read, tokenize, vectorize (TF-IDF), reduce
//! (truncated SVD to 100 dimensions), cluster (k-means with k = the true number of topics,
//! scored by ARI/NMI against the true topics), deduplicate (MinHash/LSH with verification
//! and containment, scored by pairwise precision/recall against the true campaigns), analyze
//! (the whole job as `iken analyze` runs it, report files written); then the two bundled real
//! tables analysed and scored against the administrations' own grouping. Peak
//! memory is the process's peak during the stage, including what earlier stages still hold.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use iken::{
    Analysis, ClusterParams, Columns, GenerateParams, Generator, K, ReadOptions, SvdParams,
    Vocabulary, adjusted_rand_index, intern_all, normalized_mutual_info, pair_scores, read_path,
    reply_agreement, write_jsonl, write_report,
};

/// Resets the peak-resident-memory mark (Linux), so each stage reports its own peak.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Row {
    n: usize,
    vocabulary: &'static str,
    stage: &'static str,
    seconds: Option<f64>,
    peak_mb: Option<f64>,
    note: String,
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut sizes = vec![1_000, 10_000, 100_000];
    let mut seed = 0u64;
    let mut vocabularies = vec![Vocabulary::Corpus, Vocabulary::Growing];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .ok_or("--sizes needs a list")?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()?
            }
            "--full" => sizes.push(1_000_000),
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            "--vocabulary" => {
                vocabularies = match args.next().as_deref() {
                    Some("corpus") => vec![Vocabulary::Corpus],
                    Some("growing") => vec![Vocabulary::Growing],
                    Some("both") => vec![Vocabulary::Corpus, Vocabulary::Growing],
                    _ => return Err("--vocabulary takes corpus, growing or both".into()),
                }
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir)?;
    // The analysis' own tokens and weighting, so that the stages add up to what it does.
    let defaults = Analysis::default();
    // Each stage with the analysis' own settings, so that the rows time what `iken analyze`
    // runs.
    let tokenizer = defaults.tokenizer()?;
    let mut rows = Vec::new();
    for (&vocabulary, &n) in vocabularies
        .iter()
        .flat_map(|v| sizes.iter().map(move |n| (v, n)))
    {
        let (kind, suffix) = match vocabulary {
            Vocabulary::Corpus => ("corpus", ""),
            Vocabulary::Growing => ("growing", "-growing"),
        };
        let params = GenerateParams::new(n).seed(seed).vocabulary(vocabulary);
        let path = dir.join(format!("generated-{n}-seed{seed}{suffix}.jsonl"));

        reset_peak();
        let t = Instant::now();
        let stats = write_jsonl(params.clone(), std::fs::File::create(&path)?)?;
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "generate",
            seconds: Some(t.elapsed().as_secs_f64()),
            peak_mb: Some(peak_mb()),
            note: format!(
                "{:.1} MB, {} form-letter copies",
                stats.bytes as f64 / 1e6,
                stats.campaign_copies
            ),
        });

        reset_peak();
        let t = Instant::now();
        let options = ReadOptions {
            columns: Columns::parse("opinion=text,id=id")?,
            ..ReadOptions::default()
        };
        let read = read_path(&path, &options)?;
        assert_eq!(read.consultation.opinions.len(), n);
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "read",
            seconds: Some(t.elapsed().as_secs_f64()),
            peak_mb: Some(peak_mb()),
            note: format!("{} opinions", read.consultation.opinions.len()),
        });

        // The texts, and the true topics and campaigns from the same seeded stream (not
        // timed).
        let texts = read.consultation.texts();
        let (topics, campaigns): (Vec<Option<u32>>, Vec<Option<u32>>) =
            Generator::new(params.clone())?
                .map(|c| (c.topic, c.campaign))
                .unzip();

        reset_peak();
        let t = Instant::now();
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        let terms = intern_all(&tokenizer, &texts)?;
        let seconds = t.elapsed().as_secs_f64();
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "tokenize",
            seconds: Some(seconds),
            peak_mb: Some(peak_mb()),
            note: format!(
                "{} distinct texts tokenized, {} terms, {:.1} MB/s on {} threads",
                terms.unique_len(),
                terms.total_terms(),
                bytes as f64 / 1e6 / seconds,
                rayon::current_num_threads()
            ),
        });
        reset_peak();
        let t = Instant::now();
        let (model, tfidf) = defaults.tfidf.fit_transform_interned(&terms)?;
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "vectorize",
            seconds: Some(t.elapsed().as_secs_f64()),
            peak_mb: Some(peak_mb()),
            note: format!(
                "TF-IDF {} terms, {} non-zeros",
                model.vocabulary().len(),
                tfidf.nnz()
            ),
        });
        drop(terms);

        reset_peak();
        let t = Instant::now();
        let (svd, vectors) = SvdParams::new(100).fit_transform(&tfidf)?;
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "reduce",
            seconds: Some(t.elapsed().as_secs_f64()),
            peak_mb: Some(peak_mb()),
            note: format!(
                "SVD to {} dimensions, {:.1} % of variance",
                vectors.ncols(),
                100.0 * svd.explained_variance_ratio().sum()
            ),
        });
        let k_true = topics
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len();
        reset_peak();
        let t = Instant::now();
        let clustering = ClusterParams::new(K::Fixed(k_true)).seed(seed).fit(
            &vectors,
            &tfidf,
            model.vocabulary(),
        )?;
        let seconds = t.elapsed().as_secs_f64();
        // Scored on the comments that have a true topic, as py_cluster.py's "labeled".
        let (truth, found): (Vec<u32>, Vec<usize>) = topics
            .iter()
            .zip(&clustering.assignments)
            .filter_map(|(t, a)| t.map(|t| (t, a.unwrap_or(usize::MAX))))
            .unzip();
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "cluster",
            seconds: Some(seconds),
            peak_mb: Some(peak_mb()),
            note: format!(
                "k = {k_true} (true topics): ARI {:.3}, NMI {:.3}, {} unclustered",
                adjusted_rand_index(&truth, &found)?,
                normalized_mutual_info(&truth, &found)?,
                clustering.unclustered.len()
            ),
        });
        drop((tfidf, vectors, clustering));

        reset_peak();
        let t = Instant::now();
        let found = defaults.dedup.clone().seed(seed).find(&texts)?;
        let seconds = t.elapsed().as_secs_f64();
        let scores = pair_scores(&campaigns, &found.group_of)?;
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "deduplicate",
            seconds: Some(seconds),
            peak_mb: Some(peak_mb()),
            note: format!(
                "{} groups ({} texts), pairwise precision {:.4}, recall {:.4} vs true campaigns; {} candidates, {} verified",
                found.groups.len(),
                found.groups.iter().map(|g| g.size).sum::<usize>(),
                scores.precision,
                scores.recall,
                found.candidates,
                found.verified
            ),
        });

        // The whole job as `iken analyze` runs it: copies, clusters (copies once), report.
        reset_peak();
        let t = Instant::now();
        let report = Analysis::builder()
            .seed(seed)
            .build()
            .run(&read.consultation)?;
        let files = write_report(&report, &dir.join(format!("report-{n}{suffix}")), "scale")?;
        // The default clustering against the true topics, each unclustered opinion alone.
        let (truth, found): (Vec<u32>, Vec<Result<usize, usize>>) = topics
            .iter()
            .zip(&report.opinions)
            .enumerate()
            .filter_map(|(i, (t, o))| t.map(|t| (t, o.cluster.ok_or(i))))
            .unzip();
        let default_ari = adjusted_rand_index(&truth, &found)?;
        rows.push(Row {
            n,
            vocabulary: kind,
            stage: "analyze",
            seconds: Some(t.elapsed().as_secs_f64()),
            peak_mb: Some(peak_mb()),
            note: format!(
                "{} clusters (auto: {}), ARI {default_ari:.3} vs true topics; {} copy groups; report.html {:.2} MB, report.json {:.1} MB",
                report.summary.clusters,
                if report.how_k_was_chosen.starts_with("average-linkage") {
                    "hierarchy"
                } else {
                    "k-means"
                },
                report.summary.campaigns,
                std::fs::metadata(&files.html)?.len() as f64 / 1e6,
                std::fs::metadata(&files.json)?.len() as f64 / 1e6
            ),
        });
    }
    // The real yardsticks beside the generated ones: the bundled tables against the
    // administrations' own grouping by substantive reply.
    for (stage, file) in [
        ("real Osaka", "data/osaka-dx-strategy-pubcomment.txt"),
        ("real 環境省", "data/env-basic-plan-5-pubcomment.csv"),
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file);
        let consultation = read_path(&path, &ReadOptions::default())?.consultation;
        reset_peak();
        let t = Instant::now();
        let report = Analysis::builder().seed(seed).build().run(&consultation)?;
        let seconds = t.elapsed().as_secs_f64();
        let a = reply_agreement(&consultation, &report)?;
        rows.push(Row {
            n: consultation.opinions.len(),
            vocabulary: "real",
            stage,
            seconds: Some(seconds),
            peak_mb: Some(peak_mb()),
            note: format!(
                "analyze vs the administration's grouping ({} opinions in {} reply groups): \
                 ARI {:.3}, NMI {:.3} (unclustered as one group: ARI {:.3}); {} clusters, {} unclustered",
                a.opinions, a.groups, a.ari, a.nmi, a.ari_unclustered_as_one, a.clusters, a.unclustered
            ),
        });
    }
    println!(
        "{:>9}  {:<10} {:<11} {:>9} {:>10}  note",
        "comments", "vocabulary", "stage", "seconds", "peak MB"
    );
    for r in &rows {
        let secs = r.seconds.map_or("-".to_owned(), |s| format!("{s:.3}"));
        let mb = r.peak_mb.map_or("-".to_owned(), |m| format!("{m:.0}"));
        println!(
            "{:>9}  {:<10} {:<11} {:>9} {:>10}  {}",
            r.n, r.vocabulary, r.stage, secs, mb, r.note
        );
    }
    Ok(())
}
