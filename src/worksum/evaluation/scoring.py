"""Matching predictions to gold and counting what came out right.

Everything here is pure: a :class:`~worksum.evaluation.gold.GoldDocument`, the
document text and a :class:`~worksum.models.Report` go in, scores and error
items come out. Loading files and running the parser is :mod:`.runner`'s job.

Matching rules (docs/evaluation.md explains them with examples):

- spans are matched one to one, greedily by largest overlap (ties: the pair
  whose lengths differ least, then the earlier gold, then the earlier
  prediction); two spans match when they share at least one character;
- required gold is matched first; predictions left over may then match gold
  marked ``required: false``, and those predictions are ignored: neither
  correct nor false alarms. Unmatched optional gold is never a miss;
- achievements are matched many to one: a gold achievement is found when any
  predicted achievement statement overlaps it, and a statement is correct when
  it overlaps at least one gold achievement (gold marks a short substring of a
  result, a statement may report several results);
- ``exact`` = same start and end; ``contained`` = the prediction covers the
  whole gold span;
- with ``windows``, figures, slogans and not_slogans are scored only for items
  (gold and predicted) that overlap a window;
- a field whose key is absent from the gold file is not annotated and not
  scored; a key present with ``[]`` means "there are none".
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from worksum.evaluation.gold import GoldDocument, GoldFigureValue
from worksum.models import Figure, Report, Section, Slogan, Span
from worksum.normalize import normalize_view

SPAN_FIELDS: tuple[str, ...] = ("headings", "figures", "slogans", "problems", "plans", "achievements")
"""Fields scored by span matching, in display order."""

CHECK_FIELDS: tuple[str, ...] = (
    "heading.level",
    "heading.marker",
    "heading.title",
    "heading.implicit",
    "title.found",
    "title.doc_type",
    "title.issuer",
    "title.year",
    "figure_value.found",
    "figure_value.unit",
    "figure_value.multiplier",
    "figure_value.value",
    "figure_value.masked",
    "figure_value.approx",
    "figure_value.kind",
    "figure_value.metric_contains",
    "slogan.issuer",
    "slogan.canonical",
    "slogan.expansion",
    "not_slogans",
)
"""Fields scored as right/wrong checks, in display order."""

_WINDOWED = frozenset({"figures", "slogans", "not_slogans"})

ErrorKind = Literal["miss", "false_alarm", "wrong"]


# --------------------------------------------------------------------------- result models


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class SpanScore(_Model):
    """Counts and rates of one span-matched field.

    ``matched_gold`` and ``matched_pred`` differ only for many-to-one fields
    (achievements). ``exact_rate`` and ``contained_rate`` are over matched gold.
    """

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    exact: int = 0
    contained: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    exact_rate: float | None = None
    contained_rate: float | None = None

    @classmethod
    def from_counts(
        cls, *, gold: int, predicted: int, matched_gold: int, matched_pred: int, exact: int, contained: int
    ) -> SpanScore:
        precision = _ratio(matched_pred, predicted)
        recall = _ratio(matched_gold, gold)
        f1: float | None = None
        if precision is not None and recall is not None and precision + recall > 0:
            f1 = 2 * precision * recall / (precision + recall)
        elif precision == 0 or recall == 0:
            f1 = 0.0  # nothing predicted for gold that exists, or only false alarms
        return cls(
            gold=gold,
            predicted=predicted,
            matched_gold=matched_gold,
            matched_pred=matched_pred,
            exact=exact,
            contained=contained,
            precision=precision,
            recall=recall,
            f1=f1,
            exact_rate=_ratio(exact, matched_gold),
            contained_rate=_ratio(contained, matched_gold),
        )

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore.from_counts(
            gold=self.gold + other.gold,
            predicted=self.predicted + other.predicted,
            matched_gold=self.matched_gold + other.matched_gold,
            matched_pred=self.matched_pred + other.matched_pred,
            exact=self.exact + other.exact,
            contained=self.contained + other.contained,
        )


class CheckScore(_Model):
    """How many checks of one kind were made and how many came out right."""

    checked: int = 0
    correct: int = 0
    accuracy: float | None = None

    @classmethod
    def from_counts(cls, *, checked: int, correct: int) -> CheckScore:
        return cls(checked=checked, correct=correct, accuracy=_ratio(correct, checked))

    def __add__(self, other: CheckScore) -> CheckScore:
        return CheckScore.from_counts(
            checked=self.checked + other.checked, correct=self.correct + other.correct
        )


class Scores(_Model):
    """The scores of one document, or their micro-average (sums of counts)."""

    spans: dict[str, SpanScore] = {}
    checks: dict[str, CheckScore] = {}

    def metrics(self) -> dict[str, float]:
        """Flat ``{"figures.f1": 0.83, "heading.level.accuracy": 0.9, ...}``; undefined rates left out."""
        flat: dict[str, float] = {}
        for name, span in self.spans.items():
            for rate in ("precision", "recall", "f1", "exact_rate", "contained_rate"):
                value = getattr(span, rate)
                if value is not None:
                    flat[f"{name}.{rate}"] = value
        for name, check in self.checks.items():
            if check.accuracy is not None:
                flat[f"{name}.accuracy"] = check.accuracy
        return flat


def micro_average(all_scores: Iterable[Scores]) -> Scores:
    """Sum the counts of every document, then compute the rates once."""
    spans: dict[str, SpanScore] = {}
    checks: dict[str, CheckScore] = {}
    for scores in all_scores:
        for name, span in scores.spans.items():
            spans[name] = spans[name] + span if name in spans else span
        for name, check in scores.checks.items():
            checks[name] = checks[name] + check if name in checks else check
    return Scores(
        spans={name: spans[name] for name in SPAN_FIELDS if name in spans},
        checks={name: checks[name] for name in CHECK_FIELDS if name in checks},
    )


class EvalError(_Model):
    """One miss, false alarm or wrong value, with a little text around it."""

    field: str
    kind: ErrorKind
    start: int
    end: int
    text: str
    context: str
    detail: str | None = None


class GoldProblem(ValueError):
    """The gold file does not fit its document (a span off the text, text that is not there ...)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"gold does not fit the document: {shown}{more}")


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Item:
    """A gold or predicted span; ``required`` only means something for gold."""

    start: int
    end: int
    required: bool = True

    def overlap(self, other: Item) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class Matching:
    """The outcome of matching predictions against gold (indices into the inputs)."""

    pairs: list[tuple[int, int]] = field(default_factory=list)  # (pred, gold) with required gold
    ignored: list[int] = field(default_factory=list)  # predictions that only hit optional gold
    false_alarms: list[int] = field(default_factory=list)
    misses: list[int] = field(default_factory=list)  # required gold nobody found


