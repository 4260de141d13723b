//! Responsiveness of a reply, decided on words and sentence structure.
//!
//! Takes a reply's text; gives its [`ReplyClass`] with the phrase and sentence that decided
//! it. Each sentence is tokenized (IPADIC base forms and parts of speech) and read as a
//! reader would:
//!
//! - **revised**: a change word (修正, 修文, 追記, 削除, 反映, 改める …) is an *asserted*
//!   predicate: what follows it up to the clause end is only support verbs (する, いたす,
//!   行う, させていただく …) and auxiliaries, with no negation (ない, ぬ, ん), no wish or
//!   obligation (たい, べき, ほしい), no question (か), no condition (ば, たら, 場合) and no
//!   quotation (〜との, 〜という). So 「修正します」「修正いたしました」「修正を行いました」
//!   「修文いたします」 are revisions and 「修正は行いません」「修正すべきとのご意見」 are not.
//!   A document word (記載, 明記, 盛り込む …) revises when it is done (〜しました, 〜します)
//!   and points to the draft when it is a state (〜しております, 〜されている).
//! - **deferred**: a study word (検討, 研究 …) asserted in the present or future
//!   (検討してまいります; not 検討した結果), a word that sends the point elsewhere (別途,
//!   次期 …), or a change promised for later (今後…反映します).
//! - **explained**: the draft is kept *with* a reason (〜ため, 〜ので, a clause of content
//!   before 原案のとおり), or the reply points to where the draft covers it, or a sentence
//!   states something of its own (enough content words, not an acknowledgement).
//! - **declined**: the draft is kept (原案のとおり, a negated change word) with nothing else.
//! - **noted**: only acknowledges: its predicate is 参考, 承る, 認識 …, or it thanks.
//!
//! Sentences are decided one by one; the reply takes the first class in the order above that
//! any of its sentences has. Every word list is a field of [`ReplyRules`] (serde), so another
//! administration's style is a configuration, not code.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::normalize::Normalizer;
use crate::normalize::split_sentences;
use crate::tokenize::{MorphologicalTokenizer, Token, Tokenizer};

/// How a reply answers an opinion.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReplyClass {
    /// The consulted document was or will be changed (記載内容の修正を行いました, 追記しました).
    Revised,
    /// Not changed now, left to a later stage, another plan or further study (別途…, 今後検討).
    Deferred,
    /// Not changed, with a reason or a pointer to what the document already says.
    Explained,
    /// The document is kept as it is, with no reason given (原案のとおりとさせていただきます).
    Declined,
    /// Only thanks, or "will use as reference" (今後の参考とさせていただきます).
    Noted,
    /// None of the rules applies: read it.
    Unclassified,
}

impl ReplyClass {
    /// All classes, in decision order.
    pub const ALL: [ReplyClass; 6] = [
        ReplyClass::Revised,
        ReplyClass::Deferred,
        ReplyClass::Explained,
        ReplyClass::Declined,
        ReplyClass::Noted,
        ReplyClass::Unclassified,
    ];

    /// The snake_case name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            ReplyClass::Revised => "revised",
            ReplyClass::Deferred => "deferred",
            ReplyClass::Explained => "explained",
            ReplyClass::Declined => "declined",
            ReplyClass::Noted => "noted",
            ReplyClass::Unclassified => "unclassified",
        }
    }
}

impl std::fmt::Display for ReplyClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The class of a reply and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// The class.
    pub class: ReplyClass,
    /// The phrase that decided it (`None` for unclassified), as it stands in the sentence
    /// after normalization.
    pub decided_by: Option<String>,
    /// The sentence it was found in (normalized).
    pub sentence: Option<String>,
}

