//! The files kouchou-ai's viewer and pipeline read, and the coarse level they show: on the
//! bundled tables, and on a hand-built consultation whose copies are known.
//! (The same JSON is also checked against a pydantic model of kouchou-ai's schema in
//! `python/tests/test_kouchou.py`.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use iken::{Analysis, Consultation, Opinion, Report, Source, write_kouchou};
use serde_json::Value;

mod common;
use common::{env, osaka};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn kouchou(report: &Report, name: &str) -> (Value, Vec<csv::StringRecord>, Vec<String>) {
    let dir = out_dir(name);
    let files = write_kouchou(report, &dir, name).unwrap();
    assert_eq!(
        files.hierarchical_result,
        dir.join("kouchou/hierarchical_result.json")
    );
    let json: Value =
        serde_json::from_slice(&std::fs::read(&files.hierarchical_result).unwrap()).unwrap();
    let mut csv = csv::Reader::from_path(&files.comments).unwrap();
    let header = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = csv.records().map(Result::unwrap).collect();
    (json, rows, header)
}

/// Everything the viewer relies on: a root first, parents that exist one level up, values
/// that add up, paths of cluster ids that follow the parents, numeric comment ids.
fn check_shape(json: &Value, report: &Report) {
    let clusters = json["clusters"].as_array().unwrap();
    let arguments = json["arguments"].as_array().unwrap();
    assert_eq!(clusters[0]["id"], "0");
    assert_eq!(clusters[0]["level"], 0);
    assert_eq!(clusters[0]["label"], "全体");
    assert_eq!(clusters[0]["parent"], "");
    assert_eq!(clusters[0]["value"], arguments.len());
    let by_id: BTreeMap<&str, &Value> = clusters
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c))
        .collect();
    assert_eq!(by_id.len(), clusters.len(), "cluster ids are unique");
    let mut children: BTreeMap<&str, u64> = BTreeMap::new();
    for c in &clusters[1..] {
        let parent = by_id[c["parent"].as_str().unwrap()];
        assert_eq!(
            parent["level"].as_u64().unwrap() + 1,
            c["level"].as_u64().unwrap()
        );
        *children.entry(parent["id"].as_str().unwrap()).or_default() +=
            c["value"].as_u64().unwrap();
        assert!(!c["label"].as_str().unwrap().is_empty());
        assert!(!c["takeaway"].as_str().unwrap().is_empty());
        let p = c["density_rank_percentile"].as_f64().unwrap();
        assert!(p > 0.0 && p <= 1.0);
    }
    for (parent, sum) in children {
        assert_eq!(
            by_id[parent]["value"].as_u64().unwrap(),
            sum,
            "children of {parent}"
        );
    }
    let mut members: BTreeMap<&str, u64> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for a in arguments {
        assert!(a["comment_id"].is_u64(), "comment_id is a number: {a}");
        assert!(ids.insert(a["comment_id"].as_u64().unwrap()));
        assert!(a["x"].is_f64() && a["y"].is_f64());
        let path: Vec<&str> = a["cluster_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(path.len(), 3);
        assert_eq!(path[0], "0");
        for w in path.windows(2) {
            assert_eq!(by_id[w[1]]["parent"], w[0]);
        }
        for id in &path {
            *members.entry(id).or_default() += 1;
        }
    }
    for c in clusters {
        let id = c["id"].as_str().unwrap();
        assert_eq!(c["value"].as_u64().unwrap(), members[id], "value of {id}");
    }
    let count: u64 = arguments
        .iter()
        .map(|a| a["attributes"]["件数"].as_u64().unwrap())
        .sum();
    assert_eq!(count as usize, report.summary.opinions);
    assert_eq!(json["comment_num"], report.summary.opinions);
    assert!(!json["overview"].as_str().unwrap().is_empty());
    assert!(json["config"]["plan"].is_array());
}

