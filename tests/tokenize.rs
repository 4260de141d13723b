//! Tokenization as a user relies on it: exact tokens for known sentences, agreement with
//! MeCab on the bundled corpus, user dictionaries, parallel order.

mod common;

use iken::{
    CharNgrams, Compounds, Dictionary, MorphologicalTokenizer, Normalizer, StopWords, Tokenizer,
    terms_all, tokenize_all,
};

fn content() -> MorphologicalTokenizer {
    MorphologicalTokenizer::builder().build().unwrap()
}

fn every_token() -> MorphologicalTokenizer {
    MorphologicalTokenizer::builder()
        .keep_all_tokens(true)
        .build()
        .unwrap()
}

#[test]
fn boilerplate_reply_gives_its_content_words() {
    let terms = content()
        .terms("いただいたご意見については、今後の施策の参考とさせていただきます。")
        .unwrap();
    // 意見 is the speech act of every comment, a default stop word.
    assert_eq!(terms, ["今後", "施策", "参考"]);
}

#[test]
fn noun_compounds_as_one_term() {
    let with_parts = MorphologicalTokenizer::builder()
        .compounds(Compounds::WithParts)
        .build()
        .unwrap();
    let only = MorphologicalTokenizer::builder()
        .compounds(Compounds::Only)
        .build()
        .unwrap();
    let text = "母子手帳をアプリにしてほしい。";
    assert_eq!(content().terms(text).unwrap(), ["母子", "手帳", "アプリ"]);
    assert_eq!(
        with_parts.terms(text).unwrap(),
        ["母子", "手帳", "母子手帳", "アプリ"]
    );
    assert_eq!(only.terms(text).unwrap(), ["母子手帳", "アプリ"]);
    // A suffix (室) ends the compound but is no term of its own.
    assert_eq!(
        only.terms("デジタル統括室の体制").unwrap(),
        ["デジタル統括室", "体制"]
    );
    // Honorific ご, the enumerating 等, symbols and a space join nothing.
    assert_eq!(only.terms("ご提言").unwrap(), ["提言"]);
    assert_eq!(only.terms("受給率等の課題").unwrap(), ["受給率", "課題"]);
    assert_eq!(only.terms("ペルソナ(誰に").unwrap(), ["ペルソナ"]);
    assert_eq!(only.terms("DX 戦略").unwrap(), ["DX", "戦略"]);
    assert_eq!(only.terms("DX戦略").unwrap(), ["DX戦略"]);
    // Every token kept: no compounds.
    let all = MorphologicalTokenizer::builder()
        .keep_all_tokens(true)
        .compounds(Compounds::Only)
        .build()
        .unwrap();
    assert_eq!(all.tokenize("母子手帳").unwrap().len(), 2);
    // Tokens of a compound span its parts, with their own part of speech.
    let tokens = with_parts.tokenize("母子手帳").unwrap();
    let last = tokens.last().unwrap();
    assert_eq!(
        (last.surface(), last.start(), last.end()),
        ("母子手帳", 0, 12)
    );
    assert_eq!(last.pos(), "名詞,複合,*,*");
}

#[test]
fn known_sentence_every_token() {
    let tokens = every_token()
        .tokenize("母子手帳のアプリ化を進めてください。")
        .unwrap();
    let got: Vec<(&str, &str, &str)> = tokens
        .iter()
        .map(|t| (t.surface(), t.base_form(), t.pos()))
        .collect();
    assert_eq!(
        got,
        [
            ("母子", "母子", "名詞,一般,*,*"),
            ("手帳", "手帳", "名詞,一般,*,*"),
            ("の", "の", "助詞,連体化,*,*"),
            ("アプリ", "アプリ", "名詞,一般,*,*"),
            ("化", "化", "名詞,接尾,サ変接続,*"),
            ("を", "を", "助詞,格助詞,一般,*"),
            ("進め", "進める", "動詞,自立,*,*"),
            ("て", "て", "助詞,接続助詞,*,*"),
            ("ください", "くださる", "動詞,非自立,*,*"),
            ("。", "。", "記号,句点,*,*"),
        ]
    );
    assert_eq!(tokens[1].reading(), Some("テチョウ"));
    assert_eq!(tokens[6].pos_major(), "動詞");
}

#[test]
fn verbs_and_adjectives_by_base_form() {
    let terms = content()
        .terms("窓口の手続きが分かりにくく、待ち時間が長かった。")
        .unwrap();
    assert_eq!(
        terms,
        // にくい is 形容詞,非自立: an auxiliary, not a content word.
        ["窓口", "手続き", "分かる", "待ち時間", "長い"]
    );
}