/// The word lists of the rules. Words are compared with a token's base form (or its surface,
/// or a run of up to three tokens' surfaces, so 修文 matches however the dictionary cuts it).
/// Entries of the `*_phrases` lists are words separated by spaces that must occur in that
/// order in one sentence, at most two tokens apart (「原案 とおり」 matches 原案のとおり).
///
/// [`ReplyRules::default`] holds the words of Japanese ministry and municipal replies; extend
/// them for another administration's style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyRules {
    /// Words that change the draft when they are an asserted predicate: revised.
    pub change_words: Vec<String>,
    /// Words of a state of the draft (含まれる): affirmative, they point to what it covers.
    pub state_words: Vec<String>,
    /// Words that judge the draft's own wording (適当, 妥当): a reason made of them only
    /// restates that the draft stays, so the draft is declined rather than explained.
    pub circular_words: Vec<String>,
    /// Words of writing: revised when done (〜しました, 〜します), a pointer to what the draft
    /// says when a state (〜しております, 〜されている, 〜のとおり): explained.
    pub document_words: Vec<String>,
    /// Words of further study: deferred when asserted in the present or future.
    pub study_words: Vec<String>,
    /// Phrases that send the point to another document or a later stage: deferred when the
    /// sentence's predicate looks ahead or is still to be done (別途…策定します), a pointer
    /// when it is a state (別途…策定しております).
    pub later_phrases: Vec<String>,
    /// Words that, before a change word in its sentence, put the change in the future
    /// (今後…反映します): deferred rather than revised. A sentence with one whose predicate
    /// looks ahead (〜てまいります, 〜ていきます) is deferred too.
    pub future_words: Vec<String>,
    /// Phrases that take the comment up (ご意見を踏まえ, ご提案を生かし): with a predicate that
    /// looks ahead (…取り組んでまいります) they leave the point to later work: deferred. A
    /// comment received only as encouragement (ご意見を励みに) does not.
    pub take_up_phrases: Vec<String>,
    /// Words about the comment and the answering of it (意見, 指摘, 踏まえる, 検討, 承る …):
    /// they are not a reason, so they do not count as content of a sentence of its own or of
    /// the clause before a kept draft.
    pub process_words: Vec<String>,
    /// Words that, before a change word in its sentence, say it is already done
    /// (既に反映されております): a pointer, explained.
    pub already_words: Vec<String>,
    /// Phrases that keep the draft as it is: declined, or explained with a reason.
    pub keep_phrases: Vec<String>,
    /// Words that give a reason (〜ため, 〜ので, 〜から): a kept draft with one is explained.
    pub reason_words: Vec<String>,
    /// Words that, as a sentence's last content word, make it an acknowledgement (参考,
    /// 承る, 認識 …): noted.
    pub acknowledge_words: Vec<String>,
    /// Verbs of generic effort (取り組む, 推進, 努める …): a clause whose predicate is one of
    /// them, looking ahead, with nothing left for later, only promises: noted.
    pub effort_words: Vec<String>,
    /// Phrases that answer the commenter's question (お見込みのとおりです, 差し支えありません):
    /// explained.
    pub answer_phrases: Vec<String>,
    /// Phrases of agreement (ご指摘のとおりです) that, in a sentence saying nothing more, only
    /// acknowledge: noted.
    pub agree_phrases: Vec<String>,
    /// Words that make any sentence that holds them an acknowledgement (ありがとう, 感謝).
    pub thanks_words: Vec<String>,
    /// Fewest content words (nouns, verbs, adjectives that carry meaning) for a sentence to
    /// say something of its own (explained), or for the clause before a kept draft to be its
    /// reason. Default 3.
    pub min_content_words: usize,
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for ReplyRules {
    fn default() -> Self {
        ReplyRules {
            change_words: owned(&[
                "修正",
                "修文",
                "訂正",
                "追記",
                "削除",
                "加筆",
                "追加",
                "変更",
                "反映",
                "改める",
                "書き改める",
                "書き加える",
                "加える",
                "差し替える",
                "改訂",
                "補足",
                "見直す",
            ]),
            document_words: owned(&[
                "記載",
                "記述",
                "明記",
                "詳述",
                "言及",
                "掲載",
                "規定",
                "整理",
                "盛り込む",
                "位置付ける",
                "位置づける",
                "掲げる",
                "示す",
                "含める",
                "触れる",
                "述べる",
                "定める",
                "表現",
            ]),
            state_words: owned(&["含む", "該当", "包含"]),
            circular_words: owned(&["適当", "妥当", "適切", "相当", "十分"]),
            study_words: owned(&[
                "検討", "研究", "議論", "精査", "協議", "調整", "検証", "調査",
            ]),
            later_phrases: owned(&[
                "別途",
                "次期",
                "今後 課題",
                "同 において",
                "個別 計画",
                "実施 計画",
                "実施 段階",
            ]),
            future_words: owned(&["今後", "将来", "次期", "次回", "来年度", "次年度"]),
            take_up_phrases: owned(&[
                "意見 踏まえる",
                "指摘 踏まえる",
                "提案 踏まえる",
                "要望 踏まえる",
                "趣旨 踏まえる",
                "意見 生かす",
                "意見 活かす",
                "提案 生かす",
                "提案 活かす",
            ]),
            process_words: owned(&[
                "意見",
                "指摘",
                "提案",
                "要望",
                "提言",
                "趣旨",
                "踏まえる",
                "検討",
                "承る",
                "拝見",
                "拝読",
                "受ける",
                "いただく",
                "頂く",
                "賛同",
            ]),
            already_words: owned(&["既に", "すでに"]),
            keep_phrases: owned(&[
                "原案 とおり",
                "原案 どおり",
                "原案 通り",
                "原案 まま",
                "素案 とおり",
                "素案 どおり",
                "素案 通り",
                "案 とおり",
                "案 どおり",
                "原文 とおり",
                "原文 どおり",
                "原文 まま",
                "現行 まま",
                "現状 まま",
                "現在 記載 まま",
            ]),
            reason_words: owned(&["ため", "ので", "から", "ことから", "により", "によれば"]),
            acknowledge_words: owned(&[
                "参考", "承る", "伺う", "拝承", "拝見", "認識", "承知", "理解", "重要", "同感",
                "賛同", "感謝",
            ]),
            effort_words: owned(&[
                "取り組む",
                "取組む",
                "努める",
                "推進",
                "進める",
                "図る",
                "目指す",
                "めざす",
                "励む",
                "尽力",
                "注力",
            ]),
            answer_phrases: owned(&[
                "見込み とおり",
                "見込み どおり",
                "理解 とおり",
                "理解 どおり",
                "差し支える",
            ]),
            agree_phrases: owned(&["指摘 とおり", "意見 とおり", "指摘 どおり", "意見 どおり"]),
            thanks_words: owned(&["ありがとう", "感謝", "貴重", "お礼", "礼", "お願い"]),
            min_content_words: 3,
        }
    }
}

