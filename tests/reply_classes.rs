//! How replies answer, against the bundled tables labelled by reading
//! (`tests/fixtures/*_reply_classes.tsv`, rules in `tests/fixtures/reply_classes.md`).

use std::collections::BTreeMap;

use iken::{BoilerplateParams, Consultation, ReplyClass, ReplyReport, ReplyRules};

mod common;
use common::{env, fixture, osaka};

fn class_named(name: &str) -> ReplyClass {
    ReplyClass::ALL
        .into_iter()
        .find(|c| c.name() == name)
        .unwrap_or_else(|| panic!("unknown class {name}"))
}

/// Agreement of `found` with `labels` (id → class), with the confusion table printed.
fn agreement(what: &str, pairs: &[(String, ReplyClass, ReplyClass, String)]) -> f64 {
    let mut table: BTreeMap<(ReplyClass, ReplyClass), usize> = BTreeMap::new();
    for (_, label, found, _) in pairs {
        *table.entry((*label, *found)).or_default() += 1;
    }
    println!("{what}: rows = labelled by reading, columns = iken");
    print!("{:>13}", "");
    for c in ReplyClass::ALL {
        print!("{:>13}", c.name());
    }
    println!();
    for l in ReplyClass::ALL {
        print!("{:>13}", l.name());
        for f in ReplyClass::ALL {
            print!("{:>13}", table.get(&(l, f)).copied().unwrap_or(0));
        }
        println!();
    }
    for (id, label, found, phrase) in pairs {
        if label != found {
            println!("  {id}: labelled {label}, iken {found} by 「{phrase}」");
        }
    }
    let agree = pairs.iter().filter(|p| p.1 == p.2).count();
    let share = agree as f64 / pairs.len() as f64;
    println!(
        "{what}: {agree} of {} agree ({:.0} %)",
        pairs.len(),
        share * 100.0
    );
    share
}

fn classified(c: &Consultation) -> BTreeMap<String, (ReplyClass, String)> {
    let r = ReplyReport::new(c, &BoilerplateParams::default(), &ReplyRules::default()).unwrap();
    r.replies
        .into_iter()
        .map(|a| (a.id, (a.class, a.decided_by.unwrap_or_default())))
        .collect()
}

#[test]
fn osaka_replies_agree_with_the_readers_labels() {
    let c = osaka();
    let found = classified(&c);
    let labels = fixture("osaka_reply_classes.tsv");
    assert_eq!(labels.len(), c.replies.len());
    let pairs: Vec<_> = labels
        .iter()
        .map(|row| {
            let (class, phrase) = found[&row[0]].clone();
            (row[0].clone(), class_named(&row[1]), class, phrase)
        })
        .collect();
    let share = agreement("Osaka, 31 replies", &pairs);
    assert!(share >= 0.9, "agreement {share:.2} below 0.9");
}

#[test]
fn env_replies_agree_with_the_readers_labels() {
    let c = env();
    let found = classified(&c);
    let labels = fixture("env_reply_classes.tsv");
    assert_eq!(labels.len(), c.opinions.len());
    let pairs: Vec<_> = labels
        .iter()
        .map(|row| {
            let opinion = c.opinions.iter().find(|o| o.id == row[0]).unwrap();
            let (class, phrase) = found[opinion.reply.as_deref().unwrap()].clone();
            (row[0].clone(), class_named(&row[1]), class, phrase)
        })
        .collect();
    let share = agreement("環境省, 100 rows", &pairs);
    let unclassified = pairs
        .iter()
        .filter(|p| p.2 == ReplyClass::Unclassified)
        .count();
    assert!(share >= 0.9, "agreement {share:.2} below 0.9");
    assert!(unclassified <= 5, "{unclassified} unclassified");
}

