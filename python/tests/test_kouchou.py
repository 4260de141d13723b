"""`iken analyze --kouchou` writes what kouchou-ai's viewer and pipeline read: the JSON is
checked against a pydantic model written from kouchou-ai's schema (kouchou_schema.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import EXACT_COPIES, LETTER
from kouchou_schema import HierarchicalResult, validate_hierarchical_result


@pytest.fixture(params=["osaka", "env", "campaign"])
def analysed(request, osaka, env_csv, campaign_jsonl, run_cli, tmp_path) -> Path:
    source = {"osaka": osaka, "env": env_csv, "campaign": campaign_jsonl}[request.param]
    run_cli("analyze", source, "--out", tmp_path, "--seed", "0", "--kouchou", "--quiet")
    return tmp_path


def load(out: Path) -> tuple[dict, dict, list[dict]]:
    data = json.loads((out / "kouchou" / "hierarchical_result.json").read_text("utf-8"))
    report = json.loads((out / "report.json").read_text("utf-8"))
    with open(out / "kouchou" / "comments.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return data, report, rows


def test_the_json_is_valid_for_the_viewer(analysed):
    data, report, _ = load(analysed)
    result = validate_hierarchical_result(data, require_kouchou_id_format=True)
    assert isinstance(result, HierarchicalResult)
    # A root at level 0, then two levels: the coarse one and iken's clusters.
    assert result.clusters[0].id == "0" and result.clusters[0].level == 0
    assert result.clusters[0].label == "全体"
    assert {c.level for c in result.clusters} == {0, 1, 2}
    assert all(isinstance(a.comment_id, int) for a in result.arguments)
    assert result.overview.strip()
    lone = 1 if report["summary"]["unclustered"] else 0
    assert sum(c.level == 2 for c in result.clusters) == len(report["clusters"]) + lone
    assert sum(c.level == 1 for c in result.clusters) == len(report["cluster_groups"]) + lone
    # Every opinion is counted once: in one argument's 件数.
    assert sum(a.attributes["件数"] for a in result.arguments) == report["summary"]["opinions"]
    assert result.comment_num == report["summary"]["opinions"]


def test_fine_clusters_are_ikens_clusters(analysed):
    data, report, _ = load(analysed)
    by_text = {}
    for o in report["opinions"]:
        by_text.setdefault(o["text"], o)
    for a in data["arguments"]:
        o = by_text[a["argument"]]
        assert a["attributes"]["iken_id"] == o["id"]
        fine = a["cluster_ids"][2]
        if o["cluster"] is None:
            assert fine == f"2_{len(report['clusters'])}"
        else:
            assert fine == f"2_{o['cluster']}"
            group = report["clusters"][o["cluster"]]["group"]
            assert a["cluster_ids"][1] == f"1_{group + 1}"
            assert (a["x"], a["y"]) == tuple(o["map"])


def test_comments_csv_has_one_row_per_distinct_text(analysed):
    data, report, rows = load(analysed)
    assert list(rows[0]) == ["comment-id", "comment-body", "attribute_件数", "attribute_重複グループ"]
    assert len(rows) == len(data["arguments"]) == len({o["text"] for o in report["opinions"]})
    assert [int(r["comment-id"]) for r in rows] == [a["comment_id"] for a in data["arguments"]]
    assert sum(int(r["attribute_件数"]) for r in rows) == report["summary"]["opinions"]


def test_a_campaign_is_one_voice_with_its_count(campaign_jsonl, run_cli, tmp_path):
    run_cli("analyze", campaign_jsonl, "--out", tmp_path, "--seed", "0", "--kouchou", "--quiet")
    data, report, rows = load(tmp_path)
    letter = [a for a in data["arguments"] if a["argument"] == LETTER]
    assert len(letter) == 1
    assert letter[0]["attributes"]["件数"] == EXACT_COPIES
    assert letter[0]["attributes"]["重複グループ"] != ""
    row = next(r for r in rows if r["comment-body"] == LETTER)
    assert row["attribute_件数"] == str(EXACT_COPIES)
    # The edited copies are other texts of the same copy group.
    group = letter[0]["attributes"]["重複グループ"]
    assert sum(a["attributes"]["重複グループ"] == group for a in data["arguments"]) == 4