impl ReplyRules {
    /// Classifies one reply. For many replies, build a [`ReplyClassifier`] once.
    ///
    /// ```
    /// use iken::{ReplyClass, ReplyRules};
    ///
    /// # fn main() -> iken::Result<()> {
    /// let rules = ReplyRules::default();
    /// let c = rules.classify("いただいたご意見については、今後の施策の参考とさせていただきます。")?;
    /// assert_eq!(c.class, ReplyClass::Noted);
    /// let c = rules.classify("ご指摘を踏まえ、以下のとおり修文いたします。")?;
    /// assert_eq!((c.class, c.decided_by.as_deref()), (ReplyClass::Revised, Some("修文いたします")));
    /// let c = rules.classify("修正すべきとのご意見ですが、原案のとおりとさせていただきます。")?;
    /// assert_eq!(c.class, ReplyClass::Declined);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The built-in dictionary cannot be loaded.
    pub fn classify(&self, reply: &str) -> Result<Classification> {
        Ok(self.classifier()?.classify(reply))
    }

    /// The rules with a tokenizer, ready for many replies.
    ///
    /// # Errors
    /// The built-in dictionary cannot be loaded.
    pub fn classifier(&self) -> Result<ReplyClassifier<'_>> {
        let tokenizer = MorphologicalTokenizer::builder()
            .keep_all_tokens(true)
            .build()?;
        Ok(ReplyClassifier {
            rules: self,
            tokenizer,
        })
    }
}

/// [`ReplyRules`] with the tokenizer they read sentences with.
#[derive(Debug, Clone)]
pub struct ReplyClassifier<'a> {
    rules: &'a ReplyRules,
    tokenizer: MorphologicalTokenizer,
}

/// Verbs that carry no meaning of their own after a サ変 noun or a て-form: they keep a
/// predicate going (修正を行いました, 反映させていただきます, 記載がございます).
const SUPPORT_VERBS: &[&str] = &[
    "する",
    "いたす",
    "致す",
    "行う",
    "おこなう",
    "させる",
    "せる",
    "れる",
    "られる",
    "いただく",
    "頂く",
    "おる",
    "いる",
    "ある",
    "ござる",
    "まいる",
    "参る",
    "いく",
    "行く",
    "くる",
    "来る",
    "しまう",
    "おく",
    "図る",
    "進める",
    "できる",
    "出来る",
    "なる",
    "考える",
    "思う",
    "努める",
];

/// Nouns a predicate runs on through (修正する予定です, 検討課題とします, 記載したところです).
const PREDICATE_NOUNS: &[&str] = &[
    "こと",
    "ところ",
    "もの",
    "予定",
    "考え",
    "方針",
    "所存",
    "必要",
    "課題",
    "事項",
    "方向",
    "旨",
    "よう",
    "材料",
];

/// What follows a trigger word up to the end of its clause.
#[derive(Debug, Default)]
struct Tail {
    /// Index just past the last token of the predicate.
    end: usize,
    /// Ends in a finite form: ます, です, だ, た, う, or a verb at the sentence end.
    finite: bool,
    /// A verb in the continuative form before 、 (修正し、…を追記しました).
    continues: bool,
    past: bool,
    negative: bool,
    /// Wish, obligation, question, condition or quotation: not something the writer did.
    irrealis: bool,
    /// 〜ている, 〜ておる, 〜てある, 〜ところ: a state, not an act.
    stative: bool,
    /// Subordinate: 〜ため, 〜ので, 〜から, 〜ものである: it explains something else.
    reason: bool,
    /// 〜てまいります, 〜ていきます, 〜予定です: what will be done from now on.
    prospective: bool,
    /// The word is used as a noun: followed by the copula, or its verb form modifies a
    /// noun (含めた記載, 記載した箇所): it states no act of its own.
    noun: bool,
}

impl Tail {
    fn asserted(&self) -> bool {
        (self.finite || self.continues)
            && !self.negative
            && !self.irrealis
            && !self.reason
            && !self.noun
    }
}

fn is(token: &Token, words: &[&str]) -> bool {
    words.contains(&token.base_form()) || words.contains(&token.surface())
}

