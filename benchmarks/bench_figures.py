"""The figures stage alone: this tree's ``extract_figures`` against a git revision's, same run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_figures.py --rounds 5            # against HEAD
    .venv/bin/python benchmarks/bench_figures.py --rev main --profile  # and a profile of this tree's
    .venv/bin/python benchmarks/bench_figures.py --random 20000        # and made-up snippets compared

The inputs are the ones ``worksum.parse`` hands the stage (text, view, excluded spans) for every
document of the corpus (see ``_corpus.py``). Each round times the revision's stage and this tree's
over all of them, alternating document by document, so that other load weighs on both alike;
medians and the ratio are shown.
Both outputs are compared too (``model_dump_json`` of every figure): any difference is reported;
``--random N`` compares them on N made-up snippets as well (numerals, units, qualifiers, cue words,
set phrases and punctuation of the lexicons strung together, from a fixed seed), where the rarer
paths of the reader are more frequent than in the corpus.
The revision's ``extract/figures.py`` and ``extract/numbers.py`` are read with ``git show`` and
loaded as private modules; the rest of the package is this tree's.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from _corpus import ROOT, read_documents

Inputs = tuple[str, str, list[tuple[int, int]]]
Stage = Callable[..., list[Any]]


def _module_from_source(name: str, source: str) -> ModuleType:
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


def _revision_stage(rev: str, name: str = "rev") -> Stage:
    """``extract_figures`` of ``rev``, with that revision's numeral readers (as private modules
    named after ``name``)."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{rev}:src/worksum/{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout

    _module_from_source(f"_{name}_numbers", show("extract/numbers.py"))
    figures_source = show("extract/figures.py").replace(
        "from worksum.extract.numbers import", f"from _{name}_numbers import"
    )
    module = _module_from_source(f"_{name}_figures", figures_source)
    stage: Stage = module.extract_figures
    return stage


def _captured_inputs() -> list[Inputs]:
    """What ``parse`` passes to the figures stage, for every document."""
    import worksum
    from worksum import pipeline

    inputs: list[Inputs] = []
    real = pipeline.extract_figures

    def capture(text: str, view: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Any]:
        inputs.append((text, view, list(exclude)))
        return real(text, view, exclude=exclude)

    pipeline.extract_figures = capture
    try:
        for source, text in read_documents():
            worksum.parse(text, source=source)
    finally:
        pipeline.extract_figures = real
    return inputs


def _time_pair(old: Stage, new: Stage, inputs: list[Inputs], flip: bool) -> tuple[float, float]:
    """CPU seconds of both stages over every input, the two alternating document by document
    (which goes first alternates too), so that changes in others' load weigh on both alike."""
    clock = time.process_time
    spent = [0.0, 0.0]
    gc.disable()  # as in parse
    try:
        for i, (text, view, exclude) in enumerate(inputs):
            order = ((0, old), (1, new)) if (i % 2 == 0) != flip else ((1, new), (0, old))
            for side, stage in order:
                t0 = clock()
                stage(text, view, exclude=exclude)
                spent[side] += clock() - t0
    finally:
        gc.enable()
    return spent[0], spent[1]


def _differences(old: Stage, new: Stage, inputs: list[Inputs]) -> int:
    count = 0
    for i, (text, view, exclude) in enumerate(inputs):
        a = [f.model_dump_json() for f in old(text, view, exclude=exclude)]
        b = [f.model_dump_json() for f in new(text, view, exclude=exclude)]
        if a != b:
            count += 1
            print(f"document {i}: {len(a)} figures before, {len(b)} now; first difference:")
            for x, y in zip(a, b, strict=False):
                if x != y:
                    print("  before:", x, "\n  now:   ", y)
                    break
    return count


def _made_up_snippets(count: int, seed: int) -> list[str]:
    """Short strings of lexicon words, numerals and punctuation: every shortcut's neighbourhood."""
    from worksum.lexicons import load_json

    words: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for name in ("units.json", "figures_cues.json", "figures_idioms.json"):
        data = load_json(name)
        collect({key: value for key, value in data.items() if not key.startswith("_")})
    atoms = [
        *"0123456789一二三四五六七八九十百千万亿两零〇壹贰XX×.,，。；：、“”（）()—-~至到第前之分番几了新增多余 \n\t/%‰kWm",
        *(
            "百分之",
            "千分之",
            "翻了",
            "比上年",
            "较2015年",
            "2020年",
            "全县",
            "位居",
            "的",
            "收入",
            "学校",
            "元/吨",
        ),
    ]
    rng = random.Random(seed)
    return [
        "".join(
            rng.choice(words) if rng.random() < 0.4 else rng.choice(atoms) for _ in range(rng.randint(1, 25))
        )
        for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rev", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--new", help="a git revision to measure instead of this tree")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a profile of this tree's stage")
    parser.add_argument("--random", type=int, default=0, metavar="N", help="compare on N made-up snippets")
    args = parser.parse_args()

    from worksum.extract.figures import extract_figures

    old = _revision_stage(args.rev)
    new: Stage = _revision_stage(args.new, "new") if args.new else extract_figures
    inputs = _captured_inputs()
    chars = sum(len(text) for text, _, _ in inputs)
    print(f"{len(inputs)} documents, {chars:,} characters; {args.rev} against {args.new or 'this tree'}")
    differing = _differences(old, new, inputs)
    print(f"outputs: {'identical' if not differing else f'{differing} documents differ'}")
    if args.random:
        from worksum.normalize import normalize_view

        snippets = [(text, normalize_view(text), []) for text in _made_up_snippets(args.random, seed=7)]
        differing = _differences(old, new, snippets)
        print(f"made-up snippets: {args.random}, {'identical' if not differing else f'{differing} differ'}")

    before: list[float] = []
    after: list[float] = []
    for round_ in range(args.rounds):
        b, a = _time_pair(old, new, inputs, flip=bool(round_ % 2))
        before.append(b)
        after.append(a)
    if not before:
        return
    ratios = [b / a for b, a in zip(before, after, strict=True)]
    print(f"{args.rev:>10}: {statistics.median(before):.3f} CPU s (min {min(before):.3f})")
    print(f"{args.new or 'this tree':>10}: {statistics.median(after):.3f} CPU s (min {min(after):.3f})")
    print(
        f"speed-up: {statistics.median(ratios):.2f}× (median of rounds; {min(ratios):.2f}–{max(ratios):.2f})"
    )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for text, view, exclude in inputs:
            new(text, view, exclude=exclude)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
