//! Dictionaries from paths: compiled, MeCab source, user CSV; and the errors a user gets
//! when a path is wrong.

use std::fs;
use std::path::{Path, PathBuf};

use iken::{Dictionary, ErrorKind, MorphologicalTokenizer, Tokenizer};

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("iken-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A MeCab source dictionary of four words, in UTF-8: the format of mecab-ipadic, small
/// enough to compile in a test.
fn write_tiny_mecab_source(dir: &Path) {
    fs::write(
        dir.join("char.def"),
        "DEFAULT 0 1 0\nSPACE 0 1 0\nHIRAGANA 0 1 0\nKANJI 0 0 2\n\
         0x0020 SPACE\n0x3041..0x309F HIRAGANA\n0x4E00..0x9FFF KANJI\n",
    )
    .unwrap();
    fs::write(
        dir.join("unk.def"),
        "DEFAULT,0,0,3000,名詞,一般,*,*,*,*,*\nSPACE,0,0,3000,記号,空白,*,*,*,*,*\n\
         HIRAGANA,0,0,3000,名詞,一般,*,*,*,*,*\nKANJI,0,0,3000,名詞,一般,*,*,*,*,*\n",
    )
    .unwrap();
    fs::write(dir.join("matrix.def"), "1 1\n0 0 0\n").unwrap();
    fs::write(
        dir.join("words.csv"),
        "意見,0,0,100,名詞,サ変接続,*,*,*,*,意見,イケン,イケン\n\
         募集,0,0,100,名詞,サ変接続,*,*,*,*,募集,ボシュウ,ボシュー\n\
         を,0,0,100,助詞,格助詞,一般,*,*,*,を,ヲ,ヲ\n\
         送る,0,0,100,動詞,自立,*,*,五段・ラ行,基本形,送る,オクル,オクル\n",
    )
    .unwrap();
}

#[test]
fn mecab_source_compiles_saves_and_loads() {
    let src = TempDir::new("mecab-src");
    let out = TempDir::new("mecab-out");
    write_tiny_mecab_source(&src.0);

    let direct = Dictionary::from_mecab_source(&src.0, "UTF-8").unwrap();
    let compiled = Dictionary::compile_mecab_source(&src.0, "UTF-8", &out.0).unwrap();
    let reloaded = Dictionary::from_compiled(&out.0).unwrap();
    assert!(reloaded.origin().contains("compiled dictionary"));

    for dictionary in [direct, compiled, reloaded] {
        let t = MorphologicalTokenizer::builder()
            .dictionary(dictionary)
            .keep_all_tokens(true)
            .build()
            .unwrap();
        let tokens = t.tokenize("意見募集を送る").unwrap();
        let got: Vec<(&str, &str)> = tokens.iter().map(|t| (t.surface(), t.pos())).collect();
        assert_eq!(
            got,
            [
                ("意見", "名詞,サ変接続,*,*"),
                ("募集", "名詞,サ変接続,*,*"),
                ("を", "助詞,格助詞,一般,*"),
                ("送る", "動詞,自立,*,*"),
            ]
        );
        assert_eq!(tokens[1].reading(), Some("ボシュウ"));
    }
}

#[test]
fn missing_dictionary_path_is_a_typed_error() {
    let missing = Path::new("/nonexistent/iken/dictionary");
    for result in [
        Dictionary::from_compiled(missing),
        Dictionary::from_mecab_source(missing, "EUC-JP"),
    ] {
        let err = result.unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::DictionaryNotFound {
                path: missing.to_owned()
            }
        );
        assert!(err.to_string().contains("/nonexistent/iken/dictionary"));
    }
}

#[test]
fn directory_that_is_not_a_dictionary_is_a_typed_error() {
    let empty = TempDir::new("not-a-dictionary");
    let err = Dictionary::from_compiled(&empty.0).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DictionaryInvalid { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("metadata.json"), "{err}");

    let err = Dictionary::from_mecab_source(&empty.0, "EUC-JP").unwrap_err();
    assert!(err.to_string().contains("matrix.def"), "{err}");

    let file = empty.0.join("a-file");
    fs::write(&file, "x").unwrap();
    let err = Dictionary::from_compiled(&file).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DictionaryInvalid { .. }),
        "{err}"
    );
}

#[test]
fn corrupt_compiled_dictionary_is_an_error_not_a_panic() {
    let src = TempDir::new("corrupt-src");
    let out = TempDir::new("corrupt-out");
    write_tiny_mecab_source(&src.0);
    Dictionary::compile_mecab_source(&src.0, "UTF-8", &out.0).unwrap();

    // Garbage metadata.
    fs::write(out.0.join("metadata.json"), "{ not json").unwrap();
    let err = Dictionary::from_compiled(&out.0).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DictionaryInvalid { .. }),
        "{err}"
    );

    // Valid metadata, a missing data file.
    Dictionary::compile_mecab_source(&src.0, "UTF-8", &out.0).unwrap();
    fs::remove_file(out.0.join("matrix.mtx")).unwrap();
    let err = Dictionary::from_compiled(&out.0).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DictionaryInvalid { .. }),
        "{err}"
    );
}

#[test]
fn malformed_mecab_source_is_an_error() {
    let src = TempDir::new("bad-src");
    write_tiny_mecab_source(&src.0);
    fs::write(src.0.join("words.csv"), "意見,notanumber,0,100,名詞\n").unwrap();
    let err = Dictionary::from_mecab_source(&src.0, "UTF-8").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DictionaryInvalid { .. }),
        "{err}"
    );

    let err = Dictionary::from_mecab_source(&src.0, "no-such-encoding").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidParameter { .. }),
        "{err}"
    );
}

#[test]
fn bad_user_dictionary_is_a_typed_error() {
    let err = Dictionary::ipadic()
        .unwrap()
        .with_user_dictionary("/nonexistent/terms.csv")
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UserDictionaryInvalid { .. }),
        "{err}"
    );

    // Two fields: neither the simple (3) nor the full (13) format.
    let err = Dictionary::ipadic()
        .unwrap()
        .with_user_csv("デジタル統括室,名詞\n")
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UserDictionaryInvalid { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("Row 1"), "{err}");
}