_LONG = 256  # gold spans longer than this are checked against every prediction instead of through the index


def _overlapping_pairs(
    preds: Sequence[Item], golds: Sequence[Item], gold_ids: Sequence[int]
) -> list[tuple[int, int, int, int, int]]:
    """Every (pred, gold) pair sharing a character, as sortable keys.

    Short gold spans are found by bisection on their starts (a gold item can
    only overlap a prediction if it starts less than ``longest`` before it);
    the few long ones are tried against every prediction.
    """
    short = sorted(
        (g for g in gold_ids if golds[g].end - golds[g].start <= _LONG), key=lambda g: golds[g].start
    )
    long = [g for g in gold_ids if golds[g].end - golds[g].start > _LONG]
    starts = [golds[g].start for g in short]
    longest = max((golds[g].end - golds[g].start for g in short), default=0)
    found: list[tuple[int, int, int, int, int]] = []
    for p, pred in enumerate(preds):
        i = bisect.bisect_left(starts, pred.start - longest)
        candidates = list(long)
        while i < len(short) and starts[i] < pred.end:
            candidates.append(short[i])
            i += 1
        for g in candidates:
            ov = pred.overlap(golds[g])
            if ov > 0:
                size_gap = abs((pred.end - pred.start) - (golds[g].end - golds[g].start))
                found.append((-ov, size_gap, golds[g].start, p, g))
    return found


