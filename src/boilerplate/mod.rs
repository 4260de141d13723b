//! Boilerplate: texts → sentences → template sentences, and replies → how they answer.
//!
//! Takes texts (usually the official replies of a [`Consultation`]); gives the sentences
//! that recur across them ([`Template`]s, with their variants), each text's share of
//! boilerplate, and for replies a responsiveness class decided on words and sentence
//! structure ([`ReplyRules`], `classify.rs`) and the reused answers told apart from templates
//! ([`ReplyReport`]).
//!
//! - Texts are cut into sentences ([`split_sentences`]) and, with `clauses`, after
//!   continuative statements ([`split_clauses`]); each unit is compared in its normalized
//!   form, whitespace removed and a run of full stops counted once.
//! - Sentences that are the same, or variants of one another (character-level similarity
//!   at least `variant_similarity`: 「今後の施策の参考とさせていただきます」 and
//!   「今後の参考とさせていただきます」 are one template), form a group; a group carried by
//!   at least `min_texts` texts, next to at least `min_contexts` different sets of other
//!   sentences, is a template: boilerplate is said after many different answers, while a
//!   topic's standard answer reused with the same closing is not.
//! - A text's boilerplate share is the share of its characters (whitespace aside) in
//!   template sentences; it is "boilerplate only" when every sentence is one.
//! - Among a consultation's replies ([`ReplyReport::new`]), a recurring sentence whose
//!   content is found in the opinions its replies answer far more than in the others is a
//!   [`ReusedAnswer`] (one subject's answer given again), not a template, and not boilerplate.
//!
//! ```
//! use iken::BoilerplateParams;
//!
//! # fn main() -> iken::Result<()> {
//! let replies = [
//!     "窓口の混雑については記載しております。いただいたご意見については、今後の施策の参考とさせていただきます。",
//!     "いただいたご意見については、今後の参考とさせていただきます。",
//!     "公園の整備は別途計画を策定します。いただいたご意見については、今後の施策の参考とさせていただきます。",
//!     "職員の研修を充実させます。",
//! ];
//! let found = BoilerplateParams::default().find(&replies)?;
//! assert_eq!(found.templates.len(), 1);
//! assert_eq!(found.templates[0].variants.len(), 2);
//! assert_eq!(found.templates[0].texts, [0, 1, 2]);
//! assert!(found.texts[1].only);
//! assert_eq!(found.texts[3].share, 0.0);
//! # Ok(())
//! # }
//! ```

mod classify;

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::consultation::Consultation;
use crate::dedup::intersection;
use crate::error::{Error, Result};
use crate::normalize::Normalizer;
use crate::normalize::comparison_key;
use crate::union_find::UnionFind;
use crate::wording::content_bigrams;

pub use crate::normalize::{Sentence, split_clauses, split_sentences};
pub use classify::{Classification, ReplyClass, ReplyClassifier, ReplyRules};

/// Options of template finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateParams {
    /// Fewest texts a sentence (with its variants) must recur in to be a template.
    /// Default 2.
    pub min_texts: usize,
    /// Character-level similarity (2 × matching characters / total characters) at or above
    /// which two sentences are variants of one template. Default 0.8.
    pub variant_similarity: f64,
    /// Fewest different contexts a template is said in: the distinct sets of other
    /// sentences next to it across its texts (nothing else counts as one; templates do not
    /// count). A topic's standard answer repeated with only the closing formula has one
    /// context and is not boilerplate; the closing formula, said after many different
    /// answers, is. Default 3.
    pub min_contexts: usize,
    /// Also cut sentences after 「〜ており、」「〜であり、」「〜ところ、」 (see
    /// [`split_clauses`]), so that a closing formula joined to a fact in one sentence is found
    /// as a template. Default true.
    pub clauses: bool,
    /// Shortest sentence, in characters, that can be a template (shorter ones, 「以上。」,
    /// say nothing either way). Default 8.
    pub min_chars: usize,
    /// How sentences are normalized before comparing.
    pub normalizer: Normalizer,
    /// A recurring sentence whose content is found this many times more in the opinions
    /// its replies answer than in the other opinions is a reused answer on one subject, not
    /// a template. Default 3.
    pub reused_lift: f64,
    /// …and at least this share of its content bigrams, on average, in those opinions.
    /// Default 0.15.
    pub reused_min_overlap: f64,
}

