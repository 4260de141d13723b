"""iken.dedup, iken.cluster, iken.tokenize and iken.parse on the bundled corpora."""

from __future__ import annotations

from collections import Counter

import pytest

import iken


@pytest.fixture(scope="module")
def texts_of():
    cache = {}

    def texts(path):
        if path not in cache:
            cache[path] = [o["text"] for o in iken.parse(path)["opinions"]]
        return cache[path]

    return texts


def test_parse(table):
    parsed = iken.parse(table)
    assert set(parsed) >= {"opinions", "replies", "format", "why", "encoding", "warnings"}
    assert parsed["format"] in ("pdf-table", "csv")
    reply_ids = {r["id"] for r in parsed["replies"]}
    for opinion in parsed["opinions"]:
        assert opinion["text"]
        assert opinion["source"]["file"] == str(table)
        assert opinion.get("reply") is None or opinion["reply"] in reply_ids


def test_dedup_finds_the_planted_campaign(campaign_texts):
    texts, members = campaign_texts["texts"], campaign_texts["members"]
    result = iken.dedup(texts)
    assert result["texts"] == len(texts)
    groups = [g for g in result["groups"] if set(members) & set(g["members"])]
    assert len(groups) == 1
    group = groups[0]
    assert sorted(group["members"]) == members
    assert group["member_ids"] == [f"o{i + 1}" for i in group["members"]]
    assert group["representative"] in members
    assert texts[group["representative"]] == texts[members[0]]  # the most copied text
    assert group["representative_id"] == f"o{group['representative'] + 1}"
    assert group["size"] == len(members)
    assert {d["index"] for d in group["details"]} == set(members)
    for pair in group["pairs"]:
        assert {pair["a"], pair["b"]} <= set(members)
    # Nothing else of the Osaka table is a copy.
    assert result["in_groups"] == len(members)


def test_dedup_on_a_table_without_copies(table, texts_of):
    result = iken.dedup(texts_of(table))
    assert result["groups"] == []
    assert result["in_groups"] == 0
    assert result["texts"] == result["distinct"] == len(texts_of(table))


def test_dedup_threshold_and_options(campaign_texts):
    texts, members = campaign_texts["texts"], campaign_texts["members"]
    # Exact copies only: no near, partial or edited copies.
    strict = iken.dedup(texts, threshold=1.0, containment=None, mutual=None)
    assert strict["params"]["threshold"] == 1.0
    assert strict["params"]["containment"] is None
    exact = [g for g in strict["groups"] if set(members) & set(g["members"])]
    assert len(exact) == 1 and len(exact[0]["members"]) == 5
    assert iken.dedup(texts, seed=1)["params"]["seed"] == 1


def test_dedup_is_deterministic(campaign_texts):
    assert iken.dedup(campaign_texts["texts"]) == iken.dedup(campaign_texts["texts"])


def test_cluster(table, texts_of):
    texts = texts_of(table)
    result = iken.cluster(texts)
    n = len(texts)
    assert len(result["labels"]) == len(result["map"]) == n
    seen = Counter()
    for cluster in result["clusters"]:
        assert cluster["member_ids"] == [f"o{i + 1}" for i in cluster["members"]]
        assert set(cluster["representatives"]) <= set(cluster["members"])
        assert cluster["size"] == len(cluster["members"])
        assert cluster["keywords"] and all(len(k) == 2 for k in cluster["keywords"])
        for i in cluster["members"]:
            assert result["labels"][i] == cluster["id"]
        seen.update(cluster["members"])
    seen.update(result["unclustered"])
    assert seen == Counter(range(n)), "every text once: in a cluster or unclustered"
    assert all(result["labels"][i] is None for i in result["unclustered"])
    assert result["how_k_was_chosen"]
    assert result["config"]["cluster"]["k"] == {"auto": {"min": 2, "max": 30}}


def test_cluster_is_the_analysis_clustering(table, texts_of):
    """The same texts cluster as iken.analyze clusters the table."""
    report = iken.analyze(table)
    result = iken.cluster(texts_of(table))
    by_position = [[report.opinions[i]["id"] for i in c["members"]] for c in result["clusters"]]
    assert by_position == [c["members"] for c in report.clusters]
    assert [c["keywords"] for c in result["clusters"]] == [c["keywords"] for c in report.clusters]


def test_cluster_with_k(osaka, texts_of):
    result = iken.cluster(texts_of(osaka), k=5, seed=0)
    assert result["config"]["cluster"]["k"] == {"fixed": 5}
    assert 1 <= len(result["clusters"]) <= 5
    assert iken.cluster(texts_of(osaka), k=5, seed=0) == result
    threshold = iken.cluster(texts_of(osaka), k={"threshold": {"distance": 0.6}})
    assert "0.6" in threshold["how_k_was_chosen"]
    assert (
        iken.cluster(texts_of(osaka), min_similarity=0.5)["config"]["cluster"]["min_similarity"]
        == 0.5
    )


def test_cluster_too_few_texts():
    with pytest.raises(iken.TooLittleInputError, match="at least 3"):
        iken.cluster(["窓口を増やしてほしい。", "公園を直してほしい。"])
    # Copies enter once: three texts but two distinct ones.
    with pytest.raises(iken.TooLittleInputError):
        iken.cluster(["窓口を増やしてほしい。", "公園を直してほしい。", "窓口を増やしてほしい。"])


def test_tokenize(table, texts_of):
    texts = texts_of(table)
    terms = iken.tokenize(texts)
    assert len(terms) == len(texts)
    assert all(isinstance(t, list) and all(isinstance(w, str) for w in t) for t in terms)
    assert sum(map(len, terms)) > 10 * len(texts) // 2
    stop_words = set(iken.default_config()["stop_words"])
    assert not stop_words & {w for t in terms for w in t}


def test_tokenize_terms_and_tokens():
    text = "母子手帳のアプリ化を進めてください。"
    assert iken.tokenize([text]) == [["母子", "手帳", "母子手帳", "アプリ", "アプリ化", "進める"]]
    tokens = iken.tokenize([text], all_tokens=True)[0]
    assert [t["surface"] for t in tokens][:3] == ["母子", "手帳", "の"]
    assert set(tokens[0]) == {"surface", "base_form", "pos", "reading", "start", "end"}
    assert tokens[0]["pos"].startswith("名詞")
    # Options of the configuration: no compounds, a stop word.
    parts = iken.tokenize([text], compounds="off", stop_words=["進める"])
    assert parts == [["母子", "手帳", "アプリ"]]
    assert iken.tokenize([]) == []


def test_tokenize_user_dictionary(tmp_path):
    user_dict = tmp_path / "terms.csv"
    user_dict.write_text("ワンスオンリー原則,名詞,ワンスオンリーゲンソク\n", encoding="utf-8")
    text = "ワンスオンリー原則を徹底してください。"
    # Without noun compounds, only the dictionary keeps the term whole.
    assert iken.tokenize([text], compounds="off") == [["ワンスオンリー", "原則", "徹底"]]
    assert iken.tokenize([text], user_dict=user_dict, compounds="off") == [
        ["ワンスオンリー原則", "徹底"]
    ]
    inline = iken.tokenize(
        [text], compounds="off", user_terms=["ワンスオンリー原則,名詞,ワンスオンリーゲンソク"]
    )
    assert inline == [["ワンスオンリー原則", "徹底"]]
