//! The bundled Osaka corpus read as a published opinion/reply table.
//!
//! The pairs below were checked by reading the text: each opinion and the reply printed
//! right after it in the city's table.

use iken::{Consultation, Format, ReadOptions, ReplyLink, read_path, read_pdf_table};
use proptest::prelude::*;

mod common;

const CORPUS: &str = include_str!("../data/osaka-dx-strategy-pubcomment.txt");

fn osaka() -> Consultation {
    read_pdf_table(CORPUS, "osaka.txt").consultation
}

fn opinion_starting<'a>(c: &'a Consultation, prefix: &str) -> &'a iken::Opinion {
    let found: Vec<_> = c
        .opinions
        .iter()
        .filter(|o| o.text.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "opinions starting with {prefix:?}");
    found[0]
}

fn reply_text<'a>(c: &'a Consultation, opinion: &iken::Opinion) -> &'a str {
    &c.reply_of(opinion)
        .unwrap_or_else(|| panic!("{} has no reply", opinion.id))
        .text
}

#[test]
fn counts() {
    let c = osaka();
    assert_eq!(c.opinions.len(), 52);
    assert_eq!(c.replies.len(), 31);
    assert_eq!(
        c.sections(),
        [
            "全般",
            "03 大阪市のＤＸ戦略",
            "03 大阪市のＤＸ戦略　―　VALUE 01 サービスのRe-Design",
            "03 大阪市のＤＸ戦略　―　VALUE 02 あんしんのRe-Design",
            "03 大阪市のＤＸ戦略　―　VALUE 03 つながりのRe-Design",
            "03 大阪市のＤＸ戦略　―　VALUE 04 にぎわいのRe-Design",
            "03 大阪市のＤＸ戦略　―　VALUE 05 やさしさのRe-Design",
            "03 大阪市のＤＸ戦略　―　VALUE 06 しごとのRe-Design",
            "03 大阪市のＤＸ戦略　―　STRATEGY00",
            "04 ＤＸ戦略の推進に向けて",
        ]
    );
    // Ids are stable and in input order.
    assert_eq!(c.opinions[0].id, "o1");
    assert_eq!(c.opinions[51].id, "o52");
    assert_eq!(c.replies[30].id, "r31");
    // Every opinion has a reply here; the replies printed away from their rows are
    // marked rather than guessed.
    assert!(c.opinions.iter().all(|o| o.reply.is_some()));
    let unsure: Vec<_> = c
        .replies
        .iter()
        .filter(|r| matches!(r.link, ReplyLink::Inferred | ReplyLink::Unlinked))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(unsure, ["r6", "r20", "r27", "r28"]);
}

