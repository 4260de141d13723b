//! The report a person opens: files that round-trip, CSV that Excel and the csv crate read,
//! and an HTML page that loads in a real browser without errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use iken::{Analysis, Consultation, Opinion, Report, write_report};

mod common;
use common::{CORPUS_PATH, ENV_PATH, iken_ok, osaka};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn report_files_round_trip_and_open_as_csv() {
    let c = osaka();
    let report = Analysis::builder().seed(0).build().run(&c).unwrap();
    let dir = out_dir("report-files");
    let files = write_report(&report, &dir, "osaka").unwrap();

    let back: Report = serde_json::from_slice(&std::fs::read(&files.json).unwrap()).unwrap();
    assert_eq!(back, report);
    assert_eq!(back.schema_version, iken::SCHEMA_VERSION);

    let bytes = std::fs::read(&files.opinions_csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut rows = csv::Reader::from_reader(&bytes[3..]);
    let header = rows.headers().unwrap().clone();
    for column in [
        "id",
        "section",
        "cluster",
        "cluster_keywords",
        "duplicate_group",
        "reply",
        "reply_class",
        "boilerplate_share",
    ] {
        assert!(header.iter().any(|h| h == column), "{column}");
    }
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), c.opinions.len());
    assert_eq!(&records[0][0], "o1");
    // The 母子手帳 / vaccination opinions share a cluster.
    let cluster = |id: &str| records.iter().find(|r| &r[0] == id).unwrap()[2].to_owned();
    assert_eq!(cluster("o21"), cluster("o22"));

    let clusters = std::fs::read(&files.clusters_csv).unwrap();
    let n = csv::Reader::from_reader(&clusters[3..]).records().count();
    assert_eq!(n, report.clusters.len());
    let templates = std::fs::read(&files.templates_csv).unwrap();
    let n = csv::Reader::from_reader(&templates[3..]).records().count();
    assert_eq!(n, report.replies.as_ref().unwrap().templates.len());
}

#[test]
fn every_opinion_is_in_exactly_one_cluster_or_unclustered() {
    let c = osaka();
    let report = Analysis::builder().seed(3).build().run(&c).unwrap();
    for o in &report.opinions {
        let holders = report
            .clusters
            .iter()
            .filter(|cl| cl.members.contains(&o.id))
            .count();
        let alone = report.unclustered.contains(&o.id);
        assert_eq!(holders + usize::from(alone), 1, "{}", o.id);
    }
    let sizes: usize = report.clusters.iter().map(|c| c.size).sum();
    assert_eq!(sizes + report.unclustered.len(), c.opinions.len());
}

#[test]
fn copies_enter_clustering_once_and_still_count() {
    let letter =
        "デジタル化を急がず、窓口で相談できる体制を必ず残してください。高齢者は取り残されます。";
    let mut c = Consultation::default();
    let mut texts = vec![letter.to_owned(); 40];
    texts.extend(
        [
            "窓口で相談できる体制を残してほしい。高齢者がデジタル化に取り残されないように。",
            "公園の遊具を新しくしてほしい。",
            "公園にベンチを増やしてほしい。",
            "図書館の開館時間を延ばしてほしい。",
            "図書館の本をもっと増やしてほしい。",
            "バスの本数を増やしてほしい。",
            "バス停に屋根をつけてほしい。",
        ]
        .map(String::from),
    );
    for (i, t) in texts.into_iter().enumerate() {
        c.opinions.push(Opinion {
            id: format!("o{}", i + 1),
            text: t,
            ..Default::default()
        });
    }
    let report = Analysis::builder().seed(0).build().run(&c).unwrap();
    assert_eq!(report.summary.distinct_opinions, 8);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].size, 40);
    let holder = report
        .clusters
        .iter()
        .find(|cl| cl.members.contains(&"o1".to_owned()))
        .expect("the letter is clustered");
    // Forty copies, one point of the clustering, but forty in the size.
    assert!(holder.size >= 40 && holder.distinct < holder.size);
}