#[test]
fn full_width_and_half_width_are_one_token() {
    let t = content();
    assert_eq!(t.terms("ＤＸ").unwrap(), t.terms("DX").unwrap());
    assert_eq!(t.terms("ＤＸ").unwrap(), ["DX"]);
    assert_eq!(t.terms("ﾃﾞｼﾞﾀﾙ").unwrap(), ["デジタル"]);
}

#[test]
fn offsets_point_into_the_normalized_text() {
    let text = "ＤＸの推進に向けた　具体的な取組について";
    let normalized = Normalizer::default().normalize(text);
    for token in every_token().tokenize(text).unwrap() {
        assert_eq!(&normalized[token.start()..token.end()], token.surface());
    }
}

#[test]
fn stop_words_are_configurable() {
    let text = "ご意見を参考にしたいと思います。";
    assert_eq!(content().terms(text).unwrap(), ["参考"]);
    let keep_omou = MorphologicalTokenizer::builder()
        .stop_words(
            StopWords::japanese()
                .without(["思う", "意見"])
                .with(["参考"]),
        )
        .build()
        .unwrap();
    assert_eq!(keep_omou.terms(text).unwrap(), ["意見", "思う"]);
}

#[test]
fn user_dictionary_keeps_domain_terms_whole() {
    let text = "デジタル統括室がワンスオンリーを進める";
    assert_eq!(
        content().terms(text).unwrap(),
        ["デジタル", "統括", "ワンスオンリー", "進める"]
    );
    let dictionary = Dictionary::ipadic()
        .unwrap()
        .with_user_csv(
            "デジタル統括室,名詞,デジタルトウカツシツ\nワンスオンリー,名詞,ワンスオンリー\n",
        )
        .unwrap();
    let with_user = MorphologicalTokenizer::builder()
        .dictionary(dictionary)
        .build()
        .unwrap();
    let tokens = with_user.tokenize(text).unwrap();
    let terms: Vec<&str> = tokens.iter().map(|t| t.term()).collect();
    assert_eq!(terms, ["デジタル統括室", "ワンスオンリー", "進める"]);
    assert_eq!(tokens[0].pos(), "名詞,*,*,*");
    assert_eq!(tokens[0].reading(), Some("デジタルトウカツシツ"));
}