/// Agreement on a fixture of written replies (`id, class, phrase, reply`), with `n` rows.
fn written_replies(name: &str, what: &str, n: usize) -> (f64, usize) {
    let rules = ReplyRules::default();
    let classifier = rules.classifier().unwrap();
    let pairs: Vec<_> = fixture(name)
        .iter()
        .map(|row| {
            let c = classifier.classify(&row[3]);
            (
                row[0].clone(),
                class_named(&row[1]),
                c.class,
                c.decided_by.unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), n);
    let unclassified = pairs
        .iter()
        .filter(|p| p.2 == ReplyClass::Unclassified)
        .count();
    (agreement(what, &pairs), unclassified)
}

/// Replies in other administrations' styles, written and labelled by a reader who did not
/// see the rules: the check that the rules hold on wordings they were not tuned on.
#[test]
fn other_administrations_replies_agree_with_the_readers_labels() {
    let (share, unclassified) =
        written_replies("other_reply_classes.tsv", "other styles, 60 replies", 60);
    assert!(share >= 0.85, "agreement {share:.2} below 0.85");
    assert!(unclassified <= 3, "{unclassified} unclassified");
}

/// Replies that are empty, only symbols, or thousands of characters long are classified
/// without panicking, each keeps its place, and a long one is still decided by its words.
#[test]
fn bad_replies_are_classified_not_lost() {
    let mut c = Consultation::default();
    let long = "本計画では地域の取組を支援する施策について第3章に記載しております。".repeat(200);
    let texts = [
        "".to_owned(),
        "   ".to_owned(),
        "。。。！？・・・".to_owned(),
        "※".to_owned(),
        long.clone(),
        format!("{}ご指摘を踏まえ、修正いたしました。", "あ".repeat(5000)),
    ];
    for (i, t) in texts.iter().enumerate() {
        c.replies.push(iken::Reply::new(
            format!("r{i}"),
            t.as_str(),
            iken::Source::row("bad.csv", i + 2),
        ));
    }
    let r = ReplyReport::new(&c, &BoilerplateParams::default(), &ReplyRules::default()).unwrap();
    assert_eq!(r.replies.len(), texts.len());
    for a in &r.replies[..4] {
        assert_eq!(a.class, ReplyClass::Unclassified, "{:?}", a.text);
        assert!(!a.boilerplate_only);
    }
    assert_eq!(r.replies[4].class, ReplyClass::Explained);
    assert_eq!(r.replies[5].class, ReplyClass::Revised);
    assert_eq!(r.counts.overall.values().sum::<usize>(), texts.len());
}

/// A stock sentence said after many different answers is a template; one subject's answer
/// given to several opinions on it is a reused answer and is not boilerplate.
#[test]
fn reused_answers_are_told_apart_from_templates() {
    let mut c = Consultation::default();
    let stock = "いただいたご意見は今後の施策の参考とさせていただきます。";
    let nuclear = "原子力発電については、エネルギー基本計画に基づき安全性の確保を大前提に依存度を低減することとしております。";
    let subjects = [
        (
            "原子力発電の依存度を下げるべき。",
            format!("{nuclear}{stock}"),
        ),
        (
            "原子力発電の再稼働に反対します。",
            format!("再稼働は原子力規制委員会が判断します。{nuclear}"),
        ),
        (
            "原子力発電所の安全性確保を求める。",
            format!("{nuclear}原案どおりとします。"),
        ),
        (
            "森林の整備を進めてほしい。",
            format!("森林整備は第2章に記載しております。{stock}"),
        ),
        (
            "海洋プラスチックを減らして。",
            format!("プラスチック資源循環戦略を策定したところです。{stock}"),
        ),
        (
            "自転車道を増やして。",
            format!("自転車の活用は交通計画で扱います。{stock}"),
        ),
        (
            "温泉の保護を。",
            "温泉法に基づき保護しております。".to_owned(),
        ),
        (
            "騒音対策を。",
            "騒音規制法の運用を徹底しております。".to_owned(),
        ),
    ];
    for (i, (o, r)) in subjects.iter().enumerate() {
        c.replies.push(iken::Reply::new(
            format!("r{i}"),
            r.as_str(),
            iken::Source::row("t.csv", i + 2),
        ));
        c.opinions.push(
            iken::Opinion::new(format!("o{i}"), *o, iken::Source::row("t.csv", i + 2))
                .with_reply(format!("r{i}")),
        );
    }
    let r = ReplyReport::new(&c, &BoilerplateParams::default(), &ReplyRules::default()).unwrap();
    assert_eq!(r.templates.len(), 1, "{:?}", r.templates);
    assert_eq!(r.templates[0].text, stock);
    assert_eq!(r.reused.len(), 1, "{:?}", r.reused);
    assert_eq!(r.reused[0].replies, ["r0", "r1", "r2"]);
    // The reused answer is not boilerplate: r1 is only that answer.
    let r1 = &r.replies[1];
    assert!(!r1.boilerplate_only);
    assert_eq!(r1.boilerplate_share, 0.0);
    assert_eq!(r1.reused, [0]);
}

/// A second set in other styles, by another reader who saw neither the rules nor the other
/// fixtures.
#[test]
fn a_second_readers_replies_agree_with_the_labels() {
    let (share, unclassified) =
        written_replies("heldout_reply_classes.tsv", "second reader, 50 replies", 50);
    assert!(share >= 0.85, "agreement {share:.2} below 0.85");
    assert!(unclassified <= 3, "{unclassified} unclassified");
}
