"""The package gives what the `iken` command line gives for the same input and options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import iken


def files_of(directory: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(params=["osaka", "env", "campaign"])
def source(request, osaka, env_csv, campaign_jsonl) -> Path:
    return {"osaka": osaka, "env": env_csv, "campaign": campaign_jsonl}[request.param]


def test_report_json_is_the_cli_report_json(source, run_cli, tmp_path):
    run_cli("analyze", source, "--out", tmp_path / "cli", "--seed", "0", "--quiet")
    report = iken.analyze(source, seed=0)
    cli_json = (tmp_path / "cli" / "report.json").read_bytes()
    assert report.to_json().encode("utf-8") == cli_json


def test_write_writes_the_cli_files(source, run_cli, tmp_path):
    run_cli("analyze", source, "--out", tmp_path / "cli", "--seed", "0", "--quiet")
    written = iken.analyze(source, seed=0).write(tmp_path / "py")
    cli, py = files_of(tmp_path / "cli"), files_of(tmp_path / "py")
    assert sorted(py) == sorted(cli)
    for name in cli:
        assert py[name] == cli[name], f"{name} differs"
    assert {p.name for p in written.values()} <= set(cli)


def test_options_are_the_cli_flags(osaka, run_cli, tmp_path):
    run_cli(
        "analyze",
        osaka,
        "--out",
        tmp_path,
        "--seed",
        "3",
        "--k",
        "6",
        "--dimensions",
        "20",
        "--quiet",
    )
    report = iken.analyze(osaka, seed=3, cluster={"k": 6}, dimensions=20)
    assert report.to_json().encode("utf-8") == (tmp_path / "report.json").read_bytes()


def test_the_cli_config_runs_again(env_csv, run_cli, tmp_path):
    run_cli("analyze", env_csv, "--out", tmp_path, "--seed", "0", "--k", "8", "--quiet")
    report = iken.analyze(env_csv, config=tmp_path / "config.json")
    assert report.to_json().encode("utf-8") == (tmp_path / "report.json").read_bytes()


def test_dedup_is_iken_dedup(campaign_jsonl, campaign_texts, run_cli):
    cli = json.loads(run_cli("dedup", campaign_jsonl, "--json"))
    py = iken.dedup(campaign_texts["texts"])
    assert cli["groups"], "the planted campaign is found"
    for key in ("texts", "distinct", "in_groups", "candidates", "verified", "bands", "params"):
        assert py[key] == cli[key], key
    assert py["empty_ids"] == cli["empty"]
    assert len(py["groups"]) == len(cli["groups"])
    for p, c in zip(py["groups"], cli["groups"]):
        assert p["member_ids"] == c["members"]
        assert p["representative_id"] == c["representative"]
        for key in ("id", "size", "distinct", "text", "measure", "similarity"):
            assert p[key] == c[key], key
        assert [{k: v for k, v in d.items() if k != "index"} for d in p["details"]] == c["details"]
        assert [(q["a_id"], q["b_id"], q["similarity"]) for q in p["pairs"]] == [
            (q["a"], q["b"], q["similarity"]) for q in c["pairs"]
        ]


def test_cluster_is_iken_cluster(table, run_cli):
    cli = json.loads(run_cli("cluster", table, "--json", "--seed", "0"))
    ids = [o["id"] for o in cli["opinions"]]
    texts = [o["text"] for o in cli["opinions"]]
    py = iken.cluster(texts, seed=0)
    assert py["how_k_was_chosen"] == cli["how_k_was_chosen"]
    assert py["vectors"] == cli["vectors"]
    assert [o["cluster"] for o in cli["opinions"]] == py["labels"]
    assert [o["map"] for o in cli["opinions"]] == py["map"]
    assert [ids[i] for i in py["unclustered"]] == cli["unclustered"]
    assert len(py["clusters"]) == len(cli["clusters"])
    for p, c in zip(py["clusters"], cli["clusters"]):
        assert [ids[i] for i in p["members"]] == c["members"]
        assert [ids[i] for i in p["representatives"]] == c["representatives"]
        for key in ("id", "size", "distinct", "keywords", "cohesion"):
            assert p[key] == c[key], key


def test_tokenize_is_iken_tokenize(table, run_cli):
    lines = [json.loads(line) for line in run_cli("tokenize", table).splitlines()]
    texts = [o["text"] for o in iken.parse(table)["opinions"]]
    assert iken.tokenize(texts) == [line["terms"] for line in lines]
    tokens = [json.loads(line) for line in run_cli("tokenize", table, "--all-tokens").splitlines()]
    assert iken.tokenize(texts, all_tokens=True) == [line["tokens"] for line in tokens]


def test_parse_is_iken_parse(table, run_cli):
    cli = json.loads(run_cli("parse", table))
    py = iken.parse(table)
    assert py["opinions"] == cli["opinions"]
    assert py["replies"] == cli["replies"]


def test_folded_copies_write_the_cli_files(campaign_jsonl, run_cli, tmp_path):
    run_cli("analyze", campaign_jsonl, "--out", tmp_path / "cli", "--fold-copies", "--quiet")
    iken.analyze(campaign_jsonl, read={"fold_copies": True}).write(tmp_path / "py")
    cli, py = files_of(tmp_path / "cli"), files_of(tmp_path / "py")
    assert sorted(py) == sorted(cli)
    for name in cli:
        assert py[name] == cli[name], f"{name} differs"


def files_under(directory: Path) -> dict:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_write_kouchou_writes_the_cli_kouchou_files(campaign_jsonl, run_cli, tmp_path):
    run_cli("analyze", campaign_jsonl, "--out", tmp_path / "cli", "--kouchou", "--quiet")
    written = iken.analyze(campaign_jsonl).write(tmp_path / "py", kouchou=True)
    assert written["kouchou_hierarchical_result"].name == "hierarchical_result.json"
    assert written["kouchou_comments"].parent.name == "kouchou"
    cli, py = files_under(tmp_path / "cli"), files_under(tmp_path / "py")
    assert "kouchou/hierarchical_result.json" in cli
    assert sorted(py) == sorted(cli)
    for name in cli:
        assert py[name] == cli[name], f"{name} differs"