fn tail(tokens: &[Token], from: usize) -> Tail {
    let mut t = Tail::default();
    let mut verb_seen = false;
    let mut i = from;
    while i < tokens.len() {
        let tok = &tokens[i];
        let (base, surface, pos) = (tok.base_form(), tok.surface(), tok.pos());
        let next = tokens.get(i + 1);
        let mut stop = false;
        match tok.pos_major() {
            "記号" => {
                if matches!(surface, "、" | "," | "，") && verb_seen && !t.finite {
                    t.continues = true;
                }
                break;
            }
            "助動詞" => match base {
                // A サ変 noun followed by the copula is a noun (〜を踏まえた記述であり), not an act.
                "だ" | "です" if i == from => {
                    t.noun = true;
                    break;
                }
                // 〜してまいりたいと考えております: an official's "we will", not a wish.
                "たい"
                    if next.is_some_and(|n| n.surface() == "と")
                        && tokens.get(i + 2).is_some_and(|n| {
                            matches!(n.base_form(), "考える" | "思う" | "存じる")
                        }) =>
                {
                    t.finite = true
                }
                // 〜することで: the means of something else, not a predicate.
                "だ" if surface == "で"
                    && !next.is_some_and(|n| matches!(n.base_form(), "ある" | "ござる")) =>
                {
                    t.noun = true;
                    break;
                }
                "ます" | "です" | "だ" | "う" | "よう" | "ござる" => t.finite = true,
                "た" => {
                    t.finite = true;
                    t.past = true;
                }
                "ない" | "ぬ" | "ん" => t.negative = true,
                "べし" | "たい" | "まい" => t.irrealis = true,
                _ => {}
            },
            "動詞" => {
                let support = SUPPORT_VERBS.contains(&base)
                    || pos.starts_with("動詞,非自立")
                    || pos.starts_with("動詞,接尾");
                if !support {
                    break;
                }
                verb_seen = true;
                if matches!(base, "いく" | "行く" | "まいる" | "参る")
                    && pos.starts_with("動詞,非自立")
                {
                    t.prospective = true;
                }
                let after_te = i > from
                    && matches!(tokens[i - 1].surface(), "て" | "で")
                    && tokens[i - 1].pos_major() == "助詞";
                if matches!(base, "いる" | "おる" | "ある" | "ござる")
                    && (after_te || tokens[i - 1].surface() == "が")
                {
                    t.stative = true;
                }
            }
            "形容詞" => match base {
                "ない" | "無い" | "難しい" => t.negative = true,
                "ほしい" | "欲しい" => t.irrealis = true,
                _ => stop = true,
            },
            "助詞" => match surface {
                "て" | "で" if !pos.contains("接続助詞") => stop = true,
                "て" | "で" | "を" | "は" | "が" | "も" | "に" => {
                    // 〜が、 after a finite verb ends the clause (修正しますが、…).
                    if surface == "が" && pos.contains("接続助詞") {
                        stop = true;
                    }
                }
                "ば" | "たら" | "なら" | "か" | "かどうか" => t.irrealis = true,
                "ので" | "から" => {
                    t.reason = true;
                    stop = true;
                }
                "と" => {
                    // Quoting the opinion: 〜すべきとの, 〜するという.
                    if next.is_some_and(|n| {
                        n.surface() == "の" || matches!(n.base_form(), "いう" | "言う")
                    }) && !(i > 0 && tokens[i - 1].surface() == "こと")
                    {
                        t.irrealis = true;
                        stop = true;
                    }
                }
                "の" => {
                    if !next.is_some_and(|n| is(n, PREDICATE_NOUNS)) {
                        stop = true;
                    }
                }
                _ => stop = true,
            },
            "名詞" => {
                if base == "ため" {
                    t.reason = true;
                    stop = true;
                } else if base == "場合" {
                    t.irrealis = true;
                    stop = true;
                } else if base == "困難" {
                    t.negative = true;
                } else if is(tok, PREDICATE_NOUNS) {
                    if base == "ところ" {
                        t.stative = true;
                    }
                    if base == "予定" {
                        t.prospective = true;
                    }
                    if base == "もの" {
                        // 〜したものである(ため): it describes, it does not act.
                        t.stative = true;
                    }
                } else {
                    // A verb form right before a noun modifies it (記載した箇所).
                    if i > from && matches!(tokens[i - 1].pos_major(), "動詞" | "助動詞") {
                        t.noun = true;
                        t.finite = false;
                    }
                    stop = true;
                }
            }
            _ => stop = true,
        }
        if stop {
            break;
        }
        i += 1;
    }
    let sentence_end = tokens
        .get(i)
        .is_none_or(|t| matches!(t.surface(), "。" | "." | "．" | "!" | "！"));
    if sentence_end && verb_seen {
        t.finite = true;
    }
    t.end = i;
    t
}

/// Content words: nouns that name something (not pronouns, numbers, suffixes or
/// dependent nouns), independent verbs other than support verbs, adjectives.
fn is_content(token: &Token) -> bool {
    let pos = token.pos();
    match token.pos_major() {
        "名詞" => {
            !(pos.contains("非自立")
                || pos.contains("代名詞")
                || pos.contains("接尾")
                || pos.contains(",数")
                || pos.contains("副詞可能"))
        }
        "動詞" => pos.starts_with("動詞,自立") && !SUPPORT_VERBS.contains(&token.base_form()),
        "形容詞" => pos.starts_with("形容詞,自立"),
        _ => false,
    }
}

/// Where `word` starts at `i`: the number of tokens it spans, if any.
fn matches_at(tokens: &[Token], i: usize, word: &str) -> Option<usize> {
    let t = &tokens[i];
    if t.base_form() == word || t.surface() == word {
        return Some(1);
    }
    if !word.starts_with(t.surface()) {
        return None;
    }
    let mut joined = String::new();
    for (n, t) in tokens[i..].iter().take(3).enumerate() {
        joined.push_str(t.surface());
        if joined == word {
            return Some(n + 1);
        }
        if !word.starts_with(joined.as_str()) {
            return None;
        }
    }
    None
}

/// Whether one of `words` starts at token `i`.
fn word_in(tokens: &[Token], i: usize, words: &[String]) -> bool {
    words.iter().any(|w| matches_at(tokens, i, w).is_some())
}

