//! What users rely on when they run iken in services and on any machine: the same input and
//! options give byte-identical output on one thread or several, and the public types can be
//! shared across threads.

use iken::{Analysis, Consultation, GenerateParams, Generator, Opinion};

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn generated(n: usize) -> Consultation {
    let mut c = Consultation::default();
    for (i, g) in Generator::new(GenerateParams::new(n).seed(2))
        .unwrap()
        .enumerate()
    {
        c.opinions.push(Opinion {
            id: format!("g{i}"),
            text: g.text,
            ..Default::default()
        });
    }
    c
}

/// Every parallel stage at once: copies, tokens, TF-IDF, SVD, clusters (the hierarchy and
/// k-means), replies, and the report written.
#[test]
fn the_whole_analysis_is_byte_identical_on_one_and_two_threads() {
    let tables = [
        generated(1000),
        iken::read_path(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/env-basic-plan-5-pubcomment.csv"
            ),
            &iken::ReadOptions::default(),
        )
        .unwrap()
        .consultation,
    ];
    for c in &tables {
        for analysis in [
            Analysis::default(),
            Analysis::builder()
                .cluster(iken::ClusterParams::new(iken::K::Fixed(8)))
                .build(),
        ] {
            let one = on_threads(1, || serde_json::to_vec(&analysis.run(c).unwrap()).unwrap());
            let two = on_threads(2, || serde_json::to_vec(&analysis.run(c).unwrap()).unwrap());
            assert!(one == two, "the report differs between 1 and 2 threads");
        }
    }
}

/// Each stage alone, as the commands run them, including the paths the whole analysis of a
/// small table does not take: the short-text copy pass, auto k by k-means with mini-batches,
/// template finding over opinions, the map placed among landmarks, every token, and the
/// report files.
#[test]
fn every_stage_alone_is_byte_identical_on_one_and_two_threads() {
    let c = generated(1500);
    let mut analysis = Analysis::default();
    analysis.dedup.short_similarity = Some(0.8);
    analysis.cluster.hierarchy_up_to = 0;
    analysis.cluster.settle_sample = 500;
    analysis.cluster.k = iken::K::Auto { min: 2, max: 6 };
    // The map's landmarks sampled and the other points placed among them, as beyond 4,000.
    analysis.map.landmarks = 300;
    let texts = c.texts();
    // Template finding over opinions compares sentences pairwise: a smaller table.
    let few = Consultation {
        opinions: c.opinions[..400].to_vec(),
        ..Consultation::default()
    };
    let run = || {
        let tokenizer = analysis.tokenizer().unwrap().keeping_all_tokens();
        let dir = tempdir();
        let report = analysis.run(&c).unwrap();
        iken::write_report(&report, &dir, "threads").unwrap();
        let files: Vec<Vec<u8>> = ["report.html", "opinions.csv", "clusters.csv"]
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        (
            serde_json::to_vec(&analysis.run_copies(&c).unwrap()).unwrap(),
            serde_json::to_vec(&analysis.run_clusters(&c).unwrap()).unwrap(),
            serde_json::to_vec(&analysis.run_opinion_templates(&few).unwrap()).unwrap(),
            serde_json::to_vec(&iken::tokenize_all(&tokenizer, &texts).unwrap()).unwrap(),
            files,
        )
    };
    let one = on_threads(1, run);
    let two = on_threads(2, run);
    assert!(one.0 == two.0, "copies differ between 1 and 2 threads");
    assert!(one.1 == two.1, "clusters differ between 1 and 2 threads");
    assert!(
        one.2 == two.2,
        "opinion templates differ between 1 and 2 threads"
    );
    assert!(one.3 == two.3, "tokens differ between 1 and 2 threads");
    assert!(
        one.4 == two.4,
        "report files differ between 1 and 2 threads"
    );
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "iken-threads-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

#[test]
fn public_types_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Analysis>();
    shared::<iken::Report>();
    shared::<iken::Consultation>();
    shared::<iken::MorphologicalTokenizer>();
    shared::<iken::Dictionary>();
    shared::<iken::Duplicates>();
    shared::<iken::Clustering>();
    shared::<iken::ReplyReport>();
    shared::<iken::ReplyClassifier>();
    shared::<iken::Tfidf>();
    shared::<iken::Svd>();
    shared::<iken::Error>();
    shared::<iken::Copies>();
    shared::<iken::OpinionTemplates>();
    shared::<iken::Versioned<iken::Copies>>();
    shared::<iken::OpinionTerms>();
    shared::<iken::OpinionTokens>();
    shared::<iken::ReadOptions>();
}
