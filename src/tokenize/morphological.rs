//! The morphological tokenizer: lindera's Viterbi segmentation over IPADIC.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::dictionary::DetailFields;
use lindera_dictionary::viterbi::Lattice;
use serde::{Deserialize, Serialize};

use super::filter::{ContentWords, StopWords};
use super::{Token, Tokenizer};
use crate::dictionary::Dictionary;
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::Normalizer;

thread_local! {
    // The Viterbi lattice is scratch space sized to the longest sentence seen; keeping one
    // per thread saves an allocation per document, as lindera's own worker does.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Splits Japanese text into words with lindera and a dictionary (IPADIC by default).
///
/// By default it normalizes the text ([`Normalizer::default`]), keeps content words
/// ([`ContentWords::default`]) and drops [`StopWords::japanese`]; each kept token's
/// [`term`](Token::term) is its base form. With
/// [`keep_all_tokens`](MorphologicalTokenizerBuilder::keep_all_tokens) every token is
/// returned, particles and symbols included.
///
/// Cost: linear in the text (Viterbi over a lattice of dictionary matches); about as fast
/// as lindera's `Segmenter` itself, see `benches/tokenize.rs`. Cloning shares the
/// dictionary.
///
/// ```
/// use iken::{MorphologicalTokenizer, Tokenizer};
///
/// # fn main() -> iken::Result<()> {
/// let all = MorphologicalTokenizer::builder().keep_all_tokens(true).build()?;
/// let tokens = all.tokenize("意見を述べた")?;
/// let surfaces: Vec<_> = tokens.iter().map(|t| t.surface()).collect();
/// assert_eq!(surfaces, ["意見", "を", "述べ", "た"]);
/// assert_eq!(tokens[0].pos(), "名詞,サ変接続,*,*");
/// assert_eq!(tokens[2].base_form(), "述べる");
/// assert_eq!(tokens[0].reading(), Some("イケン"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MorphologicalTokenizer {
    segmenter: Segmenter,
    normalizer: Normalizer,
    /// `None` keeps every token.
    filter: Option<(ContentWords, StopWords)>,
    compounds: Compounds,
    origin: String,
    /// What the filter and the compound reader decided about each system-dictionary word
    /// met so far (shared by clones, which have the same filter).
    words: Arc<WordCache>,
}

/// What the filter and the compound reader decide about a system-dictionary word: a
/// function of the word alone (its surface, part of speech and base form), so it is worked
/// out the first time the word is met instead of at every token. Reading the feature fields
/// (UTF-8 checks of nine strings), the stop-word lookup and the character scans were as
/// much work per token as lindera's own lattice.
struct WordFacts {
    /// The four POS levels, the base form and the reading.
    fields: [Box<str>; 6],
    kept: bool,
    role: CompoundRole,
}

/// [`WordFacts`] by word id; `None` in a slot: the word's facts depend on more than the word
/// (no base form: the filter looks at the surface), worked out at every token.
struct WordCache {
    slots: Vec<OnceLock<Option<Box<WordFacts>>>>,
}

impl WordCache {
    fn for_segmenter(segmenter: &Segmenter) -> Arc<WordCache> {
        // The word index holds one little-endian u32 per word id.
        let words = segmenter.dictionary.prefix_dictionary.words_idx_data.len() / 4;
        Arc::new(WordCache {
            slots: (0..words).map(|_| OnceLock::new()).collect(),
        })
    }
}

impl std::fmt::Debug for MorphologicalTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MorphologicalTokenizer")
            .field("dictionary", &self.origin)
            .field("normalizer", &self.normalizer)
            .field("filter", &self.filter)
            .field("compounds", &self.compounds)
            .finish()
    }
}

/// Options of a [`MorphologicalTokenizer`].
#[derive(Debug, Clone, Default)]
pub struct MorphologicalTokenizerBuilder {
    dictionary: Option<Dictionary>,
    normalizer: Normalizer,
    content_words: ContentWords,
    stop_words: StopWords,
    keep_all: bool,
    compounds: Compounds,
}

impl MorphologicalTokenizer {
    /// Starts a builder with the defaults: IPADIC built into the binary, default
    /// normalization, content words without stop words.
    pub fn builder() -> MorphologicalTokenizerBuilder {
        MorphologicalTokenizerBuilder::default()
    }

    /// The normalizer applied before segmentation.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The same tokenizer (dictionary, normalization) keeping every token: what the
    /// dictionary sees before content words and stop words are chosen.
    pub fn keeping_all_tokens(mut self) -> Self {
        self.filter = None;
        // What was kept depended on the filter.
        self.words = WordCache::for_segmenter(&self.segmenter);
        self
    }

    /// Where the dictionary came from.
    pub fn dictionary_origin(&self) -> &str {
        &self.origin
    }
}

