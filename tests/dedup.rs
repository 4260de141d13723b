//! Duplicate detection as a user relies on it: copies found and measured, nothing lost,
//! the same answer every time, and defined results on bad input.

mod common;
use common::{iken, iken_ok};
use iken::{DedupParams, Duplicates, GenerateParams, Generator, Measure, pair_scores};

/// Every text is in at most one group, `group_of` agrees with the members, and every
/// reported pair meets the threshold of its measure.
fn check(found: &Duplicates, n: usize) {
    let mut seen = vec![0; n];
    for g in &found.groups {
        assert_eq!(g.size, g.members.len());
        assert_eq!(g.members[0].index, g.representative);
        assert!(g.size >= 2);
        for m in &g.members {
            seen[m.index] += 1;
            assert_eq!(found.group_of[m.index], Some(g.id));
            assert!((0.0..=1.0).contains(&m.similarity));
        }
        assert!(g.similarity.min <= g.similarity.median);
        for p in &g.pairs {
            let bar = match p.measure {
                Measure::Jaccard => found.params.threshold,
                Measure::Containment => found.params.containment.unwrap(),
                Measure::Mutual => found.params.mutual.unwrap(),
                Measure::Edit => found.params.short_similarity.unwrap(),
                Measure::Exact => 1.0,
            };
            assert!(p.similarity >= bar, "{p:?}");
        }
    }
    assert!(seen.iter().all(|&s| s <= 1));
    for (i, g) in found.group_of.iter().enumerate() {
        assert_eq!(g.is_some(), seen[i] == 1);
    }
    for &e in &found.empty {
        assert_eq!(found.group_of[e], None);
    }
}

#[test]
fn finds_generated_campaigns_with_high_precision_and_recall() {
    let comments: Vec<_> = Generator::new(GenerateParams::new(6000).seed(11))
        .unwrap()
        .collect();
    let texts: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
    let found = DedupParams::default().find(&texts).unwrap();
    check(&found, texts.len());
    let truth: Vec<Option<u32>> = comments.iter().map(|c| c.campaign).collect();
    let s = pair_scores(&truth, &found.group_of).unwrap();
    // Measured 0.9986 / 0.977 at 10,000 (datasketch's MinHashLSH: see README).
    assert!(s.precision >= 0.99 && s.recall >= 0.95, "{s:?}");
    // Without containment, partial and edited copies stay out: recall drops, as it should.
    let strict = DedupParams {
        containment: None,
        mutual: None,
        ..DedupParams::default()
    }
    .find(&texts)
    .unwrap();
    let s2 = pair_scores(&truth, &strict.group_of).unwrap();
    assert!(s2.recall < s.recall, "{s2:?} vs {s:?}");
}

#[test]
fn an_edited_copy_joins_by_mutual_containment_and_a_quotation_does_not() {
    let sentences = [
        "私たち区役所の窓口を守る会は、対面窓口の維持を強く求めます。",
        "オンライン申請の導入にあたっては、利用する市民の意見を事前に十分に聞く場を設けるべきです。",
        "高齢者や障がいのある方がデジタル化から取り残されないよう、区役所の窓口で職員が手続きを手伝う体制を残してください。",
        "窓口の人員を減らすことを前提とした計画には賛成できません。",
        "以上の点について、市民への丁寧な説明を含めた誠実な対応を求めます。",
    ];
    let letter = sentences.concat();
    // The second sentence dropped, one of one's own added, and a name line.
    let edited = format!(
        "北区在住の山田です。{}{}子どもの手続きもオンラインだけでは不安です。{}{}",
        sentences[0], sentences[2], sentences[3], sentences[4]
    );
    // One sentence of the letter quoted in a comment of one's own.
    let quotation = format!(
        "公園の遊具が古くなっているので、子どもが安心して遊べるように早めに新しくしてほしいと思います。{}夜の街灯も暗い場所が多く、帰り道が不安です。",
        sentences[3]
    );
    let mut texts = vec![letter.clone(); 5];
    texts.push(edited.clone());
    texts.push(quotation);
    let found = DedupParams::default().find(&texts).unwrap();
    check(&found, texts.len());
    assert_eq!(found.groups.len(), 1);
    assert_eq!(
        found.group_of[5],
        Some(0),
        "the edited copy is in the campaign"
    );
    assert_eq!(found.group_of[6], None, "a quoted sentence is not a copy");
    let member = found.groups[0]
        .members
        .iter()
        .find(|m| m.index == 5)
        .unwrap();
    assert_eq!(member.measure, Measure::Mutual);
    assert!((0.6..0.8).contains(&member.similarity), "{member:?}");
    assert_eq!(found.groups[0].measure, Measure::Mutual);
    // Turned off, the edited copy stays out.
    let off = DedupParams {
        mutual: None,
        ..DedupParams::default()
    }
    .find(&texts)
    .unwrap();
    assert_eq!(off.group_of[5], None);
}

