"""worksum's benchmark: speed, cold start, memory and scaling, as ratios against baselines of the same run.

Usage (from the repository root; takes about five minutes with the shared corpus)::

    .venv/bin/python benchmarks/bench.py                                   # print the tables
    .venv/bin/python benchmarks/bench.py --rounds 7 --write docs/performance.md

Every measure is taken ``--rounds`` times; tables give the median with min and max. Baselines
run in the same process and the same rounds, interleaved with worksum's, so that whatever else
the machine does weighs on both: ``jieba.lcut`` (the segmenter most Chinese text pipelines start
with) and, when installed, ``rjieba.cut`` (the Rust port, the fastest faithful segmenter). With
``--write`` the results replace the part of the file between ``<!-- bench:start -->`` and
``<!-- bench:end -->``; the prose around it is kept.

What is measured (see docs/performance.md for the reading):

- throughput of ``worksum.parse`` and of the baselines over the same texts (characters per second);
- each stage of ``parse``, timed by wrapping the functions ``worksum.pipeline`` calls;
- cold start: whole processes ``import worksum; worksum.parse(...)`` against ``import jieba;
  jieba.lcut(...)``, and ``import worksum`` alone;
- peak memory (RSS) of a process parsing the whole corpus, against one segmenting it with jieba;
- scaling: one document repeated 1×, 4× and 16×; ``parse_many`` and ``worksum batch`` with 1 and 2 workers
  (``benchmarks/bench_workers.py`` times only the latter, over as many rounds as asked).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _corpus import ROOT, document_paths, read_documents

PYTHON = sys.executable
MARK_START = "<!-- bench:start -->"
MARK_END = "<!-- bench:end -->"


# --------------------------------------------------------------------------- timing helpers


class Timings:
    """Named lists of seconds, one entry per round."""

    def __init__(self) -> None:
        self.rounds: dict[str, list[float]] = {}

    def add(self, name: str, seconds: float) -> None:
        self.rounds.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.rounds[name])

    def spread(self, name: str) -> str:
        values = self.rounds[name]
        return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def _clock(work: Callable[[], object]) -> float:
    """Seconds ``work()`` takes; freeing what it returns is not counted (for the baselines neither)."""
    gc.collect()
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def _each(function: Callable[[Any], object], items: Sequence[Any]) -> list[object]:
    return [function(item) for item in items]


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.0f}k"


def _ratio_spread(base: Sequence[float], ours: Sequence[float]) -> str:
    """Median, min and max of per-round ratios base/ours (how many times faster ours is)."""
    ratios = [b / o for b, o in zip(base, ours, strict=True)]
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"


# --------------------------------------------------------------------------- baselines


def _segmenters() -> dict[str, Callable[[str], object]]:
    """The baselines available here: jieba always, rjieba when installed."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    found: dict[str, Callable[[str], object]] = {"jieba.lcut": jieba.lcut}
    try:
        import rjieba
    except ImportError:
        return found
    found["rjieba.cut"] = rjieba.cut
    return found


# --------------------------------------------------------------------------- throughput and stages


# The functions worksum.pipeline calls, by stage name. Each is wrapped with a timer while the
# stages are measured: parse runs exactly as usual, and the stages add up to (nearly) all of it.
_STAGES = (
    ("normalize", "normalize"),
    ("blocks", "build_blocks"),
    ("title", "_title"),
    ("tree", "build_tree"),
    ("slogans", "extract_slogans"),
    ("figures", "extract_figures"),
    ("roles", "extract_roles"),
    ("model building", "_block"),
)


def _instrument(spent: dict[str, float], clock: Callable[[], float] = time.perf_counter) -> Callable[[], None]:
    """Wrap the stage functions with timers (reading ``clock``) adding to ``spent``; returns the undo."""
    from worksum import pipeline, tree
    from worksum.models import Report

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + clock() - start

        return wrapper

    saved: list[tuple[object, str, object]] = []

    def wrap(owner: object, name: str, stage: str) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, timed(stage, getattr(owner, name)))

    for stage, name in _STAGES:
        wrap(pipeline, name, stage)
    # Sentences are split inside the tree stage: timed on their own, and taken out of "tree" afterwards.
    wrap(tree, "split_sentences", "sentences")
    wrap(Report, "model_construct", "model building")

    def undo() -> None:
        for owner, name, original in reversed(saved):
            if owner is Report:
                delattr(Report, name)  # back to the classmethod Report inherits
            else:
                setattr(owner, name, original)

    return undo