def _greedy(
    preds: Sequence[Item], golds: Sequence[Item], pred_ids: Iterable[int], gold_ids: Sequence[int]
) -> list[tuple[int, int]]:
    allowed = set(pred_ids)
    candidates = [c for c in _overlapping_pairs(preds, golds, gold_ids) if c[3] in allowed]
    candidates.sort(key=lambda c: (c[0], c[1], c[2], preds[c[3]].start, c[3]))
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, p, g in candidates:
        if p in used_pred or g in used_gold:
            continue
        used_pred.add(p)
        used_gold.add(g)
        pairs.append((p, g))
    return pairs


def match_spans(preds: Sequence[Item], golds: Sequence[Item], *, one_to_one: bool = True) -> Matching:
    """Match predictions to gold (see the module docstring for the rules).

    With ``one_to_one=False`` (achievements) every overlapping (pred, required
    gold) pair is returned, so a gold item may be found by several predictions
    and a prediction may find several gold items.
    """
    required = [g for g, gold in enumerate(golds) if gold.required]
    optional = [g for g, gold in enumerate(golds) if not gold.required]
    result = Matching()
    if one_to_one:
        result.pairs = _greedy(preds, golds, range(len(preds)), required)
        taken = {p for p, _ in result.pairs}
        leftover = [p for p in range(len(preds)) if p not in taken]
        result.ignored = sorted(p for p, _ in _greedy(preds, golds, leftover, optional))
    else:
        result.pairs = sorted((c[3], c[4]) for c in _overlapping_pairs(preds, golds, required))
        taken = {p for p, _ in result.pairs}
        hits_optional = {c[3] for c in _overlapping_pairs(preds, golds, optional)}
        result.ignored = sorted(hits_optional - taken)
    matched = {p for p, _ in result.pairs} | set(result.ignored)
    result.false_alarms = [p for p in range(len(preds)) if p not in matched]
    found = {g for _, g in result.pairs}
    result.misses = [g for g in required if g not in found]
    return result


def span_score(preds: Sequence[Item], golds: Sequence[Item], matching: Matching) -> SpanScore:
    """Count a matching into a :class:`SpanScore`."""
    gold_found = {g for _, g in matching.pairs}
    exact = {g for p, g in matching.pairs if (preds[p].start, preds[p].end) == (golds[g].start, golds[g].end)}
    contained = {
        g for p, g in matching.pairs if preds[p].start <= golds[g].start and golds[g].end <= preds[p].end
    }
    return SpanScore.from_counts(
        gold=sum(1 for gold in golds if gold.required),
        predicted=len(preds) - len(matching.ignored),
        matched_gold=len(gold_found),
        matched_pred=len({p for p, _ in matching.pairs}),
        exact=len(exact),
        contained=len(contained),
    )


def in_windows(item: Item, windows: Sequence[tuple[int, int]] | None) -> bool:
    """True when no windows are given or ``item`` overlaps one of them."""
    if windows is None:
        return True
    return any(item.overlap(Item(start, end)) > 0 for start, end in windows)


# --------------------------------------------------------------------------- gold resolution


@dataclass(frozen=True)
class GoldHeadingItem(Item):
    level: int = 1
    marker: str | None = None
    title: str = ""
    implicit: bool = False


@dataclass(frozen=True)
class GoldTitleItem:
    span: Item | None
    doc_type: str | None
    issuer: str | None
    year: int | None


@dataclass
class ResolvedGold:
    """A gold document with every item located in the text (text-only items found by search)."""

    text: str
    title: GoldTitleItem | None = None
    headings: list[GoldHeadingItem] | None = None
    spans: dict[str, list[Item]] = field(default_factory=dict)  # annotated span fields, headings excluded
    figure_values: list[tuple[Item, GoldFigureValue]] = field(default_factory=list)
    slogan_issuers: list[tuple[Item, str]] = field(default_factory=list)
    known_expansions: dict[str, list[str]] = field(default_factory=dict)
    windows: list[tuple[int, int]] | None = None


