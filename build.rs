//! Compiles the vendored MeCab IPADIC source into lindera's binary format, so that the
//! `bundled-ipadic` feature embeds a dictionary without downloading anything.
//!
//! Steps: unpack `data/ipadic/*.tar.xz` into `OUT_DIR`, build it with lindera's
//! `DictionaryBuilder` into `OUT_DIR/lindera-ipadic`, and point `LINDERA_WORKDIR` at
//! `OUT_DIR` for `lindera_dictionary::embedded_dictionary!`.

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

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={ARCHIVE}");
    println!("cargo::rerun-if-changed={METADATA}");

    if env::var_os("CARGO_FEATURE_BUNDLED_IPADIC").is_none() {
        return Ok(());
    }

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let built = out_dir.join(BUILT_DIR);
    let stamp_path = out_dir.join("ipadic.stamp");
    let archive = fs::read(ARCHIVE).map_err(|e| {
        format!("cannot read the bundled dictionary {ARCHIVE}: {e} (is the repository complete?)")
    })?;
    let metadata_json = fs::read(METADATA)?;
    // The build script can rerun for reasons other than the dictionary (build.rs edits);
    // a stamp of the inputs lets it skip the ~20 s compile when nothing it reads changed.
    let stamp = format!("{:016x}-{:016x}", fnv1a(&archive), fnv1a(&metadata_json));
    let up_to_date = fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp)
        && built.join("metadata.json").is_file();

    if !up_to_date {
        build_dictionary(&archive, &metadata_json, &out_dir, &built)?;
        fs::write(&stamp_path, &stamp)?;
    }

    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    Ok(())
}

fn build_dictionary(
    archive: &[u8],
    metadata_json: &[u8],
    out_dir: &Path,
    built: &Path,
) -> Result<(), Box<dyn Error>> {
    let src_root = out_dir.join("ipadic-src");
    if src_root.exists() {
        fs::remove_dir_all(&src_root)?;
    }
    if built.exists() {
        fs::remove_dir_all(built)?;
    }
    fs::create_dir_all(&src_root)?;

    let xz = lzma_rust2::XzReader::new(BufReader::new(archive), false);
    tar::Archive::new(xz).unpack(&src_root)?;

    let metadata = lindera_dictionary::dictionary::metadata::Metadata::load(metadata_json)
        .map_err(|e| format!("{METADATA} is not valid lindera metadata: {e}"))?;
    lindera_dictionary::builder::DictionaryBuilder::new(metadata)
        .build_dictionary(&src_root.join(ARCHIVE_ROOT), built)
        .map_err(|e| format!("building the bundled IPADIC failed: {e}"))?;

    // The unpacked source is 52 MB and no longer needed once compiled.
    fs::remove_dir_all(&src_root)?;
    Ok(())
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`) for the up-to-date stamp.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
