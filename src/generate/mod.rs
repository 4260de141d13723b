//! Larger consultations with ground truth, made from the bundled corpus's real language.
//!
//! Takes [`GenerateParams`] (size, seed, campaign share, number of topics); gives a stream
//! of [`GeneratedComment`]s, each labelled with its true `topic` and, for copies of a form
//! letter, its `campaign`. The material is the Osaka corpus read by
//! [`read_pdf_table`](crate::read_pdf_table):
//!
//! - **Topics**: the corpus's opinions, grouped by the reply that answers them (one reply,
//!   one subject), are split in document order into `topics` themes. A topic comment
//!   recombines its theme's real sentences (keeping only some clauses of a long one),
//!   substitutes nouns of the theme and numbers, switches polite forms, reorders, and
//!   sometimes opens with a personal context sentence (「天王寺区在住の会社員です。」); its
//!   writer has spelling habits of their own (下さい or ください) and adds words of emphasis.
//!   Themes share everyday vocabulary, as real ones do.
//! - **Campaigns**: form letters, each written once in its organizer's words (who sends it
//!   and what it demands, opening and closing sentences of the organizer's own around
//!   nouns of the theme, and two or three of the theme's long sentences paraphrased) and
//!   then sent many times with the edits copies get: a name or ward added, a sentence
//!   inserted or dropped, typos, full/half-width variants, only the first half, or the
//!   letter plus a long personal paragraph; and, in two copies of five, the layout edits
//!   real senders make when they paste (one sentence per line, bullets 「・」 or no 「。」, a
//!   「、」 added, an intensifying adverb dropped, a line broken after a comma). Campaign sizes follow a Zipf law: a few huge,
//!   many small. Because the material is one small corpus, independent comments are made
//!   so that they do not repeat a letter or each other at length: a text that did would
//!   be a copy in all but its label, and the ground truth would be wrong.
//! - **Off-theme** comments take the frame of a real sentence with its subject replaced by
//!   one no theme has (ゴミ収集, 街灯, …); their `topic` is `None`.
//! - Lengths are log-normal, 20 to 800 characters.
//! - Optionally each comment gets an official reply: template sentences (boilerplate) from
//!   the corpus's replies, alone or after a specific sentence, labelled.
//! - With [`Vocabulary::Growing`], rare nouns from the bundled dictionary (Zipf-drawn, each
//!   theme with its own share), places, surnames and numbers join the sentences, so the
//!   number of distinct words grows with the number of comments as in real text (about
//!   8,500 content terms at 10,000 comments, 34,700 at 100,000) instead of staying near the
//!   corpus's own.
//!
//! Deterministic for a seed; items are produced one at a time, so memory does not grow with
//! `n`.
//!
//! ```
//! use iken::{GenerateParams, Generator};
//!
//! # fn main() -> iken::Result<()> {
//! let comments: Vec<_> = Generator::new(GenerateParams::new(100).seed(7))?.collect();
//! assert_eq!(comments.len(), 100);
//! assert!(comments.iter().all(|c| (20..=800).contains(&c.text.chars().count())));
//! # Ok(())
//! # }
//! ```

use std::io::Write;

use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

mod edits;
mod lexicon;
mod material;
mod words;

use edits::*;
use lexicon::Lexicon;
use material::Material;
use words::*;

const CORPUS: &str = include_str!("../../data/osaka-dx-strategy-pubcomment.txt");
const MIN_CHARS: usize = 20;
const MAX_CHARS: usize = 800;

/// Options of the [`Generator`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerateParams {
    /// Number of comments.
    pub n: usize,
    /// Seed of every random choice.
    pub seed: u64,
    /// Share of comments that are copies of a form letter. Default 0.3.
    pub campaign_share: f64,
    /// Share of comments off every theme. Default 0.05.
    pub off_topic_share: f64,
    /// Number of themes, at most the number of reply groups in the corpus. Default 12.
    pub topics: usize,
    /// Number of campaigns; by default about √n / 3 (at least 3).
    pub campaigns: Option<usize>,
    /// Give each comment an official reply. Default false.
    pub replies: bool,
    /// Where the words come from. Default [`Vocabulary::Corpus`].
    #[serde(default)]
    pub vocabulary: Vocabulary,
    /// Share of form-letter copies sent exactly as the letter was written, without the
    /// edits copies otherwise get (the bulk submissions of a large docket, where most
    /// copies are byte for byte the same). Default 0: every copy is edited as usual, and
    /// the output is what it was before this option existed.
    #[serde(default)]
    pub unedited_share: f64,
}

