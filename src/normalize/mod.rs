//! Text normalization: the first stage after reading.
//!
//! Takes a comment as written and gives the form every later stage compares: Unicode NFKC
//! (so ＤＸ and DX, ５ and 5, ｶﾀｶﾅ and カタカナ are the same), control characters removed,
//! dashes and wave dashes folded, whitespace folded to single spaces, the spaces that PDF
//! extraction and casual typing leave between Japanese characters dropped, and optionally
//! latin letters lowercased.
//!
//! Normalization is idempotent: `n.normalize(&n.normalize(s)) == n.normalize(s)`.
//! The original text is never replaced; reports show what people wrote.
//!
//! Two more things every stage that compares text shares live here: the one sentence
//! splitter ([`split_sentences`], [`split_clauses`]), which copies, templates, reply classes
//! and the generator all cut with, and the comparison key (`comparison_key`: normalized,
//! whitespace removed), by which copies and template sentences are matched.
//!
//! ```
//! use iken::Normalizer;
//!
//! let n = Normalizer::default();
//! assert_eq!(n.normalize("ＤＸ戦略の　推進（２０２２年）"), "DX戦略の推進(2022年)");
//! ```

mod sentences;

use serde::{Deserialize, Serialize};
use unicode_normalization::{UnicodeNormalization, is_nfkc};

pub use sentences::{Sentence, split_clauses, split_sentences};

/// Options of the [`Normalizer`]; the defaults suit Japanese comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Normalizer {
    /// Apply Unicode NFKC (full-width latin and digits to ASCII, half-width katakana to
    /// full-width, ① to 1, …). Default: true.
    pub nfkc: bool,
    /// Lowercase latin letters A–Z (after NFKC, so Ａ too). Default: false, so that
    /// keywords read as written (DX, AI); turn it on when case varies in the input.
    pub lowercase: bool,
    /// Fold runs of whitespace (including newlines and the ideographic space) into one
    /// ASCII space and trim both ends. Default: true.
    pub fold_whitespace: bool,
    /// Drop a space that stands between two Japanese characters (kana, kanji, Japanese
    /// punctuation), as in 「情報 過多」: such spaces are layout, not word boundaries,
    /// and they would split words for the tokenizer and shingles. Spaces between latin
    /// words stay. Default: true.
    pub join_japanese: bool,
    /// Fold the many dashes (‐ – — ― −) to `-` and the wave dash 〜 to `~` (which is
    /// what NFKC makes of ～). The long-vowel mark ー is not touched. Default: true.
    pub fold_dashes: bool,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer {
            nfkc: true,
            lowercase: false,
            fold_whitespace: true,
            join_japanese: true,
            fold_dashes: true,
        }
    }
}

impl Normalizer {
    /// A normalizer that only removes control and invisible format characters: for callers
    /// that normalize elsewhere.
    pub fn none() -> Self {
        Normalizer {
            nfkc: false,
            lowercase: false,
            fold_whitespace: false,
            join_japanese: false,
            fold_dashes: false,
        }
    }

    /// Sets [`lowercase`](Self::lowercase).
    pub fn lowercase(mut self, yes: bool) -> Self {
        self.lowercase = yes;
        self
    }

    /// Normalizes `text`. Never fails: every `&str` has a normal form.
    ///
    /// Cost: linear in the length of `text`, one or two allocations.
    pub fn normalize(&self, text: &str) -> String {
        let (mut out, all_alone) = self.normalize_pass(text);
        // Removing a control character or a space can bring a base character next to a
        // combining mark (か + U+3099), which NFKC would then compose; a second pass makes
        // the result a fixed point. It is rare; a text of characters that stand alone is
        // normal without the full check.
        if self.nfkc && !all_alone && !is_nfkc(&out) {
            out = self.normalize_once(&out);
        }
        out
    }

    fn normalize_once(&self, text: &str) -> String {
        self.normalize_pass(text).0
    }

    /// One pass, and whether every character it wrote stands alone under NFKC.
    fn normalize_pass(&self, text: &str) -> (String, bool) {
        let mut out = Folder {
            out: String::with_capacity(text.len()),
            pending_space: false,
            params: self,
            all_alone: true,
        };
        if !self.nfkc {
            cleaned(text).for_each(|c| out.push(c));
            return (out.out, out.all_alone);
        }
        // Runs of characters that no step changes (kana, kanji, most punctuation and ASCII)
        // are copied whole; the characters between them go one at a time through NFKC and
        // the folds. The last of a run waits: a combining mark after it would compose.
        let mut piece = Piece::default();
        let mut rest = text;
        while !rest.is_empty() {
            let run = rest
                .char_indices()
                .find(|&(_, c)| !self.unchanged(c))
                .map_or(rest.len(), |(i, _)| i);
            if run > 0 {
                piece.flush(&mut |c| out.push(c));
                let mut chars = rest[..run].char_indices();
                let (_, head) = chars.next().expect("a run has a character");
                let (last_at, last) = rest[..run].char_indices().next_back().expect("non-empty");
                if last_at > 0 {
                    // The first goes through the folds (a space before it may be joined);
                    // after it no space is pending, so the middle is copied as it is.
                    out.push(head);
                    out.out.push_str(&rest[head.len_utf8()..last_at]);
                }
                piece.first = Some(last);
                rest = &rest[run..];
            } else {
                let c = rest.chars().next().expect("not empty");
                rest = &rest[c.len_utf8()..];
                if kept(c) {
                    piece.feed(c, &mut |c| out.push(c));
                }
            }
        }
        piece.flush(&mut |c| out.push(c));
        (out.out, out.all_alone)
    }

