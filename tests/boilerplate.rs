//! Boilerplate in replies as a reader of the published table relies on it.

use iken::{
    BoilerplateParams, Consultation, GenerateParams, Generator, ReplyClass, ReplyReport,
    ReplyRules, split_sentences,
};

mod common;
use common::{CORPUS_PATH, env, iken_ok, osaka};

fn report(c: &Consultation) -> ReplyReport {
    ReplyReport::new(c, &BoilerplateParams::default(), &ReplyRules::default()).unwrap()
}

#[test]
fn every_reference_sentence_in_the_osaka_replies_is_a_template() {
    let c = osaka();
    let r = report(&c);
    let texts: Vec<&str> = c.replies.iter().map(|r| r.text.as_str()).collect();
    let found = BoilerplateParams::default().find(&texts).unwrap();
    let mut seen = 0;
    for (text, b) in texts.iter().zip(&found.texts) {
        for s in &b.sentences {
            if s.span.text(text).contains("参考とさせていただきます") {
                seen += 1;
                assert_eq!(s.template, Some(0), "{}", s.span.text(text));
            }
        }
    }
    assert_eq!(seen, 21);
    // The template lists its three wordings, most common first.
    let t = &r.templates[0];
    assert_eq!(
        t.text,
        "いただいたご意見については、今後の施策の参考とさせていただきます。"
    );
    let variants: Vec<&str> = t.variants.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(
        variants,
        [
            "いただいたご意見については、今後の施策の参考とさせていただきます。",
            "いただいたご意見については、今後の参考とさせていただきます。",
            "いただいたご意見は、今後の施策の参考とさせていただきます。",
        ]
    );
    assert_eq!(t.replies.len(), 21);
}

#[test]
fn osaka_replies_are_classified_with_the_deciding_phrase() {
    let c = osaka();
    let r = report(&c);
    let by_id = |id: &str| r.replies.iter().find(|x| x.id == id).unwrap();
    // r2, r15, r25 say the document was changed.
    let revised: Vec<&str> = r
        .replies
        .iter()
        .filter(|x| x.class == ReplyClass::Revised)
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(revised, ["r2", "r15", "r25"]);
    assert_eq!(by_id("r2").decided_by.as_deref(), Some("修正を行いました"));
    assert_eq!(by_id("r12").class, ReplyClass::Explained);
    assert_eq!(by_id("r1").class, ReplyClass::Deferred);
    // r3 promises effort (めざしてまいります) before the closing formula: nothing left for
    // later, no reason or fact of its own.
    assert_eq!(by_id("r3").class, ReplyClass::Noted);
    // r6 points to the action plan already drawn up elsewhere.
    assert_eq!(by_id("r6").class, ReplyClass::Explained);
    // r6 is two template sentences and nothing else.
    assert!(by_id("r6").boilerplate_only);
    assert_eq!(by_id("r6").boilerplate_share, 1.0);
    assert_eq!(by_id("r2").boilerplate_share, 0.0);
    // r10 and r20 are the same answer given to two opinions: grouped, not boilerplate.
    assert_eq!(r.identical.len(), 1);
    assert_eq!(r.identical[0].replies, ["r10", "r20"]);
    assert!(!by_id("r10").boilerplate_only);
    // Counts add up, overall and per section.
    let total: usize = r.counts.overall.values().sum();
    assert_eq!(total, c.replies.len());
    let by_section: usize = r
        .counts
        .by_section
        .iter()
        .flat_map(|(_, m)| m.values())
        .sum();
    assert_eq!(by_section, c.replies.len());
    // The same input gives the same report.
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&report(&osaka())).unwrap()
    );
}

#[test]
fn generated_boilerplate_only_replies_are_found() {
    let comments: Vec<_> = Generator::new(GenerateParams::new(3000).seed(5).replies(true))
        .unwrap()
        .collect();
    let replies: Vec<&str> = comments
        .iter()
        .map(|c| c.reply.as_deref().unwrap())
        .collect();
    let found = BoilerplateParams::default().find(&replies).unwrap();
    let (mut agree, mut total) = (0, 0);
    for (c, b) in comments.iter().zip(&found.texts) {
        total += 1;
        if c.reply_boilerplate_only == Some(b.only) {
            agree += 1;
        }
    }
    // The generator's specific answers are real Osaka replies reused across a theme's
    // comments, always with the same closings: they recur, but in one context, so they
    // are not boilerplate; the closings are. Measured: all 3,000 agree.
    assert!(agree as f64 / total as f64 > 0.99, "{agree} of {total}");
}

#[test]
fn bad_input_is_defined() {
    let p = BoilerplateParams {
        min_texts: 1,
        ..BoilerplateParams::default()
    };
    assert!(p.find(&["a"]).is_err());
    let p = BoilerplateParams {
        variant_similarity: 0.0,
        ..BoilerplateParams::default()
    };
    assert!(p.find(&["a"]).is_err());
    let found = BoilerplateParams::default()
        .find(&["", "   ", "。。。", "短い。"])
        .unwrap();
    assert!(found.templates.is_empty());
    assert!(found.texts.iter().all(|t| !t.only && t.share == 0.0));
    let none: [&str; 0] = [];
    assert!(
        BoilerplateParams::default()
            .find(&none)
            .unwrap()
            .texts
            .is_empty()
    );
    assert!(split_sentences("").is_empty());
    // A consultation with no replies gives an empty report.
    let c = Consultation::default();
    let r = report(&c);
    assert!(r.replies.is_empty() && r.templates.is_empty());
}

#[test]
fn the_cli_prints_templates_and_replies_as_json() {
    let out = iken_ok(&["boilerplate", CORPUS_PATH, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v["templates"][0];
    for field in ["id", "text", "variants", "replies"] {
        assert!(!t[field].is_null(), "{field}");
    }
    let r = &v["replies"][0];
    assert_eq!(r["id"], "r1");
    for field in [
        "class",
        "decided_by",
        "boilerplate_share",
        "boilerplate_only",
    ] {
        assert!(!r[field].is_null(), "{field}");
    }
}

/// The ministry joins a fact and the closing formula in one sentence (「…ところであり、いただいた
/// ご意見は今後の施策の参考とさせていただきます。」): the formula is still found as a template,
/// under its most frequent wording, and the ministry's standard "as follows, revised" too.
#[test]
fn env_closing_formulas_are_templates_inside_sentences() {
    let r = report(&env());
    let formula = r
        .templates
        .iter()
        .find(|t| t.text.contains("参考とさせていただきます"))
        .expect("the reference formula is a template");
    assert!(formula.replies.len() >= 15, "{}", formula.replies.len());
    assert_eq!(
        formula.text,
        "いただいたご意見は今後の施策の参考とさせていただきます。"
    );
    let revised = r
        .templates
        .iter()
        .find(|t| t.text.contains("以下のとおり"))
        .expect("the revision formula is a template");
    // Its common form, not one of its page-specific wordings.
    assert_eq!(revised.text, "ご意見を踏まえ、以下のとおり修文します。");
}