/// Where the words of generated comments come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vocabulary {
    /// The bundled corpus's own words: the vocabulary grows slowly (about 2,500 terms at
    /// 10,000 comments, 5,900 at 100,000, mostly new noun compounds of the same words); the
    /// clusters and copies are what is tested, not the vocabulary.
    #[default]
    Corpus,
    /// The corpus's words plus rare nouns, places and surnames from the bundled dictionary,
    /// drawn with a Zipf law, and numbers: the number of distinct words keeps growing with
    /// the number of comments (Heaps' law), as in real consultations. For measuring speed
    /// and memory on what real text costs.
    Growing,
}

impl GenerateParams {
    /// `n` comments with the defaults.
    pub fn new(n: usize) -> Self {
        GenerateParams {
            n,
            seed: 0,
            campaign_share: 0.3,
            off_topic_share: 0.05,
            topics: 12,
            campaigns: None,
            replies: false,
            vocabulary: Vocabulary::Corpus,
            unedited_share: 0.0,
        }
    }

    /// Sets the share of copies sent unedited.
    pub fn unedited_share(mut self, share: f64) -> Self {
        self.unedited_share = share;
        self
    }

    /// Sets where the words come from.
    pub fn vocabulary(mut self, vocabulary: Vocabulary) -> Self {
        self.vocabulary = vocabulary;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the share of form-letter copies.
    pub fn campaign_share(mut self, share: f64) -> Self {
        self.campaign_share = share;
        self
    }

    /// Sets the number of themes.
    pub fn topics(mut self, topics: usize) -> Self {
        self.topics = topics;
        self
    }

    /// Adds official replies.
    pub fn replies(mut self, yes: bool) -> Self {
        self.replies = yes;
        self
    }

    fn campaign_count(&self) -> usize {
        self.campaigns
            .unwrap_or_else(|| ((self.n as f64).sqrt() / 3.0).round() as usize)
            .max(3)
    }
}

/// One generated comment with its ground truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedComment {
    /// `1`, `2`, … in output order.
    pub id: String,
    /// The comment.
    pub text: String,
    /// The true theme; `None` for a comment off every theme.
    pub topic: Option<u32>,
    /// The form letter it copies; `None` for an independent comment.
    pub campaign: Option<u32>,
    /// The official reply, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Whether the reply is only template sentences (boilerplate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_boilerplate_only: Option<bool>,
}

/// What [`write_jsonl`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GenerateStats {
    /// Comments written.
    pub comments: usize,
    /// Copies of form letters among them.
    pub campaign_copies: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A stream of generated comments, made one at a time from a seeded generator.
#[derive(Debug, Clone)]
pub struct Generator {
    params: GenerateParams,
    material: Material,
    rng: Xoshiro256PlusPlus,
    /// (theme, sentences) of each form letter.
    templates: Vec<(usize, Vec<String>)>,
    campaign_pick: WeightedIndex<f64>,
    /// The rare words of [`Vocabulary::Growing`].
    lexicon: Option<Lexicon>,
    next: usize,
}

