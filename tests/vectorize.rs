//! TF-IDF checked against scikit-learn.
//!
//! `golden/tfidf_sklearn.json` holds scikit-learn 1.9.1's `TfidfVectorizer` output (vocabulary,
//! idf, dense matrix) for a fixed corpus of token lists under four option sets; it was made
//! by `golden/make_tfidf_reference.py`. iken must agree to 1e-9.

use iken::{DocFreq, TfidfParams, Token, Tokenizer, intern_all};
use serde_json::Value;

fn params(p: &Value) -> TfidfParams {
    let mut t = TfidfParams::default();
    let df = |v: &Value| {
        if v.is_u64() {
            DocFreq::Count(v.as_u64().unwrap() as usize)
        } else {
            DocFreq::Ratio(v.as_f64().unwrap())
        }
    };
    if let Some(v) = p.get("min_df") {
        t = t.min_df(df(v));
    }
    if let Some(v) = p.get("max_df") {
        t = t.max_df(df(v));
    }
    if let Some(v) = p.get("sublinear_tf") {
        t = t.sublinear_tf(v.as_bool().unwrap());
    }
    if let Some(v) = p.get("smooth_idf") {
        t = t.smooth_idf(v.as_bool().unwrap());
    }
    if let Some(v) = p.get("max_features") {
        t = t.max_features(Some(v.as_u64().unwrap() as usize));
    }
    if let Some(v) = p.get("ngram_range") {
        t = t.ngram_range(
            v[0].as_u64().unwrap() as usize,
            v[1].as_u64().unwrap() as usize,
        );
    }
    if p.get("norm").is_some_and(Value::is_null) {
        t = t.norm(false);
    }
    t
}

#[test]
fn agrees_with_scikit_learn() {
    let reference: Value = serde_json::from_str(include_str!("golden/tfidf_sklearn.json")).unwrap();
    let docs: Vec<Vec<String>> = serde_json::from_value(reference["docs"].clone()).unwrap();
    let cases = reference["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 4);
    for (name, case) in cases {
        let (model, matrix) = params(&case["params"]).fit_transform(&docs).unwrap();
        let vocabulary: Vec<String> = serde_json::from_value(case["vocabulary"].clone()).unwrap();
        assert_eq!(
            model.vocabulary(),
            vocabulary.as_slice(),
            "{name}: vocabulary"
        );
        for (j, idf) in case["idf"].as_array().unwrap().iter().enumerate() {
            assert!(
                (model.idf()[j] - idf.as_f64().unwrap()).abs() < 1e-9,
                "{name}: idf {j}"
            );
        }
        let dense = matrix.to_dense();
        for (i, row) in case["matrix"].as_array().unwrap().iter().enumerate() {
            for (j, v) in row.as_array().unwrap().iter().enumerate() {
                let want = v.as_f64().unwrap();
                assert!(
                    (dense[[i, j]] - want).abs() < 1e-9,
                    "{name}: [{i},{j}] {} vs {want}",
                    dense[[i, j]]
                );
            }
        }
    }
}

/// Splits on spaces: turns the golden token lists back into texts for `intern_all`.
struct Spaces;

impl Tokenizer for Spaces {
    fn tokenize(&self, text: &str) -> iken::Result<Vec<Token>> {
        Ok(text
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| Token::new(t, t, "", None, 0, 0))
            .collect())
    }
}

#[test]
fn interned_terms_give_the_same_model_and_matrix() {
    let reference: Value = serde_json::from_str(include_str!("golden/tfidf_sklearn.json")).unwrap();
    let docs: Vec<Vec<String>> = serde_json::from_value(reference["docs"].clone()).unwrap();
    // Copies change df and tf; the interned path must count them as documents.
    let mut with_copies = docs.clone();
    with_copies.extend(docs.iter().take(3).cloned());
    with_copies.push(docs[0].clone());
    with_copies.push(Vec::new());
    let texts: Vec<String> = with_copies.iter().map(|d| d.join(" ")).collect();
    let interned = intern_all(&Spaces, &texts).unwrap();
    assert_eq!(interned.len(), with_copies.len());
    assert!(interned.unique_len() < with_copies.len());
    for (name, case) in reference["cases"].as_object().unwrap() {
        let p = params(&case["params"]);
        let (plain, plain_m) = p.fit_transform(&with_copies).unwrap();
        let (model, m) = p.fit_transform_interned(&interned).unwrap();
        assert_eq!(model, plain, "{name}: model");
        assert_eq!(m, plain_m, "{name}: matrix");
        // The same model weights new documents given either way.
        assert_eq!(
            model.transform_interned(&interned),
            plain.transform(&with_copies)
        );
    }
}

#[test]
fn a_fitted_model_round_trips_and_weights_new_comments_the_same() {
    let docs = vec![
        vec!["窓口", "混雑"],
        vec!["窓口", "予約", "予約"],
        vec!["公園", "遊具"],
    ];
    let (model, matrix) = TfidfParams::default()
        .sublinear_tf(true)
        .fit_transform(&docs)
        .unwrap();
    let json = serde_json::to_string(&model).unwrap();
    let back: iken::Tfidf = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.transform(&docs), matrix);
    // Unknown terms are ignored; rows have norm 0 or 1.
    let new = back.transform(&[vec!["窓口", "未知語"], vec!["未知語"]]);
    let norm = |i: usize| {
        new.outer_view(i)
            .unwrap()
            .data()
            .iter()
            .map(|v| v * v)
            .sum::<f64>()
    };
    assert!((norm(0) - 1.0).abs() < 1e-12);
    assert_eq!(norm(1), 0.0);
    assert_eq!(back.column("窓口"), Some(3));
    assert_eq!(back.documents(), 3);
}

