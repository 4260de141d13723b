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

/// Replies in other administrations' styles, written and labelled by a reader who did not
/// see the rules: the check that the rules hold on wordings they were not tuned on.
#[test]
fn other_administrations_replies_agree_with_the_readers_labels() {
    let rules = ReplyRules::default();
    let classifier = rules.classifier().unwrap();
    let pairs: Vec<_> = fixture("other_reply_classes.tsv")
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
    assert_eq!(pairs.len(), 60);
    let share = agreement("other styles, 60 replies", &pairs);
    let unclassified = pairs
        .iter()
        .filter(|p| p.2 == ReplyClass::Unclassified)
        .count();
    assert!(share >= 0.85, "agreement {share:.2} below 0.85");
    assert!(unclassified <= 3, "{unclassified} unclassified");
}
