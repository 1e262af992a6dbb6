"""Golden outlines: the tree of every document in corpora/ as reviewed by a person.

After a deliberate change, regenerate with ``WORKSUM_UPDATE_GOLDEN=1 pytest tests/test_golden_outlines.py``
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import worksum
from worksum.outline import outline

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
DOCUMENTS = sorted(p for p in (ROOT / "corpora").glob("*") if p.suffix in (".txt", ".docx"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_outline_matches_golden(path: Path) -> None:
    got = outline(worksum.parse_file(path))
    golden = GOLDEN / f"{path.stem}.outline"
    if os.environ.get("WORKSUM_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden outline for {path.name}: review one and save it as {golden}"
    assert got == golden.read_text(encoding="utf-8")