impl Default for BoilerplateParams {
    fn default() -> Self {
        BoilerplateParams {
            min_texts: 2,
            min_contexts: 3,
            variant_similarity: 0.8,
            min_chars: 8,
            clauses: true,
            normalizer: Normalizer::default(),
            reused_lift: 3.0,
            reused_min_overlap: 0.15,
        }
    }
}

/// One wording of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Variant {
    /// The sentence as first written.
    pub text: String,
    /// Number of texts that carry this wording.
    pub texts: usize,
}

/// A sentence that recurs across texts, with its variants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// 0, 1, …: most widespread first.
    pub id: usize,
    /// Its most common wording.
    pub text: String,
    /// Every wording, most common first.
    pub variants: Vec<Variant>,
    /// Indices of the texts that carry it, ascending.
    pub texts: Vec<usize>,
}

/// One sentence of a text and the template it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkedSentence {
    /// Where it stands in the text.
    pub span: Sentence,
    /// Its template, if it is boilerplate.
    pub template: Option<usize>,
}

/// How much of one text is boilerplate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextBoilerplate {
    /// Share of its characters (whitespace aside) in template sentences, 0 to 1.
    pub share: f64,
    /// Every sentence is a template: the text says nothing of its own.
    pub only: bool,
    /// Its sentences, marked.
    pub sentences: Vec<MarkedSentence>,
}

/// The result of [`BoilerplateParams::find`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The templates, most widespread first.
    pub templates: Vec<Template>,
    /// One entry per input text.
    pub texts: Vec<TextBoilerplate>,
}

/// The comparison key of a sentence: normalized, no whitespace, one final stop.
fn sentence_key(normalizer: &Normalizer, sentence: &str) -> String {
    let mut key = comparison_key(normalizer, sentence);
    while key.ends_with(['。', '.', '．'])
        && key[..key.len() - key.chars().last().map_or(0, char::len_utf8)]
            .ends_with(['。', '.', '．'])
    {
        key.pop();
    }
    key
}

/// A text's boilerplate share (its characters, whitespace aside, in boilerplate sentences)
/// and whether every sentence is boilerplate, from its sentences marked boilerplate or not.
fn share_of(text: &str, sentences: impl Iterator<Item = (Sentence, bool)>) -> (f64, bool) {
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let (mut boiler, mut any, mut all) = (0, false, true);
    for (span, is_boilerplate) in sentences {
        any = true;
        if is_boilerplate {
            boiler += visible(span.text(text));
        } else {
            all = false;
        }
    }
    let total = visible(text);
    let share = if total == 0 {
        0.0
    } else {
        boiler as f64 / total as f64
    };
    (share, any && all)
}

/// 2 × matching characters / total characters (as Python's `difflib` ratio).
pub(crate) fn char_ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let matching: usize = similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match *op {
            similar::DiffOp::Equal { len, .. } => len,
            _ => 0,
        })
        .sum();
    2.0 * matching as f64 / total as f64
}

impl BoilerplateParams {
    pub(crate) fn check(&self) -> Result<()> {
        if self.min_texts < 2 {
            return Err(Error::invalid_parameter(
                "min_texts",
                format!("{}: a template recurs, so at least 2 texts", self.min_texts),
            ));
        }
        if !(self.variant_similarity > 0.0 && self.variant_similarity <= 1.0) {
            return Err(Error::invalid_parameter(
                "variant_similarity",
                format!("{} is not in (0, 1]; e.g. 0.8", self.variant_similarity),
            ));
        }
        Ok(())
    }