/// A letter of five sentences (without their full stops), as the tests below vary it.
const LETTER: [&str; 5] = [
    "私たち市民の暮らしを守る会は、区役所の対面窓口の維持と紙による申請手続きの存続を強く求めます",
    "デジタル化の影響を最も受けるのは、日々窓口を利用している高齢者や障がいのある市民です",
    "戦略案では手続きの九割をオンライン化するとしていますが、その根拠となる利用者調査の結果が示されていません",
    "市民説明会を各区で開催し、寄せられた意見への回答を公表したうえで計画を見直すことを求めます",
    "窓口の人員を減らすことを前提とした計画には賛成できません",
];

#[test]
fn sentences_end_at_line_breaks_and_full_width_periods_too() {
    for end in ["。", "．", "\n", "!"] {
        let letter: String = LETTER.iter().map(|s| format!("{s}{end}")).collect();
        // The second sentence dropped, one of one's own added, a name line.
        let edited = format!(
            "北区在住の山田です{end}{}{end}子どもの手続きもオンラインだけでは不安です{end}{}{end}{}{end}{}{end}",
            LETTER[0], LETTER[2], LETTER[3], LETTER[4]
        );
        let mut texts = vec![letter; 3];
        texts.push(edited);
        let found = DedupParams::default().find(&texts).unwrap();
        check(&found, texts.len());
        assert_eq!(found.group_of[3], Some(0), "ending {end:?}");
        let m = &found.groups[0]
            .members
            .iter()
            .find(|m| m.index == 3)
            .unwrap();
        assert_eq!(m.measure, Measure::Mutual, "ending {end:?}");
    }
}

#[test]
fn a_text_combining_two_letters_joins_one_of_them_whatever_the_order() {
    let a: String = LETTER[..3].iter().map(|s| format!("{s}。")).collect();
    let b = "子育て世代ネットワークとして、保育所の入所手続きの改善を求めます。\
             申請のたびに同じ書類を何度も出させる今の仕組みを早く改めてください。\
             オンライン申請の画面もスマートフォンで使いやすくしてください。"
        .to_owned();
    let both = format!("{a}{b}");
    for texts in [
        vec![both.clone(), a.clone(), b.clone()],
        vec![a.clone(), b.clone(), both.clone()],
        vec![a.clone(), both.clone(), b.clone()],
    ] {
        let found = DedupParams::default().find(&texts).unwrap();
        check(&found, texts.len());
        let of = |t: &String| found.group_of[texts.iter().position(|x| x == t).unwrap()];
        assert!(of(&a).is_none() || of(&a) != of(&b), "{found:?}");
        assert!(of(&both).is_some());
    }
}

#[test]
fn short_comments_quoting_one_sentence_of_the_plan_are_not_copies() {
    let quote = "本市は、令和七年度までに全ての行政手続きをオンラインで完結できるようにし、窓口での待ち時間を半減させることを目指す。";
    let texts = [
        format!("{quote}高齢の母は窓口でしか手続きができません。紙の申請も残して。"),
        format!("{quote}この目標の根拠となる数字を示すべきだ。費用はいくらか。"),
        format!("{quote}賛成です。早く進めてほしい。職員の負担も減るはず。"),
    ];
    let found = DedupParams::default().find(&texts).unwrap();
    assert!(found.groups.is_empty(), "{:?}", found.groups);
}

#[test]
fn texts_of_punctuation_only_are_empty_not_copies() {
    let texts = ["。", "。", "…！？", "本文です。", ""];
    let found = DedupParams::default().find(&texts).unwrap();
    assert!(found.groups.is_empty());
    assert_eq!(found.empty, vec![0, 1, 2, 4]);
}

#[test]
fn same_answer_every_time_and_on_any_number_of_threads() {
    let comments: Vec<String> = Generator::new(GenerateParams::new(1500).seed(2))
        .unwrap()
        .map(|c| c.text)
        .collect();
    let a = DedupParams::default().find(&comments).unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| DedupParams::default().find(&comments).unwrap());
    assert_eq!(a, one);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&DedupParams::default().find(&comments).unwrap()).unwrap()
    );
}

