//! Shingles: a text as the set of its overlapping character n-grams, hashed.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::normalize::Normalizer;
use crate::tokenize::char_grams;

/// The form compared for copies: [`key`] with what people change when they paste a letter
/// folded away: list markers at line starts (・ ● ○ ◆ ※ ＊ - ①–⑳ 1. (1)), commas and middle
/// dots, a sentence-final copula (です, である, だ), and whether a sentence or line ends in
/// a full stop (each ends in one, except a line that ends in a comma: the sentence goes on).
/// So a copy with a bullet added at each line, 「です」 after every line, a comma inserted or
/// a line broken after a comma is the same text. Other punctuation stays: folding it too
/// cost recall on the generated consultations (10k: 0.989 → 0.982). The text shown is never
/// this key.
pub(crate) fn copy_key(normalizer: &Normalizer, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start();
        // ① … ⑳ and ❶ … become digits under NFKC: drop the marker before that.
        let line = match line.chars().next() {
            Some(c)
                if ('\u{2460}'..='\u{2473}').contains(&c)
                    || ('\u{2776}'..='\u{277F}').contains(&c) =>
            {
                &line[c.len_utf8()..]
            }
            _ => line,
        };
        let normalized = normalizer.normalize(line);
        let body = strip_marker(&normalized);
        for piece in body.split_inclusive(['。', '!', '?', '.']) {
            // A line that ends in a comma breaks a sentence, it does not end one.
            let continues = piece.trim_end().ends_with(['、', ',']);
            let piece = piece.trim_end_matches(|c: char| {
                is_copy_punctuation(c) || c.is_whitespace() || matches!(c, '。' | '!' | '?' | '.')
            });
            let piece = ["である", "です", "だ"]
                .iter()
                .find_map(|c| piece.strip_suffix(c))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(piece);
            out.extend(
                piece
                    .chars()
                    .filter(|&c| !is_copy_punctuation(c) && !c.is_whitespace()),
            );
            // Every sentence and line ends in one full stop, written or not.
            if !piece.is_empty() && !continues {
                out.push('。');
            }
        }
    }
    out
}

/// Punctuation that copying changes freely: commas and the middle dot.
fn is_copy_punctuation(c: char) -> bool {
    matches!(c, '、' | ',' | '・')
}

/// A line without its list marker: ・ ● ○ ◆ ◇ ■ □ ※ * - or 1. 1) (1) at its start.
fn strip_marker(line: &str) -> &str {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix([
        '・', '●', '○', '◆', '◇', '■', '□', '※', '*', '-', '◎', '★', '☆',
    ]) {
        return rest.trim_start();
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &line[digits..];
        // 3.5% is a number, not a marker.
        if let Some(r) = rest.strip_prefix(['.', ')'])
            && !r.starts_with(|c: char| c.is_ascii_digit())
        {
            return r.trim_start();
        }
    }
    if let Some(inner) = line.strip_prefix('(') {
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits <= 2 && inner[digits..].starts_with(')') {
            return inner[digits + 1..].trim_start();
        }
    }
    line
}

/// A 64-bit hash with well-mixed bits (FxHash, then the SplitMix64 finalizer: FxHash
/// alone leaves the low bits weak). Fixed across runs and machines.
pub(crate) fn hash64(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    mix(h.finish())
}

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The distinct hashed `n`-character shingles of `key`, sorted: the upper 32 bits of each
/// shingle's [`hash64`], which both MinHash and the verification of pairs use. A text
/// shorter than `n` characters is one shingle (itself); an empty text has none.
pub(crate) fn shingles(key: &str, n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(key.len() / 3);
    char_grams(key, n, |gram, _, _| {
        out.push((hash64(gram.as_bytes()) >> 32) as u32)
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// |A ∩ B| of two sorted lists; with repeated items, as multisets.
///
/// Branch-free: each step advances past the smaller head (both when equal) by arithmetic on
/// the comparison, so the loop does not stall on mispredicted branches; verification
/// spends most of its time here.
pub(crate) fn intersection<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted sets (1 for two empty sets).
pub(crate) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    jaccard_at_least(a, b, 0.0)
}

/// [`jaccard`], or 0 without comparing the sets when their sizes alone keep it below `bar`
/// (|A ∩ B| ≤ min(|A|, |B|), so J ≤ min / max).
pub(crate) fn jaccard_at_least(a: &[u32], b: &[u32], bar: f64) -> f64 {
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    if large > 0 && (small as f64) < bar * large as f64 {
        return 0.0;
    }
    let both = intersection(a, b);
    let union = a.len() + b.len() - both;
    if union == 0 {
        1.0
    } else {
        both as f64 / union as f64
    }
}

/// Containment |A ∩ B| / min(|A|, |B|): how much of the shorter text is in the longer.
pub(crate) fn containment(a: &[u32], b: &[u32]) -> f64 {
    shared_over(a, b, a.len().min(b.len()))
}

/// |A ∩ B| / max(|A|, |B|): the share of each text found in the other, the smaller.
pub(crate) fn mutual(a: &[u32], b: &[u32]) -> f64 {
    shared_over(a, b, a.len().max(b.len()))
}

fn shared_over(a: &[u32], b: &[u32], size: usize) -> f64 {
    if size == 0 {
        0.0
    } else {
        intersection(a, b) as f64 / size as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::comparison_key;

    #[test]
    fn shingles_of_short_and_long_texts() {
        assert!(shingles("", 5).is_empty());
        assert_eq!(shingles("あいう", 5).len(), 1);
        assert_eq!(shingles("あいうえお", 5).len(), 1);
        assert_eq!(shingles("あいうえおか", 5).len(), 2);
        // Repeated n-grams count once.
        assert_eq!(shingles("ああああああああ", 5).len(), 1);
    }

    #[test]
    fn set_measures() {
        let (a, b) = ([1, 2, 3, 4], [3, 4, 5]);
        assert_eq!(intersection(&a, &b), 2);
        assert!((jaccard(&a, &b) - 2.0 / 5.0).abs() < 1e-12);
        assert!((containment(&a, &b) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(containment(&[], &a), 0.0);
        assert!((mutual(&a, &b) - 2.0 / 4.0).abs() < 1e-12);
        assert_eq!(mutual(&[], &[]), 0.0);
    }

    #[test]
    fn keys_ignore_spacing_and_width() {
        let n = Normalizer::default();
        assert_eq!(
            comparison_key(&n, "ＤＸ 戦略の\n推進 に 賛成"),
            comparison_key(&n, "DX戦略の推進に賛成")
        );
    }

    #[test]
    fn copy_keys_fold_what_pasting_changes() {
        let n = Normalizer::default();
        let letter = copy_key(&n, "窓口を残してください。職員を減らさないでください。");
        // One line per sentence, bulleted, without full stops.
        assert_eq!(
            copy_key(&n, "・窓口を残してください\n・職員を減らさないでください"),
            letter
        );
        // A line broken after a comma continues its sentence.
        assert_eq!(
            copy_key(&n, "窓口を、\n残してください。職員を減らさないでください。"),
            letter
        );
        // A line broken without a comma is a sentence of its own: not folded.
        assert_ne!(
            copy_key(&n, "窓口を\n残してください。職員を減らさないでください。"),
            letter
        );
    }
}
