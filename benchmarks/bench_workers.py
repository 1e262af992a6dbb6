"""``worksum batch`` with 1 and then 2 workers, alternating, over several rounds.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_workers.py --rounds 7
    .venv/bin/python benchmarks/bench_workers.py --rounds 5 --parse-many   # parse_many as well
    .venv/bin/python benchmarks/bench_workers.py --baseline-src /tmp/old/src  # and another version, same rounds

Each round runs ``worksum batch`` over the whole corpus (``benchmarks/_corpus.py``) once with
``-j 1`` and once with ``-j 2``, in alternating order from one round to the next so that neither
always runs first; the speed-up of a round is its 1-worker time over its 2-worker time. The machine
is shared: only medians and ranges of those per-round ratios are worth quoting.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _corpus import ROOT, document_paths

WORKSUM = str(Path(sys.executable).with_name("worksum"))

_PARSE_MANY = """
import sys, time, pathlib
start = time.perf_counter()
import worksum
for result in worksum.parse_many([pathlib.Path(p) for p in sys.argv[2:]], workers=int(sys.argv[1])):
    assert result.ok, result
    result.json
print(time.perf_counter() - start)
"""


def _idle_share(seconds: float = 1.0) -> float:
    """The share of the machine's CPU time that went idle over ``seconds`` (Linux; 1.0 elsewhere)."""
    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return 1.0
    return (idle1 - idle0) / max(1, total1 - total0)


def wait_for_quiet(threshold: float, patience: float) -> float:
    """Wait (at most ``patience`` seconds) until other processes leave ``threshold`` of the CPUs idle."""
    deadline = time.monotonic() + patience
    idle = _idle_share()
    while idle < threshold and time.monotonic() < deadline:
        idle = _idle_share()
    return idle


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _environment(src: str | None) -> dict[str, str] | None:
    """The environment of a run: this one, or one that imports worksum from ``src``."""
    if src is None:
        return None
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}


def time_batch(paths: list[str], workers: int, out: str, src: str | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (every process of the run) of one ``worksum batch``."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([WORKSUM, "batch", *paths, "-o", out, "--overwrite", "-q", "--no-progress", "-j", str(workers)],
                   check=True, capture_output=True, cwd=ROOT, env=_environment(src))
    return time.perf_counter() - start, _children_cpu() - cpu


def time_parse_many(paths: list[str], workers: int, out: str, src: str | None = None) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _PARSE_MANY, str(workers), *paths], check=True, capture_output=True,
                   cwd=ROOT, env=_environment(src))
    return time.perf_counter() - start, _children_cpu() - cpu


def _spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):.3f}{unit} ({min(values):.3f}–{max(values):.3f})"


def report(name: str, one: list[tuple[float, float]], two: list[tuple[float, float]]) -> list[str]:
    ratios = [a[0] / b[0] for a, b in zip(one, two, strict=True)]
    return [
        f"{name} -j 1: wall {_spread([w for w, _ in one])} s, CPU {_spread([c for _, c in one])} s",
        f"{name} -j 2: wall {_spread([w for w, _ in two])} s, CPU {_spread([c for _, c in two])} s",
        f"{name} speed-up of 2 workers: {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}); "
        "per round: " + ", ".join(f"{r:.2f}" for r in ratios),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--parse-many", action="store_true", help="time parse_many in a fresh process as well")
    parser.add_argument("--quiet-machine", type=float, default=0.0, metavar="SHARE",
                        help="before each round wait (up to a minute) until this share of the CPUs is idle, "
                             "e.g. 0.9 on a machine shared with others (default: do not wait)")
    parser.add_argument("--baseline-src", metavar="DIR",
                        help="also time, in the same rounds, the worksum whose package is in DIR (a src folder)")
    args = parser.parse_args(argv)
    paths = [str(p) for p in document_paths()]
    measures: dict[str, Callable[..., tuple[float, float]]] = {"worksum batch": time_batch}
    if args.parse_many:
        measures["parse_many"] = time_parse_many
    sources: dict[str, str | None] = {"": None}
    if args.baseline_src:
        sources["baseline "] = str(Path(args.baseline_src).resolve())
    runs: dict[tuple[str, str, int], list[tuple[float, float]]] = {}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="worksum-bench-") as out:
        for round_ in range(max(1, args.rounds)):
            if args.quiet_machine:
                idle = wait_for_quiet(args.quiet_machine, 60.0)
                print(f"round {round_ + 1}: {idle:.0%} idle before it", file=sys.stderr, flush=True)
            # 1 and 2 workers take turns at going first, and so do the two versions
            order = [(label, src, workers) for label, src in sources.items() for workers in (1, 2)]
            for label, src, workers in (order if round_ % 2 == 0 else order[::-1]):
                for name, measure in measures.items():
                    runs.setdefault((label, name, workers), []).append(measure(paths, workers, out, src))
            print(f"round {round_ + 1}: " + ", ".join(f"{label}{name} -j{workers} {times[-1][0]:.3f} s"
                                                      for (label, name, workers), times in runs.items()),
                  file=sys.stderr, flush=True)
    lines = [f"{len(paths)} documents; load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"]
    for label in sources:
        for name in measures:
            lines += report(label + name, runs[(label, name, 1)], runs[(label, name, 2)])
    if args.baseline_src:
        for workers in (1, 2):
            ours = runs[("", "worksum batch", workers)]
            base = runs[("baseline ", "worksum batch", workers)]
            ratios = [b[0] / o[0] for b, o in zip(base, ours, strict=True)]
            lines.append(f"worksum batch -j {workers}, baseline time / this time: {statistics.median(ratios):.2f}× "
                         f"({min(ratios):.2f}–{max(ratios):.2f})")
    print("\n".join(lines))
    return 0

if __name__ == "__main__":
    sys.exit(main())