impl MorphologicalTokenizerBuilder {
    /// Uses this dictionary instead of the built-in IPADIC.
    pub fn dictionary(mut self, dictionary: Dictionary) -> Self {
        self.dictionary = Some(dictionary);
        self
    }

    /// Sets the normalization applied before segmentation.
    pub fn normalizer(mut self, normalizer: Normalizer) -> Self {
        self.normalizer = normalizer;
        self
    }

    /// Sets which parts of speech count as content words.
    pub fn content_words(mut self, content_words: ContentWords) -> Self {
        self.content_words = content_words;
        self
    }

    /// Sets the stop words (compared with base forms).
    pub fn stop_words(mut self, stop_words: StopWords) -> Self {
        self.stop_words = stop_words;
        self
    }

    /// Whether runs of nouns also count as one term. Default [`Compounds::Off`] (the
    /// analysis uses [`Compounds::WithParts`]); without effect when every token is kept.
    pub fn compounds(mut self, compounds: Compounds) -> Self {
        self.compounds = compounds;
        self
    }

    /// Keeps every token (no content-word filter, no stop words). Default: false.
    pub fn keep_all_tokens(mut self, yes: bool) -> Self {
        self.keep_all = yes;
        self
    }

    /// Builds the tokenizer, loading the built-in dictionary if none was given.
    ///
    /// # Errors
    /// [`ErrorKind::NoDictionary`] when no dictionary was given and none is built in.
    pub fn build(self) -> Result<MorphologicalTokenizer> {
        let dictionary = match self.dictionary {
            Some(d) => d,
            None => Dictionary::ipadic()?,
        };
        let origin = dictionary.origin().to_owned();
        // lindera drops characters of the dictionary's SPACE category, which in IPADIC
        // includes the letter Ð (U+00D0); keeping them and dropping real whitespace here
        // means no character of a comment is lost.
        let segmenter =
            Segmenter::new(Mode::Normal, dictionary.system, dictionary.user).keep_whitespace(true);
        Ok(MorphologicalTokenizer {
            words: WordCache::for_segmenter(&segmenter),
            segmenter,
            normalizer: self.normalizer,
            filter: (!self.keep_all).then_some((self.content_words, self.stop_words)),
            compounds: self.compounds,
            origin,
        })
    }
}

impl MorphologicalTokenizer {
    /// A token's feature fields, read straight from the dictionary (`Token::details` would
    /// allocate a vector per token): IPADIC has 9, only the first 8 are read.
    fn details_of<'d>(&'d self, token: &lindera::token::Token<'d>) -> Details<'d> {
        let id = token.word_id.id() as usize;
        let feature_fields = if token.word_id.is_unknown() {
            token.dictionary.unknown_word_details_iter(id)
        } else if token.word_id.is_system() {
            token.dictionary.word_details_iter(id)
        } else {
            match token.user_dictionary {
                Some(user) => user.word_details_iter(id),
                None => DetailFields::unk(),
            }
        };
        let mut fields = [""; 8];
        let mut n = 0;
        for (slot, value) in fields.iter_mut().zip(feature_fields) {
            *slot = value;
            n += 1;
        }
        Details::from_fields(&fields[..n])
    }

    /// Whether the filter keeps a token.
    fn kept(&self, surface: &str, details: &Details<'_>) -> bool {
        match &self.filter {
            Some((content, stop)) => keep(content, stop, surface, details),
            None => true,
        }
    }

