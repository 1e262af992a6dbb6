"""``worksum batch`` with 1 and then 2 workers, alternating, over several rounds.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_workers.py --rounds 7
    .venv/bin/python benchmarks/bench_workers.py --rounds 5 --parse-many       # parse_many as well
    .venv/bin/python benchmarks/bench_workers.py --baseline-src /tmp/old/src   # and another version, same rounds
    .venv/bin/python benchmarks/bench_workers.py --rounds 7 --undisturbed 0.1  # on a machine shared with others
    .venv/bin/python benchmarks/bench_workers.py --ceiling    # and what two cores give when nothing is shared

Each round runs ``worksum batch`` over the whole corpus (``benchmarks/_corpus.py``) once with
``-j 1`` and once with ``-j 2``, in alternating order from one round to the next so that neither
always runs first; the speed-up of a round is its 1-worker time over its 2-worker time. Only
medians and ranges of those per-round ratios are worth quoting.

On a machine shared with others, ``--undisturbed SHARE`` measures (Linux) how much CPU other
processes took during each run of this version, and runs a round again when it was more than
SHARE of the machine (at most ``--max-minutes``); the disturbed rounds are listed, not counted.
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # this run's processes, as far as they were waited for (forkserver workers are not)
    others: float  # the share of the machine's CPUs other processes used meanwhile (0 when unknown)


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux), else None."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str] | None) -> Run:
    busy, cpu, start = _busy_seconds(), _children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    wall, used, busy_after = time.perf_counter() - start, _children_cpu() - cpu, _busy_seconds()
    others = 0.0
    if busy is not None and busy_after is not None:
        others = max(0.0, busy_after - busy - used) / (wall * (os.cpu_count() or 1))
    return Run(wall, used, others)


def _environment(src: str | None) -> dict[str, str] | None:
    """The environment of a run: this one, or one that imports worksum from ``src``."""
    if src is None:
        return None
    path = os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**os.environ, "PYTHONPATH": path}


def time_batch(paths: list[str], workers: int, out: str, src: str | None = None) -> Run:
    """One ``worksum batch`` over ``paths``."""
    return _timed([WORKSUM, "batch", *paths, "-o", out, "--overwrite", "-q", "--no-progress", "-j", str(workers)],
                  _environment(src))


def time_parse_many(paths: list[str], workers: int, out: str, src: str | None = None) -> Run:
    """``parse_many`` over ``paths`` in a fresh process, import included."""
    return _timed([sys.executable, "-c", _PARSE_MANY, str(workers), *paths], _environment(src))


def time_halves(paths: list[str], workers: int, out: str, src: str | None = None) -> Run:
    """Two independent ``worksum batch -j 1`` at once, each on half of ``paths``: what 2 cores give at best.

    Nothing is shared, not even the start of the process; ``workers`` is ignored.
    """
    busy, cpu, start = _busy_seconds(), _children_cpu(), time.perf_counter()
    halves = [subprocess.Popen([WORKSUM, "batch", *paths[k::2], "-o", str(Path(out) / f"half{k}"), "--overwrite", "-q",
                                "--no-progress", "-j", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=ROOT, env=_environment(src)) for k in (0, 1)]
    if any(half.wait() not in (0, 1) for half in halves):
        raise RuntimeError("a half batch failed")
    wall, used, busy_after = time.perf_counter() - start, _children_cpu() - cpu, _busy_seconds()
    others = 0.0
    if busy is not None and busy_after is not None:
        others = max(0.0, busy_after - busy - used) / (wall * (os.cpu_count() or 1))
    return Run(wall, used, others)


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def report(name: str, one: list[Run], two: list[Run]) -> list[str]:
    ratios = [a.wall / b.wall for a, b in zip(one, two, strict=True)]
    return [
        f"{name} -j 1: wall {_spread([r.wall for r in one])} s, CPU {_spread([r.cpu for r in one])} s",
        f"{name} -j 2: wall {_spread([r.wall for r in two])} s, CPU {_spread([r.cpu for r in two])} s",
        f"{name} speed-up of 2 workers: {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}); "
        "per round: " + ", ".join(f"{r:.2f}" for r in ratios),
    ]


Key = tuple[str, str, int]  # (version label, measure, workers)


def run_round(round_: int, sources: dict[str, str | None], measures: dict[str, Callable[..., Run]],
              paths: list[str], out: str, ceiling: bool) -> dict[Key, Run]:
    """One round: every version and measure with 1 and 2 workers, in an order that flips each round."""
    order: list[tuple[str, str | None, int]] = [(label, src, workers) for label, src in sources.items()
                                                for workers in (1, 2)]
    if ceiling:
        order.insert(1, ("", None, 0))  # the two half batches, between -j 1 and -j 2
    runs: dict[Key, Run] = {}
    for label, src, workers in (order if round_ % 2 == 0 else order[::-1]):
        if workers == 0:
            runs[("", "halves", 0)] = time_halves(paths, 0, out)
            continue
        for name, measure in measures.items():
            runs[(label, name, workers)] = measure(paths, workers, out, src)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--parse-many", action="store_true", help="time parse_many in a fresh process as well")
    parser.add_argument("--baseline-src", metavar="DIR",
                        help="also time, in the same rounds, the worksum whose package is in DIR (a src folder)")
    parser.add_argument("--undisturbed", type=float, default=None, metavar="SHARE",
                        help="run a round again when other processes took more than SHARE of the CPUs during a "
                             "run of this version (Linux; e.g. 0.1)")
    parser.add_argument("--max-minutes", type=float, default=20.0, help="with --undisturbed: give up after this")
    parser.add_argument("--ceiling", action="store_true",
                        help="also run two independent 1-worker batches at once, each on half of the corpus: "
                             "the speed-up two cores give this work when nothing at all is shared")
    args = parser.parse_args(argv)
    paths = [str(p) for p in document_paths()]
    measures: dict[str, Callable[..., Run]] = {"worksum batch": time_batch}
    if args.parse_many:
        measures["parse_many"] = time_parse_many
    sources: dict[str, str | None] = {"": None}
    if args.baseline_src:
        sources["baseline "] = str(Path(args.baseline_src).resolve())
    rounds: list[dict[Key, Run]] = []
    disturbed = 0
    load = os.getloadavg()[0]
    deadline = time.monotonic() + 60 * args.max_minutes
    with tempfile.TemporaryDirectory(prefix="worksum-bench-") as out:
        while len(rounds) < max(1, args.rounds) and time.monotonic() < deadline:
            runs = run_round(len(rounds) + disturbed, sources, measures, paths, out, args.ceiling)
            worst = max(run.others for (label, _, _), run in runs.items() if not label)
            kept = args.undisturbed is None or worst <= args.undisturbed
            print(f"round {len(rounds) + 1}{'' if kept else ' (disturbed: again)'}: others {worst:.0%}; "
                  + ", ".join(f"{label}{name} -j{workers} {run.wall:.3f} s"
                              for (label, name, workers), run in runs.items()), file=sys.stderr, flush=True)
            if kept:
                rounds.append(runs)
            else:
                disturbed += 1
    if not rounds:
        print(f"no undisturbed round in {args.max_minutes} minutes", file=sys.stderr)
        return 1
    lines = [f"{len(paths)} documents, {len(rounds)} rounds ({disturbed} disturbed ones run again); "
             f"load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"]
    for label in sources:
        for name in measures:
            lines += report(label + name, [r[(label, name, 1)] for r in rounds], [r[(label, name, 2)] for r in rounds])
    if args.ceiling:
        one = [r[("", "worksum batch", 1)].wall for r in rounds]
        best = [o / r[("", "halves", 0)].wall for o, r in zip(one, rounds, strict=True)]
        reached = [o / r[("", "worksum batch", 2)].wall / b for o, r, b in zip(one, rounds, best, strict=True)]
        lines.append(f"two independent half batches at once, speed-up over -j 1: {statistics.median(best):.2f}× "
                     f"({min(best):.2f}–{max(best):.2f}); -j 2 reaches {statistics.median(reached):.0%} of it "
                     f"({min(reached):.0%}–{max(reached):.0%})")
    if args.baseline_src:
        for workers in (1, 2):
            ratios = [r[("baseline ", "worksum batch", workers)].wall / r[("", "worksum batch", workers)].wall
                      for r in rounds]
            lines.append(f"worksum batch -j {workers}, baseline time / this time: {statistics.median(ratios):.2f}× "
                         f"({min(ratios):.2f}–{max(ratios):.2f})")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