    /// Finds the template sentences of `texts` and marks every text's sentences.
    ///
    /// # Errors
    /// `min_texts` below 2 or `variant_similarity` outside (0, 1].
    pub fn find<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Boilerplate> {
        self.check()?;
        let spans: Vec<Vec<Sentence>> = texts
            .par_iter()
            .map(|t| {
                let t = t.as_ref();
                let sentences = split_sentences(t);
                if self.clauses {
                    split_clauses(t, &sentences)
                } else {
                    sentences
                }
            })
            .collect();

        // Distinct sentence keys, each with the texts that carry it.
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut first_text: Vec<String> = Vec::new();
        let mut carriers: Vec<Vec<usize>> = Vec::new();
        let mut key_of: Vec<Vec<Option<usize>>> = Vec::with_capacity(texts.len());
        for (t, (text, sentences)) in texts.iter().zip(&spans).enumerate() {
            let mut row = Vec::with_capacity(sentences.len());
            for s in sentences {
                let sentence = s.text(text.as_ref());
                let key = sentence_key(&self.normalizer, sentence);
                if key.chars().count() < self.min_chars {
                    row.push(None);
                    continue;
                }
                let k = *index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    first_text.push(sentence.to_owned());
                    carriers.push(Vec::new());
                    keys.len() - 1
                });
                if carriers[k].last() != Some(&t) {
                    carriers[k].push(t);
                }
                row.push(Some(k));
            }
            key_of.push(row);
        }
        drop(index);

        // Variants: candidates share a rare character trigram; verified by similarity.
        let chars: Vec<Vec<char>> = keys.iter().map(|k| k.chars().collect()).collect();
        let mut postings: FxHashMap<[char; 3], Vec<u32>> = FxHashMap::default();
        for (k, c) in chars.iter().enumerate() {
            let mut grams: Vec<[char; 3]> = c.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
            grams.sort_unstable();
            grams.dedup();
            for g in grams {
                postings.entry(g).or_default().push(k as u32);
            }
        }
        // A trigram in most sentences (「させて」) proposes nothing useful.
        let common = (keys.len() / 10).max(50);
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for list in postings.values() {
            if list.len() > common {
                continue;
            }
            for (i, &a) in list.iter().enumerate() {
                for &b in &list[i + 1..] {
                    candidates.push((a, b));
                }
            }
        }
        drop(postings);
        candidates.par_sort_unstable();
        candidates.dedup();
        // Each key's characters sorted, for the bound below.
        let sorted: Vec<Vec<char>> = chars
            .par_iter()
            .map(|c| {
                let mut c = c.clone();
                c.sort_unstable();
                c
            })
            .collect();
        let joined: Vec<(u32, u32)> = candidates
            .par_iter()
            .copied()
            .filter(|&(a, b)| {
                let (x, y) = (&chars[a as usize], &chars[b as usize]);
                let total = (x.len() + y.len()) as f64;
                // Similarity cannot reach the bar when the lengths are too far apart, nor
                // when the characters the two share (as multisets: an upper bound of the
                // characters a diff can match, difflib's quick_ratio) are too few; the
                // diff itself is run only on the pairs left.
                let short = x.len().min(y.len());
                2.0 * short as f64 / total >= self.variant_similarity
                    && 2.0 * intersection(&sorted[a as usize], &sorted[b as usize]) as f64 / total
                        >= self.variant_similarity
                    && char_ratio(x, y) >= self.variant_similarity
            })
            .collect();
        let mut uf = UnionFind::new(keys.len());
        for (a, b) in joined {
            uf.union(a as usize, b as usize);
        }

        // Contexts: what else a group is said with. For each text carrying it, the set of
        // the text's other groups is one context; a template needs `min_contexts` distinct
        // ones. Groups already taken as templates do not count as context, so a topic's
        // answer that only ever comes with the closing formula has one context. Groups are
        // taken greedily, the most varied first.
        let group_of: Vec<usize> = (0..keys.len()).map(|k| uf.find(k)).collect();
        let text_groups: Vec<Vec<usize>> = key_of
            .iter()
            .map(|row| {
                let mut g: Vec<usize> = row.iter().flatten().map(|&k| group_of[k]).collect();
                g.sort_unstable();
                g.dedup();
                g
            })
            .collect();
        let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (k, &g) in group_of.iter().enumerate() {
            groups.entry(g).or_default().0.push(k);
        }
        for (t, gs) in text_groups.iter().enumerate() {
            for &g in gs {
                groups.get_mut(&g).expect("group of a key").1.push(t);
            }
        }
        let taken_as_template = |g: usize, texts: &[usize], taken: &[bool]| {
            let mut seen: Vec<Vec<usize>> = texts
                .iter()
                .map(|&t| {
                    text_groups[t]
                        .iter()
                        .copied()
                        .filter(|&o| o != g && !taken[o])
                        .collect()
                })
                .collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len()
        };
        let no_templates = vec![false; keys.len()];
        let mut candidates: Vec<(usize, usize)> = groups
            .iter()
            .filter(|(_, (_, texts))| texts.len() >= self.min_texts)
            .map(|(&g, (_, texts))| (g, taken_as_template(g, texts, &no_templates)))
            .filter(|&(_, contexts)| contexts >= self.min_contexts)
            .collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; keys.len()];
        for &(g, _) in &candidates {
            if taken_as_template(g, &groups[&g].1, &taken) >= self.min_contexts {
                taken[g] = true;
            }
        }
        let mut templates: Vec<(Vec<usize>, Vec<usize>)> = groups
            .into_iter()
            .filter(|(g, _)| taken[*g])
            .map(|(_, (members, texts))| (members, texts))
            .collect();
        templates.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0[0].cmp(&b.0[0])));
        let mut template_of: Vec<Option<usize>> = vec![None; keys.len()];
        let templates: Vec<Template> = templates
            .into_iter()
            .enumerate()
            .map(|(id, (mut members, texts))| {
                // The common form first: the most frequent wording, the shortest at a tie
                // (a page-specific 「P5 L3を以下のとおり修正します」 loses to 「以下のとおり修正します」).
                members.sort_by(|&a, &b| {
                    carriers[b]
                        .len()
                        .cmp(&carriers[a].len())
                        .then(chars[a].len().cmp(&chars[b].len()))
                        .then(a.cmp(&b))
                });
                for &k in &members {
                    template_of[k] = Some(id);
                }
                Template {
                    id,
                    text: first_text[members[0]].clone(),
                    variants: members
                        .iter()
                        .map(|&k| Variant {
                            text: first_text[k].clone(),
                            texts: carriers[k].len(),
                        })
                        .collect(),
                    texts,
                }
            })
            .collect();

        let marked = texts
            .iter()
            .zip(spans)
            .zip(key_of)
            .map(|((text, sentences), keys)| {
                let text = text.as_ref();
                let sentences: Vec<MarkedSentence> = sentences
                    .into_iter()
                    .zip(keys)
                    .map(|(span, k)| MarkedSentence {
                        span,
                        template: k.and_then(|k| template_of[k]),
                    })
                    .collect();
                let (share, only) = share_of(
                    text,
                    sentences.iter().map(|s| (s.span, s.template.is_some())),
                );
                TextBoilerplate {
                    share,
                    only,
                    sentences,
                }
            })
            .collect();
        Ok(Boilerplate {
            templates,
            texts: marked,
        })
    }
}