#[test]
fn bundled_tables_give_files_the_viewer_reads() {
    for (name, c) in [("osaka", osaka()), ("env", env())] {
        let report = Analysis::builder().seed(0).build().run(&c).unwrap();
        let (json, rows, header) = kouchou(&report, name);
        check_shape(&json, &report);
        // Every opinion of these tables has its own text: one argument each, in input order,
        // iken's id kept.
        let arguments = json["arguments"].as_array().unwrap();
        let distinct: BTreeSet<&str> = c.opinions.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(arguments.len(), distinct.len(), "{name}");
        assert_eq!(
            arguments[0]["attributes"]["iken_id"],
            c.opinions[0].id.as_str()
        );
        assert_eq!(arguments[0]["argument"], c.opinions[0].text.as_str());
        // The fine level is iken's clusters; the coarse level its groups.
        let level = |l: u64| {
            json["clusters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["level"] == l)
                .count()
        };
        let lone = usize::from(report.summary.unclustered > 0);
        assert_eq!(level(2), report.clusters.len() + lone, "{name}");
        assert_eq!(level(1), report.cluster_groups.len() + lone, "{name}");
        assert_eq!(
            header,
            [
                "comment-id",
                "comment-body",
                "attribute_件数",
                "attribute_重複グループ"
            ]
        );
        assert_eq!(rows.len(), arguments.len());
        for (row, a) in rows.iter().zip(arguments) {
            assert_eq!(row[0], a["comment_id"].to_string());
            assert_eq!(&row[1], a["argument"].as_str().unwrap());
        }
    }
}

#[test]
fn copies_appear_once_with_their_count() {
    // Labelled by hand: 「公園…」 is sent four times word for word (rows 2, 4, 5, 7), the
    // 「バス…」 letter twice (rows 3, 8); the rest once each.
    let park = "近所の公園に遊具を増やし、子どもが安心して遊べる場所にしてください。";
    let bus = "路線バスの本数を増やして、高齢者が病院に通いやすくしてください。";
    let texts = [
        "図書館の開館時間を夜まで延ばしてほしいです。",
        park,
        bus,
        park,
        park,
        "駅前の駐輪場が足りず、歩道に自転車があふれています。",
        park,
        bus,
        "公民館の予約をオンラインでできるようにしてください。",
        "ごみの分別のルールが分かりにくいので、案内を増やしてください。",
    ];
    let c = Consultation {
        opinions: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Opinion::new(format!("o{}", i + 1), *t, Source::row("t.csv", i + 1)))
            .collect(),
        replies: Vec::new(),
    };
    let report = Analysis::builder().seed(0).build().run(&c).unwrap();
    let (json, rows, _) = kouchou(&report, "copies");
    check_shape(&json, &report);
    let arguments = json["arguments"].as_array().unwrap();
    assert_eq!(arguments.len(), 6);
    let find = |text: &str| {
        arguments
            .iter()
            .find(|a| a["argument"] == text)
            .unwrap_or_else(|| panic!("{text} is an argument"))
    };
    assert_eq!(find(park)["comment_id"], 2);
    assert_eq!(find(park)["attributes"]["件数"], 4);
    assert_eq!(find(park)["attributes"]["iken_id"], "o2");
    assert_eq!(find(bus)["comment_id"], 3);
    assert_eq!(find(bus)["attributes"]["件数"], 2);
    assert_eq!(find(texts[0])["attributes"]["件数"], 1);
    assert_ne!(find(park)["attributes"]["重複グループ"], "");
    assert_eq!(find(texts[0])["attributes"]["重複グループ"], "");
    let counts: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r[1].to_owned(), r[2].to_owned()))
        .collect();
    assert_eq!(counts[park], "4");
    assert_eq!(counts[bus], "2");
}

#[test]
fn the_coarse_level_partitions_the_clusters() {
    for c in [osaka(), env()] {
        let report = Analysis::builder().seed(0).build().run(&c).unwrap();
        let mut seen: Vec<usize> = report
            .cluster_groups
            .iter()
            .flat_map(|g| g.clusters.iter().copied())
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..report.clusters.len()).collect::<Vec<_>>());
        for g in &report.cluster_groups {
            for &cl in &g.clusters {
                assert_eq!(report.clusters[cl].group, g.id);
            }
            let size: usize = g.clusters.iter().map(|&cl| report.clusters[cl].size).sum();
            assert_eq!(g.size, size);
            assert!(!g.keywords.is_empty());
        }
        // About √k groups, each larger or as large as the next.
        assert_eq!(
            report.cluster_groups.len(),
            iken::coarse_groups(report.clusters.len())
        );
        assert!(
            report
                .cluster_groups
                .windows(2)
                .all(|w| w[0].distinct >= w[1].distinct)
        );
    }
}

#[test]
fn the_number_of_groups_can_be_set_and_zero_is_refused() {
    let c = osaka();
    let mut analysis = Analysis::builder().seed(0).build();
    analysis.coarse_groups = Some(2);
    let report = analysis.run(&c).unwrap();
    assert_eq!(report.cluster_groups.len(), 2);
    analysis.coarse_groups = Some(0);
    let e = analysis.run(&c).unwrap_err();
    assert!(e.to_string().contains("coarse_groups"), "{e}");
}
