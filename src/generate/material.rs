//! The material, taken once from the bundled corpus: themes (real sentences grouped by the
//! reply that answered them, with the nouns that are their own), replies, frames, and the
//! boilerplate of generated replies.

use std::collections::{HashMap, HashSet};

use rand::Rng;
use rand::seq::SliceRandom;

use super::CORPUS;
use super::edits::{script, stands_alone};
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::split_sentences;
use crate::read::read_pdf_table;
use crate::tokenize::{MorphologicalTokenizer, Tokenizer};

/// A theme: real sentences and the nouns that are its own.
#[derive(Debug, Clone)]
pub(super) struct Theme {
    pub(super) sentences: Vec<String>,
    pub(super) nouns: Vec<String>,
    pub(super) replies: Vec<String>,
}

impl Theme {
    /// `s` with its first `old` exchanged for another noun of the theme in the same script
    /// (unchanged when the theme has none).
    pub(super) fn swap_noun(&self, rng: &mut impl Rng, s: &str, old: &str) -> String {
        let same_script: Vec<&String> = self
            .nouns
            .iter()
            .filter(|n| script(n) == script(old) && n.as_str() != old)
            .collect();
        match same_script.choose(rng) {
            Some(new) => s.replacen(old, new, 1),
            None => s.to_owned(),
        }
    }
}

/// Everything taken from the corpus, once.
#[derive(Debug, Clone)]
pub(super) struct Material {
    pub(super) themes: Vec<Theme>,
    pub(super) boilerplate: Vec<String>,
    pub(super) frames: Vec<(String, Vec<String>)>,
}

impl Material {
    pub(super) fn from_corpus(topics: usize) -> Result<Material> {
        let table = read_pdf_table(CORPUS, "osaka-dx-strategy-pubcomment.txt");
        let c = table.consultation;
        // Units: opinions answered by the same reply share a subject.
        let mut units: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        let mut unit_of_reply: HashMap<String, usize> = HashMap::new();
        for o in &c.opinions {
            let key = o.reply.clone().unwrap_or_else(|| o.id.clone());
            let u = *unit_of_reply.entry(key).or_insert_with(|| {
                units.push((Vec::new(), Vec::new()));
                units.len() - 1
            });
            units[u].0.extend(sentences(&o.text));
            if let Some(r) = c.reply_of(o)
                && units[u].1.is_empty()
            {
                units[u].1.extend(sentences(&r.text));
            }
        }
        if topics == 0 || topics > units.len() {
            return Err(Error::invalid_parameter(
                "topics",
                format!(
                    "the bundled corpus has {} subjects (reply groups); ask for 1 to {} topics",
                    units.len(),
                    units.len()
                ),
            ));
        }
        let mut boilerplate: Vec<String> = BOILERPLATE.iter().map(|&b| b.to_owned()).collect();
        boilerplate.sort();

        // Split units in order into `topics` contiguous groups, as even as possible: the
        // split that maximizes the smallest group's sentence count (a small dynamic
        // programme over at most a few dozen units).
        let sizes: Vec<usize> = units.iter().map(|u| u.0.len()).collect();
        let cuts = balanced_cuts(&sizes, topics);
        let mut themes: Vec<Theme> = Vec::new();
        for (i, (ss, rs)) in units.into_iter().enumerate() {
            if i == 0 || cuts.contains(&i) {
                themes.push(Theme {
                    sentences: Vec::new(),
                    nouns: Vec::new(),
                    replies: Vec::new(),
                });
            }
            let t = themes.last_mut().expect("the first unit opens a theme");
            t.sentences.extend(ss);
            t.replies.extend(rs);
        }
        themes.retain(|t| !t.sentences.is_empty());
        while themes.len() < topics {
            // Fewer natural breaks than topics: split the largest theme.
            let (big, _) = themes
                .iter()
                .enumerate()
                .max_by_key(|(_, t)| t.sentences.len())
                .expect("at least one theme");
            let half = themes[big].sentences.len() / 2;
            let tail = themes[big].sentences.split_off(half.max(1));
            let replies = themes[big].replies.clone();
            themes.insert(
                big + 1,
                Theme {
                    sentences: tail,
                    nouns: Vec::new(),
                    replies,
                },
            );
        }
        // Nouns that belong to one or two themes: the theme's own vocabulary.
        let tokenizer = MorphologicalTokenizer::builder()
            .keep_all_tokens(true)
            .build()?;
        let mut theme_nouns: Vec<HashSet<String>> = Vec::new();
        for t in &themes {
            let mut nouns = HashSet::new();
            for s in &t.sentences {
                for tok in tokenizer.tokenize(s)? {
                    let pos = tok.pos();
                    // A whole word of the sentence, not a piece the tokenizer cut out of an
                    // unknown longer one (イン of インバウンド).
                    if (pos.starts_with("名詞,一般") || pos.starts_with("名詞,サ変接続"))
                        && tok.surface().chars().count() >= 2
                        && stands_alone(s, tok.surface())
                    {
                        nouns.insert(tok.surface().to_owned());
                    }
                }
            }
            theme_nouns.push(nouns);
        }
        let mut spread: HashMap<&str, usize> = HashMap::new();
        for nouns in &theme_nouns {
            for n in nouns {
                *spread.entry(n.as_str()).or_default() += 1;
            }
        }
        let own: Vec<Vec<String>> = theme_nouns
            .iter()
            .map(|nouns| {
                let mut v: Vec<String> = nouns
                    .iter()
                    .filter(|n| spread[n.as_str()] <= 2)
                    .cloned()
                    .collect();
                v.sort();
                v
            })
            .collect();
        for (t, nouns) in themes.iter_mut().zip(own) {
            t.nouns = nouns;
        }
        // Frames for off-theme comments: sentences with a theme noun to replace.
        let mut frames = Vec::new();
        for t in &themes {
            for s in &t.sentences {
                let found: Vec<String> = t
                    .nouns
                    .iter()
                    .filter(|n| s.contains(n.as_str()))
                    .cloned()
                    .collect();
                if !found.is_empty() {
                    frames.push((s.clone(), found));
                }
            }
        }
        if frames.is_empty() || boilerplate.is_empty() {
            return Err(Error::new(ErrorKind::InvalidParameter {
                name: "corpus",
                reason: "the bundled corpus gave no material".to_owned(),
            }));
        }
        Ok(Material {
            themes,
            boilerplate,
            frames,
        })
    }
}