/// Occurrences of any of `words` outside quotation marks: (first token, tokens spanned).
/// What stands inside 「」 is the draft's or the opinion's wording, not what the reply does.
fn find_words(tokens: &[Token], words: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for i in 0..tokens.len() {
        match tokens[i].surface() {
            "「" | "『" => depth += 1,
            "」" | "』" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        if let Some(n) = words.iter().find_map(|w| matches_at(tokens, i, w)) {
            out.push((i, n));
        }
    }
    out
}

/// Reason words where they join clauses: から and ので as conjunctive particles (not the
/// case particle of 震災からの復興).
fn reasons(tokens: &[Token], words: &[String]) -> Vec<(usize, usize)> {
    find_words(tokens, words)
        .into_iter()
        .filter(|&(i, n)| {
            let t = &tokens[i];
            n > 1 || t.pos_major() != "助詞" || t.pos().contains("接続助詞")
        })
        .collect()
}

/// The first occurrence of any phrase: (first token, one past the last).
fn find_phrase(tokens: &[Token], phrases: &[String]) -> Option<(usize, usize)> {
    phrases.iter().find_map(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        let first = *words.first()?;
        (0..tokens.len()).find_map(|start| {
            let mut at = start + matches_at(tokens, start, first)?;
            for w in &words[1..] {
                let found = (at..(at + 3).min(tokens.len()))
                    .find_map(|j| matches_at(tokens, j, w).map(|n| j + n))?;
                at = found;
            }
            Some((start, at))
        })
    })
}

fn surfaces(tokens: &[Token]) -> String {
    tokens.iter().map(Token::surface).collect()
}