def measure_throughput(texts: list[str], rounds: int) -> list[str]:
    """Throughput of parse and the baselines, then the stages of parse."""
    import worksum
    from worksum.models import Report
    from worksum.tokens import tokenize

    chars = sum(len(t) for t in texts)
    segmenters = _segmenters()
    for text in texts[:3]:  # load lexicons and dictionaries before the clock starts
        worksum.parse(text)
        tokenize(text)
    timings = Timings()
    stage_rounds: list[dict[str, float]] = []
    for _ in range(rounds):
        for name, segment in segmenters.items():
            timings.add(name, _clock(functools.partial(_each, segment, texts)))
        timings.add("worksum.parse", _clock(functools.partial(_each, worksum.parse, texts)))
        spent: dict[str, float] = {}
        undo = _instrument(spent)
        try:
            timings.add("worksum.parse (stages timed)", _clock(functools.partial(_each, worksum.parse, texts)))
        finally:
            undo()
        spent["tree"] -= spent.get("sentences", 0.0)
        reports = [worksum.parse(t) for t in texts]
        spent["serialise (model_dump_json)"] = _clock(functools.partial(_each, Report.model_dump_json, reports))
        spent["tokens (worksum.tokens.tokenize)"] = _clock(functools.partial(_each, tokenize, texts))
        stage_rounds.append(spent)

    jieba_time = timings.rounds["jieba.lcut"]
    lines = [
        f"Texts: {len(texts)} documents, {chars:,} characters; {rounds} rounds.",
        "",
        "| what | seconds: median (min–max) | characters/s | speed vs jieba.lcut |",
        "| --- | --- | --- | --- |",
    ]
    for name in ("worksum.parse", *segmenters):
        lines.append(f"| `{name}` | {timings.spread(name)} | {_rate(chars, timings.median(name))} "
                     f"| {_ratio_spread(jieba_time, timings.rounds[name])} |")
    lines += ["", "Stages of `worksum.parse` (timed by wrapping the functions the pipeline calls; "
              "the last two are not part of `parse`):", "",
              "| stage | seconds: median (min–max) | share of parse | characters/s | speed vs jieba.lcut |",
              "| --- | --- | --- | --- | --- |"]
    parse_time = timings.median("worksum.parse (stages timed)")
    names = [stage for stage, _ in _STAGES[:4]] + ["sentences"] + [stage for stage, _ in _STAGES[4:]]
    names += ["serialise (model_dump_json)", "tokens (worksum.tokens.tokenize)"]
    for name in names:
        values = [spent.get(name, 0.0) for spent in stage_rounds]
        median = statistics.median(values)
        share = f"{median / parse_time:.0%}" if not name.startswith(("serialise", "tokens")) else "–"
        speed = _ratio_spread(jieba_time, values) if min(values) > 0 else "–"
        lines.append(f"| {name} | {median:.3f} ({min(values):.3f}–{max(values):.3f}) | {share} "
                     f"| {_rate(chars, median) if median else '–'} | {speed} |")
    rest = parse_time - sum(statistics.median([s.get(n, 0.0) for s in stage_rounds]) for n in names[:9])
    lines.append(f"| rest of parse (garbage collection of the new report, input checks, glue, timers) | {rest:.3f} | {rest / parse_time:.0%} | | |")
    return lines


# --------------------------------------------------------------------------- whole processes


def _run_process(code: str, *args: str) -> tuple[float, str]:
    """Wall time of ``python -c code args`` and what it printed."""
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, done.stdout.strip()


_COLD = {
    "python -c pass": "pass",
    "import worksum": "import worksum",
    "import worksum; worksum.parse(text)":
        "import sys, worksum; worksum.parse(open(sys.argv[1], encoding='utf-8').read())",
    "import jieba; jieba.lcut(text)":
        "import sys, jieba; jieba.setLogLevel(60); jieba.lcut(open(sys.argv[1], encoding='utf-8').read())",
    "import rjieba; rjieba.cut(text)":
        "import sys, rjieba; rjieba.cut(open(sys.argv[1], encoding='utf-8').read())",
}


def _has_rjieba() -> bool:
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return False
    return True


