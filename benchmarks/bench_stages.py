"""Stage times of ``worksum.parse``, the work tree against a git revision, in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_stages.py --against HEAD --rounds 5

Each round runs two child processes one after the other, one parsing with ``src/`` as it is in
``--against`` (read with ``git archive``), one with the work tree's ``src/``; each parses the whole
corpus ``--repeat`` times with a timer around every stage (the wrappers of ``bench.py``) and
reports each stage's shortest time, in processor time (the machine is shared: wall-clock time would
count the waits for a core). The table gives, per stage, the median over the rounds of each
side (and the minimum: load on the machine only ever adds time), their ratios, and the median of
the per-round ratios, so that load on the machine weighs on both sides.
"rest" is what ``parse`` spends outside the timed stages (the collector's pass over the new
report, the glue, the timers themselves).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ROOT, read_documents
from bench import _STAGES, _each, _instrument

_SHOWN = ("blocks", "tree", "sentences", "slogans", "rest", "structure (the five above)", "figures", "roles", "parse")
_STRUCTURE = ("blocks", "tree", "sentences", "slogans", "rest")


def _one_repetition(texts: list[str]) -> dict[str, float]:
    import worksum

    spent: dict[str, float] = {}
    undo = _instrument(spent, time.process_time)
    try:
        start = time.process_time()
        _each(worksum.parse, texts)
        total = time.process_time() - start
    finally:
        undo()
    spent["tree"] -= spent.get("sentences", 0.0)
    timed = [name for name, _ in _STAGES] + ["sentences"]
    spent["rest"] = total - sum(spent.get(name, 0.0) for name in timed)
    spent["parse"] = total
    return spent


def worker(repeat: int) -> None:
    """Child process: print each stage's shortest time over ``repeat`` parses of the corpus."""
    import worksum

    texts = [text for _, text in read_documents()]
    for text in texts[:3]:  # lexicons loaded before the clock starts
        worksum.parse(text)
    repetitions = [_one_repetition(texts) for _ in range(repeat)]
    print(json.dumps({name: min(spent.get(name, 0.0) for spent in repetitions) for name in repetitions[0]}))


def _run(src: Path, repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, __file__, "--worker", "--repeat", str(repeat)], env=env,
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    times: dict[str, float] = json.loads(out)
    times["structure (the five above)"] = sum(times.get(name, 0.0) for name in _STRUCTURE)
    return times


def compare(revision: str, rounds: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="worksum-stages-") as tmp:
        archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        sides = {"old": Path(tmp) / "src", "new": ROOT / "src"}
        results: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
        for _ in range(rounds):
            for side, src in sides.items():
                results[side].append(_run(src, repeat))
    print(f"old: src/ of {revision}; new: the work tree; {rounds} rounds, best of {repeat} each\n")
    print("| stage | old s: median (min) | new s: median (min) | old/new of medians | of minima "
          "| per round: median (min–max) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in _SHOWN:
        old = [r[name] for r in results["old"]]
        new = [r[name] for r in results["new"]]
        ratios = [o / n for o, n in zip(old, new, strict=True) if n > 0]
        spread = f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})" if ratios else "–"
        print(f"| {name} | {statistics.median(old):.3f} ({min(old):.3f}) | {statistics.median(new):.3f} "
              f"({min(new):.3f}) | {statistics.median(old) / statistics.median(new):.2f}× "
              f"| {min(old) / min(new):.2f}× | {spread} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision whose src/ is the old side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="parses of the corpus per child process")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.repeat)
        return 0
    compare(args.against, args.rounds, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