impl ReplyClassifier<'_> {
    /// Classifies one reply.
    pub fn classify(&self, reply: &str) -> Classification {
        let text = self.tokenizer.normalizer().normalize(reply);
        // (class, phrase, decided by a rule word, sentence), in reading order.
        let mut decided: Vec<(ReplyClass, String, bool, &str)> = Vec::new();
        for s in split_sentences(&text) {
            let sentence = s.text(&text);
            let Ok(tokens) = self.tokenizer.tokenize(sentence) else {
                continue;
            };
            let kept = self.kept(&tokens);
            let keeps = kept.is_some();
            if let Some((class, phrase)) = kept {
                decided.push((class, phrase, true, sentence));
            }
            for clause in clauses(&tokens) {
                if let Some((class, phrase, strong)) = self.clause(clause, keeps) {
                    decided.push((class, phrase, strong, sentence));
                }
            }
        }
        // The first class in decision order; within it, a rule word before content alone.
        let chosen = ReplyClass::ALL.iter().find_map(|&class| {
            let of_class = || decided.iter().filter(move |d| d.0 == class);
            of_class().find(|d| d.2).or_else(|| of_class().next())
        });
        match chosen {
            Some((class, phrase, _, sentence)) => {
                // Report the sentence and phrase as the reply wrote them, where they can be
                // found in it (they were read normalized).
                let (sentence, phrase) = match locate(self.tokenizer.normalizer(), reply, sentence)
                {
                    Some((a, b)) => {
                        let original = &reply[a..b];
                        let phrase = locate(self.tokenizer.normalizer(), original, phrase)
                            .map_or_else(|| phrase.clone(), |(x, y)| original[x..y].to_owned());
                        (original.to_owned(), phrase)
                    }
                    None => ((*sentence).to_owned(), phrase.clone()),
                };
                Classification {
                    class: *class,
                    decided_by: Some(phrase),
                    sentence: Some(sentence),
                }
            }
            None => Classification {
                class: ReplyClass::Unclassified,
                decided_by: None,
                sentence: None,
            },
        }
    }

    /// Content words that say something beyond the comment and its answering.
    fn substance(&self, tokens: &[Token]) -> usize {
        tokens
            .iter()
            .filter(|t| {
                is_content(t) && !self.rules.process_words.iter().any(|w| w == t.base_form())
            })
            .count()
    }

    /// A sentence that keeps the draft (原案のとおり, 修正は行いません): explained when what
    /// comes before it in the sentence gives a reason, declined otherwise.
    fn kept(&self, tokens: &[Token]) -> Option<(ReplyClass, String)> {
        let r = self.rules;
        let keep = find_phrase(tokens, &r.keep_phrases)
            .map(|(a, b)| (a, surfaces(&tokens[a..b])))
            .or_else(|| {
                find_words(tokens, &r.change_words)
                    .into_iter()
                    .find_map(|(i, n)| {
                        let t = tail(tokens, i + n);
                        (t.negative && !t.irrealis).then(|| (i, surfaces(&tokens[i..t.end])))
                    })
            })?;
        let (at, phrase) = keep;
        let clause = &tokens[..at];
        // 「現行の記載が適当であると考えており」 says only that the draft stays.
        if clause
            .iter()
            .rposition(is_content)
            .is_some_and(|l| word_in(clause, l, &r.circular_words))
        {
            return Some((ReplyClass::Declined, phrase));
        }
        if let Some(&(i, n)) = reasons(clause, &r.reason_words).last() {
            return Some((ReplyClass::Explained, surfaces(&tokens[i..i + n])));
        }
        // Content before the kept draft, past its topic (〜については、), is its reason.
        // The topic (〜は, 〜については) names what is kept, not why.
        let topic_end = clause
            .iter()
            .enumerate()
            .rev()
            .find(|(_, t)| {
                t.pos_major() == "助詞"
                    && matches!(t.surface(), "は" | "については" | "について" | "に関して")
            })
            .map_or(0, |(j, _)| j + 1);
        let content = self.substance(&clause[topic_end..]);
        if content >= r.min_content_words {
            return Some((ReplyClass::Explained, phrase));
        }
        Some((ReplyClass::Declined, phrase))
    }

    /// The class one clause supports, with the phrase that shows it.
    ///
    /// `keeps`: the sentence keeps the draft (原案のとおり), so a writing word in it refers to
    /// what is written (脚注にも記載をさせていただきました、…ため、原案どおり), not a change.
    fn clause(&self, tokens: &[Token], keeps: bool) -> Option<Verdict> {
        let r = self.rules;
        let before = |i: usize, words: &[String]| !find_words(&tokens[..i], words).is_empty();
        // 今後も, 今後とも, 引き続き: going on as before, not a step left for later.
        let future_before = |i: usize| {
            find_words(&tokens[..i], &r.future_words)
                .iter()
                .any(|&(j, n)| {
                    !tokens
                        .get(j + n)
                        .is_some_and(|t| matches!(t.surface(), "も" | "とも"))
                })
        };
        let mut pointer: Option<String> = None;
        let mut revised: Option<String> = None;
        let mut negated = false;
        let later = find_phrase(tokens, &r.later_phrases);
        // A change to be made in another, later document is left to it.
        let elsewhere = |i: usize| future_before(i) || later.is_some_and(|(a, _)| a < i);

        for (i, n) in find_words(tokens, &r.change_words) {
            let t = tail(tokens, i + n);
            if t.negative && !t.irrealis {
                // A kept draft: decided on the whole sentence by `kept`.
                negated = true;
                continue;
            }
            if t.asserted() {
                let phrase = surfaces(&tokens[i..t.end]);
                if before(i, &r.already_words) {
                    pointer.get_or_insert(phrase);
                } else if elsewhere(i) {
                    return Some((ReplyClass::Deferred, phrase, true));
                } else if t.finite {
                    return Some((ReplyClass::Revised, phrase, true));
                } else {
                    // 〜を反映し、削除しました: the finite predicate says what was done.
                    revised.get_or_insert(phrase);
                }
            }
        }
        if let Some(phrase) = revised {
            return Some((ReplyClass::Revised, phrase, true));
        }
        for (i, n) in find_words(tokens, &r.document_words) {
            // 〜に記載のとおり: the draft says so.
            if tokens.get(i + n).is_some_and(|t| t.surface() == "の")
                && tokens
                    .get(i + n + 1)
                    .is_some_and(|t| matches!(t.surface(), "とおり" | "通り"))
            {
                pointer.get_or_insert(surfaces(&tokens[i..i + n + 2]));
                continue;
            }
            let t = tail(tokens, i + n);
            let phrase = surfaces(&tokens[i..t.end]);
            if (t.stative || t.reason || keeps && t.asserted()) && !t.negative && !t.irrealis {
                pointer.get_or_insert(phrase);
            } else if t.asserted() {
                if elsewhere(i) {
                    return Some((ReplyClass::Deferred, phrase, true));
                }
                return Some((ReplyClass::Revised, phrase, true));
            }
        }
        for (i, n) in find_words(tokens, &r.state_words) {
            let t = tail(tokens, i + n);
            if (t.finite || t.continues || t.stative || t.reason) && !t.negative && !t.irrealis {
                pointer.get_or_insert(surfaces(&tokens[i..t.end]));
            }
        }
        // 「A」から「B」とします: the wording is replaced.
        for (i, tok) in tokens.iter().enumerate() {
            if matches!(tok.surface(), "」" | "』")
                && tokens.get(i + 1).is_some_and(|t| t.surface() == "から")
                && let Some(close) = tokens[i + 2..]
                    .iter()
                    .position(|t| matches!(t.surface(), "」" | "』"))
                    .map(|p| p + i + 2)
                && tokens.get(close + 1).is_some_and(|t| t.surface() == "と")
            {
                let t = tail(tokens, close + 2);
                if t.asserted() && !t.stative && !t.past || t.asserted() && t.past {
                    return Some((ReplyClass::Revised, surfaces(&tokens[i + 1..t.end]), true));
                }
            }
        }
        // 「…」としております: quoting what the draft says.
        for (i, tok) in tokens.iter().enumerate() {
            if matches!(tok.surface(), "」" | "』")
                && tokens.get(i + 1).is_some_and(|t| t.surface() == "と")
            {
                let t = tail(tokens, i + 2);
                if t.stative && !t.negative {
                    pointer.get_or_insert(surfaces(&tokens[i + 1..t.end]));
                }
            }
        }
        for (i, n) in find_words(tokens, &r.study_words) {
            let t = tail(tokens, i + n);
            let said = t.finite || t.continues || t.stative || t.reason || t.prospective;
            if said && !t.negative && !t.irrealis && !t.noun && !t.past {
                return Some((ReplyClass::Deferred, surfaces(&tokens[i..t.end]), true));
            }
        }

        // The clause's predicate: its last content word and what follows it.
        let last = tokens.iter().rposition(is_content);
        let predicate = last.map(|l| (l, tail(tokens, l + 1)));
        let acknowledges = last.is_some_and(|l| word_in(tokens, l, &r.acknowledge_words));
        let ahead = predicate.as_ref().is_some_and(|(_, t)| {
            !t.negative && !t.irrealis && !t.past && (t.prospective || t.finite && !t.stative)
        });
        if let Some((a, b)) = later {
            // 次期計画策定時の参考とさせていただきます: kept for the later plan.
            if ahead || acknowledges {
                return Some((ReplyClass::Deferred, surfaces(&tokens[a..b]), true));
            }
            pointer.get_or_insert_with(|| surfaces(&tokens[a..b]));
        }
        if let Some((l, t)) = &predicate {
            let takes_up =
                future_before(*l) || find_phrase(&tokens[..*l], &r.take_up_phrases).is_some();
            if ahead && t.prospective && takes_up && !acknowledges {
                return Some((ReplyClass::Deferred, surfaces(&tokens[*l..t.end]), true));
            }
        }
        if let Some(p) = pointer {
            return Some((ReplyClass::Explained, p, true));
        }
        // お見込みのとおりです: the question asked is answered.
        if let Some((a, b)) = find_phrase(tokens, &r.answer_phrases) {
            return Some((
                ReplyClass::Explained,
                surfaces(&tokens[a..b.max(a + 1)]),
                true,
            ));
        }
        if let Some(&(i, n)) = find_words(tokens, &r.thanks_words).first() {
            return Some((
                ReplyClass::Noted,
                surfaces(&tokens[i..tail(tokens, i + n).end]),
                true,
            ));
        }
        if let Some((l, t)) = &predicate
            && acknowledges
        {
            return Some((ReplyClass::Noted, surfaces(&tokens[*l..t.end]), true));
        }
        // 〜に取り組んでまいります, 〜に努めます with nothing left for later: a promise of
        // effort, no reason or fact of its own.
        // (〜していくこととしております states the plan's policy: that is content.)
        if let Some((l, t)) = &predicate
            && ahead
            && !t.stative
            && word_in(tokens, *l, &r.effort_words)
        {
            return Some((ReplyClass::Noted, surfaces(&tokens[*l..t.end]), true));
        }
        if let Some(i) = tokens.iter().rposition(|t| t.base_form() == "努める")
            && tail(tokens, i).asserted()
        {
            let start = last.filter(|&l| l < i).unwrap_or(i);
            return Some((
                ReplyClass::Noted,
                surfaces(&tokens[start..tail(tokens, i).end]),
                true,
            ));
        }
        // The draft's wording judged appropriate: no reason of its own (see `kept`).
        if last.is_some_and(|l| word_in(tokens, l, &r.circular_words)) {
            return None;
        }
        // Keeping the draft is decided on the whole sentence (`kept`).
        if negated || find_phrase(tokens, &r.keep_phrases).is_some() {
            return None;
        }
        if let Some(&(i, n)) = reasons(tokens, &r.reason_words).first()
            && tokens[..i].iter().any(is_content)
        {
            return Some((ReplyClass::Explained, surfaces(&tokens[i..i + n]), false));
        }
        let content = self.substance(tokens);
        let question = tokens
            .iter()
            .rev()
            .find(|t| t.pos_major() != "記号")
            .is_some_and(|t| t.surface() == "か");
        if content >= r.min_content_words && !question {
            // What the sentence predicates: from its last content word to its end.
            let end = tokens
                .iter()
                .rposition(|t| t.pos_major() != "記号")
                .map_or(tokens.len(), |e| e + 1);
            let phrase = last.map_or_else(String::new, |l| surfaces(&tokens[l..end.max(l + 1)]));
            return Some((ReplyClass::Explained, phrase, false));
        }
        // ご指摘のとおりです, with nothing more: agreement, nothing done.
        if let Some((a, b)) = find_phrase(tokens, &r.agree_phrases) {
            return Some((ReplyClass::Noted, surfaces(&tokens[a..b]), false));
        }
        None
    }
}

