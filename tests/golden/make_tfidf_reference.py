"""Writes tfidf_sklearn.json: scikit-learn's TfidfVectorizer on a fixed token corpus.

The reference for tests/vectorize.rs. Tokens are given as lists; scikit-learn is told not to
preprocess or tokenize them (identity preprocessor/tokenizer, token_pattern=None,
lowercase=False), so that ngram_range still applies (n-grams joined by a space).

    pip install scikit-learn==1.9.1
    python3 tests/golden/make_tfidf_reference.py
"""
import json
import pathlib

from sklearn.feature_extraction.text import TfidfVectorizer

DOCS = [
    ["窓口", "混雑", "解消", "窓口", "予約"],
    ["母子", "手帳", "アプリ", "導入", "便利"],
    ["ワクチン", "接種", "管理", "アプリ", "通知"],
    ["窓口", "予約", "オンライン", "手続き"],
    ["オープンデータ", "公開", "企業", "活用", "データ"],
    ["データ", "活用", "企業", "支援", "データ", "データ"],
    [],
    ["手続き", "オンライン", "オンライン", "窓口", "混雑"],
    ["セキュリティ", "人材", "育成"],
    ["母子", "手帳", "ワクチン", "通知", "アプリ", "便利"],
]

CASES = {
    "default": dict(),
    "sublinear_mindf2_maxdf0.5": dict(sublinear_tf=True, min_df=2, max_df=0.5),
    # max_features=17 cuts between counts 2 and 1: scikit-learn breaks ties at the cut in an
    # unspecified order, iken by term, so the reference avoids a tie there.
    "bigrams_nosmooth_maxfeatures17": dict(ngram_range=(1, 2), smooth_idf=False, max_features=17),
    "nonorm_mindf0.2": dict(norm=None, min_df=0.2),
}

identity = lambda x: x
out = {"docs": DOCS, "cases": {}}
for name, kw in CASES.items():
    v = TfidfVectorizer(preprocessor=identity, tokenizer=identity, token_pattern=None,
                        lowercase=False, **kw)
    m = v.fit_transform(DOCS)
    out["cases"][name] = {
        "params": {k: list(x) if isinstance(x, tuple) else x for k, x in kw.items()},
        "vocabulary": list(v.get_feature_names_out()),
        "idf": [float(x) for x in v.idf_],
        "matrix": [[float(x) for x in row] for row in m.toarray()],
    }
path = pathlib.Path(__file__).parent / "tfidf_sklearn.json"
path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

# Truncated SVD of the default TF-IDF matrix: the reference for the reduce stage. ARPACK is
# exact (no randomness); signs follow scikit-learn's svd_flip on the components.
from sklearn.decomposition import TruncatedSVD

default = TfidfVectorizer(preprocessor=identity, tokenizer=identity, token_pattern=None,
                          lowercase=False).fit_transform(DOCS)
svd = TruncatedSVD(n_components=3, algorithm="arpack")
coords = svd.fit_transform(default)
svd_out = {
    "singular_values": [float(x) for x in svd.singular_values_],
    "explained_variance_ratio": [float(x) for x in svd.explained_variance_ratio_],
    "components": [[float(x) for x in row] for row in svd.components_],
    "coordinates": [[float(x) for x in row] for row in coords],
}
(pathlib.Path(__file__).parent / "svd_sklearn.json").write_text(
    json.dumps(svd_out, indent=1) + "\n", encoding="utf-8")