impl Generator {
    /// Prepares the material and the form letters.
    ///
    /// # Errors
    /// [`InvalidParameter`](ErrorKind::InvalidParameter) for shares outside 0..1 or more
    /// topics than the corpus has subjects.
    pub fn new(params: GenerateParams) -> Result<Self> {
        for (name, v) in [
            ("campaign_share", params.campaign_share),
            ("off_topic_share", params.off_topic_share),
            ("unedited_share", params.unedited_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::invalid_parameter(
                    name,
                    format!("{v} is not a share between 0 and 1"),
                ));
            }
        }
        if params.campaign_share + params.off_topic_share > 1.0 {
            return Err(Error::invalid_parameter(
                "campaign_share",
                "campaign_share + off_topic_share must be at most 1",
            ));
        }
        let material = Material::from_corpus(params.topics)?;
        let lexicon = match params.vocabulary {
            Vocabulary::Corpus => None,
            Vocabulary::Growing => Some(Lexicon::load(params.topics)?),
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
        let count = params.campaign_count();
        let mut g = Generator {
            campaign_pick: WeightedIndex::new((1..=count).map(|r| 1.0 / (r as f64).powf(1.1)))
                .expect("positive weights"),
            templates: Vec::new(),
            params,
            material,
            lexicon,
            rng: Xoshiro256PlusPlus::seed_from_u64(0),
            next: 0,
        };
        // Campaign letters are distinct by construction: the letters of a theme draw its
        // sentences in turn, none reused before all have been, and each has its organizer's
        // own opening and closing words. A copy is a copy because it was made from a letter;
        // no detector's measure decides it.
        let mut drawn: Vec<Vec<usize>> = vec![Vec::new(); g.material.themes.len()];
        for _ in 0..count {
            let theme = rng.gen_range(0..g.material.themes.len());
            let k = rng.gen_range(2..=3);
            // The organizer's own words first and last, the theme's points between: what a
            // letter shares with comments written independently is at most its middle.
            let mut sentences = vec![g.organizer_sentence(&mut rng, theme, g.templates.len())];
            sentences.extend((0..k).map(|_| g.letter_sentence(&mut rng, theme, &mut drawn[theme])));
            sentences.push(g.organizer_sentence(&mut rng, theme, g.templates.len()));
            // Who sends it and what it demands: a letter's own sentence, as real campaigns
            // have, which comments written independently do not share.
            sentences.insert(0, campaign_voice(g.templates.len()));
            g.templates.push((theme, sentences));
        }
        g.rng = rng;
        Ok(g)
    }

    /// A real sentence of the theme, varied: a noun of the theme swapped for another of
    /// the same script, numbers changed, polite form switched. Sentences in `used` are
    /// avoided while others remain.
    fn theme_sentence(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        theme: usize,
        used: &mut Vec<usize>,
        long: bool,
    ) -> String {
        let t = &self.material.themes[theme];
        let pool = &t.sentences;
        // Letters make their points in long sentences, which people writing on their own
        // never borrow whole (see `in_part`).
        let mut choices: Vec<usize> = (0..pool.len())
            .filter(|&i| !long || is_long(&pool[i]))
            .collect();
        if choices.len() < 3 {
            choices = (0..pool.len()).collect();
        }
        if choices.iter().all(|i| used.contains(i)) {
            used.clear();
        }
        let mut k = rng.gen_range(0..choices.len());
        while used.contains(&choices[k]) {
            k = (k + 1) % choices.len();
        }
        let i = choices[k];
        used.push(i);
        let mut s = pool[i].clone();
        // Clause mixing: the head of this sentence with the tail of another of the theme,
        // joined at a comma, as people reuse each other's phrasing.
        if rng.gen_bool(0.5) {
            let other = &pool[rng.gen_range(0..pool.len())];
            let a: Vec<&str> = s.split_inclusive('、').collect();
            let b: Vec<&str> = other.split_inclusive('、').collect();
            if a.len() >= 2 && b.len() >= 2 && other != &s {
                let k = rng.gen_range(1..a.len());
                let m = rng.gen_range(1..b.len());
                s = format!("{}{}", a[..k].concat(), b[m..].concat());
            }
        }
        for _ in 0..2 {
            if !rng.gen_bool(0.6) {
                continue;
            }
            let present: Vec<&String> = t.nouns.iter().filter(|n| stands_alone(&s, n)).collect();
            if let Some(old) = present.choose(rng) {
                s = t.swap_noun(rng, &s, old);
            }
        }
        if rng.gen_bool(0.3) {
            s = switch_ending(rng, &s);
        }
        if rng.gen_bool(0.2) {
            s = replace_numbers(rng, &s);
        }
        if let Some(lex) = &self.lexicon {
            s = with_rare_words(rng, lex, t, theme, &s);
        }
        if s == pool[i] || rng.gen_bool(0.2) {
            // Never a corpus sentence word for word: at least a connective of one's own.
            let lead = CONNECTIVES.choose(rng).expect("connectives");
            s = format!("{lead}{s}");
        }
        s
    }

