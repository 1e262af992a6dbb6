"""What compiling worksum's pipeline modules with mypyc would gain, measured in one run.

Usage (from the repository root; needs the ``dev`` extra, which brings mypy and so mypyc, a C compiler
with the Python headers, and setuptools, which mypyc builds with: a Python 3.12+ virtualenv has none
until ``pip install setuptools``)::

    .venv/bin/python benchmarks/bench_compiled.py --rounds 5
    .venv/bin/python benchmarks/bench_compiled.py --rounds 5 --keep /tmp/worksum-compiled   # keep the build

worksum ships as pure Python; this script answers "how much would a compiled build give?" without
changing that. It copies ``src/`` to a temporary folder, compiles the modules of the pipeline
(``--modules``) there with mypyc, then runs alternating child processes: one parses the corpus
(``benchmarks/_corpus.py``) with the pure ``src/``, one with the compiled copy, one segments the same
texts with ``jieba.lcut``. Each child goes over the corpus ``--repeat`` times and reports its shortest
time, in processor time (the machine is shared), so that both sides are timed alike. The table gives medians and ranges over
the rounds, and the ratios of each round.

``slogans`` and ``lexicon`` are left out by default: their classes cache patterns with
``functools.cached_property``, which a mypyc-compiled class does not keep, so that compiled they
run several times slower. Whether the compiled modules give the same reports can be checked with
``benchmarks/check_identical.py check`` and ``PYTHONPATH=<kept build>/src``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _corpus import ROOT

MODULES = (
    "worksum/extract/figures.py",
    "worksum/extract/numbers.py",
    "worksum/extract/roles.py",
    "worksum/extract/scan.py",
    "worksum/extract/enumerations.py",
    "worksum/tree.py",
    "worksum/blocks.py",
    "worksum/sentences.py",
    "worksum/markers.py",
    "worksum/normalize.py",
    "worksum/titles.py",
    "worksum/numerals.py",
)

# One child program for both sides: ``{setup}`` imports and warms up, ``{call}`` is applied to every text.
_TIMED = """
import sys, time
sys.path.insert(0, {benchmarks!r})
from _corpus import read_documents
texts = [text for _, text in read_documents()]
{setup}
times = []
for _ in range({repeat}):
    start = time.process_time()
    for text in texts:
        {call}(text)
    times.append(time.process_time() - start)
print({origin})
print(min(times))
"""
_PARSE = dict(setup="import worksum\nfor text in texts[:3]:\n    worksum.parse(text)  # lexicons loaded first",
              call="worksum.parse", origin="worksum.__file__")
_JIEBA = dict(setup="import jieba\njieba.setLogLevel(60)\njieba.lcut(texts[0])", call="jieba.lcut",
              origin="jieba.__file__")


def compile_copy(target: Path, modules: list[str]) -> Path:
    """``src/`` copied to ``target/src`` with ``modules`` compiled in place; returns the copy's ``src``."""
    src = target / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    mypyc = [sys.executable, "-c", "import sys; from mypyc.__main__ import main; sys.exit(main())"]
    done = subprocess.run([*mypyc, *modules], cwd=src, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mypyc failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return src


def _child(code: str, src: Path | None) -> list[str]:
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"a child process failed:\n{done.stderr[-3000:]}")
    return done.stdout.splitlines()


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="parses of the corpus per child process")
    parser.add_argument("--modules", nargs="+", default=list(MODULES), help="paths under src/ to compile")
    parser.add_argument("--keep", type=Path, help="build the compiled copy in this (new) folder and keep it")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="worksum-compiled-"))
    try:
        print(f"compiling {len(args.modules)} modules with mypyc in {work} …", flush=True)
        compiled = compile_copy(work, args.modules)
        benchmarks = str(ROOT / "benchmarks")
        parse_code = _TIMED.format(benchmarks=benchmarks, repeat=args.repeat, **_PARSE)
        jieba_code = _TIMED.format(benchmarks=benchmarks, repeat=args.repeat, **_JIEBA)
        pure: list[float] = []
        fast: list[float] = []
        jieba: list[float] = []
        for number in range(args.rounds):
            sides = [("pure", ROOT / "src", pure), ("compiled", compiled, fast)]
            if number % 2:
                sides.reverse()  # neither side always goes first
            for name, src, times in sides:
                *_, where, seconds = _child(parse_code, src)
                if name == "compiled" and not where.startswith(str(compiled)):
                    sys.exit(f"the compiled child imported {where}")
                times.append(float(seconds))
            jieba.append(float(_child(jieba_code, None)[-1]))
            print(f"round {number + 1}: pure {pure[-1]:.3f} s, compiled {fast[-1]:.3f} s, "
                  f"jieba.lcut {jieba[-1]:.3f} s", flush=True)
        print()
        print("| side | parse of the corpus, s | × jieba.lcut (per round) |")
        print("| --- | --- | --- |")
        print(f"| jieba.lcut | {_spread(jieba)} | 1 |")
        for name, times in (("pure Python", pure), ("mypyc-compiled", fast)):
            ratios = [j / t for j, t in zip(jieba, times, strict=True)]
            print(f"| {name} | {_spread(times)} | {_spread(ratios)} |")
        gains = [p / f for p, f in zip(pure, fast, strict=True)]
        print(f"\ncompiled over pure, per round: {_spread(gains)}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