/// A template among the replies of a consultation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReplyTemplate {
    /// 0, 1, …: most widespread first.
    pub id: usize,
    /// Its most common wording.
    pub text: String,
    /// Every wording, most common first.
    pub variants: Vec<Variant>,
    /// The replies that carry it.
    pub replies: Vec<String>,
}

/// One reply, analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReplyAnalysis {
    /// The reply's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// How it answers.
    pub class: ReplyClass,
    /// The phrase that decided the class.
    pub decided_by: Option<String>,
    /// The sentence the phrase is in.
    pub decided_in: Option<String>,
    /// Share of its characters in template sentences.
    pub boilerplate_share: f64,
    /// Every sentence is a template.
    pub boilerplate_only: bool,
    /// The templates it carries.
    pub templates: Vec<usize>,
    /// The reused answers it carries.
    pub reused: Vec<usize>,
    /// The opinions it answers.
    pub opinions: Vec<String>,
    /// The section of those opinions (the first one's), if known.
    pub section: Option<String>,
    /// The group of identical replies it belongs to, if any.
    pub identical: Option<usize>,
}

/// A sentence that recurs across replies like a template but answers one subject: its
/// content words are found in the opinions its replies answer far more than in the others
/// (a ministry's standard answer on nuclear power, given to every opinion on it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReusedAnswer {
    /// 0, 1, …: most widespread first.
    pub id: usize,
    /// Its most common wording.
    pub text: String,
    /// Every wording, most common first.
    pub variants: Vec<Variant>,
    /// The replies that carry it.
    pub replies: Vec<String>,
    /// The opinions those replies answer.
    pub opinions: Vec<String>,
    /// Mean share of its content bigrams found in the opinions it answers.
    pub on_topic: f64,
    /// The same share in every other opinion.
    pub elsewhere: f64,
}

