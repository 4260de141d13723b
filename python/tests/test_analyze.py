"""iken.analyze and Report on the bundled corpora: what a user relies on."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter

import pytest

import iken
from iken import _iken

# Opinions and replies the bundled tables hold (README, read by hand).
COUNTS = {
    "osaka-dx-strategy-pubcomment.txt": (52, 31),
    "env-basic-plan-5-pubcomment.csv": (100, 93),
}


@pytest.fixture(scope="module")
def reports(osaka, env_csv):
    return {path.name: iken.analyze(path) for path in (osaka, env_csv)}


def test_counts_of_the_bundled_tables(table, reports):
    report = reports[table.name]
    opinions, replies = COUNTS[table.name]
    assert report.summary["opinions"] == opinions
    assert report.summary["replies"] == replies
    assert len(report.opinions) == opinions
    assert len(report.replies) == replies
    assert report.summary["clusters"] == len(report.clusters) > 0
    assert report.summary["unclustered"] == len(report["unclustered"])
    assert report.templates, "both tables repeat a closing formula"


def test_every_opinion_once_in_input_order(table, reports):
    report = reports[table.name]
    parsed = iken.parse(table)
    assert [o["id"] for o in report.opinions] == [o["id"] for o in parsed["opinions"]]
    assert [o["text"] for o in report.opinions] == [o["text"] for o in parsed["opinions"]]
    ids = [o["id"] for o in report.opinions]
    assert len(set(ids)) == len(ids)
    # Each opinion in exactly one cluster, or unclustered.
    placed = Counter(m for c in report.clusters for m in c["members"])
    placed.update(report["unclustered"])
    assert placed == Counter(ids)


def test_opinion_rows(table, reports):
    report = reports[table.name]
    clusters = {c["id"]: c for c in report.clusters}
    replies = {r["id"]: r for r in report.replies}
    for row in report.opinions:
        assert list(row)[:9] == [
            "id",
            "text",
            "section",
            "cluster",
            "cluster_keywords",
            "duplicate_group",
            "reply",
            "reply_class",
            "boilerplate_share",
        ]
        if row["cluster"] is None:
            assert row["cluster_keywords"] == []
            assert row["id"] in report["unclustered"]
        else:
            cluster = clusters[row["cluster"]]
            assert row["id"] in cluster["members"]
            assert row["cluster_keywords"] == [t for t, _ in cluster["keywords"]]
            assert row["cluster_keywords"]
        if row["reply"] is not None:
            reply = replies[row["reply"]]
            assert row["id"] in reply["opinions"]
            assert row["reply_class"] == reply["class"]
            assert row["boilerplate_share"] == reply["boilerplate_share"]


def test_report_views_are_the_json(reports, osaka):
    report = reports[osaka.name]
    raw = json.loads(report.to_json())
    assert raw == report.raw
    assert report.clusters == raw["clusters"]
    assert report.copies == raw["duplicates"]
    assert report.replies == raw["replies"]["replies"]
    assert report.templates == raw["replies"]["templates"]
    assert report.config == raw["analysis"]
    assert report.summary == raw["summary"]
    assert report.notes == raw["notes"]
    assert report["how_k_was_chosen"] == raw["how_k_was_chosen"]
    assert "schema_version" in report and set(report.keys()) == set(raw)
    assert "52 opinions" in repr(report)


def test_deterministic(osaka, reports):
    again = iken.analyze(osaka)
    assert again.to_json() == reports[osaka.name].to_json()


def test_threads_give_the_same_report(env_csv, reports):
    results = [None, None]

    def run(i: int) -> None:
        results[i] = iken.analyze(env_csv).to_json()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1] == reports[env_csv.name].to_json()


def test_the_gil_is_released_while_rust_works(env_csv):
    """Another Python thread runs while the library analyses: it would be stuck if the
    call held the GIL."""
    ticks = [0]
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            time.sleep(0.001)  # releases the GIL; waking needs it back
            ticks[0] += 1

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        time.sleep(0.05)
        started = time.perf_counter()
        before = ticks[0]
        for _ in range(3):
            _iken.analyze_file(str(env_csv))
        during = ticks[0] - before
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        thread.join()
    # A thread waking every millisecond: held, the GIL would let it in at most once.
    assert during >= min(10, elapsed * 1000 / 10), (during, elapsed)


def test_texts_and_the_same_texts_in_a_file_give_the_same_report(campaign_texts, campaign_jsonl):
    from_texts = iken.analyze(campaign_texts["texts"])
    from_file = iken.analyze(campaign_jsonl)
    assert from_texts.to_json() == from_file.to_json()
    assert [o["id"] for o in from_texts.opinions] == [
        f"o{i + 1}" for i in range(len(campaign_texts["texts"]))
    ]
    assert from_texts.replies == [] and from_texts.templates == []
    assert from_texts["replies"] is None


def test_a_planted_campaign_is_one_copy_group(campaign_texts):
    report = iken.analyze(campaign_texts["texts"])
    expected = {f"o{i + 1}" for i in campaign_texts["members"]}
    groups = [g for g in report.copies if expected & set(g["members"])]
    assert len(groups) == 1
    assert set(groups[0]["members"]) == expected
    assert groups[0]["size"] == len(expected)
    assert report.summary["opinions_in_copies"] == len(expected)
    rows = [o for o in report.opinions if o["id"] in expected]
    assert {o["duplicate_group"] for o in rows} == {groups[0]["id"]}
    # The campaign is one voice in the clustering: its members share a cluster or are
    # all unclustered together.
    assert len({o["cluster"] for o in rows}) == 1


def test_write_writes_the_report_files(osaka, reports, tmp_path):
    files = reports[osaka.name].write(tmp_path / "out")
    assert set(files) == {
        "html",
        "json",
        "config",
        "opinions_csv",
        "clusters_csv",
        "templates_csv",
        "replies_csv",
        "classes_csv",
    }
    for path in files.values():
        assert path.exists() and path.stat().st_size > 0
    assert files["json"].read_text(encoding="utf-8") == reports[osaka.name].to_json()
    assert json.loads(files["config"].read_text(encoding="utf-8")) == reports[osaka.name].config
    html = files["html"].read_text(encoding="utf-8")
    assert osaka.name in html
    opinions_csv = files["opinions_csv"].read_text(encoding="utf-8-sig").splitlines()
    assert opinions_csv[0].startswith("id,section,cluster,cluster_keywords")
    titled = reports[osaka.name].write(tmp_path / "titled", title="大阪市DX戦略")
    assert "大阪市DX戦略" in titled["html"].read_text(encoding="utf-8")


def test_config_runs_again(osaka, reports, tmp_path):
    report = reports[osaka.name]
    assert iken.analyze(osaka, config=report.config).to_json() == report.to_json()
    files = report.write(tmp_path)
    assert iken.analyze(osaka, config=files["config"]).to_json() == report.to_json()


def test_options_merge_over_a_config(osaka, reports):
    base = dict(reports[osaka.name].config)
    base["cluster"] = {**base["cluster"], "min_similarity": 0.3}
    report = iken.analyze(osaka, config=base, cluster={"k": 5}, seed=3)
    cluster = report.config["cluster"]
    assert cluster["k"] == {"fixed": 5}
    assert cluster["min_similarity"] == 0.3  # kept from the config
    assert report.config["seed"] == 3
    assert len(report.clusters) <= 5
    # The same variant of an option is merged field by field.
    auto = iken.analyze(osaka, config=base, cluster={"k": {"auto": {"max": 10}}})
    assert auto.config["cluster"]["k"] == {"auto": {"min": 2, "max": 10}}


def test_keyword_options_are_a_configuration(osaka):
    report = iken.analyze(osaka, cluster={"k": 4}, dimensions=20, seed=7)
    assert report.config["cluster"]["k"] == {"fixed": 4}
    assert report.config["dimensions"] == 20
    assert report.config["seed"] == 7
    assert len(report.clusters) <= 4
    # Options left out keep their defaults.
    defaults = iken.default_config()
    assert report.config["dedup"] == {**defaults["dedup"], "seed": 7}
    assert report.config["stop_words"] == defaults["stop_words"]


def test_default_config():
    config = iken.default_config()
    for name in ("read", "dedup", "cluster", "stop_words", "tfidf", "seed"):
        assert name in config
    assert config["seed"] == 0
    assert config["dedup"]["threshold"] == 0.8


def test_to_pandas(reports, osaka):
    pd = pytest.importorskip("pandas")
    frames = reports[osaka.name].to_pandas()
    assert set(frames) == {"opinions", "clusters", "copies", "replies", "templates"}
    opinions = frames["opinions"]
    assert isinstance(opinions, pd.DataFrame)
    assert len(opinions) == 52 and opinions["id"].is_unique
    assert str(opinions["cluster"].dtype) == "Int64"
    assert len(frames["clusters"]) == len(reports[osaka.name].clusters)
    assert len(frames["replies"]) == 31


def test_to_pandas_without_pandas(reports, osaka, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas → ImportError
    with pytest.raises(ImportError, match="pip install pandas"):
        reports[osaka.name].to_pandas()


def test_version():
    assert iken.__version__.count(".") == 2


def test_reader_warnings(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text(
        "No.,ご意見,回答\n1,窓口を増やしてほしい。,検討します。\n2,,参考にします。\n",
        encoding="utf-8",
    )
    with pytest.warns(iken.ReadWarning, match="no opinion text") as caught:
        report = iken.analyze(path)
    assert len(caught) == 1
    assert report.warnings == [str(caught[0].message)]
    assert report.summary["opinions"] == 1 and report.summary["replies"] == 2


def test_folded_copies_count_every_copy(campaign_jsonl, campaign_texts, tmp_path):
    folded = iken.analyze(campaign_jsonl, read={"fold_copies": True})
    plain = iken.analyze(campaign_jsonl)
    n = len(campaign_texts["texts"])
    assert folded.summary["opinions"] == plain.summary["opinions"] == n
    # The five unchanged letters are one row standing for five.
    assert len(folded.opinions) == n - 4
    assert max(o.get("copies", 1) for o in folded.opinions) == 5
    # opinions.csv still has a row per input opinion, as without folding.
    a = folded.write(tmp_path / "folded")["opinions_csv"].read_bytes()
    b = plain.write(tmp_path / "plain")["opinions_csv"].read_bytes()
    assert a == b