#[test]
fn bad_input_gives_defined_results_or_typed_errors() {
    for t in [0.0, -0.5, 1.5, f64::NAN] {
        let err = DedupParams::default()
            .threshold(t)
            .find(&["a"])
            .unwrap_err();
        assert!(err.to_string().contains("threshold"), "{err}");
    }
    let zero = DedupParams {
        shingle: 0,
        ..DedupParams::default()
    };
    assert!(zero.find(&["a"]).is_err());
    // Nothing to compare.
    let none: [&str; 0] = [];
    let found = DedupParams::default().find(&none).unwrap();
    assert!(found.groups.is_empty());
    // Texts shorter than a shingle are compared whole; empty ones are set aside.
    let short = ["賛成", "賛成", "反対", "", "  ", "賛 成"];
    let found = DedupParams::default().find(&short).unwrap();
    check(&found, short.len());
    assert_eq!(found.groups.len(), 1);
    assert_eq!(found.groups[0].size, 3);
    assert_eq!(found.empty, [3, 4]);
    // One comment repeated with only whitespace changes is one exact group.
    let letter = "市民の声をもっと聞いてほしい。窓口の混雑を解消してください。";
    let spaced: Vec<String> = (0..50)
        .map(|i| {
            let mut s = letter.replace('。', &format!("。{}", " ".repeat(i % 3)));
            if i % 2 == 0 {
                s.push('\n');
            }
            s
        })
        .collect();
    let found = DedupParams::default().find(&spaced).unwrap();
    assert_eq!(found.groups.len(), 1);
    assert_eq!(found.groups[0].size, 50);
    assert_eq!(found.groups[0].distinct, 1);
    assert_eq!(found.groups[0].measure, Measure::Exact);
}

#[test]
fn a_hundred_thousand_identical_comments_are_one_group() {
    let texts =
        vec!["デジタル化より先に窓口の職員を増やしてください。"; 100_000];
    let found = DedupParams::default().find(&texts).unwrap();
    assert_eq!(found.distinct, 1);
    assert_eq!(found.groups.len(), 1);
    assert_eq!(found.groups[0].size, 100_000);
    assert_eq!(found.groups[0].similarity.min, 1.0);
}

#[test]
fn the_cli_prints_groups_as_json() {
    let dir = std::env::temp_dir().join(format!("iken-dedup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.jsonl");
    let letter = "大阪市のDX戦略について、市民の声をもっと聞いてほしいと思います。窓口の混雑も早く解消してください。";
    let lines = [
        format!(r#"{{"id": "a1", "text": "{letter}"}}"#),
        r#"{"id": "a2", "text": "公園を増やしてほしい。"}"#.to_owned(),
        format!(r#"{{"id": "a3", "text": "{letter}"}}"#),
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = iken_ok(&["dedup", path.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = &v["groups"][0];
    assert_eq!(g["id"], 0);
    assert_eq!(g["size"], 2);
    assert_eq!(g["members"], serde_json::json!(["a1", "a3"]));
    assert_eq!(g["representative"], "a1");
    assert_eq!(g["details"][1]["id"], "a3");
    assert_eq!(v["schema_version"], iken::SCHEMA_VERSION);
    assert_eq!(g["similarity"]["min"], 1.0);
    assert_eq!(g["measure"], "exact");
    let bad = iken(&["dedup", path.to_str().unwrap(), "--threshold", "1.5"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("threshold"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Short form letters pasted with small edits (a bullet added or removed at each line,
/// 「です」 after every line, a comma, an adverb, a greeting line, full-width digits), beside
/// independent comments of the same length and subjects, some sharing a phrase
/// (`tests/fixtures/short_campaigns.jsonl`, written for this test with the letter each copy
/// came from): with the short-text pass on, every campaign is one group and no independent
/// comment is grouped.
#[test]
fn short_form_letters_with_small_edits_are_whole_campaigns() {
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/short_campaigns.jsonl"
    ))
    .unwrap()
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    let letters: Vec<Option<&str>> = rows.iter().map(|r| r["letter"].as_str()).collect();
    let found = DedupParams {
        short_similarity: Some(0.8),
        ..DedupParams::default()
    }
    .find(&texts)
    .unwrap();
    let mut campaigns: Vec<&str> = letters.iter().flatten().copied().collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    for letter in campaigns {
        let groups: std::collections::BTreeSet<Option<usize>> = (0..texts.len())
            .filter(|&i| letters[i] == Some(letter))
            .map(|i| found.group_of[i])
            .collect();
        assert_eq!(groups.len(), 1, "campaign {letter} split: {groups:?}");
        assert!(
            !groups.contains(&None),
            "campaign {letter} has a copy left alone"
        );
    }
    for (i, l) in letters.iter().enumerate() {
        if l.is_none() {
            assert_eq!(
                found.group_of[i], None,
                "independent comment grouped: {}",
                texts[i]
            );
        }
    }
    // With the short-text pass off (the default), the folded key alone leaves copies out,
    // and still groups no independent comment.
    let off = DedupParams::default().find(&texts).unwrap();
    for (i, l) in letters.iter().enumerate() {
        if l.is_none() {
            assert_eq!(off.group_of[i], None);
        }
    }
    let grouped = |d: &iken::Duplicates| d.groups.iter().map(|g| g.size).sum::<usize>();
    assert!(grouped(&off) < grouped(&found));
}