    /// A point of a form letter: a theme sentence after the organizer's lead-in.
    fn letter_sentence(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        theme: usize,
        used: &mut Vec<usize>,
    ) -> String {
        let t = &self.material.themes[theme];
        let mut s = self.theme_sentence(rng, theme, used, true);
        // The organizer's paraphrase: most of the sentence's own nouns exchanged, so that a
        // person borrowing the corpus sentence does not write the letter's.
        let present: Vec<&String> = t.nouns.iter().filter(|n| stands_alone(&s, n)).collect();
        for old in present {
            if rng.gen_bool(0.8) {
                s = t.swap_noun(rng, &s, old);
            }
        }
        let lead = LETTER_LEADS.choose(rng).expect("leads");
        format!("{lead}{s}")
    }

    /// A sentence in the organizer's own words around nouns of the theme and the letter's
    /// demand.
    fn organizer_sentence(&self, rng: &mut Xoshiro256PlusPlus, theme: usize, c: usize) -> String {
        let nouns = &self.material.themes[theme].nouns;
        let pick = |rng: &mut Xoshiro256PlusPlus| {
            nouns
                .choose(rng)
                .map_or("この計画", String::as_str)
                .to_owned()
        };
        let (a, b) = (pick(rng), pick(rng));
        ORGANIZER
            .choose(rng)
            .expect("organizer sentences")
            .replace("{a}", &a)
            .replace("{b}", &b)
            .replace("{demand}", campaign_demand(c))
    }

    fn target_length(&mut self) -> usize {
        // Log-normal: median ~90 characters, a long right tail.
        let z: f64 = {
            let u1: f64 = self.rng.r#gen::<f64>().max(1e-12);
            let u2: f64 = self.rng.r#gen();
            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        };
        ((90.0 * (0.8 * z).exp()) as usize).clamp(MIN_CHARS, MAX_CHARS)
    }

    /// A sentence from [`FRAMES`] around one of the theme's nouns.
    fn framed(&mut self, theme: usize) -> Option<String> {
        let noun = self.material.themes[theme].nouns.choose(&mut self.rng)?;
        let frame = FRAMES.choose(&mut self.rng)?;
        Some(frame.replace("{}", noun))
    }

    fn topic_comment(&mut self, theme: usize) -> String {
        let target = self.target_length();
        let mut parts: Vec<String> = Vec::new();
        if self.rng.gen_bool(0.3) {
            parts.push(self.personal());
        }
        let frame_first = target < 50 || self.rng.gen_bool(0.5);
        if frame_first && let Some(f) = self.framed(theme) {
            parts.push(f);
        }
        let mut rng = self.rng.clone();
        let mut used = Vec::new();
        while chars(&parts) < target {
            let s = self.theme_sentence(&mut rng, theme, &mut used, false);
            parts.push(in_part(&mut rng, &s));
        }
        self.rng = rng;
        if self.rng.gen_bool(0.3)
            && let Some(f) = self.framed(theme)
        {
            parts.push(f);
        }
        fit(own_words(&mut self.rng, parts))
    }