#[test]
fn an_input_where_every_stage_finds_nothing_still_gives_a_report() {
    let mut c = Consultation::default();
    c.opinions.push(Opinion {
        id: "o1".into(),
        text: "賛成です。".into(),
        ..Default::default()
    });
    let report = Analysis::builder().build().run(&c).unwrap();
    assert!(report.clusters.is_empty());
    assert!(report.duplicates.is_empty());
    assert!(report.replies.is_none());
    assert!(report.notes.iter().any(|n| n.contains("Not clustered")));
    assert!(report.notes.iter().any(|n| n.contains("No replies")));
    let dir = out_dir("report-empty");
    let files = write_report(&report, &dir, "one comment").unwrap();
    let html = std::fs::read_to_string(files.html).unwrap();
    assert!(html.contains("No clusters"));
    // Options a person got wrong are errors, not notes.
    let err = Analysis::builder()
        .k(iken::K::Fixed(0))
        .build()
        .run(&c)
        .unwrap_err();
    assert!(err.to_string().contains("0 clusters"), "{err}");
    let err = Analysis::builder()
        .dimensions(0)
        .build()
        .run(&c)
        .unwrap_err();
    assert!(err.to_string().contains("dimensions"), "{err}");
    // No opinions at all is a report too.
    let empty = Analysis::builder()
        .build()
        .run(Consultation::default())
        .unwrap();
    assert_eq!(empty.summary.opinions, 0);
    assert!(empty.notes.iter().any(|n| n.contains("No opinions")));
}