    /// Whether normalizing leaves `c` as it is whatever its neighbours: it stands alone
    /// under NFKC and no fold touches it.
    fn unchanged(&self, c: char) -> bool {
        stands_alone(c) && c != ' ' && !(self.lowercase && c.is_ascii_uppercase())
    }
}

/// Control characters go first, before NFKC, so that NFKC sees final neighbours. Tabs and
/// line breaks are whitespace, left to whitespace folding.
fn kept(c: char) -> bool {
    c.is_whitespace() || !(c.is_control() || is_invisible_format(c))
}

fn cleaned(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|&c| kept(c))
}

/// The piece [`nfkc_into`] gathers: NFKC of a text is the NFKC of its pieces when each
/// begins with a character that stands alone.
#[derive(Default)]
struct Piece {
    /// Its first character.
    first: Option<char>,
    /// The rest, when there is any.
    rest: String,
}

impl Piece {
    fn feed(&mut self, c: char, push: &mut dyn FnMut(char)) {
        if stands_alone(c) {
            self.flush(push);
            self.first = Some(c);
        } else {
            self.rest.push(c);
        }
    }

    fn flush(&mut self, push: &mut dyn FnMut(char)) {
        match self.first.take() {
            Some(f) if self.rest.is_empty() && stands_alone(f) => push(f),
            Some(f) => std::iter::once(f)
                .chain(self.rest.chars())
                .nfkc()
                .for_each(push),
            // Nothing yet, or characters before the first that stands alone.
            None => self.rest.chars().nfkc().for_each(push),
        }
        self.rest.clear();
    }
}

/// NFKC of `chars`, given to `push` one character at a time. Most characters of Japanese
/// text are their own normal form and stand alone ([`stands_alone`]); NFKC of a text is the
/// NFKC of its pieces when each piece begins with such a character, so pieces of one such
/// character pass straight through and only the pieces with others (full-width letters,
/// half-width kana, a letter and its combining mark) go through the decomposition and
/// composition tables. Normalization runs on every comment several times over; this halves
/// its cost.
#[cfg(test)]
fn nfkc_into(chars: impl Iterator<Item = char>, mut push: impl FnMut(char)) {
    let mut piece = Piece::default();
    for c in chars {
        piece.feed(c, &mut push);
    }
    piece.flush(&mut push);
}

/// Characters that are their own NFKC form, have combining class 0 and are never the
/// second of a composed pair: ASCII letters, digits and punctuation, hiragana, katakana,
/// the CJK ideographs and the common Japanese punctuation. A text can be cut before any of
/// them without changing its normal form.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{3001}'..='\u{3002}'  // 、。
        | '\u{3005}'                // 々
        | '\u{3008}'..='\u{3011}'  // 〈〉《》「」『』【】
        | '\u{3041}'..='\u{3096}'  // hiragana (not the combining marks U+3099, U+309A)
        | '\u{30A1}'..='\u{30FA}'  // katakana
        | '\u{30FB}'..='\u{30FC}'  // ・ー
        | '\u{4E00}'..='\u{9FFF}') // CJK unified ideographs
}

/// The per-character steps after NFKC, with the whitespace-folding state.
struct Folder<'a> {
    out: String,
    /// Whitespace seen since the last character pushed.
    pending_space: bool,
    params: &'a Normalizer,
    /// Whether every character written stands alone (runs copied whole do).
    all_alone: bool,
}

impl Folder<'_> {
    fn push(&mut self, mut c: char) {
        let p = self.params;
        if p.fold_dashes {
            c = fold_dash(c);
        }
        if p.lowercase {
            c.make_ascii_lowercase();
        }
        if !p.fold_whitespace {
            self.all_alone &= stands_alone(c);
            self.out.push(c);
            return;
        }
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        // What is written: `c`, and perhaps a space before it, which stands alone.
        self.all_alone &= stands_alone(c);
        if self.pending_space && !self.out.is_empty() {
            let joins = p.join_japanese
                && self.out.chars().next_back().is_some_and(is_japanese)
                && is_japanese(c);
            if !joins {
                self.out.push(' ');
            }
        }
        self.pending_space = false;
        self.out.push(c);
    }
}