/// Where `normalized` (a piece of `original` after normalization) stands in `original`:
/// each character of `original` normalized on its own, whitespace left out on both sides.
fn locate(normalizer: &Normalizer, original: &str, normalized: &str) -> Option<(usize, usize)> {
    let mut folded: Vec<(char, usize, usize)> = Vec::new();
    let mut buf = [0u8; 4];
    for (at, c) in original.char_indices() {
        let end = at + c.len_utf8();
        for n in normalizer.normalize(c.encode_utf8(&mut buf)).chars() {
            if !n.is_whitespace() {
                folded.push((n, at, end));
            }
        }
    }
    let wanted: Vec<char> = normalized.chars().filter(|c| !c.is_whitespace()).collect();
    if wanted.is_empty() || wanted.len() > folded.len() {
        return None;
    }
    (0..=folded.len() - wanted.len())
        .find(|&i| {
            folded[i..i + wanted.len()]
                .iter()
                .map(|f| f.0)
                .eq(wanted.iter().copied())
        })
        .map(|i| (folded[i].1, folded[i + wanted.len() - 1].2))
}

/// A sentence's verdict: class, deciding phrase, and whether a rule word decided it (`false`:
/// only the sentence's content or a reason word did, which a rule word in another sentence of
/// the same class outranks).
type Verdict = (ReplyClass, String, bool);