#[test]
fn spot_checks_of_opinion_reply_pairs() {
    let c = osaka();
    let cases: &[(&str, &str, &str)] = &[
        // (opinion starts with, reply starts with, reply ends with)
        (
            "また、今後、具体的な定性・定量的な数値目標など",
            "ＤＸの推進に向けた具体的な取組については、別途、「大阪市ＤＸ戦略アクションプラン」を策定しております。",
            "数値目標などを設定し取組を推進してまいります。",
        ),
        (
            "全体的に主語が不明で誰に恩恵があるのかが分かりません。",
            "P7「MISSION（本市の使命）」において",
            "記載内容の修正を行いました。",
        ),
        (
            "大阪市という行政範囲に留まることなく",
            "本市として、あらゆる行政分野・施策を対象に",
            "今後の参考とさせていただきます。",
        ),
        (
            "2040年というタイムラインは概要版でも記載した方が",
            "2040年のタイムラインは概要版P4にもお示しし",
            "取組を推進していくこととしております。",
        ),
        (
            "「カオスとスマート」については",
            "大阪市は、多様性に富み、個性が光る人々",
            "取組を増やしていけるよう努めてまいります。",
        ),
        (
            "システム・デジタル化で解消できない問題を",
            "本市におけるＤＸは、データやデジタル技術の活用を前提に",
            "今後の施策の参考とさせていただきます。",
        ),
        (
            "行政からデータを出す形ではなく",
            "サービスのRe-Designでは、市民等に対して個々の属性",
            "今後の施策の参考とさせていただきます。",
        ),
        (
            "デジタル行政手続きの拡大は、素晴らしいことだと思います。",
            "ご指摘いただいた課題については本市としても認識しており",
            "③ コネクテッド・ワンストップ：民間サービスを含め、複数の手続・サービスをワンストップで実現する",
        ),
        (
            "デジタルシュミレーションサービスは",
            "あんしんのRe-Designでは、防災シミュレーション等",
            "今後の施策の参考とさせていただきます。",
        ),
        (
            "繋がりの主体として「企業」も含めると活性化すると思われます。",
            "つながりのRe-Designでは、行政だけで取り組むのではなく",
            "意図がより伝わるよう、記載内容の修正を行いました。",
        ),
        (
            "環境負荷低減に対するKPI値を定めると共に",
            "やさしさのRe-Designでは、環境問題とデジタル技術をマッチング",
            "今後の施策の参考とさせていただきます。",
        ),
        (
            "行政職員向けにチャレンジしたメンバーを奨励する仕組み",
            "STRATEGY00では、DXの推進に必要となる財源の確保",
            "いただいたご意見は、今後の施策の参考とさせていただきます。",
        ),
        (
            "※各所属ごとの個別導入では",
            "ご意見のとおり業務の全体最適化の観点は重要であると認識しております。",
            "ＤＸを推進していくこととしております。",
        ),
        (
            "現市政では、カジノばかりに予算を投入しているが",
            "ＤＸ推進体制では、職員の情報セキュリティに関する",
            "セキュリティ体制の確保・強化を推進していくこととしています。",
        ),
    ];
    for (opinion, start, end) in cases {
        let o = opinion_starting(&c, opinion);
        let reply = reply_text(&c, o);
        assert!(reply.starts_with(start), "{}: reply {reply:?}", o.id);
        assert!(reply.ends_with(end), "{}: reply {reply:?}", o.id);
    }
}

#[test]
fn sections_follow_the_labels_and_the_replies_that_name_them() {
    let c = osaka();
    let section = |prefix: &str| opinion_starting(&c, prefix).section.clone().unwrap();
    assert_eq!(section("全体的に素晴らしい概念"), "全般");
    assert_eq!(section("「行政DX」の"), "03 大阪市のＤＸ戦略");
    assert!(section("行政からデータを出す形").ends_with("VALUE 01 サービスのRe-Design"));
    assert!(section("デジタルシュミレーション").ends_with("VALUE 02 あんしんのRe-Design"));
    assert!(section("繋がりの主体として").ends_with("VALUE 03 つながりのRe-Design"));
    assert!(section("オープンデータの充実には").ends_with("VALUE 04 にぎわいのRe-Design"));
    assert!(section("環境負荷低減").ends_with("VALUE 05 やさしさのRe-Design"));
    assert!(section("窓口サービス向上の為").ends_with("VALUE 06 しごとのRe-Design"));
    assert!(section("行政職員向けに").ends_with("STRATEGY00"));
    assert_eq!(section("現市政では"), "04 ＤＸ戦略の推進に向けて");
}

#[test]
fn wrapped_lines_are_reflowed() {
    let c = osaka();
    let o = opinion_starting(&c, "誰もがデジタルの恩恵");
    // Japanese joined without spaces; a word hyphenated across lines rejoined; the
    // author's own space kept.
    assert_eq!(
        o.text,
        "誰もがデジタルの恩恵を受けられるという全体的な表現をされていると思います。 \
         その中で、そもそもどんな恩恵が受けられるのか、情報過多すぎて適切な情報を得られない\
         場合も多い現状をどう、改善し市民ファーストなre-design が為されていくのか記載しても\
         良いのではないかと思いました。"
    );
    assert_eq!(o.source.line, Some(20));
    assert_eq!(o.source.end_line, Some(26));
    let r = reply_text(&c, opinion_starting(&c, "大阪市という行政範囲"));
    assert!(r.contains("市民がWell-beingを実感できる都市への成長・発展をめざしてまいります。"));
    let o = opinion_starting(&c, "OSAKA EXPO以降の");
    assert!(
        o.text.starts_with(
            "OSAKA EXPO以降のにぎわいを高めるプロジェクトをデジタルと組み合わせて構想"
        )
    );
}