class _Finder:
    """Finds gold text in the document, raw first, then on the normalised view."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._view: str | None = None

    @property
    def view(self) -> str:
        if self._view is None:
            self._view = normalize_view(self.text)
        return self._view

    def find(self, needle: str, start: int = 0) -> int:
        if not needle:
            return -1
        at = self.text.find(needle, start)
        if at < 0:
            at = self.view.find(normalize_view(needle), start)
        return at


def _check_span(
    text: str, start: int, end: int, expected: str | None, what: str, problems: list[str]
) -> bool:
    if end <= start:
        problems.append(f"{what}: empty span [{start}, {end})")
        return False
    if end > len(text):
        problems.append(f"{what}: span [{start}, {end}) beyond the end of the text ({len(text)})")
        return False
    if expected is not None and text[start:end] != expected:
        problems.append(f"{what}: text[{start}:{end}] is {text[start:end]!r}, gold says {expected!r}")
        return False
    return True


def _locate(
    finder: _Finder,
    start: int | None,
    end: int | None,
    text: str | None,
    what: str,
    problems: list[str],
    candidates: Sequence[tuple[Item, str]] = (),
    taken: set[tuple[int, int]] | None = None,
) -> Item | None:
    """The span of an item given by offsets or by text.

    By text: the first candidate (a gold item of the same text) not taken yet,
    else the first occurrence in the document not taken yet.
    """
    if start is not None and end is not None:
        return Item(start, end) if _check_span(finder.text, start, end, text, what, problems) else None
    if start is not None or end is not None:
        problems.append(f"{what}: give both start and end, or neither")
        return None
    if not text:
        problems.append(f"{what}: neither a span nor a text")
        return None
    taken = taken if taken is not None else set()
    for item, item_text in candidates:
        if item_text == text and (item.start, item.end) not in taken:
            taken.add((item.start, item.end))
            return item
    at = finder.find(text)
    while at >= 0 and (at, at + len(text)) in taken:
        at = finder.find(text, at + 1)
    if at < 0:
        problems.append(f"{what}: {text!r} is not in the document")
        return None
    taken.add((at, at + len(text)))
    return Item(at, at + len(text))


def resolve_gold(gold: GoldDocument, text: str) -> ResolvedGold:
    """Check every gold item against ``text`` and locate the ones given by text only.

    Raises :class:`GoldProblem` listing everything that does not fit.
    """
    problems: list[str] = []
    finder = _Finder(text)
    given = gold.model_fields_set
    resolved = ResolvedGold(text=text, known_expansions=dict(gold.known_expansions))

    if gold.windows is not None:
        for start, end in gold.windows:
            if not 0 <= start < end <= len(text):
                problems.append(f"window [{start}, {end}) is empty or beyond the text ({len(text)})")
        resolved.windows = [(start, end) for start, end in gold.windows]

    if gold.title is not None:
        t = gold.title
        span = None
        if t.start is not None or t.end is not None or t.text:
            span = _locate(finder, t.start, t.end, t.text, "title", problems)
        resolved.title = GoldTitleItem(span=span, doc_type=t.doc_type, issuer=t.issuer, year=t.year)

    if "headings" in given:
        headings: list[GoldHeadingItem] = []
        cursor = 0
        for n, h in enumerate(gold.headings):
            what = f"heading {n}"
            if h.start is not None and h.end is not None:
                if not _check_span(text, h.start, h.end, h.title, what, problems):
                    continue
                start, end = h.start, h.end
            elif h.start is None and h.end is None and h.title:
                at = finder.find(h.title, cursor)
                if at < 0:
                    problems.append(f"{what}: title {h.title!r} not found after offset {cursor}")
                    continue
                start, end = at, at + len(h.title)
            else:
                problems.append(f"{what}: needs start and end, or a title")
                continue
            cursor = end
            title = h.title if h.title is not None else text[start:end]
            headings.append(GoldHeadingItem(start, end, h.required, h.level, h.marker, title, h.implicit))
        resolved.headings = headings

    for name in ("figures", "slogans", "not_slogans", "problems", "plans", "achievements"):
        if name not in given:
            continue
        items: list[Item] = []
        for n, g in enumerate(getattr(gold, name)):
            if _check_span(text, g.start, g.end, g.text, f"{name} {n}", problems):
                items.append(Item(g.start, g.end, g.required))
        resolved.spans[name] = items

    figure_candidates = [(item, text[item.start : item.end]) for item in resolved.spans.get("figures", [])]
    taken: set[tuple[int, int]] = set()
    for n, fv in enumerate(gold.figure_values):
        item = _locate(
            finder, fv.start, fv.end, fv.text, f"figure_values {n}", problems, figure_candidates, taken
        )
        if item is not None:
            resolved.figure_values.append((item, fv))

    slogan_candidates = [(item, text[item.start : item.end]) for item in resolved.spans.get("slogans", [])]
    taken = set()
    for n, si in enumerate(gold.slogan_issuers):
        item = _locate(
            finder, si.start, si.end, si.text, f"slogan_issuers {n}", problems, slogan_candidates, taken
        )
        if item is not None:
            resolved.slogan_issuers.append((item, si.issuer))

    if problems:
        raise GoldProblem(problems)
    return resolved


# --------------------------------------------------------------------------- scoring one document


def context_of(text: str, start: int, end: int, width: int) -> str:
    """``…before[item]after…`` on one line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    snippet = f"{before}[{text[start:end]}]{after}"
    return snippet.replace("\r", " ").replace("\n", "⏎")