def measure_cold_start(sample: Path, rounds: int) -> list[str]:
    timings = Timings()
    cases = {k: v for k, v in _COLD.items() if "rjieba" not in k or _has_rjieba()}
    for _ in range(rounds):
        for name, code in cases.items():
            timings.add(name, _run_process(code, str(sample))[0])
    base = timings.rounds["import jieba; jieba.lcut(text)"]
    lines = [f"One document ({sample.name}, {len(sample.read_text(encoding='utf-8')):,} characters), "
             "each command a new process:", "",
             "| command | seconds: median (min–max) | time vs jieba's |", "| --- | --- | --- |"]
    for name in cases:
        ratio = statistics.median(t / b for t, b in zip(timings.rounds[name], base, strict=True))
        lines.append(f"| `{name}` | {timings.spread(name)} | {ratio:.2f} |")
    return lines


_PEAK = """
import resource, sys
paths = sys.argv[2:]
texts = [open(p, encoding="utf-8").read() for p in paths]
if sys.argv[1] == "jieba":
    import jieba
    jieba.setLogLevel(60)
    for t in texts:
        jieba.lcut(t)
elif sys.argv[1] == "rjieba":
    import rjieba
    for t in texts:
        rjieba.cut(t)
else:
    import worksum
    kept = []
    for t in texts:
        report = worksum.parse(t)
        if sys.argv[1] == "worksum-kept":
            kept.append(report)
# VmHWM is this process's own peak; ru_maxrss would also hold the parent's, kept across fork and exec.
try:
    status = open("/proc/self/status").read()
    print(next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure_memory(utf8_paths: list[str], rounds: int) -> list[str]:
    cases = {
        "worksum.parse, each report dropped": "worksum",
        "worksum.parse, every report kept": "worksum-kept",
        "jieba.lcut": "jieba",
    }
    if _has_rjieba():
        cases["rjieba.cut"] = "rjieba"
    peaks: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, mode in cases.items():
            kib = int(_run_process(_PEAK, mode, *utf8_paths)[1])
            peaks.setdefault(name, []).append(kib / 1024)
    base = statistics.median(peaks["jieba.lcut"])
    lines = ["Peak resident memory (VmHWM) of one process reading every UTF-8 document of the corpus:", "",
             "| process | peak MiB: median (min–max) | vs jieba's |", "| --- | --- | --- |"]
    for name, values in peaks.items():
        lines.append(f"| {name} | {statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f}) "
                     f"| {statistics.median(values) / base:.2f} |")
    return lines


# --------------------------------------------------------------------------- scaling


def measure_scaling(text: str, name: str, rounds: int) -> list[str]:
    import worksum

    worksum.parse(text)
    timings = Timings()
    sizes = (1, 4, 16)
    for _ in range(rounds):
        for size in sizes:
            # Each size is parsed 16/size times a round and timed per parse: every size then takes about as
            # long to measure, and a short parse is not timed alone (one clock tick or pause would skew it).
            doc = "\n".join([text] * size)
            repeats = sizes[-1] // size
            timings.add(f"{size}×", _clock(functools.partial(_each, worksum.parse, [doc] * repeats)) / repeats)
    one = timings.median("1×")
    lines = [f"One document ({name}, {len(text):,} characters) repeated, joined by line breaks; each size "
             "parsed 16/size times a round:", "",
             "| size | seconds: median (min–max) | time vs 1× | time per size |", "| --- | --- | --- | --- |"]
    for size in sizes:
        median = timings.median(f"{size}×")
        lines.append(f"| {size}× | {timings.spread(f'{size}×')} | {median / one:.2f} | {median / one / size:.2f} |")
    return lines


_PARSE_MANY = """
import sys, time
import worksum
paths = sys.argv[2:]
start = time.perf_counter()
for result in worksum.parse_many([__import__("pathlib").Path(p) for p in paths], workers=int(sys.argv[1])):
    assert result.ok, result
    result.json
