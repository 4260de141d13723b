//! Compiles the vendored MeCab IPADIC source into lindera's binary format, so that the
//! `bundled-ipadic` feature embeds a dictionary without downloading anything.
//!
//! Steps: unpack `data/ipadic/*.tar.xz` into `OUT_DIR`, build it with lindera's
//! `DictionaryBuilder` into `OUT_DIR/lindera-ipadic`, and point `LINDERA_WORKDIR` at
//! `OUT_DIR` for `lindera_dictionary::embedded_dictionary!`.
//!
//! With the `synth` feature it also writes, from the same source, the noun lists the
//! generator's growing vocabulary draws from (`OUT_DIR/generator-nouns/*.txt`, UTF-8, most
//! common first by the dictionary's word cost).

use std::env;
use std::error::Error;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

const ARCHIVE: &str = "data/ipadic/mecab-ipadic-2.7.0-20070801.tar.xz";
const METADATA: &str = "data/ipadic/metadata.json";
/// Name of the directory inside the archive.
const ARCHIVE_ROOT: &str = "ipadic";
/// Subdirectory of `LINDERA_WORKDIR` that `src/dictionary.rs` embeds from.
const BUILT_DIR: &str = "lindera-ipadic";
/// The rules of `write_noun_lists`, in the up-to-date stamp: change it when they change.
const NOUN_LISTS: u32 = 2;
/// Subdirectory of `OUT_DIR` that `src/generate/lexicon.rs` includes the noun lists from.
const NOUNS_DIR: &str = "generator-nouns";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={ARCHIVE}");
    println!("cargo::rerun-if-changed={METADATA}");

    let bundled = env::var_os("CARGO_FEATURE_BUNDLED_IPADIC").is_some();
    let synth = env::var_os("CARGO_FEATURE_SYNTH").is_some();
    if !bundled && !synth {
        return Ok(());
    }

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let built = out_dir.join(BUILT_DIR);
    let nouns = out_dir.join(NOUNS_DIR);
    let stamp_path = out_dir.join("ipadic.stamp");
    let archive = fs::read(ARCHIVE).map_err(|e| {
        format!("cannot read the bundled dictionary {ARCHIVE}: {e} (is the repository complete?)")
    })?;
    let metadata_json = fs::read(METADATA)?;
    // The build script can rerun for reasons other than the dictionary (build.rs edits);
    // a stamp of the inputs lets it skip the ~20 s compile when nothing it reads changed.
    let stamp = format!(
        "{:016x}-{:016x}-{bundled}-{synth}-{NOUN_LISTS}",
        fnv1a(&archive),
        fnv1a(&metadata_json)
    );
    let up_to_date = fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp)
        && (!bundled || built.join("metadata.json").is_file())
        && (!synth || nouns.join("general.txt").is_file());

    if !up_to_date {
        let src_root = out_dir.join("ipadic-src");
        if src_root.exists() {
            fs::remove_dir_all(&src_root)?;
        }
        fs::create_dir_all(&src_root)?;
        let xz = lzma_rust2::XzReader::new(BufReader::new(&archive[..]), false);
        tar::Archive::new(xz).unpack(&src_root)?;
        let source = src_root.join(ARCHIVE_ROOT);
        if bundled {
            build_dictionary(&metadata_json, &source, &built)?;
        }
        if synth {
            write_noun_lists(&source, &nouns)?;
        }
        // The unpacked source is 52 MB and no longer needed.
        fs::remove_dir_all(&src_root)?;
        fs::write(&stamp_path, &stamp)?;
    }

    if bundled {
        println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    }
    Ok(())
}

fn build_dictionary(
    metadata_json: &[u8],
    source: &Path,
    built: &Path,
) -> Result<(), Box<dyn Error>> {
    if built.exists() {
        fs::remove_dir_all(built)?;
    }
    let metadata = lindera_dictionary::dictionary::metadata::Metadata::load(metadata_json)
        .map_err(|e| format!("{METADATA} is not valid lindera metadata: {e}"))?;
    lindera_dictionary::builder::DictionaryBuilder::new(metadata)
        .build_dictionary(source, built)
        .map_err(|e| format!("building the bundled IPADIC failed: {e}"))?;
    Ok(())
}

/// The generator's noun lists, one word per line, most common (lowest cost) first:
/// `general.txt` (名詞,一般 and 名詞,サ変接続), `places.txt` (地域,一般 in kanji),
/// `surnames.txt` (人名,姓).
/// Only words of 2 to 6 characters written in kanji or katakana alone, so that a word
/// set into a sentence reads back as itself rather than merging with its neighbours' kana.
fn write_noun_lists(source: &Path, out: &Path) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(out)?;
    // (file written, source files, a (field, value) the row must have, the script its
    // words are written in, how many to keep). Places are Japanese towns and districts
    // (地域,一般 in kanji): the dictionary's most common places are foreign cities and
    // countries, which residents of a Japanese city do not give as where they live.
    type List<'a> = (
        &'a str,
        &'a [&'a str],
        Option<(usize, &'a str)>,
        fn(&str) -> bool,
        usize,
    );
    let lists: [List; 3] = [
        (
            "general.txt",
            &["Noun.csv", "Noun.verbal.csv"],
            None,
            one_script,
            usize::MAX,
        ),
        (
            "places.txt",
            &["Noun.place.csv"],
            Some((7, "一般")),
            kanji,
            8000,
        ),
        (
            "surnames.txt",
            &["Noun.name.csv"],
            Some((7, "姓")),
            one_script,
            3000,
        ),
    ];
    for (name, files, required, script, keep) in lists {
        let mut words: Vec<(i64, String)> = Vec::new();
        for file in files {
            let bytes = fs::read(source.join(file))?;
            let (text, _, _) = encoding_rs::EUC_JP.decode(&bytes);
            for line in text.lines() {
                let f: Vec<&str> = line.split(',').collect();
                if f.len() < 13 || required.is_some_and(|(i, v)| f[i] != v) {
                    continue;
                }
                let Ok(cost) = f[3].parse::<i64>() else {
                    continue;
                };
                if f[0].chars().count() >= 2 && f[0].chars().count() <= 6 && script(f[0]) {
                    words.push((cost, f[0].to_owned()));
                }
            }
        }
        words.sort();
        let mut seen = std::collections::HashSet::new();
        words.retain(|(_, w)| seen.insert(w.clone()));
        words.truncate(keep);
        let list: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
        fs::write(out.join(name), list.join("\n") + "\n")?;
    }
    Ok(())
}

/// Whether `w` is all kanji (々 included) or all katakana (ー included).
fn one_script(w: &str) -> bool {
    let katakana = |c: char| ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー';
    kanji(w) || w.chars().all(katakana)
}

/// Whether `w` is all kanji (々 included).
fn kanji(w: &str) -> bool {
    w.chars()
        .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '々')
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`) for the up-to-date stamp.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
