//! Responsiveness of a reply, by explainable phrase rules.
//!
//! Each class has a list of phrases; a reply takes the first class, in the order
//! revised → explained → deferred → noted, one of whose phrases it contains (after
//! normalization), and the phrase and sentence that decided it are kept. The order puts
//! what changed the document before what only points to it, to later plans, or thanks.

use serde::{Deserialize, Serialize};

use super::sentences::split_sentences;
use crate::normalize::Normalizer;

/// How a reply answers an opinion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyClass {
    /// The consulted document was changed (記載内容の修正を行いました, 追記しました).
    Revised,
    /// Points to what the document already says (…について記載しております).
    Explained,
    /// Left to a separate plan or to later (別途…アクションプラン, 今後検討).
    Deferred,
    /// Only thanks, or "will use as reference" (今後の参考とさせていただきます).
    Noted,
    /// None of the phrases: read it.
    Unclassified,
}

impl ReplyClass {
    /// All classes, in decision order.
    pub const ALL: [ReplyClass; 5] = [
        ReplyClass::Revised,
        ReplyClass::Explained,
        ReplyClass::Deferred,
        ReplyClass::Noted,
        ReplyClass::Unclassified,
    ];

    /// The snake_case name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            ReplyClass::Revised => "revised",
            ReplyClass::Explained => "explained",
            ReplyClass::Deferred => "deferred",
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
    /// The phrase that decided it (`None` for unclassified).
    pub decided_by: Option<String>,
    /// The sentence it was found in.
    pub sentence: Option<String>,
}

/// The phrase lists. [`ReplyRules::default`] holds the phrases of Japanese municipal
/// replies; add your own for another administration's style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyRules {
    /// Phrases of [`ReplyClass::Revised`].
    pub revised: Vec<String>,
    /// Phrases of [`ReplyClass::Explained`].
    pub explained: Vec<String>,
    /// Phrases of [`ReplyClass::Deferred`].
    pub deferred: Vec<String>,
    /// Phrases of [`ReplyClass::Noted`].
    pub noted: Vec<String>,
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for ReplyRules {
    fn default() -> Self {
        ReplyRules {
            revised: owned(&[
                "修正を行いました",
                "修正を行います",
                "修正いたしました",
                "修正しました",
                "修正いたします",
                "追記しました",
                "追記いたしました",
                "追記します",
                "記載を追加",
                "反映しました",
                "反映いたしました",
                "反映させていただきました",
                "表現を改め",
                "文言を改め",
            ]),
            explained: owned(&[
                "記載しております",
                "記載しています",
                "記載しており",
                "記載されております",
                "記載のとおり",
                "お示ししております",
                "お示しし",
                "掲げております",
                "位置付けております",
                "位置づけております",
                "盛り込んでおります",
                "こととしております",
                "こととしています",
                "としております",
                "表現しております",
                "認識しております",
            ]),
            deferred: owned(&[
                "別途",
                "アクションプラン",
                "今後検討",
                "今後の検討",
                "検討してまいります",
                "検討いたします",
                "検討します",
                "努めてまいります",
                "取り組んでまいります",
                "進めてまいります",
                "推進してまいります",
            ]),
            noted: owned(&[
                "参考とさせていただきます",
                "参考にさせていただきます",
                "参考とさせて頂きます",
                "参考にいたします",
                "参考とします",
                "ご意見ありがとうございました",
                "ご意見として承ります",
                "承りました",
                "貴重なご意見",
            ]),
        }
    }
}

impl ReplyRules {
    /// Classifies one reply.
    ///
    /// ```
    /// use iken::{ReplyClass, ReplyRules};
    ///
    /// let rules = ReplyRules::default();
    /// let c = rules.classify("いただいたご意見については、今後の施策の参考とさせていただきます。");
    /// assert_eq!(c.class, ReplyClass::Noted);
    /// assert_eq!(c.decided_by.as_deref(), Some("参考とさせていただきます"));
    /// let c = rules.classify("ご指摘の点について、記載内容の修正を行いました。");
    /// assert_eq!(c.class, ReplyClass::Revised);
    /// ```
    pub fn classify(&self, reply: &str) -> Classification {
        self.compile().classify(reply)
    }

    /// The phrase lists with each phrase normalized once, for classifying many replies.
    pub(crate) fn compile(&self) -> CompiledRules<'_> {
        let normalizer = Normalizer::default();
        let lists = [
            (ReplyClass::Revised, &self.revised),
            (ReplyClass::Explained, &self.explained),
            (ReplyClass::Deferred, &self.deferred),
            (ReplyClass::Noted, &self.noted),
        ]
        .map(|(class, phrases)| {
            let phrases = phrases
                .iter()
                .map(|p| (p.as_str(), normalizer.normalize(p)))
                .collect();
            (class, phrases)
        });
        CompiledRules { normalizer, lists }
    }
}

/// [`ReplyRules`] ready to apply: (class, [(phrase as written, normalized)]) in decision order.
pub(crate) struct CompiledRules<'a> {
    normalizer: Normalizer,
    lists: [(ReplyClass, Vec<(&'a str, String)>); 4],
}

impl CompiledRules<'_> {
    pub(crate) fn classify(&self, reply: &str) -> Classification {
        let text = self.normalizer.normalize(reply);
        let sentences = split_sentences(&text);
        for (class, phrases) in &self.lists {
            // The earliest sentence with a phrase decides; in it, the first listed phrase.
            for s in &sentences {
                let sentence = s.text(&text);
                if let Some((p, _)) = phrases.iter().find(|(_, n)| sentence.contains(n.as_str())) {
                    return Classification {
                        class: *class,
                        decided_by: Some((*p).to_owned()),
                        sentence: Some(sentence.to_owned()),
                    };
                }
            }
        }
        Classification {
            class: ReplyClass::Unclassified,
            decided_by: None,
            sentence: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osaka_replies_get_the_class_a_reader_would_give() {
        let rules = ReplyRules::default();
        let cases = [
            // r2: the document was changed.
            (
                "そのうえで、ご指摘の点について、主語を明確にすることでDX戦略に掲げる意図が伝わるよう、記載内容の修正を行いました。",
                ReplyClass::Revised,
                "修正を行いました",
            ),
            // r12: points to what the strategy says.
            (
                "あんしんのRe-Designでは、ビッグデータを活用したまちづくりの推進等について記載しております。 いただいたご意見については、今後の施策の参考とさせていただきます。",
                ReplyClass::Explained,
                "記載しております",
            ),
            // r1: left to the action plan.
            (
                "ＤＸの推進に向けた具体的な取組については、別途、「大阪市ＤＸ戦略アクションプラン」を策定しております。 同アクションプランにおいて具体的な定性・定量的な数値目標などを設定し取組を推進してまいります。",
                ReplyClass::Deferred,
                "別途",
            ),
            (
                "いただいたご意見は、今後の施策の参考とさせていただきます。",
                ReplyClass::Noted,
                "参考とさせていただきます",
            ),
        ];
        for (text, class, phrase) in cases {
            let c = rules.classify(text);
            assert_eq!(c.class, class, "{text}");
            assert_eq!(c.decided_by.as_deref(), Some(phrase));
            assert!(c.sentence.unwrap().contains(phrase));
        }
        let c = rules.classify("はい。");
        assert_eq!(c.class, ReplyClass::Unclassified);
        assert_eq!(c.decided_by, None);
    }
}