    fn off_theme_comment(&mut self) -> String {
        let target = self.target_length();
        let mut parts = Vec::new();
        if self.rng.gen_bool(0.4) {
            parts.push(self.personal());
        }
        let mut subject = *OFF_THEME.choose(&mut self.rng).expect("subjects");
        if let Some(lex) = &self.lexicon
            && self.rng.gen_bool(0.5)
        {
            subject = lex.noun(&mut self.rng, None);
        }
        while chars(&parts) < target {
            let (frame, nouns) = self.material.frames.choose(&mut self.rng).expect("frames");
            let mut s = frame.clone();
            match &self.lexicon {
                // The subject once; the frame's other nouns become other words, so that
                // one noun does not fill every slot of the sentence.
                Some(lex) => {
                    for (i, n) in nouns.iter().enumerate() {
                        let word = if i == 0 {
                            subject
                        } else {
                            lex.noun(&mut self.rng, None)
                        };
                        s = s.replace(n.as_str(), word);
                    }
                }
                None => {
                    for n in nouns {
                        s = s.replace(n.as_str(), subject);
                    }
                }
            }
            // The same frame and subject can come up twice; vary the wording as people do.
            if self.rng.gen_bool(0.5) {
                s = switch_ending(&mut self.rng, &s);
            }
            if self.rng.gen_bool(0.5) {
                let lead = CONNECTIVES.choose(&mut self.rng).expect("connectives");
                s = format!("{lead}{s}");
            }
            parts.push(s);
        }
        fit(own_words(&mut self.rng, parts))
    }

    fn campaign_copy(&mut self, c: usize) -> String {
        let (theme, template) = self.templates[c].clone();
        // Drawn only when asked for, so that the default stream stays byte for byte as it was.
        if self.params.unedited_share > 0.0 && self.rng.gen_bool(self.params.unedited_share) {
            return fit(template);
        }
        let mut parts = template;
        let r = &mut self.rng.clone();
        let mut used = Vec::new();
        if r.gen_bool(0.3) {
            let ward = WARDS.choose(r).expect("wards");
            let mut name = *SURNAMES.choose(r).expect("names");
            if let Some(lex) = &self.lexicon {
                name = lex.surname(r);
            }
            let line = format!("{ward}在住の{name}です。");
            if r.gen_bool(0.5) {
                parts.insert(0, line);
            } else {
                parts.push(line);
            }
        }
        if r.gen_bool(0.2) {
            let at = r.gen_range(0..=parts.len());
            let s = self.theme_sentence(r, theme, &mut used, false);
            parts.insert(at, s);
        }
        if parts.len() >= 3 && r.gen_bool(0.15) {
            let at = r.gen_range(0..parts.len());
            parts.remove(at);
        }
        if r.gen_bool(0.05) {
            // The first half: whole sentences up to half the letter's characters.
            let half = chars(&parts).div_ceil(2);
            let mut kept = 0;
            let mut keep = 0;
            while keep < parts.len() && kept < half {
                kept += parts[keep].chars().count();
                keep += 1;
            }
            parts.truncate(keep);
        } else if r.gen_bool(0.05) {
            // The letter plus a long paragraph of one's own.
            parts.push(match &self.lexicon {
                Some(lex) => personal_growing(r, lex),
                None => personal(r),
            });
            for _ in 0..r.gen_range(3..=6) {
                let s = self.theme_sentence(r, theme, &mut used, false);
                parts.push(s);
            }
        }
        let mut text = fit(parts);
        if r.gen_bool(0.4) {
            text = sender_edits(r, &text);
        }
        if r.gen_bool(0.3) {
            text = typos(r, &text);
        }
        if r.gen_bool(0.3) {
            text = width_variant(r, &text);
        }
        self.rng = r.clone();
        // Bullets and edits can take a letter that just fitted past the longest length.
        fit(vec![text])
    }

    /// A sentence about the writer.
    fn personal(&mut self) -> String {
        match &self.lexicon {
            Some(lex) => personal_growing(&mut self.rng, lex),
            None => personal(&mut self.rng),
        }
    }

    fn reply(&mut self, theme: Option<usize>) -> (String, bool) {
        let boilerplate = self
            .material
            .boilerplate
            .choose(&mut self.rng)
            .cloned()
            .unwrap_or_default();
        let specific = theme
            .and_then(|t| {
                self.material.themes[t]
                    .replies
                    .choose(&mut self.rng)
                    .cloned()
            })
            .filter(|s| !self.material.boilerplate.contains(s));
        match specific {
            Some(s) if self.rng.gen_bool(0.6) => {
                if self.rng.gen_bool(0.6) {
                    (format!("{s}{boilerplate}"), false)
                } else {
                    (s, false)
                }
            }
            _ => (boilerplate, true),
        }
    }
}

