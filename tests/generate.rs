//! The generator as a user runs it, and the metrics' invariants.

use std::collections::HashMap;

use iken::{
    Columns, GenerateParams, Generator, ReadOptions, adjusted_rand_index, normalized_mutual_info,
    pair_scores, read_path, v_measure,
};
use proptest::prelude::*;

fn run_generate(args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iken"))
        .arg("generate")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("comments/s"));
    out.stdout
}

#[test]
fn same_seed_same_bytes() {
    let a = run_generate(&["--n", "500", "--seed", "9", "--replies"]);
    let b = run_generate(&["--n", "500", "--seed", "9", "--replies"]);
    let c = run_generate(&["--n", "500", "--seed", "10", "--replies"]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    let lines: Vec<serde_json::Value> = a
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 500);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], (i + 1).to_string());
        assert!(l["text"].is_string());
        assert!(l["topic"].is_null() || l["topic"].is_u64());
        assert!(l["campaign"].is_null() || l["campaign"].is_u64());
        assert!(l["reply"].is_string() && l["reply_boilerplate_only"].is_boolean());
    }
}

#[test]
fn generated_files_read_back_with_their_ids() {
    let dir = std::env::temp_dir().join(format!("iken-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("g.jsonl");
    let file = std::fs::File::create(&path).unwrap();
    let stats = iken::write_jsonl(GenerateParams::new(300).seed(4), file).unwrap();
    assert_eq!(stats.comments, 300);
    let options = ReadOptions {
        columns: Columns::parse("opinion=text").unwrap(),
        ..ReadOptions::default()
    };
    let read = read_path(&path, &options).unwrap();
    assert_eq!(read.consultation.opinions.len(), 300);
    assert_eq!(read.consultation.opinions[299].id, "300");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn copies_of_one_campaign_share_most_of_their_text() {
    // Copies are edited, not rewritten: two copies of one form letter share far more
    // character 5-grams than two comments on the same theme.
    let items: Vec<_> = Generator::new(GenerateParams::new(3000).seed(5))
        .unwrap()
        .collect();
    let grams = |s: &str| -> std::collections::HashSet<String> {
        let c: Vec<char> = s.chars().collect();
        c.windows(5).map(|w| w.iter().collect()).collect()
    };
    let jaccard = |a: &str, b: &str| {
        let (a, b) = (grams(a), grams(b));
        a.intersection(&b).count() as f64 / a.union(&b).count().max(1) as f64
    };
    let mut by_campaign: HashMap<u32, Vec<&str>> = HashMap::new();
    for c in &items {
        if let Some(k) = c.campaign {
            by_campaign.entry(k).or_default().push(&c.text);
        }
    }
    let (_, biggest) = by_campaign
        .iter()
        .max_by_key(|(k, v)| (v.len(), *k))
        .unwrap();
    let within: f64 =
        biggest.windows(2).map(|w| jaccard(w[0], w[1])).sum::<f64>() / (biggest.len() - 1) as f64;
    // Independent comments on one theme rarely look like copies: under 1% of their pairs
    // reach the Jaccard similarity a duplicate detector would flag (0.8).
    let mut by_topic: HashMap<u32, Vec<&str>> = HashMap::new();
    for c in items.iter().filter(|c| c.campaign.is_none()) {
        if let Some(t) = c.topic {
            by_topic.entry(t).or_default().push(&c.text);
        }
    }
    let (mut pairs, mut flagged) = (0, 0);
    for texts in by_topic.values() {
        for (i, a) in texts.iter().enumerate().step_by(3) {
            for b in texts.iter().skip(i + 1).step_by(7) {
                pairs += 1;
                flagged += usize::from(jaccard(a, b) >= 0.8);
            }
        }
    }
    assert!(pairs > 5_000, "{pairs}");
    assert!(within > 0.5, "copies {within}");
    assert!(
        flagged * 100 < pairs,
        "{flagged} of {pairs} independent pairs look like copies"
    );
}

#[test]
fn copies_carry_the_edits_real_senders_make() {
    // As in real campaigns: one sentence per line, bullets, the full stop dropped, and the
    // detector still finds them (the copy key folds what such edits change).
    let items: Vec<_> = Generator::new(GenerateParams::new(3000).seed(8))
        .unwrap()
        .collect();
    let copies: Vec<&str> = items
        .iter()
        .filter(|c| c.campaign.is_some())
        .map(|c| c.text.as_str())
        .collect();
    let share = |f: &dyn Fn(&str) -> bool| {
        copies.iter().filter(|t| f(t)).count() as f64 / copies.len() as f64
    };
    let lines = share(&|t| t.contains('\n'));
    let bullets = share(&|t| t.lines().count() >= 2 && t.lines().all(|l| l.starts_with('・')));
    let no_stop = share(&|t| t.lines().count() >= 2 && !t.contains('。'));
    assert!((0.15..0.4).contains(&lines), "{lines}");
    assert!(bullets > 0.05 && no_stop > 0.05, "{bullets} {no_stop}");
    // Comments written independently are never laid out as bullets.
    assert!(
        items
            .iter()
            .filter(|c| c.campaign.is_none())
            .all(|c| !c.text.starts_with('・'))
    );
    let texts: Vec<&str> = items.iter().map(|c| c.text.as_str()).collect();
    let found = iken::DedupParams::default().find(&texts).unwrap();
    let truth: Vec<Option<u32>> = items.iter().map(|c| c.campaign).collect();
    let scores = iken::pair_scores(&truth, &found.group_of).unwrap();
    assert!(
        scores.precision > 0.99 && scores.recall > 0.97,
        "{scores:?}"
    );
}

fn brute_force_pairs(truth: &[Option<u8>], pred: &[Option<u8>]) -> (u64, u64, u64) {
    let (mut tp, mut pp, mut tt) = (0, 0, 0);
    for i in 0..truth.len() {
        for j in i + 1..truth.len() {
            let t = truth[i].is_some() && truth[i] == truth[j];
            let p = pred[i].is_some() && pred[i] == pred[j];
            tp += u64::from(t && p);
            pp += u64::from(p);
            tt += u64::from(t);
        }
    }
    (tp, pp, tt)
}

proptest! {
    #[test]
    fn pair_scores_equal_counting_every_pair(
        labels in prop::collection::vec((prop::option::of(0u8..5), prop::option::of(0u8..5)), 0..60)
    ) {
        let (truth, pred): (Vec<_>, Vec<_>) = labels.into_iter().unzip();
        let s = pair_scores(&truth, &pred).unwrap();
        let (tp, pp, tt) = brute_force_pairs(&truth, &pred);
        prop_assert_eq!((s.true_positives, s.predicted_pairs, s.true_pairs), (tp, pp, tt));
    }

    #[test]
    fn scores_ignore_label_names(labels in prop::collection::vec((0u8..6, 0u8..6), 2..80)) {
        let (truth, pred): (Vec<u8>, Vec<u8>) = labels.into_iter().unzip();
        let renamed: Vec<u8> = pred.iter().map(|p| 100 - p).collect();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        prop_assert!(close(adjusted_rand_index(&truth, &pred).unwrap(), adjusted_rand_index(&truth, &renamed).unwrap()));
        prop_assert!(close(normalized_mutual_info(&truth, &pred).unwrap(), normalized_mutual_info(&truth, &renamed).unwrap()));
        // Symmetric, bounded, and perfect against itself.
        prop_assert!(close(adjusted_rand_index(&truth, &pred).unwrap(), adjusted_rand_index(&pred, &truth).unwrap()));
        let nmi = normalized_mutual_info(&truth, &pred).unwrap();
        prop_assert!((0.0..=1.0).contains(&nmi));
        prop_assert!(close(adjusted_rand_index(&truth, &truth).unwrap(), 1.0));
        let v = v_measure(&truth, &pred).unwrap();
        prop_assert!(close(v.v_measure, nmi));
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_iken"))
        .args(["generate", "--n", "200000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here, as `| head` does.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