#[test]
fn one_thread_and_two_give_the_same_matrix() {
    let docs: Vec<Vec<String>> = (0..2000)
        .map(|i| {
            (0..(i % 7 + 1))
                .map(|k| format!("語{}", (i * 31 + k * 17) % 97))
                .collect()
        })
        .collect();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| TfidfParams::default().fit_transform(&docs).unwrap())
    };
    assert_eq!(run(1), run(2));
}

/// `golden/svd_sklearn.json`: scikit-learn 1.9.1 `TruncatedSVD(n_components=3,
/// algorithm="arpack")` on the default TF-IDF matrix of the same corpus (made by
/// `golden/make_tfidf_reference.py`). ARPACK is exact; iken's randomized SVD samples the
/// whole range of this small matrix, so it must agree to 1e-9, signs included.
#[test]
fn truncated_svd_agrees_with_scikit_learn() {
    let reference: Value = serde_json::from_str(include_str!("golden/tfidf_sklearn.json")).unwrap();
    let docs: Vec<Vec<String>> = serde_json::from_value(reference["docs"].clone()).unwrap();
    let (_, tfidf) = TfidfParams::default().fit_transform(&docs).unwrap();
    let svd_ref: Value = serde_json::from_str(include_str!("golden/svd_sklearn.json")).unwrap();
    let (svd, coords) = iken::SvdParams::new(3)
        .seed(7)
        .fit_transform(&tfidf)
        .unwrap();
    let close = |a: f64, b: &Value| (a - b.as_f64().unwrap()).abs() < 1e-9;
    for (i, s) in svd_ref["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert!(
            close(svd.singular_values()[i], s),
            "σ{i}: {} vs {s}",
            svd.singular_values()[i]
        );
    }
    for (i, r) in svd_ref["explained_variance_ratio"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert!(close(svd.explained_variance_ratio()[i], r), "ratio {i}");
    }
    for (i, row) in svd_ref["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for (j, v) in row.as_array().unwrap().iter().enumerate() {
            assert!(
                close(coords[[i, j]], v),
                "[{i},{j}] {} vs {v}",
                coords[[i, j]]
            );
        }
    }
    for (i, row) in svd_ref["components"].as_array().unwrap().iter().enumerate() {
        for (j, v) in row.as_array().unwrap().iter().enumerate() {
            assert!(close(svd.components()[[i, j]], v), "component [{i},{j}]");
        }
    }
    // New rows project onto the same coordinates.
    let projected = svd.transform(&tfidf);
    assert!((projected - &coords).iter().all(|d| d.abs() < 1e-9));
    // Same seed, same result; bad options are errors, not panics.
    assert_eq!(
        iken::SvdParams::new(3)
            .seed(7)
            .fit_transform(&tfidf)
            .unwrap()
            .1,
        coords
    );
    assert!(iken::SvdParams::new(0).fit_transform(&tfidf).is_err());
}

/// Above `fit_rows` rows the components come from a sample: on a matrix whose top
/// directions are known by construction (three topics with disjoint terms, rows varying
/// a little around their topic), the sampled fit finds the same directions, and every row
/// gets coordinates.
#[test]
fn svd_fitted_on_a_sample_finds_the_directions_of_the_whole() {
    let (n, terms_per_topic) = (3000, 10);
    let d = 3 * terms_per_topic;
    let mut triplets = sprs::TriMat::new((n, d));
    for i in 0..n {
        let topic = i % 3;
        for j in 0..terms_per_topic {
            let weight = 1.0 + ((i * 7 + j * 3) % 5) as f64 * 0.02;
            triplets.add_triplet(i, topic * terms_per_topic + j, weight);
        }
    }
    let a: sprs::CsMat<f64> = triplets.to_csr();
    let full = iken::SvdParams::new(3)
        .fit_rows(n)
        .fit_transform(&a)
        .unwrap();
    let sampled = iken::SvdParams::new(3)
        .fit_rows(500)
        .fit_transform(&a)
        .unwrap();
    assert_eq!(sampled.1.dim(), (n, 3));
    for topic in 0..3 {
        // The topic's direction: its terms, equally weighted.
        let mut u = vec![0.0; d];
        for j in 0..terms_per_topic {
            u[topic * terms_per_topic + j] = 1.0 / (terms_per_topic as f64).sqrt();
        }
        for (name, svd) in [("all rows", &full.0), ("sample", &sampled.0)] {
            let inside: f64 = svd
                .components()
                .outer_iter()
                .map(|c| c.iter().zip(&u).map(|(a, b)| a * b).sum::<f64>().powi(2))
                .sum();
            assert!(
                inside > 0.99,
                "{name}: topic {topic} is {inside} inside the span"
            );
        }
    }
    // The singular values are the whole matrix's along the sampled directions.
    for (s, f) in sampled
        .0
        .singular_values()
        .iter()
        .zip(full.0.singular_values())
    {
        assert!((s - f).abs() / f < 0.01, "{s} vs {f}");
    }
}