print(time.perf_counter() - start)
"""


def measure_workers(paths: list[str], rounds: int) -> list[str]:
    timings = Timings()
    worksum_cli = str(Path(PYTHON).with_name("worksum"))
    with tempfile.TemporaryDirectory(prefix="worksum-bench-") as out:
        for round_ in range(rounds):
            # 1 and 2 workers take turns at going first: neither always meets the same state of the machine
            for workers in ((1, 2) if round_ % 2 == 0 else (2, 1)):
                # in-process time of parse_many (pool start-up included), results taken as JSON
                timings.add(f"parse_many, {workers} worker(s)", float(_run_process(_PARSE_MANY, str(workers),
                                                                                  *paths)[1]))
                start = time.perf_counter()
                subprocess.run([worksum_cli, "batch", *paths, "-o", out, "--overwrite", "-q", "--no-progress",
                                "-j", str(workers)], check=True, capture_output=True, cwd=ROOT)
                timings.add(f"worksum batch -j {workers}", time.perf_counter() - start)
    lines = [f"{len(paths)} documents, as files (the whole corpus, GBK files included), {rounds} rounds:", "",
             "| run | seconds: median (min–max) | speed-up of 2 workers |", "| --- | --- | --- |"]
    for one, two in (("parse_many, 1 worker(s)", "parse_many, 2 worker(s)"),
                     ("worksum batch -j 1", "worksum batch -j 2")):
        lines.append(f"| {one} | {timings.spread(one)} | |")
        lines.append(f"| {two} | {timings.spread(two)} | {_ratio_spread(timings.rounds[one], timings.rounds[two])} |")
    return lines


# --------------------------------------------------------------------------- the machine and the report


def describe_machine() -> list[str]:
    import jieba
    import pydantic

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    versions = f"jieba {jieba.__version__}, pydantic {pydantic.VERSION}"
    if _has_rjieba():
        from importlib.metadata import version

        versions += f", rjieba {version('rjieba')}"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"- machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- load average when the run started: {load:.2f} (other work on the machine slows both sides of a ratio)",
        f"- date: {time.strftime('%Y-%m-%d %H:%M')}",
    ]


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


SECTIONS = ("throughput", "cold", "scaling", "memory", "workers")


def run(rounds: int, quick: bool, only: Sequence[str] = ()) -> str:
    documents = read_documents()
    texts = [text for _, text in documents]
    utf8 = [str(ROOT / p) for p in document_paths() if _is_utf8(ROOT / p)]
    sample_path = min((Path(p) for p in utf8), key=lambda p: abs(len(p.read_text(encoding="utf-8")) - 20000))
    options = "".join([f" --rounds {rounds}", " --quick" if quick else "", *(f" --only {o}" for o in only)])
    command = f"`.venv/bin/python benchmarks/bench.py{options}`"
    parts = [f"Produced by {command}.", "", *describe_machine(), ""]
    sections: list[tuple[str, str, Callable[[], list[str]]]] = [
        ("throughput", "Throughput", lambda: measure_throughput(texts, rounds)),
        ("cold", "Cold start", lambda: measure_cold_start(sample_path, rounds)),
        ("scaling", "Scaling with document size",
         lambda: measure_scaling(sample_path.read_text(encoding="utf-8"), sample_path.name, rounds)),
        ("memory", "Peak memory", lambda: measure_memory(utf8, max(1, rounds // 2))),
        ("workers", "Workers", lambda: measure_workers([str(p) for p in document_paths()], rounds)),
    ]
    if quick:
        sections = sections[:3]
    if only:
        sections = [section for section in sections if section[0] in only]
    for _, title, measure in sections:
        print(f"measuring: {title.lower()} ...", file=sys.stderr, flush=True)
        load = f" (load average {os.getloadavg()[0]:.2f} at the start)" if hasattr(os, "getloadavg") else ""
        parts += [f"### {title}", "", *measure(), "", f"_Measured {time.strftime('%H:%M')}{load}._", ""]
    return "\n".join(parts).rstrip() + "\n"


def write_into(path: Path, results: str) -> None:
    """Replace the text between the bench markers of ``path`` (appended if the file has none)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{MARK_START}\n{results}{MARK_END}"
    if MARK_START in old and MARK_END in old:
        head, rest = old.split(MARK_START, 1)
        tail = rest.split(MARK_END, 1)[1]
        path.write_text(head + block + tail, encoding="utf-8")
    else:
        path.write_text(old + ("\n" if old else "") + block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of every measure (default 5)")
    parser.add_argument("--quick", action="store_true", help="leave out memory and workers (the slow parts)")
    parser.add_argument("--only", action="append", choices=SECTIONS, default=[],
                        help="run only this part (repeatable; not with --write)")
    parser.add_argument("--write", type=Path, help="put the results into this Markdown file, between the markers")
    args = parser.parse_args(argv)
    if args.only and args.write:
        parser.error("--write needs every part: leave out --only")
    results = run(max(1, args.rounds), args.quick, args.only)
    print(results)
    if args.write:
        write_into(args.write, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
