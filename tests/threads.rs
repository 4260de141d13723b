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
}