/// The non-space characters of the input outside headings, in order.
fn content_chars(text: &str, headings: &[(usize, usize)]) -> String {
    text.split('\n')
        .enumerate()
        .filter(|(i, _)| !headings.iter().any(|&(a, b)| (a..=b).contains(&(i + 1))))
        .flat_map(|(_, l)| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The non-space characters of all opinions and replies, in input order.
fn item_chars(c: &Consultation) -> String {
    let mut items: Vec<(usize, &str)> = c
        .opinions
        .iter()
        .map(|o| (o.source.line.unwrap(), o.text.as_str()))
        .chain(
            c.replies
                .iter()
                .map(|r| (r.source.line.unwrap(), r.text.as_str())),
        )
        .collect();
    items.sort_by_key(|&(line, _)| line);
    items
        .iter()
        .flat_map(|(_, t)| t.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn check_nothing_lost(text: &str) {
    let table = read_pdf_table(text, "t.txt");
    let headings: Vec<(usize, usize)> = table
        .explain
        .iter()
        .filter(|e| e.kind == "heading" || e.kind == "header")
        .map(|e| e.lines)
        .collect();
    assert_eq!(
        item_chars(&table.consultation),
        content_chars(text, &headings)
    );
    // And each line is in exactly one item or heading.
    let lines: Vec<&str> = text.split('\n').collect();
    let mut covered = vec![0u32; lines.len()];
    for e in &table.explain {
        for (i, line) in lines.iter().enumerate().take(e.lines.1).skip(e.lines.0 - 1) {
            if !line.trim().is_empty() {
                covered[i] += 1;
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let want = u32::from(!line.trim().is_empty());
        assert_eq!(covered[i], want, "line {} {line:?}", i + 1);
    }
}

#[test]
fn no_character_of_the_corpus_is_lost() {
    check_nothing_lost(CORPUS);
}

#[test]
fn auto_detects_the_corpus_as_a_pdf_table() {
    let read = read_path(
        "data/osaka-dx-strategy-pubcomment.txt",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(read.format, Format::PdfTable);
    assert_eq!(
        read.consultation,
        osaka_named("data/osaka-dx-strategy-pubcomment.txt")
    );
}

fn osaka_named(name: &str) -> Consultation {
    read_pdf_table(CORPUS, name).consultation
}

fn table_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[あ-んア-ン一-龠]{1,34}",
        1 => "[a-zA-Z0-9 \\-]{1,20}",
        1 => Just("。".to_owned()),
        1 => Just("、".to_owned()),
        1 => Just("　".to_owned()),
        1 => Just("と思います。".to_owned()),
        1 => Just("しております。".to_owned()),
        1 => Just("全般".to_owned()),
        1 => Just("03 大阪市のＤＸ戦略　―　VALUE 01 サービスのRe-Design".to_owned()),
        1 => Just("① ".to_owned()),
        1 => Just("※".to_owned()),
    ];
    prop::collection::vec(piece, 1..4).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the lines, every non-heading character lands in exactly one item.
    #[test]
    fn reading_never_drops_a_character(
        lines in prop::collection::vec(table_line(), 0..60),
        blank_between in any::<bool>(),
    ) {
        let sep = if blank_between { "\n\n" } else { "\n" };
        let text = lines.join(sep);
        check_nothing_lost(&text);
    }
}

/// The replies printed away from their rows are placed by wording and the section they
/// name; against the links a reader gave each opinion (`tests/fixtures/osaka_links.tsv`).
#[test]
fn opinions_are_linked_to_the_reply_a_reader_would_link() {
    let c = osaka();
    let links = common::fixture("osaka_links.tsv");
    assert_eq!(links.len(), c.opinions.len());
    let mut right = 0;
    for row in &links {
        let o = c.opinions.iter().find(|o| o.id == row[0]).unwrap();
        if o.reply.as_deref() == Some(row[1].as_str()) {
            right += 1;
        } else {
            println!(
                "{}: linked to {:?}, a reader says {} ({})",
                row[0], o.reply, row[1], row[2]
            );
        }
    }
    println!(
        "{right} of {} opinions linked as a reader links them",
        links.len()
    );
    assert!(
        right * 100 >= 85 * links.len(),
        "{right} of {}",
        links.len()
    );
    // The four displaced replies are marked as inferred, not adjacent.
    for id in ["r6", "r20", "r27", "r28"] {
        let r = c.replies.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.link, ReplyLink::Inferred, "{id}");
    }
}