@dataclass
class _Scorer:
    text: str
    report: Report
    context_width: int
    spans: dict[str, SpanScore] = field(default_factory=dict)
    checks: dict[str, CheckScore] = field(default_factory=dict)
    errors: list[EvalError] = field(default_factory=list)

    def error(self, name: str, kind: ErrorKind, item: Item, detail: str | None = None) -> None:
        self.errors.append(
            EvalError(
                field=name,
                kind=kind,
                start=item.start,
                end=item.end,
                text=self.text[item.start : item.end],
                context=context_of(self.text, item.start, item.end, self.context_width),
                detail=detail,
            )
        )

    def check(self, name: str, ok: bool, item: Item, detail: str | None = None) -> None:
        old = self.checks.get(name, CheckScore())
        self.checks[name] = CheckScore.from_counts(checked=old.checked + 1, correct=old.correct + int(ok))
        if not ok:
            self.error(name, "wrong", item, detail)

    def spans_of(
        self,
        name: str,
        preds: Sequence[Item],
        golds: Sequence[Item],
        *,
        one_to_one: bool = True,
        describe: Callable[[int], str | None] = lambda _: None,
    ) -> Matching:
        matching = match_spans(preds, golds, one_to_one=one_to_one)
        self.spans[name] = span_score(preds, golds, matching)
        for g in matching.misses:
            self.error(name, "miss", golds[g])
        for p in matching.false_alarms:
            self.error(name, "false_alarm", preds[p], describe(p))
        return matching


def _item(span: Span) -> Item:
    return Item(span.start, span.end)


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    return normalize_view(a) == normalize_view(b)


def _same_number(gold: float, pred: Decimal | None) -> bool:
    return pred is not None and math.isclose(float(pred), gold, rel_tol=1e-9, abs_tol=1e-9)


def _score_headings(s: _Scorer, headings: list[GoldHeadingItem]) -> None:
    sections: list[Section] = s.report.headings()
    preds = [_item(sec.title_span) for sec in sections if sec.title_span is not None]

    def describe(p: int) -> str:
        sec = sections[p]
        return f"level {sec.level}, marker {sec.marker!r}, kind {sec.kind}"

    matching = s.spans_of("headings", preds, headings, describe=describe)
    for p, g in matching.pairs:
        gold, sec = headings[g], sections[p]
        s.check(
            "heading.level", sec.level == gold.level, gold, f"level: expected {gold.level}, got {sec.level}"
        )
        if gold.marker is not None:
            s.check(
                "heading.marker",
                sec.marker == gold.marker,
                gold,
                f"marker: expected {gold.marker!r}, got {sec.marker!r}",
            )
        s.check(
            "heading.title",
            sec.title == gold.title,
            gold,
            f"title: expected {gold.title!r}, got {sec.title!r}",
        )
        is_implicit = sec.kind == "implicit"
        s.check(
            "heading.implicit",
            is_implicit == gold.implicit,
            gold,
            f"implicit: expected {gold.implicit}, got kind {sec.kind!r}",
        )