/// A sentence cut into clauses where a statement ends in its continuative form and the
/// sentence goes on (〜しており、 〜であり、 〜ところ、): officials join a fact and the closing
/// formula in one sentence, and each says its own thing.
fn clauses(tokens: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let ends_statement = i > start
            && matches!(t.surface(), "、" | ",")
            && matches!(
                tokens[i - 1].base_form(),
                "おる" | "ある" | "いる" | "ところ"
            );
        if ends_statement {
            out.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> (ReplyClass, Option<String>) {
        let c = ReplyRules::default().classify(text).unwrap();
        (c.class, c.decided_by)
    }

    #[test]
    fn change_words_revise_only_when_asserted() {
        for text in [
            "ご指摘のとおり修文いたします。",
            "以下のとおり修正します。",
            "当該箇所を削除しました。",
            "記載内容の修正を行いました。",
            "ご意見を踏まえ、表現を改めました。",
            "ご意見を反映させていただきました。",
            "修正することとします。",
            "第2章に〜の観点を追記させていただきます。",
            "ご意見を踏まえ、〜について明記しました。",
            "修正は行いませんが、注釈を追記しました。",
        ] {
            assert_eq!(class(text).0, ReplyClass::Revised, "{text}");
        }
        for text in [
            "修正は行いません。",
            "修正いたしません。",
            "修正する予定はありません。",
            "修正すべきとのご意見ですが、原案のとおりとさせていただきます。",
            "削除してほしいとのご意見については、原案どおりとします。",
            "反映は困難です。",
        ] {
            assert_eq!(class(text).0, ReplyClass::Declined, "{text}");
        }
    }

    #[test]
    fn kept_drafts_with_a_reason_are_explained() {
        for text in [
            "第四次環境基本計画を踏まえ記載したものであるため、原案どおりとさせていただきます。",
            "当該取組は地域循環共生圏の考え方に含まれると認識しており、原案のとおりとさせていただきます。",
            "第3章に記載がございます。",
            "別紙で詳述しております。",
            "ご指摘の点は第2部の記載のとおりです。",
            "既に反映されております。",
        ] {
            assert_eq!(class(text).0, ReplyClass::Explained, "{text}");
        }
        assert_eq!(
            class("ご指摘の箇所については、原案のとおりとさせていただきます。").0,
            ReplyClass::Declined
        );
    }

    #[test]
    fn study_and_later_defer_but_past_study_does_not() {
        assert_eq!(class("今後検討してまいります。").0, ReplyClass::Deferred);
        assert_eq!(
            class("今後の検討課題とさせていただきます。").0,
            ReplyClass::Deferred
        );
        assert_eq!(
            class("具体的な取組については、別途、計画を策定します。").0,
            ReplyClass::Deferred
        );
        // Already drawn up elsewhere: a pointer, not a deferral.
        assert_eq!(
            class("具体的な取組については、別途、計画を策定しております。").0,
            ReplyClass::Explained
        );
        // Going on as before is not leaving the point for later: a promise of effort.
        assert_eq!(
            class("今後も引き続き、水素利用の拡大に向けて取り組んでまいります。").0,
            ReplyClass::Noted
        );
        // The comment as encouragement is not the comment taken up.
        assert_eq!(
            class("いただいたご意見を励みに、計画の推進に取り組んでまいります。").0,
            ReplyClass::Noted
        );
        // A policy the plan states is content.
        assert_eq!(
            class("全庁的な体制の強化を推進していくこととしています。").0,
            ReplyClass::Explained
        );
        assert_eq!(
            class("ご意見を踏まえ、システム標準化に向けて取り組んでまいります。").0,
            ReplyClass::Deferred
        );
        assert_eq!(
            class("ご意見は今後の施策に反映してまいります。").0,
            ReplyClass::Deferred
        );
        assert_eq!(
            class("検討した結果、原案のとおりとします。").0,
            ReplyClass::Declined
        );
    }

    #[test]
    fn acknowledgements_are_noted_unless_something_else_is_said() {
        for text in [
            "いただいたご意見については、今後の施策の参考とさせていただきます。",
            "ご意見として承ります。",
            "ご意見ありがとうございました。",
            "様々な手法を検討することの重要性は認識しております。",
        ] {
            assert_eq!(class(text).0, ReplyClass::Noted, "{text}");
        }
        assert_eq!(
            class("IPCCの報告書によれば、累積排出量と気温上昇はほぼ比例します。いただいたご意見は今後の施策の参考とさせていただきます。").0,
            ReplyClass::Explained
        );
        assert_eq!(class("お見込みのとおりです。").0, ReplyClass::Explained);
        assert_eq!(class("差し支えありません。").0, ReplyClass::Explained);
        assert_eq!(class("ご指摘のとおりです。").0, ReplyClass::Noted);
        assert_eq!(class("はい。").0, ReplyClass::Unclassified);
        assert_eq!(class("").0, ReplyClass::Unclassified);
        assert_eq!(class("。。。！").0, ReplyClass::Unclassified);
    }
}