/// Where a sentence group of [`BoilerplateParams::find`] went.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Template(usize),
    Reused(usize),
}

/// A distinct reply's templates, reused answers and boilerplate share once reused answers
/// are told apart from templates.
struct DistinctMarks {
    templates: Vec<usize>,
    reused: Vec<usize>,
    share: f64,
    only: bool,
}

impl DistinctMarks {
    fn new(found: &TextBoilerplate, text: &str, map: &[Mark]) -> DistinctMarks {
        let mark = |s: &MarkedSentence| s.template.map(|t| map[t]);
        let (mut templates, mut reused) = (Vec::new(), Vec::new());
        for m in found.sentences.iter().filter_map(mark) {
            match m {
                Mark::Template(t) => templates.push(t),
                Mark::Reused(r) => reused.push(r),
            }
        }
        for v in [&mut templates, &mut reused] {
            v.sort_unstable();
            v.dedup();
        }
        let (share, only) = share_of(
            text,
            found
                .sentences
                .iter()
                .map(|s| (s.span, matches!(mark(s), Some(Mark::Template(_))))),
        );
        DistinctMarks {
            templates,
            reused,
            share,
            only,
        }
    }
}

/// The templates that are reused answers: (template, on-topic overlap, elsewhere overlap).
/// A template's content bigrams are looked for in every opinion; a reused answer's are
/// found in the opinions its replies answer at least `reused_lift` times as much as in the
/// others, and at least `reused_min_overlap` on average. Without opinions linked to
/// replies nothing can be told apart and every group stays a template.
fn reused_templates(
    consultation: &Consultation,
    templates: &[Template],
    answered: &[Vec<usize>],
    params: &BoilerplateParams,
) -> Vec<(usize, f64, f64)> {
    let n = consultation.opinions.len();
    if templates.is_empty() || n == 0 {
        return Vec::new();
    }
    let grams: Vec<_> = consultation
        .opinions
        .par_iter()
        .map(|o| content_bigrams(&o.text, false))
        .collect();
    let mut out = Vec::new();
    for (t, template) in templates.iter().enumerate() {
        let sentence = content_bigrams(&template.text, false);
        if sentence.is_empty() {
            continue;
        }
        let mut own = vec![false; n];
        for &r in &template.texts {
            for &o in &answered[r] {
                own[o] = true;
            }
        }
        let own_count = own.iter().filter(|&&x| x).count();
        if own_count == 0 || own_count == n {
            continue;
        }
        let coverage =
            |o: usize| sentence.intersection(&grams[o]).count() as f64 / sentence.len() as f64;
        let (mut inside, mut outside) = (0.0, 0.0);
        for (o, &is_own) in own.iter().enumerate() {
            if is_own {
                inside += coverage(o);
            } else {
                outside += coverage(o);
            }
        }
        let inside = inside / own_count as f64;
        let outside = outside / (n - own_count) as f64;
        if inside >= params.reused_min_overlap && inside >= params.reused_lift * outside {
            out.push((t, inside, outside));
        }
    }
    out
}

/// Replies with the same text (after normalization), given to different opinions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IdenticalReplies {
    /// 0, 1, …: largest first.
    pub id: usize,
    /// The shared text (as the first reply wrote it).
    pub text: String,
    /// The replies.
    pub replies: Vec<String>,
    /// The opinions they answer.
    pub opinions: Vec<String>,
}

/// Reply classes counted, overall and per section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassCounts {
    /// Replies per class.
    pub overall: BTreeMap<ReplyClass, usize>,
    /// Per section (in order of first appearance; replies with no known section under
    /// "(no section)").
    pub by_section: Vec<(String, BTreeMap<ReplyClass, usize>)>,
}