def _score_title(s: _Scorer, gold: GoldTitleItem) -> None:
    pred = s.report.title
    anchor = gold.span if gold.span is not None else Item(0, 0)
    if gold.span is not None:
        found = pred is not None and _item(pred.span).overlap(gold.span) > 0
        got = f"[{pred.span.start}, {pred.span.end})" if pred is not None else "no title"
        s.check("title.found", found, gold.span, f"title: got {got}")
    expectations: list[tuple[str, object, object]] = [
        ("title.doc_type", gold.doc_type, pred.doc_type if pred else None),
        ("title.issuer", gold.issuer, pred.issuer if pred else None),
        ("title.year", gold.year, pred.year if pred else None),
    ]
    for name, want, got_value in expectations:
        if want is not None:
            s.check(
                name, want == got_value, anchor, f"{name.split('.')[1]}: expected {want!r}, got {got_value!r}"
            )


def _best_overlap(target: Item, preds: Sequence[Item]) -> int | None:
    best: tuple[int, int] | None = None
    for p, pred in enumerate(preds):
        ov = pred.overlap(target)
        if ov > 0 and (best is None or ov > best[0]):
            best = (ov, p)
    return best[1] if best else None


def _score_figure_values(
    s: _Scorer,
    entries: list[tuple[Item, GoldFigureValue]],
    figures: Sequence[Figure],
    preds: Sequence[Item],
    by_gold_span: dict[tuple[int, int], int],
) -> None:
    for item, want in entries:
        p = by_gold_span.get((item.start, item.end))
        if p is None:
            p = _best_overlap(item, preds)
        s.check("figure_value.found", p is not None, item, "no predicted figure here")
        if p is None:
            continue
        fig = figures[p]
        if want.unit is not None:
            s.check(
                "figure_value.unit",
                _same(fig.unit, want.unit),
                item,
                f"unit: expected {want.unit!r}, got {fig.unit!r}",
            )
        if want.multiplier is not None:
            s.check(
                "figure_value.multiplier",
                fig.multiplier == want.multiplier,
                item,
                f"multiplier: expected {want.multiplier}, got {fig.multiplier}",
            )
        if want.value is not None:
            s.check(
                "figure_value.value",
                _same_number(want.value, fig.value),
                item,
                f"value: expected {want.value!r}, got {fig.value}",
            )
        if want.masked is not None:
            s.check(
                "figure_value.masked",
                fig.masked == want.masked,
                item,
                f"masked: expected {want.masked}, got {fig.masked}",
            )
        if want.approx is not None:
            s.check(
                "figure_value.approx",
                fig.approx == want.approx,
                item,
                f"approx: expected {want.approx}, got {fig.approx}",
            )
        if want.kind is not None:
            s.check(
                "figure_value.kind",
                fig.kind == want.kind,
                item,
                f"kind: expected {want.kind!r}, got {fig.kind!r}",
            )
        if want.metric_contains is not None:
            ok = fig.metric is not None and normalize_view(want.metric_contains) in normalize_view(fig.metric)
            s.check(
                "figure_value.metric_contains",
                ok,
                item,
                f"metric: expected to contain {want.metric_contains!r}, got {fig.metric!r}",
            )