impl Iterator for Generator {
    type Item = GeneratedComment;

    fn next(&mut self) -> Option<GeneratedComment> {
        if self.next >= self.params.n {
            return None;
        }
        self.next += 1;
        let roll: f64 = self.rng.r#gen();
        let (text, topic, campaign) = if roll < self.params.campaign_share {
            let c = self.campaign_pick.sample(&mut self.rng);
            let theme = self.templates[c].0;
            (self.campaign_copy(c), Some(theme), Some(c as u32))
        } else if roll < self.params.campaign_share + self.params.off_topic_share {
            (self.off_theme_comment(), None, None)
        } else {
            let theme = self.rng.gen_range(0..self.material.themes.len());
            (self.topic_comment(theme), Some(theme), None)
        };
        let (reply, reply_boilerplate_only) = if self.params.replies {
            let (r, b) = self.reply(topic);
            (Some(r), Some(b))
        } else {
            (None, None)
        };
        Some(GeneratedComment {
            id: self.next.to_string(),
            text,
            topic: topic.map(|t| t as u32),
            campaign,
            reply,
            reply_boilerplate_only,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.params.n - self.next;
        (left, Some(left))
    }
}

/// `s` with rare words of the theme: a noun of the sentence gets a rare one beside it
/// (「{rare}の{noun}」, 「{noun}や{rare}」), or the sentence is put in terms of one; sometimes
/// twice.
fn with_rare_words(
    rng: &mut Xoshiro256PlusPlus,
    lex: &Lexicon,
    t: &material::Theme,
    theme: usize,
    s: &str,
) -> String {
    let mut s = s.to_owned();
    let times = match rng.gen_range(0..10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    for _ in 0..times {
        let rare = lex.noun(rng, Some(theme));
        // Only a noun used as a noun, before a particle or a comma: 「共有し」 is a verb.
        let spots: Vec<(usize, &str)> = t
            .nouns
            .iter()
            .filter(|n| stands_alone(&s, n))
            .filter_map(|n| {
                s.match_indices(n.as_str())
                    .find(|(at, n)| s[at + n.len()..].starts_with(PARTICLES))
            })
            .collect();
        s = match spots.choose(rng) {
            Some(&(at, old)) => {
                let with = if rng.gen_bool(0.5) {
                    format!("{rare}の{old}")
                } else {
                    format!("{old}や{rare}")
                };
                format!("{}{with}{}", &s[..at], &s[at + old.len()..])
            }
            None => format!("{rare}について、{s}"),
        };
    }
    s
}

/// What follows a noun used as a noun.
const PARTICLES: [char; 10] = ['の', 'を', 'が', 'は', 'に', 'と', 'で', 'や', 'も', '、'];

/// [`personal`] with the dictionary's places and surnames and a number of years.
fn personal_growing(rng: &mut impl Rng, lex: &Lexicon) -> String {
    let who = PEOPLE.choose(rng).expect("people");
    match rng.gen_range(0..4) {
        0 => format!("{}在住の{who}です。", lex.place(rng)),
        1 => format!(
            "{}年前から{}に住んでいる{who}です。",
            rng.gen_range(2..=40),
            lex.place(rng)
        ),
        2 => format!("{}と申します。{who}です。", lex.surname(rng)),
        _ => format!("{who}として意見を述べます。"),
    }
}

/// Writes `params.n` comments as JSON Lines to `out`, one object per line with the fields
/// of [`GeneratedComment`].
///
/// # Errors
/// Invalid parameters, or a write that fails.
pub fn write_jsonl(params: GenerateParams, out: impl Write) -> Result<GenerateStats> {
    let started = std::time::Instant::now();
    let mut out = CountingWriter {
        inner: std::io::BufWriter::with_capacity(1 << 20, out),
        bytes: 0,
    };
    let io = |e: std::io::Error| {
        Error::new(ErrorKind::Io {
            path: "<generator output>".into(),
        })
        .with_source(e)
    };
    let mut stats = GenerateStats {
        comments: 0,
        campaign_copies: 0,
        bytes: 0,
        seconds: 0.0,
    };
    for comment in Generator::new(params)? {
        serde_json::to_writer(&mut out, &comment).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
        stats.comments += 1;
        stats.campaign_copies += usize::from(comment.campaign.is_some());
    }
    out.flush().map_err(io)?;
    stats.bytes = out.bytes;
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

struct CountingWriter<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::material::balanced_cuts;
    use super::*;

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let a: Vec<_> = Generator::new(GenerateParams::new(300).seed(1))
            .unwrap()
            .collect();
        let b: Vec<_> = Generator::new(GenerateParams::new(300).seed(1))
            .unwrap()
            .collect();
        let c: Vec<_> = Generator::new(GenerateParams::new(300).seed(2))
            .unwrap()
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn shares_lengths_and_labels() {
        let n = 4000;
        let items: Vec<_> = Generator::new(GenerateParams::new(n).seed(3).replies(true))
            .unwrap()
            .collect();
        let copies = items.iter().filter(|c| c.campaign.is_some()).count();
        let off = items.iter().filter(|c| c.topic.is_none()).count();
        assert!((copies as f64 / n as f64 - 0.3).abs() < 0.03, "{copies}");
        assert!((off as f64 / n as f64 - 0.05).abs() < 0.015, "{off}");
        for c in &items {
            let len = c.text.chars().count();
            assert!((MIN_CHARS..=MAX_CHARS).contains(&len), "{len}: {}", c.text);
            assert!(c.topic.is_none_or(|t| t < 12));
            assert!(c.reply.is_some());
        }
        // Skewed campaign sizes: the biggest is several times the median.
        let mut sizes: HashMap<u32, usize> = HashMap::new();
        for c in items.iter().filter_map(|c| c.campaign) {
            *sizes.entry(c).or_default() += 1;
        }
        let mut v: Vec<usize> = sizes.values().copied().collect();
        v.sort();
        assert!(v[v.len() - 1] >= 4 * v[v.len() / 2], "{v:?}");
        // Lengths skewed to the right: mean above median.
        let mut lens: Vec<usize> = items.iter().map(|c| c.text.chars().count()).collect();
        lens.sort();
        let mean = lens.iter().sum::<usize>() as f64 / lens.len() as f64;
        assert!(mean > lens[lens.len() / 2] as f64);
    }

    #[test]
    fn even_split() {
        assert_eq!(balanced_cuts(&[5, 1, 1, 5, 1, 1], 2), vec![3]);
        assert_eq!(balanced_cuts(&[3, 3, 3], 3), vec![1, 2]);
    }

    #[test]
    fn bad_parameters() {
        assert!(Generator::new(GenerateParams::new(10).campaign_share(1.5)).is_err());
        assert!(Generator::new(GenerateParams::new(10).topics(0)).is_err());
        assert!(Generator::new(GenerateParams::new(10).topics(1000)).is_err());
    }

    #[test]
    fn edits() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
        for _ in 0..20 {
            let s = switch_ending(&mut rng, "窓口を設置してほしい。");
            assert!(s.starts_with("窓口を設置"), "{s}");
            assert!(ENDINGS[1].iter().any(|e| s.ends_with(e)), "{s}");
        }
        let n = replace_numbers(&mut rng, "2040年と20年");
        assert!(!n.contains("2040") && n.ends_with('年'), "{n}");
        assert!(fit(vec!["短い。".into()]).chars().count() >= MIN_CHARS);
        assert!(fit(vec!["あ、".repeat(500)]).chars().count() <= MAX_CHARS);
        assert!(stands_alone("母子手帳アプリ", "アプリ") && !stands_alone("インバウンド", "イン"));
        assert_eq!(typos(&mut rng, "ab").len(), 2);
        let w = width_variant(&mut Xoshiro256PlusPlus::seed_from_u64(1), "DXのシステム");
        assert_ne!(w, "DXのシステム");
    }
}
