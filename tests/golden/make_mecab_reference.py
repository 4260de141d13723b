"""Writes osaka_mecab.tsv: MeCab's analysis of osaka_sentences.txt.

The reference for tests/tokenize.rs. MeCab here is Debian's `mecab` 0.996 with
`mecab-ipadic-utf8`, which Debian compiles from the same IPADIC source that iken bundles
(data/ipadic), so both analysers read the same entries, costs and unknown-word rules:

    apt-get install mecab mecab-ipadic-utf8
    python3 tests/golden/make_mecab_reference.py

Output: one line per token, `sentence_no<TAB>surface<TAB>pos (4 levels)<TAB>base_form`
(the surface when the dictionary has no base form).
"""
import pathlib
import subprocess

here = pathlib.Path(__file__).parent
sentences = (here / "osaka_sentences.txt").read_text(encoding="utf-8").splitlines()
out = subprocess.run(
    ["mecab", "-d", "/var/lib/mecab/dic/ipadic-utf8"],
    input="\n".join(sentences) + "\n",
    capture_output=True,
    text=True,
    check=True,
).stdout
rows = []
no = 0
for line in out.splitlines():
    if line == "EOS":
        no += 1
        continue
    surface, feature = line.split("\t")
    f = feature.split(",")
    base = f[6] if len(f) > 6 and f[6] != "*" else surface
    rows.append(f"{no}\t{surface}\t{','.join(f[:4])}\t{base}")
assert no == len(sentences), (no, len(sentences))
(here / "osaka_mecab.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
