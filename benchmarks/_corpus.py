"""The documents every benchmark and the identity check read: one list, one order.

``corpora/*.txt`` of this repository, then, where present, every ``.txt`` under
``../shared/corpus`` (``gbk/`` included). Paths are given relative to the
repository root, so that ``Report.source`` is the same whoever runs the scripts.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def document_paths() -> list[Path]:
    """Every document file, repository corpora first, sorted."""
    own = sorted((ROOT / "corpora").glob("*.txt"))
    shared = sorted(SHARED_CORPUS.rglob("*.txt")) if SHARED_CORPUS.is_dir() else []
    return [Path(os.path.relpath(p, ROOT)) for p in own + shared]


def read_documents() -> list[tuple[str, str]]:
    """``(relative path, text)`` of every document, decoded as ``worksum.parse_file`` decodes it."""
    from worksum.io import read_text

    os.chdir(ROOT)
    return [(str(path), read_text(path)[0]) for path in document_paths()]