#[test]
fn the_cli_writes_the_report_directory() {
    let dir = out_dir("report-cli");
    let out = iken_ok(&["analyze", CORPUS_PATH, "--out", dir.to_str().unwrap()]);
    for f in [
        "report.json",
        "report.html",
        "opinions.csv",
        "clusters.csv",
        "templates.csv",
        "replies.csv",
        "classes.csv",
        "config.json",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    // Quiet in a pipe: no spinner codes on stderr.
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
}

#[test]
fn config_json_runs_the_same_analysis_again() {
    let first = out_dir("config-first");
    iken_ok(&[
        "analyze",
        CORPUS_PATH,
        "--out",
        first.to_str().unwrap(),
        "--seed",
        "3",
        "--k",
        "6",
    ]);
    let config = first.join("config.json");
    // config.json is exactly the report's options, and reading it back gives them.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("report.json")).unwrap()).unwrap();
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(report["analysis"], written);
    let analysis = iken::Analysis::read_config(&config).unwrap();
    assert_eq!((analysis.seed, analysis.cluster.k), (3, iken::K::Fixed(6)));
    // Rerun from it: byte-identical report.json.
    let again = out_dir("config-again");
    iken_ok(&[
        "analyze",
        CORPUS_PATH,
        "--out",
        again.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(first.join("report.json")).unwrap(),
        std::fs::read(again.join("report.json")).unwrap()
    );
    // A flag overrides the file.
    let over = out_dir("config-over");
    iken_ok(&[
        "analyze",
        CORPUS_PATH,
        "--out",
        over.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--k",
        "auto",
    ]);
    let changed = iken::Analysis::read_config(over.join("config.json")).unwrap();
    // How the file was read is part of the configuration: a flag is recorded, and the
    // configuration alone reads the file the same way again.
    let csv = out_dir("config-read");
    iken_ok(&[
        "analyze",
        ENV_PATH,
        "--out",
        csv.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let recorded = iken::Analysis::read_config(csv.join("config.json")).unwrap();
    assert_eq!(recorded.read.format, iken::Format::Csv);
    let csv_again = out_dir("config-read-again");
    iken_ok(&[
        "analyze",
        ENV_PATH,
        "--out",
        csv_again.to_str().unwrap(),
        "--config",
        csv.join("config.json").to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(csv.join("report.json")).unwrap(),
        std::fs::read(csv_again.join("report.json")).unwrap()
    );
    assert_eq!(changed.seed, 3);
    assert!(matches!(changed.cluster.k, iken::K::Auto { .. }));
    // Options left out take their defaults; a misspelt one is an error with file and line.
    let partial = first.join("partial.json");
    std::fs::write(&partial, "{\n  \"seed\": 9\n}\n").unwrap();
    let read = iken::Analysis::read_config(&partial).unwrap();
    assert_eq!(read.seed, 9);
    assert_eq!(read.cluster, iken::ClusterParams::default());
    let typo = first.join("typo.json");
    std::fs::write(&typo, "{\n  \"sede\": 9\n}\n").unwrap();
    let err = iken::Analysis::read_config(&typo).unwrap_err().to_string();
    assert!(
        err.contains("typo.json") && err.contains("line 2") && err.contains("sede"),
        "{err}"
    );
    // Also inside a stage's options.
    std::fs::write(&typo, "{\"dedup\": {\"thresold\": 0.9}}").unwrap();
    let err = iken::Analysis::read_config(&typo).unwrap_err().to_string();
    assert!(err.contains("thresold"), "{err}");
    // The number of clusters as a person writes it, and an error that shows the forms.
    for (k, want) in [
        ("6", iken::K::Fixed(6)),
        ("\"auto\"", iken::ClusterParams::default().k),
        ("{\"fixed\": 4}", iken::K::Fixed(4)),
        (
            "{\"auto\": {\"max\": 10}}",
            iken::K::Auto { min: 2, max: 10 },
        ),
    ] {
        std::fs::write(&partial, format!("{{\"cluster\": {{\"k\": {k}}}}}")).unwrap();
        assert_eq!(
            iken::Analysis::read_config(&partial).unwrap().cluster.k,
            want,
            "{k}"
        );
    }
    for (bad, name) in [
        ("{\"cluster\": {\"k\": 0}}", "k"),
        ("{\"dedup\": {\"threshold\": 1.5}}", "threshold"),
        ("{\"cluster\": {\"min_similarity\": 7}}", "min_similarity"),
    ] {
        std::fs::write(&typo, bad).unwrap();
        let err = iken::Analysis::read_config(&typo).unwrap_err().to_string();
        assert!(err.contains("typo.json") && err.contains(name), "{err}");
    }
    std::fs::write(&typo, "{\"cluster\": {\"k\": \"six\"}}").unwrap();
    let err = iken::Analysis::read_config(&typo).unwrap_err().to_string();
    assert!(err.contains("\"auto\"") && err.contains("six"), "{err}");
    // The seeds written are the seeds used.
    assert_eq!((analysis.dedup.seed, analysis.cluster.seed), (3, 3));
    // A relative user dictionary is found beside the configuration.
    std::fs::write(
        first.join("words.csv"),
        "ワンスオンリー原則,名詞,ワンスオンリーゲンソク\n",
    )
    .unwrap();
    std::fs::write(&partial, "{\"user_dictionary\": \"words.csv\"}").unwrap();
    let read = iken::Analysis::read_config(&partial).unwrap();
    assert_eq!(read.user_dictionary, Some(first.join("words.csv")));
    assert!(read.tokenizer().is_ok());
}

/// Loads report.html of the bundled corpus in headless Chromium: no console message (the page
/// logs nothing, so any line is an error), one card per cluster, one map point per opinion,
/// and a screenshot kept for a person to look at.
#[test]
fn the_html_report_loads_in_a_browser() {
    let Some(browser) = common::chromium() else {
        assert!(
            std::env::var_os("IKEN_REQUIRE_BROWSER").is_none(),
            "IKEN_REQUIRE_BROWSER is set but no chromium is on PATH"
        );
        eprintln!("SKIPPED: no chromium on PATH (apt-get install chromium; .ci/run does)");
        return;
    };
    let c = osaka();
    let report = Analysis::builder().seed(0).build().run(&c).unwrap();
    let dir = out_dir("report-browser");
    let files = write_report(&report, &dir, "osaka-dx-strategy-pubcomment.txt").unwrap();
    let url = format!("file://{}", files.html.canonicalize().unwrap().display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
    ];
    let out = Command::new(&browser)
        .args(common)
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom", &url])
        .output()
        .expect("chromium runs");
    assert!(out.status.success());
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert_eq!(dom.matches("class=\"card\"").count(), report.clusters.len());
    assert_eq!(dom.matches("class=\"pt\"").count(), c.opinions.len());
    assert!(dom.contains("id=\"opinion-map\""));
    assert!(dom.contains("id=\"class-chart\""));

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let status = Command::new(&browser)
        .args(common)
        .args(["--window-size=1280,2600"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(status.status.success());
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
    println!("screenshot of report.html: {}", shot.display());
}
