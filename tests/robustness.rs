//! Bad input never panics and never silently loses text; invariants hold for any input.

use iken::{CharNgrams, MorphologicalTokenizer, Normalizer, Tokenizer, tokenize_all};
use proptest::prelude::*;
use std::sync::OnceLock;

fn content() -> &'static MorphologicalTokenizer {
    static T: OnceLock<MorphologicalTokenizer> = OnceLock::new();
    T.get_or_init(|| MorphologicalTokenizer::builder().build().unwrap())
}

fn every_token() -> &'static MorphologicalTokenizer {
    static T: OnceLock<MorphologicalTokenizer> = OnceLock::new();
    T.get_or_init(|| {
        MorphologicalTokenizer::builder()
            .keep_all_tokens(true)
            .build()
            .unwrap()
    })
}

#[test]
fn empty_and_blank_text_give_no_tokens() {
    for text in ["", " ", "\n\n\t", "\u{3000}\u{3000}"] {
        assert_eq!(content().tokenize(text).unwrap(), vec![], "{text:?}");
        assert_eq!(every_token().tokenize(text).unwrap(), vec![], "{text:?}");
        assert_eq!(CharNgrams::new(5).unwrap().tokenize(text).unwrap(), vec![]);
    }
}

#[test]
fn symbols_only_give_no_content_words() {
    for text in ["。、！？", "・・・", "-----", "(^_^)", "※※※", "12345"] {
        assert_eq!(
            content().terms(text).unwrap(),
            Vec::<String>::new(),
            "{text:?}"
        );
        // Every character is still accounted for when all tokens are kept.
        let normalized = Normalizer::default().normalize(text);
        let covered: String = every_token()
            .tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.surface().to_owned())
            .collect();
        assert_eq!(covered, normalized.replace(' ', ""), "{text:?}");
    }
}

#[test]
fn control_characters_and_nul_are_dropped_not_fatal() {
    let text = "計画\u{0}募集\u{7}について\u{1b}[31m";
    let terms = content().terms(text).unwrap();
    // The escape sequence's letters stay (IPADIC reads "31m" as 31 + m); the controls go.
    assert_eq!(terms, ["計画", "募集", "m"]);
    for token in every_token().tokenize(text).unwrap() {
        assert!(!token.surface().chars().any(char::is_control), "{token:?}");
    }
}

#[test]
fn a_five_megabyte_comment_is_tokenized_whole() {
    let sentence = "市民の声を施策に反映してほしい。";
    let n = 5 * 1024 * 1024 / sentence.len();
    let text = sentence.repeat(n);
    assert!(text.len() >= 5_000_000);
    let tokens = every_token().tokenize(&text).unwrap();
    // Nothing lost: the tokens cover the text exactly.
    let total: usize = tokens.iter().map(|t| t.end() - t.start()).sum();
    assert_eq!(total, text.len());
    let terms = content().terms(&text).unwrap();
    assert_eq!(terms.len(), n * 4, "市民 声 施策 反映 per sentence");

    // And a long run with no sentence end at all.
    let run = "あ".repeat(2_000_000);
    let tokens = every_token().tokenize(&run).unwrap();
    assert_eq!(
        tokens.iter().map(|t| t.end() - t.start()).sum::<usize>(),
        run.len()
    );
}

#[test]
fn batch_error_free_on_mixed_bad_input() {
    let texts = ["", "\u{0}", "正常な計画です。", "   ", "🙂🙂🙂", "ｱｲｳ"];
    let out = tokenize_all(content(), &texts).unwrap();
    assert_eq!(out.len(), texts.len());
    assert_eq!(
        out[2].iter().map(|t| t.term()).collect::<Vec<_>>(),
        ["正常", "計画"]
    );
}

/// Text drawn from the characters comments are made of, plus some that cause trouble.
fn comment_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        4 => prop::char::range('\u{3041}', '\u{3096}'),
        3 => prop::char::range('\u{30A1}', '\u{30FC}'),
        3 => prop::char::range('\u{4E00}', '\u{4FFF}'),
        2 => prop::char::range('A', 'z'),
        1 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        1 => prop::char::range('\u{FF61}', '\u{FF9F}'),
        1 => prop::sample::select(vec![' ', '\u{3000}', '\n', '\t', '。', '、', '「', '」', '\u{0}', '\u{3099}', '\u{309B}', '\u{301C}', '\u{2015}', '\u{200B}', '\u{301}', 'é', '①', '㈱']),
        1 => any::<char>(),
    ];
    prop::collection::vec(chars, 0..80).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn normalization_is_idempotent(text in comment_text()) {
        for n in [Normalizer::default(), Normalizer::default().lowercase(true), Normalizer::none()] {
            let once = n.normalize(&text);
            prop_assert_eq!(n.normalize(&once), once.clone());
        }
    }

    #[test]
    fn tokens_are_slices_of_the_normalized_text(text in comment_text()) {
        let normalized = Normalizer::default().normalize(&text);
        let tokens = every_token().tokenize(&text).unwrap();
        let mut last_end = 0;
        for t in &tokens {
            prop_assert!(t.start() >= last_end && t.end() > t.start());
            prop_assert_eq!(&normalized[t.start()..t.end()], t.surface());
            last_end = t.end();
        }
        // Only whitespace is left uncovered.
        let covered: usize = tokens.iter().map(|t| t.end() - t.start()).sum();
        let spaces = normalized.chars().filter(|c| c.is_whitespace()).map(char::len_utf8).sum::<usize>();
        prop_assert_eq!(covered + spaces, normalized.len());
        // Content words are a subsequence of all tokens.
        let content_terms = content().terms(&text).unwrap();
        let all_terms: Vec<&str> = tokens.iter().map(|t| t.term()).collect();
        let mut it = all_terms.iter();
        for term in &content_terms {
            prop_assert!(it.any(|t| t == term), "{} not among all tokens", term);
        }
    }

    #[test]
    fn char_ngrams_cover_the_text(text in comment_text(), n in 1usize..7) {
        let grams = CharNgrams::new(n).unwrap().terms(&text).unwrap();
        let normalized = Normalizer::default().normalize(&text);
        let len = normalized.chars().count();
        let expected = if len == 0 { 0 } else if len < n { 1 } else { len - n + 1 };
        prop_assert_eq!(grams.len(), expected);
        if len >= n && len > 0 {
            // The first character of every gram, then the rest of the last gram, is the text.
            let mut rebuilt: String = grams.iter().map(|g| g.chars().next().unwrap()).collect();
            rebuilt.extend(grams.last().unwrap().chars().skip(1));
            prop_assert_eq!(rebuilt, normalized);
        }
    }
}
