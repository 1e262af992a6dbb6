"""``worksum batch`` with 1 and then 2 workers, alternating, over several rounds.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_workers.py --rounds 7
    .venv/bin/python benchmarks/bench_workers.py --rounds 5 --parse-many   # parse_many as well

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


def time_batch(paths: list[str], workers: int, out: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (every process of the run) of one ``worksum batch``."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([WORKSUM, "batch", *paths, "-o", out, "--overwrite", "-q", "--no-progress", "-j", str(workers)],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, _children_cpu() - cpu


def time_parse_many(paths: list[str], workers: int) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _PARSE_MANY, str(workers), *paths], check=True, capture_output=True,
                   cwd=ROOT)
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
    args = parser.parse_args(argv)
    paths = [str(p) for p in document_paths()]
    runs: dict[str, dict[int, list[tuple[float, float]]]] = {"batch": {1: [], 2: []}, "parse_many": {1: [], 2: []}}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="worksum-bench-") as out:
        for round_ in range(max(1, args.rounds)):
            if args.quiet_machine:
                idle = wait_for_quiet(args.quiet_machine, 60.0)
                print(f"round {round_ + 1}: {idle:.0%} idle before it", file=sys.stderr, flush=True)
            for workers in ((1, 2) if round_ % 2 == 0 else (2, 1)):
                runs["batch"][workers].append(time_batch(paths, workers, out))
                if args.parse_many:
                    runs["parse_many"][workers].append(time_parse_many(paths, workers))
            print(f"round {round_ + 1}: batch -j1 {runs['batch'][1][-1][0]:.3f} s, "
                  f"-j2 {runs['batch'][2][-1][0]:.3f} s", file=sys.stderr, flush=True)
    lines = [f"{len(paths)} documents; load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"]
    lines += report("worksum batch", runs["batch"][1], runs["batch"][2])
    if args.parse_many:
        lines += report("parse_many", runs["parse_many"][1], runs["parse_many"][2])
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