    /// Segments already-normalized text, calling `emit(surface, start, end, fields)` for
    /// each kept token, where `fields` are the four POS levels, the base form and the
    /// reading (empty when the dictionary has none).
    fn segment_into<F>(&self, normalized: &str, mut emit: F) -> Result<()>
    where
        F: FnMut(&str, usize, usize, [&str; 6]),
    {
        LATTICE.with_borrow_mut(|lattice| {
            let tokens = self
                .segmenter
                .segment_with_lattice(Cow::Borrowed(normalized), lattice)
                .map_err(|e| {
                    Error::new(ErrorKind::Tokenize {
                        document: 0,
                        reason: e.to_string(),
                    })
                    .with_source(e)
                })?;
            let compounds = match &self.filter {
                Some(_) => self.compounds,
                None => Compounds::Off,
            };
            // With compounds, a document's tokens are read first and emitted run by run.
            let mut read: Vec<(usize, [&str; 6], bool, CompoundRole)> = Vec::new();
            for (i, token) in tokens.iter().enumerate() {
                if token.surface.chars().all(char::is_whitespace) {
                    if compounds != Compounds::Off {
                        read.push((i, [""; 6], false, CompoundRole::Breaks));
                    }
                    continue;
                }
                let id = token.word_id.id() as usize;
                let cached = (token.word_id.is_system() && !token.word_id.is_unknown())
                    .then(|| self.words.slots.get(id))
                    .flatten()
                    .and_then(|slot| {
                        slot.get_or_init(|| {
                            let details = self.details_of(token);
                            details.base_form.map(|_| {
                                Box::new(WordFacts {
                                    fields: details.as_fields().map(Box::from),
                                    kept: self.kept(&token.surface, &details),
                                    role: compound_role(&details, &token.surface),
                                })
                            })
                        })
                        .as_deref()
                    });
                let (fields, kept, role) = match cached {
                    Some(facts) => (
                        facts.fields.each_ref().map(|f| &**f),
                        facts.kept,
                        facts.role,
                    ),
                    None => {
                        let details = self.details_of(token);
                        let kept = self.kept(&token.surface, &details);
                        let role = if compounds == Compounds::Off {
                            CompoundRole::Breaks
                        } else {
                            compound_role(&details, &token.surface)
                        };
                        (details.as_fields(), kept, role)
                    }
                };
                if compounds == Compounds::Off {
                    if kept {
                        emit(&token.surface, token.byte_start, token.byte_end, fields);
                    }
                } else {
                    read.push((i, fields, kept, role));
                }
            }
            if compounds == Compounds::Off {
                return Ok(());
            }
            let stop = self.filter.as_ref().map(|(_, stop)| stop);
            for run in compound_runs(&read, |i| (tokens[i].byte_start, tokens[i].byte_end)) {
                let parts = &read[run.clone()];
                let (start, end) = (
                    tokens[parts[0].0].byte_start,
                    tokens[parts[parts.len() - 1].0].byte_end,
                );
                let compound = &normalized[start..end];
                let joined = parts.len() >= 2 && !stop.is_some_and(|s| s.contains(compound));
                if !(joined && compounds == Compounds::Only) {
                    for &(i, fields, kept, _) in parts {
                        if kept {
                            let t = &tokens[i];
                            emit(&t.surface, t.byte_start, t.byte_end, fields);
                        }
                    }
                }
                if joined {
                    emit(compound, start, end, COMPOUND_FIELDS);
                }
            }
            Ok(())
        })
    }
}

/// The part of speech given to a noun compound: IPADIC has no such tag.
pub(crate) const COMPOUND_FIELDS: [&str; 6] = ["名詞", "複合", "*", "*", "", ""];

/// Whether nouns written next to each other are also counted as one term, as KH Coder's
/// compound-word extraction does: 母子+手帳 → 母子手帳, デジタル+統括+室 → デジタル統括室.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Compounds {
    /// Words only, as the dictionary splits them.
    #[default]
    Off,
    /// Each compound as one more term after its parts (母子, 手帳, 母子手帳): opinions that
    /// share a part stay close, and the compound marks those that share the whole.
    WithParts,
    /// Each compound instead of its parts.
    Only,
}

/// What a token can be in a noun compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CompoundRole {
    /// A prefix (各, 全, 新): starts a run, never ends one.
    Prefix,
    /// A noun that names something (一般, サ変接続, 固有名詞, 形容動詞語幹, unknown words).
    Noun,
    /// A suffix (化, 室, 市, 的): continues a run, never starts one.
    Suffix,
    /// A number (5, 五): ends a run, and the noun right after it is its unit (５月, ３件).
    Number,
    /// Anything else: ends a run.
    Breaks,
}

fn compound_role(details: &Details<'_>, surface: &str) -> CompoundRole {
    if details.pos[0] == "名詞" && details.pos[1] == "数" || surface.chars().any(|c| c.is_numeric())
    {
        return CompoundRole::Number;
    }
    // IPADIC tags stray symbols such as "(" as nouns; a part without a letter joins nothing.
    if !surface.chars().any(char::is_alphabetic) {
        return CompoundRole::Breaks;
    }
    let kana_only = surface
        .chars()
        .all(|c| ('\u{3041}'..='\u{309F}').contains(&c));
    match (details.pos[0], details.pos[1], details.pos[2]) {
        ("UNK", ..) => CompoundRole::Noun,
        // Honorific お/ご/御 make a word polite, not a different thing (ご意見 is 意見).
        ("接頭詞", "名詞接続", _) if !matches!(surface, "お" | "ご" | "御") => {
            CompoundRole::Prefix
        }
        ("名詞", "一般" | "サ変接続" | "固有名詞" | "形容動詞語幹" | "ナイ形容詞語幹", _) => {
            CompoundRole::Noun
        }
        // Counters (件, 人) and titles (さん, 様) name no thing of their own, and neither do
        // the enumerating 等 or suffixes in hiragana (ならでは, ごと).
        ("名詞", "接尾", "一般" | "サ変接続" | "地域" | "形容動詞語幹")
            if !kana_only && surface != "等" =>
        {
            CompoundRole::Suffix
        }
        _ => CompoundRole::Breaks,
    }
}