#[test]
fn user_dictionary_from_a_file() {
    let dir = std::env::temp_dir().join(format!("iken-test-userdic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("terms.csv");
    std::fs::write(&path, "デジタル統括室,名詞,デジタルトウカツシツ\n").unwrap();
    let dictionary = Dictionary::ipadic()
        .unwrap()
        .with_user_dictionary(&path)
        .unwrap();
    let t = MorphologicalTokenizer::builder()
        .dictionary(dictionary)
        .build()
        .unwrap();
    assert_eq!(t.terms("デジタル統括室").unwrap(), ["デジタル統括室"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn char_ngrams_exact() {
    let grams = CharNgrams::new(3).unwrap();
    assert_eq!(
        grams.terms("ご意見の要旨").unwrap(),
        ["ご意見", "意見の", "見の要", "の要旨"]
    );
    // Normalized first: full-width latin, ideographic spaces between Japanese dropped.
    assert_eq!(
        CharNgrams::new(2).unwrap().terms("ＤＸ　戦略").unwrap(),
        ["DX", "X ", " 戦", "戦略"]
    );
}

#[test]
fn parallel_output_is_in_input_order_and_thread_independent() {
    let sentences: Vec<String> = include_str!("golden/osaka_sentences.txt")
        .lines()
        .map(String::from)
        .collect();
    let t = content();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| tokenize_all(&t, &sentences).unwrap());
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| tokenize_all(&t, &sentences).unwrap());
    assert_eq!(one, two);
    assert_eq!(one.len(), sentences.len());
    for (sentence, tokens) in sentences.iter().zip(&one) {
        assert_eq!(&t.tokenize(sentence).unwrap(), tokens);
    }
    let terms = terms_all(&t, &sentences).unwrap();
    let from_tokens: Vec<Vec<String>> = one
        .iter()
        .map(|ts| ts.iter().map(|t| t.base_form().to_owned()).collect())
        .collect();
    assert_eq!(terms, from_tokens);
}

/// `golden/osaka_mecab.tsv` is MeCab's analysis of every sentence of the bundled corpus:
/// Debian's `mecab` 0.996 with `mecab-ipadic-utf8`, compiled from the same IPADIC source
/// iken bundles (see `golden/make_mecab_reference.py`).
///
/// lindera cuts its lattice at 、 as well as 。 (MeCab only at line ends), so a word after
/// a comma is analysed as if it began a sentence; with unknown latin words (DX, VALUE)
/// that changes which unknown-word entry wins (名詞,固有名詞,組織 instead of 名詞,一般),
/// and once, the neighbouring 本市 → 本/市. Everything else must agree: measured, 4787 of
/// 4809 tokens agree in boundaries, part of speech and base form, and 4808 in boundaries.
#[test]
fn segmentation_matches_mecab_on_the_bundled_corpus() {
    let sentences: Vec<&str> = include_str!("golden/osaka_sentences.txt").lines().collect();
    // (start byte, end byte, pos, base form) per sentence.
    type Analysis = Vec<(usize, usize, String, String)>;
    let mut mecab: Vec<Analysis> = vec![Vec::new(); sentences.len()];
    let mut cursor = vec![0usize; sentences.len()];
    for line in include_str!("golden/osaka_mecab.tsv").lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let no: usize = f[0].parse().unwrap();
        // MeCab skips spaces; find the surface from where the last token ended.
        let start = cursor[no] + sentences[no][cursor[no]..].find(f[1]).unwrap();
        let end = start + f[1].len();
        cursor[no] = end;
        mecab[no].push((start, end, f[2].to_owned(), f[3].to_owned()));
    }
    let t = MorphologicalTokenizer::builder()
        .keep_all_tokens(true)
        .normalizer(Normalizer::none())
        .build()
        .unwrap();
    let (mut total, mut same_bounds, mut same_all) = (0, 0, 0);
    for (no, sentence) in sentences.iter().enumerate() {
        let ours: Analysis = t
            .tokenize(sentence)
            .unwrap()
            .into_iter()
            .map(|t| {
                (
                    t.start(),
                    t.end(),
                    t.pos().to_owned(),
                    t.base_form().to_owned(),
                )
            })
            .collect();
        total += mecab[no].len();
        for m in &mecab[no] {
            if let Some(o) = ours.iter().find(|o| (o.0, o.1) == (m.0, m.1)) {
                same_bounds += 1;
                if o == m {
                    same_all += 1;
                }
            }
        }
    }
    eprintln!(
        "MeCab agreement: {same_all}/{total} tokens exactly, {same_bounds}/{total} boundaries"
    );
    assert_eq!(total, 4809);
    assert!(
        same_bounds >= 4808,
        "boundaries agree for only {same_bounds}/{total}"
    );
    assert!(
        same_all >= 4787,
        "tokens agree exactly for only {same_all}/{total}"
    );
}

#[test]
fn tokens_round_trip_through_json() {
    let tokens = every_token().tokenize("母子手帳のアプリ化").unwrap();
    let json = serde_json::to_string(&tokens).unwrap();
    assert!(
        json.starts_with(
            r#"[{"surface":"母子","base_form":"母子","pos":"名詞,一般,*,*","reading":"ボシ","start":0,"end":6}"#
        ),
        "{json}"
    );
    let back: Vec<iken::Token> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, tokens);
    let unknown = &every_token().tokenize("DX").unwrap()[0];
    assert_eq!(unknown.reading(), None);
    let back: iken::Token = serde_json::from_str(&serde_json::to_string(unknown).unwrap()).unwrap();
    assert_eq!(&back, unknown);
}

#[test]
fn the_cli_shows_what_the_analysis_counts() {
    let out = common::iken_ok(&["tokenize", common::CORPUS_PATH]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let consultation = common::osaka();
    assert_eq!(lines.len(), consultation.opinions.len());
    // The same terms as the analysis' own tokenizer: content words, compounds, no stop words.
    let tokenizer = iken::Analysis::default().tokenizer().unwrap();
    for (line, opinion) in lines.iter().zip(&consultation.opinions) {
        assert_eq!(line["id"], opinion.id.as_str());
        let want = tokenizer.terms(&opinion.text).unwrap();
        let got: Vec<&str> = line["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(got, want);
    }
    // The 母子手帳 opinion: its parts and the compound.
    let boshi = lines
        .iter()
        .find(|l| {
            l["terms"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "母子手帳アプリ")
        })
        .expect("the 母子手帳アプリ opinion");
    assert!(
        boshi["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "手帳")
    );

    // Every token, with part of speech, reading and offsets.
    let out = common::iken_ok(&["tokenize", common::CORPUS_PATH, "--all-tokens"]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let tokens = first["tokens"].as_array().unwrap();
    assert!(
        tokens
            .iter()
            .any(|t| t["pos"].as_str().unwrap().starts_with("助詞"))
    );
    assert!(
        tokens
            .iter()
            .all(|t| t["start"].as_u64() < t["end"].as_u64())
    );
}

#[test]
fn stop_word_files_and_user_dictionaries_reach_the_analysis() {
    let dir = std::env::temp_dir().join(format!("iken-terms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stop = dir.join("stop.txt");
    std::fs::write(
        &stop,
        "\u{feff}# ours\n窓口  # too general here\n-思う\nＤＸ\n\n",
    )
    .unwrap();
    let words = StopWords::japanese().with_file(&stop).unwrap();
    assert!(words.contains("窓口") && !words.contains("思う") && words.contains("する"));
    // Two words on a line are a mistake to point at, not a stop word nobody writes.
    let two = dir.join("two.txt");
    std::fs::write(&two, "窓口\n行政 手続\n").unwrap();
    let err = StopWords::japanese()
        .with_file(&two)
        .unwrap_err()
        .to_string();
    assert!(err.contains("two.txt") && err.contains("line 2"), "{err}");
    // Normalized as the text is: ＤＸ in the file is the DX of the comments.
    assert!(words.contains("DX"));
    let err = StopWords::japanese()
        .with_file(dir.join("missing.txt"))
        .unwrap_err();
    assert!(err.to_string().contains("missing.txt"), "{err}");

    // A term the analysis would keep whole and then never count is an error with its row,
    // and so is a row without a surface, which would break every text apart.
    let uncounted = dir.join("uncounted.csv");
    let error_of = |rows: &str| {
        std::fs::write(&uncounted, rows).unwrap();
        iken::Analysis::builder()
            .user_dictionary(&uncounted)
            .build()
            .tokenizer()
            .unwrap_err()
            .to_string()
    };
    let first = "ワンスオンリー原則,名詞,ワンスオンリーゲンソク\n";
    let err = error_of(&format!(
        "{first}デジタル田園都市,固有名詞,デジタルデンエントシ\n"
    ));
    assert!(err.contains("row 2") && err.contains("固有名詞"), "{err}");
    let err = error_of(&format!("{first},名詞,\n"));
    assert!(err.contains("row 2") && err.contains("empty"), "{err}");
    let dict = dir.join("terms.csv");
    std::fs::write(&dict, "ワンスオンリー原則,名詞,ワンスオンリーゲンソク\n").unwrap();
    let analysis = iken::Analysis::builder()
        .user_dictionary(&dict)
        .stop_words(words)
        .build();
    let terms = analysis
        .tokenizer()
        .unwrap()
        .terms("窓口ではワンスオンリー原則を守ってほしいと思う。")
        .unwrap();
    assert_eq!(terms, ["ワンスオンリー原則", "守る", "思う"]);
    // The same entry written in the configuration itself, beside a file's.
    let mut inline = analysis.clone();
    inline.user_dictionary = None;
    inline.user_terms = vec!["ワンスオンリー原則,名詞,ワンスオンリーゲンソク".to_owned()];
    let text = "窓口ではワンスオンリー原則を守ってほしいと思う。";
    assert_eq!(inline.tokenizer().unwrap().terms(text).unwrap(), terms);
    let mut both = analysis.clone();
    both.user_terms = vec!["守ってほしい,名詞,マモッテホシイ".to_owned()];
    assert_eq!(
        both.tokenizer().unwrap().terms(text).unwrap(),
        ["ワンスオンリー原則", "守ってほしい", "思う"]
    );
    // The content-word filter is an option too: without verbs, 守る and 思う go.
    let mut nouns_only = inline.clone();
    nouns_only.content_words.verbs = false;
    assert_eq!(
        nouns_only.tokenizer().unwrap().terms(text).unwrap(),
        ["ワンスオンリー原則"]
    );
    // The same files through the command line.
    let input = dir.join("in.txt");
    std::fs::write(&input, "窓口ではワンスオンリー原則を守ってほしいと思う。\n").unwrap();
    let out = common::iken_ok(&[
        "tokenize",
        input.to_str().unwrap(),
        "--user-dict",
        dict.to_str().unwrap(),
        "--stop-words",
        stop.to_str().unwrap(),
    ]);
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(
        line["terms"],
        serde_json::json!(["ワンスオンリー原則", "守る", "思う"])
    );
    // A user dictionary that is not there stops the analysis with its path.
    let bad = common::iken(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
        "--user-dict",
        dir.join("nope.csv").to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope.csv"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn user_dictionary_rows_written_in_full_width_still_match() {
    // Comments are normalized before segmentation (ＩＣＴ is ICT), so entries are too.
    let dictionary = Dictionary::ipadic()
        .unwrap()
        .with_user_csv("\u{feff}ＩＣＴ人材,名詞,アイシーティージンザイ\n")
        .unwrap();
    let tokenizer = MorphologicalTokenizer::builder()
        .dictionary(dictionary)
        .build()
        .unwrap();
    assert_eq!(
        tokenizer.terms("ＩＣＴ人材の育成").unwrap(),
        ["ICT人材", "育成"]
    );
}