def _score_slogan_extras(s: _Scorer, resolved: ResolvedGold, slogans: Sequence[Slogan]) -> None:
    preds = [_item(sl.span) for sl in slogans]
    for item, issuer in resolved.slogan_issuers:
        p = _best_overlap(item, preds)
        if p is None:
            continue  # the miss is already counted under slogans
        got = slogans[p].issuer
        s.check("slogan.issuer", _same(got, issuer), item, f"issuer: expected {issuer!r}, got {got!r}")
    gold_slogans = resolved.spans.get("slogans", [])
    view = normalize_view(resolved.text)
    for canonical, expansion in resolved.known_expansions.items():
        key = normalize_view(canonical)
        occurrences = [g for g in gold_slogans if view[g.start : g.end] == key]
        hits = [(g, p) for g in occurrences if (p := _best_overlap(g, preds)) is not None]
        if occurrences:
            if not hits:
                continue  # the slogan was missed: counted under slogans already
            anchor, p = hits[0]
            got = slogans[p].canonical
            s.check(
                "slogan.canonical",
                _same(got, canonical),
                anchor,
                f"canonical: expected {canonical!r}, got {got!r}",
            )
        else:
            by_canonical = [q for q, sl in enumerate(slogans) if _same(sl.canonical, canonical)]
            if not by_canonical:
                continue
            p = by_canonical[0]
            anchor = preds[p]
        got_expansion = slogans[p].expansion
        s.check(
            "slogan.expansion",
            got_expansion == expansion,
            anchor,
            f"expansion of {canonical}: expected {expansion}, got {got_expansion}",
        )


def score_document(
    gold: GoldDocument, report: Report, *, context_width: int = 15
) -> tuple[Scores, list[EvalError]]:
    """Score one parsed document against its gold.

    ``report.text`` must be the document text the gold offsets refer to.
    Raises :class:`GoldProblem` when the gold does not fit the text.
    """
    resolved = resolve_gold(gold, report.text)
    s = _Scorer(text=report.text, report=report, context_width=context_width)
    windows = resolved.windows

    def windowed(name: str, items: Sequence[Item]) -> list[Item]:
        if name not in _WINDOWED:
            return list(items)
        return [item for item in items if in_windows(item, windows)]

    if resolved.title is not None:
        _score_title(s, resolved.title)
    if resolved.headings is not None:
        _score_headings(s, resolved.headings)

    figure_ids = [i for i, f in enumerate(report.figures) if in_windows(_item(f.span), windows)]
    figure_preds = [_item(report.figures[i].span) for i in figure_ids]
    by_gold_span: dict[tuple[int, int], int] = {}
    if "figures" in resolved.spans:
        golds = windowed("figures", resolved.spans["figures"])

        def describe_figure(p: int) -> str:
            fig = report.figures[figure_ids[p]]
            return f"kind {fig.kind}, unit {fig.unit!r}"

        matching = s.spans_of("figures", figure_preds, golds, describe=describe_figure)
        by_gold_span = {(golds[g].start, golds[g].end): figure_ids[p] for p, g in matching.pairs}
    if resolved.figure_values:
        all_figures = [_item(f.span) for f in report.figures]
        _score_figure_values(s, resolved.figure_values, report.figures, all_figures, by_gold_span)

    slogans = [sl for sl in report.slogans if in_windows(_item(sl.span), windows)]
    slogan_preds = [_item(sl.span) for sl in slogans]
    if "slogans" in resolved.spans:
        s.spans_of(
            "slogans",
            slogan_preds,
            windowed("slogans", resolved.spans["slogans"]),
            describe=lambda p: f"kind {slogans[p].kind}, canonical {slogans[p].canonical!r}",
        )
    if "not_slogans" in resolved.spans:
        for item in windowed("not_slogans", resolved.spans["not_slogans"]):
            p = _best_overlap(item, slogan_preds)
            s.check(
                "not_slogans",
                p is None,
                item,
                None if p is None else f"taken for a slogan ({slogans[p].kind})",
            )
    if resolved.slogan_issuers or resolved.known_expansions:
        _score_slogan_extras(s, resolved, report.slogans)

    for name, statements in (
        ("problems", report.problems),
        ("plans", report.plans),
        ("achievements", report.achievements),
    ):
        if name in resolved.spans:
            s.spans_of(
                name,
                [_item(st.span) for st in statements],
                resolved.spans[name],
                one_to_one=name != "achievements",
            )

    scores = Scores(
        spans={name: s.spans[name] for name in SPAN_FIELDS if name in s.spans},
        checks={name: s.checks[name] for name in CHECK_FIELDS if name in s.checks},
    )
    s.errors.sort(key=lambda e: (e.start, e.end, e.field))
    return scores, s.errors
