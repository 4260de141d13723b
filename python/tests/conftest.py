"""Fixtures: the bundled corpora, a consultation with planted form letters, and the `iken`
command-line binary the results are compared with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import List

import pytest

import iken

ROOT = Path(__file__).resolve().parents[2]


def corpus(name: str) -> Path:
    """A bundled corpus: in data/, or in the shared corpus beside the repository."""
    for candidate in (ROOT / "data" / name, ROOT.parent / "shared" / "corpus" / name):
        if candidate.exists():
            return candidate
    pytest.skip(f"corpus {name} is neither in data/ nor in ../shared/corpus/")


@pytest.fixture(scope="session")
def osaka() -> Path:
    """Osaka City's published table: 52 opinions, 31 replies, extracted PDF text."""
    return corpus("osaka-dx-strategy-pubcomment.txt")


@pytest.fixture(scope="session")
def env_csv() -> Path:
    """The Ministry of the Environment's table as CSV: 100 opinions, 93 replies."""
    return corpus("env-basic-plan-5-pubcomment.csv")


@pytest.fixture(scope="session", params=["osaka", "env"])
def table(request, osaka, env_csv) -> Path:
    """Each bundled corpus in turn."""
    return {"osaka": osaka, "env": env_csv}[request.param]


# A form letter of a campaign (written for these tests), and the edits its senders made.
LETTER = (
    "私たち市民の暮らしを守る会は、窓口サービスの縮小に強く反対します。"
    "区役所の窓口は、高齢者や障がいのある方にとって欠かせない場所です。"
    "オンライン手続だけでは、デジタル機器に不慣れな市民が取り残されます。"
    "計画案を見直し、すべての区で対面の窓口を維持することを求めます。"
)
EDITED = [
    "大阪市長様\n" + LETTER,
    LETTER + "どうぞよろしくお願いいたします。",
    LETTER.replace("強く反対します", "反対します"),
]
EXACT_COPIES = 5


@pytest.fixture(scope="session")
def campaign_texts(osaka) -> dict:
    """The Osaka opinions with a campaign planted among them: the letter sent
    `EXACT_COPIES` times unchanged and three times edited. Returns the texts and the
    positions of the campaign's members."""
    texts: List[str] = [o["text"] for o in iken.parse(osaka)["opinions"]]
    for i, letter in enumerate([LETTER] * EXACT_COPIES + EDITED):
        position = 3 + 7 * i  # spread through the table
        texts.insert(position, letter)
    members = [i for i, t in enumerate(texts) if t == LETTER or t in EDITED]
    return {"texts": texts, "members": members}


@pytest.fixture(scope="session")
def campaign_jsonl(campaign_texts, tmp_path_factory) -> Path:
    """The same texts as a JSON Lines file, one {"text"} per line (ids o1, o2, …)."""
    path = tmp_path_factory.mktemp("campaign") / "campaign.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for text in campaign_texts["texts"]:
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def iken_bin() -> Path:
    """The `iken` binary: $IKEN_BIN, else target/release/iken, else target/debug/iken."""
    given = os.environ.get("IKEN_BIN")
    if given:
        path = Path(given)
        if not path.is_absolute():
            path = ROOT / path
        if not path.exists():
            pytest.fail(f"IKEN_BIN={given} does not exist")
        return path
    for candidate in (ROOT / "target" / "release" / "iken", ROOT / "target" / "debug" / "iken"):
        if candidate.exists():
            return candidate
    found = shutil.which("iken")
    if found:
        return Path(found)
    pytest.skip("no iken binary to compare with: build it (cargo build --release) or set IKEN_BIN")


@pytest.fixture(scope="session")
def run_cli(iken_bin):
    """Runs the binary with arguments, from the repository's root; returns its stdout."""

    def run(*args: object) -> str:
        done = subprocess.run(
            [str(iken_bin), *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 0, f"iken {' '.join(map(str, args))} failed:\n{done.stderr}"
        return done.stdout

    return run