/// Start indices (other than 0) of `k` contiguous groups of `sizes` that maximize the
/// smallest group's total.
pub(super) fn balanced_cuts(sizes: &[usize], k: usize) -> Vec<usize> {
    let n = sizes.len();
    let prefix: Vec<usize> = std::iter::once(0)
        .chain(sizes.iter().scan(0, |acc, &s| {
            *acc += s;
            Some(*acc)
        }))
        .collect();
    // best[g][i]: the largest possible minimum when the first i units form g groups.
    let mut best = vec![vec![0usize; n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = usize::MAX;
    for g in 1..=k {
        for i in g..=n {
            for j in (g - 1)..i {
                if best[g - 1][j] == 0 && !(g == 1 && j == 0) {
                    continue;
                }
                let v = best[g - 1][j].min(prefix[i] - prefix[j]);
                if v > best[g][i] {
                    best[g][i] = v;
                    from[g][i] = j;
                }
            }
        }
    }
    let mut cuts = Vec::new();
    let mut i = n;
    for g in (1..=k).rev() {
        let j = from[g][i];
        if j > 0 {
            cuts.push(j);
        }
        i = j;
    }
    cuts.sort();
    cuts
}

/// Sentences of a text ([`split_sentences`]) of at least four characters, each ending with
/// its 。？！ (a trailing fragment gets 。).
pub(super) fn sentences(text: &str) -> Vec<String> {
    split_sentences(text)
        .iter()
        .map(|s| s.text(text))
        .filter(|s| s.chars().count() >= 4)
        .map(|s| {
            if s.ends_with(['。', '？', '！', '?', '!']) {
                s.to_owned()
            } else {
                format!("{s}。")
            }
        })
        .collect()
}

/// The boilerplate of generated replies: the stock sentences of the bundled Osaka replies,
/// picked by reading them (the three wordings of 「…参考とさせていただきます。」 and the
/// referral to the action plan that four replies end with), not by the template finder that
/// generated replies are used to test.
pub(super) const BOILERPLATE: [&str; 4] = [
    "いただいたご意見については、今後の施策の参考とさせていただきます。",
    "いただいたご意見については、今後の参考とさせていただきます。",
    "いただいたご意見は、今後の施策の参考とさせていただきます。",
    "ＤＸの推進に向けた具体的な取組については、別途、「大阪市ＤＸ戦略アクションプラン」を策定しております。",
];