/// The document's tokens cut into runs: each maximal sequence of adjacent tokens that
/// forms a noun compound (a prefix, nouns, then suffixes, at least one noun), and every
/// other token as a run of its own; in order, covering every token once.
fn compound_runs(
    read: &[(usize, [&str; 6], bool, CompoundRole)],
    span: impl Fn(usize) -> (usize, usize),
) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < read.len() {
        let mut j = i + 1;
        let mut nouns = usize::from(read[i].3 == CompoundRole::Noun);
        // The noun right after a number is its unit (2016年５月閣議決定: 月 belongs to ５).
        let after_number = i > 0
            && read[i - 1].3 == CompoundRole::Number
            && span(read[i - 1].0).1 == span(read[i].0).0;
        if after_number {
            nouns = 0;
        } else if matches!(read[i].3, CompoundRole::Prefix | CompoundRole::Noun) {
            while j < read.len() && span(read[j - 1].0).1 == span(read[j].0).0 {
                match read[j].3 {
                    CompoundRole::Noun if nouns > 0 || read[j - 1].3 == CompoundRole::Prefix => {
                        nouns += 1;
                    }
                    CompoundRole::Suffix if nouns > 0 => {}
                    _ => break,
                }
                j += 1;
            }
        }
        // A prefix with no noun after it stands alone.
        if nouns == 0 {
            j = i + 1;
        }
        runs.push(i..j);
        i = j;
    }
    runs
}

/// The IPADIC feature fields of one token, with the unknown-word case made explicit.
struct Details<'a> {
    pos: [&'a str; 4],
    base_form: Option<&'a str>,
    reading: Option<&'a str>,
}

impl<'a> Details<'a> {
    fn from_fields(fields: &[&'a str]) -> Self {
        let get = |i: usize| {
            fields
                .get(i)
                .copied()
                .filter(|v| *v != "*" && !v.is_empty())
        };
        if fields.len() < 4 {
            // lindera's "UNK" sentinel: a word with no entry and no feature row.
            return Details {
                pos: ["UNK", "*", "*", "*"],
                base_form: None,
                reading: None,
            };
        }
        Details {
            pos: [fields[0], fields[1], fields[2], fields[3]],
            base_form: get(6),
            reading: get(7),
        }
    }

    fn as_fields(&self) -> [&'a str; 6] {
        [
            self.pos[0],
            self.pos[1],
            self.pos[2],
            self.pos[3],
            self.base_form.unwrap_or(""),
            self.reading.unwrap_or(""),
        ]
    }
}

fn keep(content: &ContentWords, stop: &StopWords, surface: &str, details: &Details<'_>) -> bool {
    let term = details.base_form.unwrap_or(surface);
    // A term without a letter (a stray "-", "2022", "…") names no subject, whatever the
    // dictionary's guess at its part of speech; IPADIC tags unknown symbols as nouns.
    if stop.contains(term) || !term.chars().any(char::is_alphabetic) {
        return false;
    }
    if details.pos[0] == "UNK" {
        // A word with no entry and no feature row: most likely a new noun.
        return content.nouns;
    }
    content.accepts(details.pos[0], details.pos[1])
}

impl Tokenizer for MorphologicalTokenizer {
    fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        let normalized = self.normalizer.normalize(text);
        let mut out = Vec::new();
        // One scratch buffer for the joined part of speech, reused for every token.
        let mut pos = String::new();
        self.segment_into(&normalized, |surface, start, end, f| {
            pos.clear();
            for (i, level) in f[..4].iter().enumerate() {
                if i > 0 {
                    pos.push(',');
                }
                pos.push_str(level);
            }
            let base_form = if f[4].is_empty() { surface } else { f[4] };
            let reading = (!f[5].is_empty()).then_some(f[5]);
            out.push(Token::new(surface, base_form, &pos, reading, start, end));
        })?;
        Ok(out)
    }

    fn terms(&self, text: &str) -> Result<Vec<String>> {
        self.normalized_terms(&self.normalizer.normalize(text))
    }

    /// Terms never cross a sentence: a full stop is a token of its own, and noun
    /// compounds stop at it.
    fn sentence_normalizer(&self) -> Option<&Normalizer> {
        Some(&self.normalizer)
    }

    fn normalized_terms(&self, normalized: &str) -> Result<Vec<String>> {
        // Same as tokenize but allocates only the term: the hot path of vectorizing.
        let mut out = Vec::new();
        self.segment_into(normalized, |surface, _, _, f| {
            out.push(if f[4].is_empty() {
                surface.to_owned()
            } else {
                f[4].to_owned()
            });
        })?;
        Ok(out)
    }
}
