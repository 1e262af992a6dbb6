"""Byte-for-byte check that an optimisation changed no output.

Usage (from the repository root)::

    .venv/bin/python benchmarks/check_identical.py dump  /tmp/worksum-reference   # before changing code
    .venv/bin/python benchmarks/check_identical.py check /tmp/worksum-reference   # after each change

``dump`` writes ``Report.model_dump_json()`` of every document (see ``_corpus.py``), of a few
variants of each (CRLF line breaks, no line breaks, the first half cut mid-text, full-width
digits), and of 200 made-up documents (lines of the corpus shuffled, with numerals, units,
quote marks, cue words and line breaks sprinkled in, from a fixed seed), so that rarer paths
of the parser are covered too.
``check`` parses the same inputs again and lists every one whose JSON differs; it exits 1
if any does (``--show`` prints where each differs). The reference must come from the code
before the change: ``dump --rev HEAD`` builds it from a git revision of ``src/`` (read with
``git archive``, the work tree untouched), so that commits others land meanwhile are in both.
When others have uncommitted changes in ``src/`` too, copy ``src/``, put your own changed files
back as they are in HEAD (``git show HEAD:src/worksum/FILE``), and dump with that copy first on
the path: ``PYTHONPATH=COPY/src .venv/bin/python benchmarks/check_identical.py dump FOLDER``
(``dump`` prints which worksum it parses with).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from _corpus import ROOT, document_paths, read_documents

_FULLWIDTH_DIGITS = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _variants() -> dict[str, Callable[[str], str]]:
    """Rewrites of a document that take the parser down other paths."""
    return {
        "crlf": lambda text: text.replace("\r\n", "\n").replace("\n", "\r\n"),
        "oneline": lambda text: text.replace("\r", "").replace("\n", ""),
        "half": lambda text: text[: len(text) // 2],
        "fullwidth": lambda text: text.translate(_FULLWIDTH_DIGITS),
    }


_SPRINKLES = [*"一二三四五六七八九十百千万亿XX×%％.,，。；：“”《》（）()0123456789 \u3000\n\r\t—-~至到第是个元年",
              "\\r\\n", "万元", "亿元", "百分之", "分之", "翻一番", "同比增长", "力争", "存在的问题", "一是", "二是",
              "下一步"]


def _made_up(texts: list[str], count: int, seed: int = 9) -> list[str]:
    """Documents made of shuffled corpus lines with sprinkles: odd shapes the corpus lacks."""
    rng = random.Random(seed)
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    made: list[str] = []
    for _ in range(count):
        chars = list("\n".join(rng.sample(lines, min(len(lines), rng.randint(1, 40)))))
        for _ in range(rng.randint(0, 30)):
            chars.insert(rng.randint(0, len(chars)), rng.choice(_SPRINKLES))
        text = "".join(chars)
        made.append(text.replace("\n", "") if rng.random() < 0.2 else text)
    return made


def _cases() -> Iterator[tuple[str, Callable[[], str]]]:
    """``(name, thunk returning the JSON)`` for every document and variant."""
    import worksum

    def from_file(path: Path) -> str:
        return worksum.parse_file(path).model_dump_json()

    def from_text(text: str, source: str) -> str:
        return worksum.parse(text, source=source).model_dump_json()

    for path in document_paths():
        yield str(path), functools.partial(from_file, path)
    documents = read_documents()
    for path_name, text in documents:
        for variant, rewrite in _variants().items():
            source = f"{path_name}#{variant}"
            yield source, functools.partial(from_text, rewrite(text), source)
    for number, text in enumerate(_made_up([text for _, text in documents], 200)):
        yield f"made-up-{number}", functools.partial(from_text, text, f"made-up-{number}")


def _file_name(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    return f"{name.replace('/', '_').replace('#', '.')}.{digest}.json"


def dump(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, make_json in _cases():
        (folder / _file_name(name)).write_text(make_json(), encoding="utf-8")
        count += 1
    print(f"wrote {count} reports to {folder}")
    return 0


def _first_difference(old: str, new: str, width: int = 120) -> str:
    """Where two JSON strings part, with some context of each."""
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    lo = max(0, at - width)
    return f"  at {at}:\n  was: {old[lo:at + width]}\n  now: {new[lo:at + width]}"


def dump_revision(folder: Path, revision: str) -> int:
    """``dump`` run on ``src/`` as it is in ``revision``, in a child process."""
    with tempfile.TemporaryDirectory(prefix="worksum-rev-") as tmp:
        archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        return subprocess.run([sys.executable, __file__, "dump", str(folder)], env=env, check=False).returncode


def check(folder: Path, *, show: bool = False) -> int:
    differing: list[str] = []
    count = 0
    for name, make_json in _cases():
        count += 1
        reference = folder / _file_name(name)
        old = reference.read_text(encoding="utf-8") if reference.exists() else ""
        new = make_json()
        if old != new:
            differing.append(name)
            print(f"DIFFERS: {name}")
            if show:
                print(_first_difference(old, new))
    print(f"{count - len(differing)} of {count} reports identical")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["dump", "check"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", action="store_true", help="print where each differing report first differs")
    parser.add_argument("--rev", help="dump: parse with src/ of this git revision (e.g. HEAD)")
    args = parser.parse_args(argv)
    if args.action == "check":
        return check(args.folder, show=args.show)
    if args.rev:
        return dump_revision(args.folder, args.rev)
    import worksum

    print(f"parsing with {Path(worksum.__file__).parent}")
    return dump(args.folder)


if __name__ == "__main__":
    sys.exit(main())
