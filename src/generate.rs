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

use std::collections::{HashMap, HashSet};
use std::io::Write;

use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::normalize::split_sentences;
use crate::read::read_pdf_table;
use crate::tokenize::{MorphologicalTokenizer, Tokenizer};

const CORPUS: &str = include_str!("../data/osaka-dx-strategy-pubcomment.txt");
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
        }
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

/// A theme: real sentences and the nouns that are its own.
#[derive(Debug, Clone)]
struct Theme {
    sentences: Vec<String>,
    nouns: Vec<String>,
    replies: Vec<String>,
}

impl Theme {
    /// `s` with its first `old` exchanged for another noun of the theme in the same script
    /// (unchanged when the theme has none).
    fn swap_noun(&self, rng: &mut impl Rng, s: &str, old: &str) -> String {
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
struct Material {
    themes: Vec<Theme>,
    boilerplate: Vec<String>,
    frames: Vec<(String, Vec<String>)>,
}

const WARDS: &[&str] = &[
    "北区",
    "都島区",
    "福島区",
    "此花区",
    "中央区",
    "西区",
    "港区",
    "大正区",
    "天王寺区",
    "浪速区",
    "西淀川区",
    "淀川区",
    "東淀川区",
    "東成区",
    "生野区",
    "旭区",
    "城東区",
    "鶴見区",
    "阿倍野区",
    "住之江区",
    "住吉区",
    "東住吉区",
    "平野区",
    "西成区",
];
const PEOPLE: &[&str] = &[
    "会社員",
    "子育て中の母親",
    "子育て中の父親",
    "大学生",
    "高校生",
    "自営業",
    "年金生活者",
    "介護職員",
    "看護師",
    "教員",
    "主婦",
    "エンジニア",
    "飲食店経営者",
];
const SURNAMES: &[&str] = &[
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
];
/// Subjects no theme of the corpus has, for off-theme comments.
const OFF_THEME: &[&str] = &[
    "ゴミ収集",
    "街灯",
    "駐輪場",
    "公園の遊具",
    "市バスの路線",
    "図書館の開館時間",
    "道路の補修",
    "野良猫",
    "花火大会",
    "プールの料金",
    "騒音",
    "落書き",
];
/// Openings people put before a borrowed sentence.
const CONNECTIVES: &[&str] = &[
    "また、",
    "それと、",
    "加えて、",
    "正直なところ、",
    "個人的には、",
    "あと、",
    "一市民として、",
    "率直に言うと、",
    "前から思っていたのですが、",
    "要望ですが、",
];

/// Sentences people wrap around a subject; `{}` is a noun of the theme.
const FRAMES: &[&str] = &[
    "{}について意見を述べます。",
    "{}の充実を強く望みます。",
    "特に{}が気になっています。",
    "{}については、もっと分かりやすい説明がほしいです。",
    "{}に関する取組を広く市民に知らせてください。",
    "私の周りでも{}のことがよく話題になります。",
    "{}の進め方について、市民の声をもっと聞いてほしい。",
    "{}は大切だと思うので、予算をしっかり確保してください。",
    "{}の現状がよく分からないので、データで示してほしいです。",
    "{}を進めるなら、高齢者にも配慮してほしい。",
    "{}の今後の予定を教えてください。",
    "{}がうまくいけば、大阪はもっと良くなると思います。",
];

/// Polite-form variants: each group's endings are exchanged with one another.
const ENDINGS: &[&[&str]] = &[
    &["と思います。", "と思う。", "と考えます。", "と感じます。"],
    &[
        "してほしい。",
        "してほしいです。",
        "してください。",
        "していただきたい。",
    ],
    &[
        "ではないか。",
        "ではないでしょうか。",
        "ではないかと思います。",
    ],
    &["が良いと思います。", "が良い。", "がいいと思います。"],
    &["を提案します。", "を提案したい。", "を提案いたします。"],
];

impl Material {
    fn from_corpus(topics: usize) -> Result<Material> {
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
fn balanced_cuts(sizes: &[usize], k: usize) -> Vec<usize> {
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
fn sentences(text: &str) -> Vec<String> {
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

/// A stream of generated comments, made one at a time from a seeded generator.
#[derive(Debug, Clone)]
pub struct Generator {
    params: GenerateParams,
    material: Material,
    rng: Xoshiro256PlusPlus,
    /// (theme, sentences) of each form letter.
    templates: Vec<(usize, Vec<String>)>,
    campaign_pick: WeightedIndex<f64>,
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
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
        let count = params.campaign_count();
        let mut g = Generator {
            campaign_pick: WeightedIndex::new((1..=count).map(|r| 1.0 / (r as f64).powf(1.1)))
                .expect("positive weights"),
            templates: Vec::new(),
            params,
            material,
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
            parts.push(personal(&mut self.rng));
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
            parts.push(personal(&mut self.rng));
        }
        let subject = OFF_THEME.choose(&mut self.rng).expect("subjects");
        while chars(&parts) < target {
            let (frame, nouns) = self.material.frames.choose(&mut self.rng).expect("frames");
            let mut s = frame.clone();
            for n in nouns {
                s = s.replace(n.as_str(), subject);
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
        let mut parts = template;
        let r = &mut self.rng.clone();
        let mut used = Vec::new();
        if r.gen_bool(0.3) {
            let ward = WARDS.choose(r).expect("wards");
            let name = SURNAMES.choose(r).expect("names");
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
            parts.push(personal(r));
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

#[derive(PartialEq, Eq)]
enum Script {
    Kanji,
    Katakana,
    Other,
}

fn script(word: &str) -> Script {
    if word.chars().all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c)) {
        Script::Katakana
    } else if word.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        Script::Kanji
    } else {
        Script::Other
    }
}

/// Whether `word` occurs in `s` as a whole word: not inside a longer run of its script
/// (so that イン in インバウンド is not taken for a word).
fn stands_alone(s: &str, word: &str) -> bool {
    let kind = script(word);
    if kind == Script::Other {
        return false;
    }
    s.match_indices(word).any(|(at, _)| {
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| script(&c.to_string()) == kind);
        !joins(before) && !joins(after)
    })
}

/// Who sends a campaign letter.
const SENDERS: &[&str] = &[
    "市民の暮らしを守る会",
    "子育て世代ネットワーク",
    "大阪の未来を考える市民の会",
    "地域の商店街連合",
    "障がい者の暮らしを支える会",
    "高齢者の安心を求める会",
    "デジタル格差をなくす会",
    "教育の充実を願う保護者の会",
    "区役所の窓口を守る会",
    "情報公開を求める市民ネットワーク",
    "まちづくりを考える住民の会",
    "働く人の権利を守る会",
    "防災を考える市民の会",
    "若者の声を届ける会",
    "公共交通を守る利用者の会",
    "個人情報を守る市民の会",
    "環境と暮らしを考える会",
    "介護の現場をよくする会",
];

/// What a campaign letter demands.
const DEMANDS: &[&str] = &[
    "市民への丁寧な説明",
    "計画の見直し",
    "市民参加の機会の拡充",
    "予算の内訳の公開",
    "対面窓口の維持",
    "個人情報の厳格な管理",
    "高齢者への十分な支援",
    "スケジュールの再検討",
    "説明会の開催",
    "数値目標の明示",
    "職員体制の充実",
    "地域ごとの意見交換",
    "導入効果の検証",
    "紙の手続きの存続",
    "利用者目線での設計",
    "第三者による評価",
    "情報格差への対策",
];

/// The opening sentence of campaign letter `c`: a sender and a demand, different for every
/// campaign up to |SENDERS| × |DEMANDS|.
fn campaign_voice(c: usize) -> String {
    let sender = SENDERS[c % SENDERS.len()];
    format!("私たち{sender}は、{}を強く求めます。", campaign_demand(c))
}

fn campaign_demand(c: usize) -> &'static str {
    DEMANDS[(c / SENDERS.len() + c) % DEMANDS.len()]
}

/// What organizers write in their own words; `{a}` and `{b}` are nouns of the letter's
/// theme, `{demand}` its demand.
const ORGANIZER: &[&str] = &[
    "{a}をめぐっては、市民への説明が不十分なまま計画が進められているのではないかと危惧しています。",
    "{a}の導入にあたっては、利用する市民の意見を事前に十分に聞く場を設けるべきです。",
    "{a}と{b}の関係が戦略案からは読み取れず、会員の多くが不安を感じています。",
    "このままでは{a}の恩恵を受けられない市民が取り残されてしまいます。",
    "{a}について、実施の時期と必要な費用を具体的に示してください。",
    "{demand}なしに{a}を進めることには賛成できません。",
    "私たちは、{a}が一部の人だけのものにならないよう、今後も注視していきます。",
    "{a}に関する検討の経過を、会議録を含めて公開してください。",
    "市は{a}の目標を掲げていますが、その根拠となるデータが示されていません。",
    "{a}を担う人材の確保と育成について、具体的な計画が必要です。",
    "会員へのアンケートでは、{a}について「よく分からない」という回答が半数を超えました。",
    "{a}の影響を最も受けるのは、日々窓口を利用している市民です。",
    "他都市の{a}の事例も参考に、大阪市らしい進め方を改めて検討してください。",
    "{a}を理由に、これまでの対面の支援が縮小されることがあってはなりません。",
    "以上の点について、{demand}を含めた誠実な対応を求めます。",
    "{b}の観点からも、{a}のあり方を見直すべきだと考えます。",
    "私たちの会では、{a}と{b}について勉強会を重ねてきました。",
    "{a}の費用対効果について、第三者の検証を受けるべきです。",
    "計画の中で{a}の位置付けがあいまいなため、市民が判断できません。",
    "{a}が本当に市民の暮らしを良くするのか、丁寧に説明してください。",
    "{demand}が実現するまで、私たちは{a}についての声を上げ続けます。",
    "{a}の進め方については、{b}に関わる団体とも協議の場を持ってください。",
];

/// How organizers open the points of a form letter.
const LETTER_LEADS: &[&str] = &[
    "第一に、",
    "次に、",
    "さらに、",
    "私たちが特に問題だと考えるのは、",
    "会員から多く寄せられた声として、",
    "私たちの調査では、",
    "市民の立場から申し上げると、",
    "会としての意見ですが、",
    "多くの会員が感じていることとして、",
    "見過ごせない点として、",
    "改めて強調したいのは、",
    "現場の声として、",
];

/// Drafts tried per campaign letter.
/// The boilerplate of generated replies: the stock sentences of the bundled Osaka replies,
/// picked by reading them (the three wordings of 「…参考とさせていただきます。」 and the
/// referral to the action plan that four replies end with), not by the template finder that
/// generated replies are used to test.
const BOILERPLATE: [&str; 4] = [
    "いただいたご意見については、今後の施策の参考とさせていただきます。",
    "いただいたご意見については、今後の参考とさせていただきます。",
    "いただいたご意見は、今後の施策の参考とさせていただきます。",
    "ＤＸの推進に向けた具体的な取組については、別途、「大阪市ＤＸ戦略アクションプラン」を策定しております。",
];

/// A sentence of personal context: 「天王寺区在住の会社員です。」
fn personal(rng: &mut impl Rng) -> String {
    let ward = WARDS.choose(rng).expect("wards");
    let who = PEOPLE.choose(rng).expect("people");
    match rng.gen_range(0..3) {
        0 => format!("{ward}在住の{who}です。"),
        1 => format!("{ward}に住んでいる{who}です。"),
        _ => format!("{who}として意見を述べます。"),
    }
}

/// What a person keeps of a borrowed sentence of three clauses or more: its last clauses,
/// or its first ones closed off (a short one may stay whole). People take a point, not a
/// paragraph, word for word; comments that repeated whole 100-character sentences would
/// be near copies of one another.
fn in_part(rng: &mut impl Rng, s: &str) -> String {
    let clauses: Vec<&str> = s.split_inclusive('、').collect();
    if clauses.len() < 3 || (!is_long(s) && rng.gen_bool(0.3)) {
        return s.to_owned();
    }
    let k = rng.gen_range(1..clauses.len());
    // A head of a few characters (a connective) says nothing on its own.
    if rng.gen_bool(0.5) || clauses[..k].concat().chars().count() < 12 {
        clauses[k..].concat()
    } else {
        let head = clauses[..k].concat();
        let head = head.trim_end_matches('、');
        let close = CLOSES.choose(rng).expect("closes");
        format!("{head}{close}")
    }
}

/// A person's own way of writing borrowed words: spellings of their habit (下さい or
/// ください, 出来る or できる) and words of emphasis after commas. Two people who borrow
/// the same sentences still do not write the same text, as copies of one letter do.
fn own_words(rng: &mut impl Rng, parts: Vec<String>) -> Vec<String> {
    let mut habits: Vec<(&str, &str)> = Vec::new();
    for &(a, b) in SPELLINGS {
        if rng.gen_bool(0.7) {
            habits.push(if rng.gen_bool(0.5) { (a, b) } else { (b, a) });
        }
    }
    parts
        .into_iter()
        .map(|part| {
            let mut part = habits
                .iter()
                .fold(part, |p, (from, to)| p.replace(from, to));
            if part.contains('、') {
                let mut with_fillers = String::with_capacity(part.len() + 16);
                for c in part.chars() {
                    with_fillers.push(c);
                    if c == '、' && rng.gen_bool(0.3) {
                        with_fillers.push_str(FILLERS.choose(rng).expect("fillers"));
                    }
                }
                part = with_fillers;
            }
            part
        })
        .collect()
}

/// Spellings people choose between.
const SPELLINGS: &[(&str, &str)] = &[
    ("ください", "下さい"),
    ("できる", "出来る"),
    ("できない", "出来ない"),
    ("ため", "為"),
    ("こと", "事"),
    ("取組み", "取り組み"),
    ("様々", "さまざま"),
    ("分かり", "わかり"),
    ("いただ", "頂"),
    ("など", "等"),
    ("全て", "すべて"),
    ("子ども", "子供"),
    ("について", "に関して"),
    ("大切", "重要"),
    ("思います", "考えます"),
    ("必要", "大事"),
];

/// Words of emphasis people put after a comma.
const FILLERS: &[&str] = &[
    "やはり",
    "特に",
    "ぜひ",
    "もう少し",
    "できれば",
    "何より",
    "本当に",
    "少なくとも",
    "とにかく",
    "改めて",
];

/// A sentence of three clauses or more and over 60 characters.
fn is_long(s: &str) -> bool {
    s.matches('、').count() >= 2 && s.chars().count() > 60
}

/// How a person closes off the first clauses of a borrowed sentence.
const CLOSES: &[&str] = &[
    "。",
    "という点が気になります。",
    "と思います。",
    "、その点を重視してほしい。",
];

fn chars(parts: &[String]) -> usize {
    parts.iter().map(|p| p.chars().count()).sum()
}

/// Joins sentences and keeps the text within 20..=800 characters: drops whole sentences
/// from the end, cuts a last long one at a comma, pads a short one with a closing remark.
fn fit(mut parts: Vec<String>) -> String {
    while parts.len() > 1 && chars(&parts) > MAX_CHARS {
        parts.pop();
    }
    let mut text = parts.concat();
    if text.chars().count() > MAX_CHARS {
        let cut: String = text.chars().take(MAX_CHARS - 1).collect();
        let at = cut.rfind('、').unwrap_or(cut.len());
        text = format!("{}。", &cut[..at]);
    }
    if text.chars().count() < MIN_CHARS {
        text.push_str("ご検討をよろしくお願いいたします。");
    }
    text
}

fn switch_ending(rng: &mut impl Rng, s: &str) -> String {
    for group in ENDINGS {
        if let Some(end) = group.iter().find(|e| s.ends_with(**e)) {
            let other = group.choose(rng).expect("non-empty");
            return format!("{}{}", &s[..s.len() - end.len()], other);
        }
    }
    s.to_owned()
}

fn replace_numbers(rng: &mut impl Rng, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            if !in_number {
                out.push_str(&rng.gen_range(2..=300).to_string());
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// The edits senders make when they paste a form letter, dense in a short text yet no
/// change of what it says (as seen in real campaigns): one sentence per line, each with a
/// bullet 「・」 or without its 「。」; a 「、」 added after a particle; an intensifying adverb
/// dropped; a line break moved into a sentence.
fn sender_edits(rng: &mut impl Rng, s: &str) -> String {
    const ADVERBS: [&str; 6] = ["とても", "すごく", "ぜひ", "必ず", "強く", "早急に"];
    let mut text = s.to_owned();
    if rng.gen_bool(0.5)
        && let Some(adverb) = ADVERBS.iter().find(|a| text.contains(**a))
    {
        text = text.replacen(adverb, "", 1);
    }
    if rng.gen_bool(0.5) {
        // A 「、」 after a particle that does not already have one.
        let spots: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                matches!(c, 'は' | 'が' | 'を' | 'で')
                    && !text[i + c.len_utf8()..].starts_with('、')
            })
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        if let Some(&at) = spots.choose(rng) {
            text.insert(at, '、');
        }
    }
    if rng.gen_bool(0.6) {
        let bullet = rng.gen_bool(0.5);
        let keep_stop = rng.gen_bool(0.5);
        let mut lines: Vec<String> = text
            .split_inclusive('。')
            .map(|l| {
                let l = l.trim();
                let l = if keep_stop {
                    l
                } else {
                    l.trim_end_matches('。')
                };
                if bullet {
                    format!("・{l}")
                } else {
                    l.to_owned()
                }
            })
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() >= 2 && rng.gen_bool(0.3) {
            // A line break moved: the first 「、」 of a line becomes a break.
            let i = rng.gen_range(0..lines.len());
            if let Some(at) = lines[i].find('、') {
                let rest = lines[i][at + '、'.len_utf8()..].to_owned();
                lines[i].truncate(at + '、'.len_utf8());
                lines.insert(i + 1, rest);
            }
        }
        text = lines.join("\n");
    }
    text
}

/// One to three single-character slips: a letter dropped, doubled, or two swapped.
fn typos(rng: &mut impl Rng, s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    for _ in 0..rng.gen_range(1..=3) {
        if cs.len() < 4 {
            break;
        }
        let i = rng.gen_range(1..cs.len() - 1);
        match rng.gen_range(0..3) {
            0 => {
                cs.remove(i);
            }
            1 => cs.insert(i, cs[i]),
            _ => cs.swap(i, i + 1),
        }
    }
    cs.into_iter().collect()
}

/// Full-width latin and digits, or half-width katakana, as different keyboards and forms
/// produce them.
fn width_variant(rng: &mut impl Rng, s: &str) -> String {
    if rng.gen_bool(0.5) {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        // Katakana to half-width, the common cases (no voiced marks).
        const FULL: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンー";
        const HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｰ";
        s.chars()
            .map(|c| {
                FULL.chars()
                    .position(|f| f == c)
                    .and_then(|i| HALF.chars().nth(i))
                    .unwrap_or(c)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
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