/// Zero-width and bidi format characters that copy-paste leaves in text.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn fold_dash(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{301C}' | '\u{FF5E}' => '~',
        _ => c,
    }
}

/// Japanese letters and punctuation between which a space is layout. Combining marks
/// (U+3099, U+309A) are left out on purpose: dropping a space before one would let it
/// compose with the previous letter and change the text's meaning.
pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'     // CJK punctuation: 、。「」『』〜
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309D}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FF}'   // katakana, ・, ー
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' // full-width punctuation left by NFKC off
        | '\u{20000}'..='\u{2FFFF}')
}

/// The form compared for duplicates: normalized, with every whitespace character removed,
/// so that copies differing only in spacing or line breaks are identical.
pub(crate) fn comparison_key(normalizer: &Normalizer, text: &str) -> String {
    let normalized = normalizer.normalize(text);
    if normalized.contains(char::is_whitespace) {
        normalized.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        normalized
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let n = Normalizer::default();
        let cases = [
            ("ＤＸ", "DX"),
            ("ｶﾀｶﾅ", "カタカナ"),
            ("２０２２年", "2022年"),
            ("  前後の\n\n空白  ", "前後の空白"),
            ("re- design", "re- design"),
            ("情報 過多", "情報過多"),
            ("AI と DX", "AI と DX"),
            ("Re-Design の推進", "Re-Design の推進"),
            ("smart city", "smart city"),
            ("ＤＸ戦略　―　VALUE ０１", "DX戦略 - VALUE 01"),
            ("〜まで", "~まで"),
            ("ーー", "ーー"),
            ("a\u{0}b\u{7}c", "abc"),
            ("ゼロ\u{200B}幅", "ゼロ幅"),
            ("", ""),
            ("   ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(n.normalize(input), want, "input {input:?}");
        }
    }

    #[test]
    fn lowercase_only_when_asked() {
        assert_eq!(Normalizer::default().normalize("ＤＸ"), "DX");
        assert_eq!(
            Normalizer::default().lowercase(true).normalize("ＤＸ"),
            "dx"
        );
    }

    /// The piecewise NFKC against the unicode-normalization crate's on whole strings.
    #[test]
    fn piecewise_nfkc_is_nfkc() {
        use proptest::prelude::*;
        let alphabet = prop::sample::select(vec![
            'a', 'Z', '1', ' ', '-', 'か', 'ガ', 'ｶ', 'ﾞ', 'ﾟ', '\u{3099}', '\u{309A}', '\u{309B}',
            'Ａ', '１', '（', '）', '①', '㍻', '。', '、', '「', '・', 'ー', '漢', '々',
            '\u{F900}', 'é', 'e', '\u{0301}', '\u{0323}', '가', '\u{11A8}', '\u{1100}', '\u{1161}',
            'ﬁ', '\u{3000}',
        ]);
        proptest!(|(chars in prop::collection::vec(alphabet, 0..24))| {
            let text: String = chars.into_iter().collect();
            let mut ours = String::new();
            nfkc_into(text.chars(), |c| ours.push(c));
            let reference: String = text.nfkc().collect();
            prop_assert_eq!(ours, reference);
        });
    }

    /// The per-character path the runs of unchanged characters skip: every character
    /// through NFKC and the folds.
    fn normalize_char_by_char(n: &Normalizer, text: &str) -> String {
        let mut out = Folder {
            out: String::new(),
            pending_space: false,
            params: n,
            all_alone: true,
        };
        if n.nfkc {
            nfkc_into(cleaned(text), |c| out.push(c));
        } else {
            cleaned(text).for_each(|c| out.push(c));
        }
        out.out
    }

    #[test]
    fn copying_runs_whole_is_normalizing_char_by_char() {
        use proptest::prelude::*;
        let alphabet = prop::sample::select(vec![
            'a', 'Z', '1', ' ', '-', '\n', '\t', '\u{1}', '\u{200B}', 'か', 'ガ', 'ｶ', 'ﾞ',
            '\u{3099}', 'Ａ', '（', '①', '。', '、', '「', '・', 'ー', '漢', '々', '〜', '～',
            '\u{2212}', 'é', '\u{0301}', '\u{3000}', 'ﬁ',
        ]);
        proptest!(|(chars in prop::collection::vec(alphabet, 0..32), options in 0u8..32)| {
            let text: String = chars.into_iter().collect();
            let n = Normalizer {
                nfkc: options & 1 != 0,
                lowercase: options & 2 != 0,
                fold_whitespace: options & 4 != 0,
                join_japanese: options & 8 != 0,
                fold_dashes: options & 16 != 0,
            };
            prop_assert_eq!(n.normalize_once(&text), normalize_char_by_char(&n, &text));
        });
    }

    #[test]
    fn removed_control_character_does_not_break_idempotence() {
        let n = Normalizer::default();
        let once = n.normalize("か\u{1}\u{3099}");
        assert_eq!(n.normalize(&once), once);
    }
}