/// What the replies of a consultation say: [`ReplyRules`] and [`BoilerplateParams`] applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReplyReport {
    /// Template sentences of the replies: stock sentences said under replies to different
    /// subjects. Only these count as boilerplate.
    pub templates: Vec<ReplyTemplate>,
    /// Reused answers: a substantive sentence given to several opinions on one subject.
    pub reused: Vec<ReusedAnswer>,
    /// Every reply, in input order.
    pub replies: Vec<ReplyAnalysis>,
    /// Groups of identical replies.
    pub identical: Vec<IdenticalReplies>,
    /// Classes counted.
    pub counts: ClassCounts,
    /// Replies that are boilerplate only.
    pub boilerplate_only: usize,
}

/// The section label used for replies whose opinions have none.
pub const NO_SECTION: &str = "(no section)";

impl ReplyReport {
    /// Analyses the replies of `consultation`.
    ///
    /// # Errors
    /// Invalid `params`.
    pub fn new(
        consultation: &Consultation,
        params: &BoilerplateParams,
        rules: &ReplyRules,
    ) -> Result<ReplyReport> {
        let replies = &consultation.replies;
        let texts: Vec<&str> = replies.iter().map(|r| r.text.as_str()).collect();
        // A reply given word for word to several opinions (one cell of a merged table) is
        // one text when looking for templates: reuse of a whole answer is reported as
        // identical replies, not as boilerplate.
        let mut distinct_index: FxHashMap<String, usize> = FxHashMap::default();
        let mut distinct: Vec<&str> = Vec::new();
        let distinct_of: Vec<usize> = texts
            .iter()
            .map(|t| {
                *distinct_index
                    .entry(sentence_key(&params.normalizer, t))
                    .or_insert_with(|| {
                        distinct.push(t);
                        distinct.len() - 1
                    })
            })
            .collect();
        let mut found = params.find(&distinct)?;
        let mut replies_of: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
        for (i, &d) in distinct_of.iter().enumerate() {
            replies_of[d].push(i);
        }
        for t in &mut found.templates {
            t.texts = t
                .texts
                .iter()
                .flat_map(|&d| replies_of[d].iter().copied())
                .collect();
            t.texts.sort_unstable();
        }
        let position: FxHashMap<&str, usize> = replies
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        // Which opinions each reply answers, by index.
        let mut answered: Vec<Vec<usize>> = vec![Vec::new(); replies.len()];
        for (o, op) in consultation.opinions.iter().enumerate() {
            if let Some(&i) = op.reply.as_deref().and_then(|r| position.get(r)) {
                answered[i].push(o);
            }
        }
        let reused_ids = reused_templates(consultation, &found.templates, &answered, params);
        let reused: Vec<ReusedAnswer> = reused_ids
            .iter()
            .enumerate()
            .map(|(id, (t, on_topic, elsewhere))| {
                let t = &found.templates[*t];
                let mut ops: Vec<usize> = t
                    .texts
                    .iter()
                    .flat_map(|&i| answered[i].iter().copied())
                    .collect();
                ops.sort_unstable();
                ops.dedup();
                ReusedAnswer {
                    id,
                    text: t.text.clone(),
                    variants: t.variants.clone(),
                    replies: t.texts.iter().map(|&i| replies[i].id.clone()).collect(),
                    opinions: ops
                        .iter()
                        .map(|&o| consultation.opinions[o].id.clone())
                        .collect(),
                    on_topic: *on_topic,
                    elsewhere: *elsewhere,
                }
            })
            .collect();
        // Reused answers leave the templates; the rest are renumbered in order.
        let mut template_map: Vec<Mark> = Vec::with_capacity(found.templates.len());
        let mut kept = 0;
        for t in 0..found.templates.len() {
            match reused_ids.iter().position(|r| r.0 == t) {
                Some(r) => template_map.push(Mark::Reused(r)),
                None => {
                    template_map.push(Mark::Template(kept));
                    kept += 1;
                }
            }
        }
        let marks: Vec<DistinctMarks> = found
            .texts
            .iter()
            .zip(&distinct)
            .map(|(b, text)| DistinctMarks::new(b, text, &template_map))
            .collect();
        let per_reply: Vec<&DistinctMarks> = distinct_of.iter().map(|&d| &marks[d]).collect();
        let found_templates: Vec<Template> = found
            .templates
            .into_iter()
            .zip(&template_map)
            .filter(|(_, m)| matches!(m, Mark::Template(_)))
            .map(|(t, _)| t)
            .enumerate()
            .map(|(id, t)| Template { id, ..t })
            .collect();
        let ops = &consultation.opinions;
        let mut opinions: Vec<Vec<String>> = answered
            .iter()
            .map(|a| a.iter().map(|&o| ops[o].id.clone()).collect())
            .collect();
        let section: Vec<Option<String>> = answered
            .iter()
            .map(|a| a.iter().find_map(|&o| ops[o].section.clone()))
            .collect();
        // Identical replies: same whole text after normalization.
        let mut identical: Vec<Vec<usize>> = replies_of
            .iter()
            .filter(|v| v.len() > 1 && !texts[v[0]].trim().is_empty())
            .cloned()
            .collect();
        identical.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        let mut identical_of = vec![None; replies.len()];
        let identical: Vec<IdenticalReplies> = identical
            .into_iter()
            .enumerate()
            .map(|(id, members)| {
                for &i in &members {
                    identical_of[i] = Some(id);
                }
                IdenticalReplies {
                    id,
                    text: replies[members[0]].text.clone(),
                    replies: members.iter().map(|&i| replies[i].id.clone()).collect(),
                    opinions: members
                        .iter()
                        .flat_map(|&i| opinions[i].iter().cloned())
                        .collect(),
                }
            })
            .collect();

        let classifier = rules.classifier()?;
        // Replies alike after normalization read alike: each distinct text is classified once.
        let distinct_classes: Vec<Classification> = distinct
            .par_iter()
            .map(|t| classifier.classify(t))
            .collect();
        let classes = distinct_of.iter().map(|&d| distinct_classes[d].clone());
        let mut counts = ClassCounts::default();
        let mut analysed = Vec::with_capacity(replies.len());
        for (i, ((r, c), b)) in replies.iter().zip(classes).zip(per_reply).enumerate() {
            *counts.overall.entry(c.class).or_default() += 1;
            let label = section[i].clone().unwrap_or_else(|| NO_SECTION.to_owned());
            match counts.by_section.iter_mut().find(|(s, _)| *s == label) {
                Some((_, m)) => *m.entry(c.class).or_default() += 1,
                None => counts
                    .by_section
                    .push((label, BTreeMap::from([(c.class, 1)]))),
            }
            analysed.push(ReplyAnalysis {
                id: r.id.clone(),
                text: r.text.clone(),
                class: c.class,
                decided_by: c.decided_by,
                decided_in: c.sentence,
                boilerplate_share: b.share,
                boilerplate_only: b.only,
                templates: b.templates.clone(),
                reused: b.reused.clone(),
                opinions: std::mem::take(&mut opinions[i]),
                section: section[i].clone(),
                identical: identical_of[i],
            });
        }
        let templates = found_templates
            .into_iter()
            .map(|t| ReplyTemplate {
                id: t.id,
                text: t.text,
                variants: t.variants,
                replies: t.texts.iter().map(|&i| replies[i].id.clone()).collect(),
            })
            .collect();
        Ok(ReplyReport {
            templates,
            reused,
            boilerplate_only: analysed.iter().filter(|r| r.boilerplate_only).count(),
            replies: analysed,
            identical,
            counts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_spacing_width_and_doubled_stops() {
        let n = Normalizer::default();
        assert_eq!(
            sentence_key(
                &n,
                "「大阪市ＤＸ戦略アクションプラン」を策定しております。。"
            ),
            sentence_key(&n, "「大阪市DX戦略アクションプラン」を 策定しております。")
        );
    }

    #[test]
    fn ratio_matches_difflib() {
        // Python: difflib.SequenceMatcher(None, a, b).ratio() == 0.9142857142857143.
        let a: Vec<char> = "今後の施策の参考とさせていただきます。".chars().collect();
        let b: Vec<char> = "今後の参考とさせていただきます。".chars().collect();
        assert!((char_ratio(&a, &b) - 0.9142857142857143).abs() < 1e-12);
    }
}
