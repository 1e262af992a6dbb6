"""Achievements, problems and plans: typed statements, and a role for every sentence of the body.

Context first, then sentences, then clauses:

1. **Sections.** A section whose title names problems (``存在的问题``, ``困难和挑战``) holds problems; one whose
   title names next steps or a coming year (``下一步工作打算``, ``2019年重点工作``) holds plans; both pass down
   to the children.
2. **Passages.** Elsewhere, a turn (``取得了一定成绩，但…``, ``我们也清醒看到``, ``还存在一些问题和不足``) opens
   a problem passage that runs to a sentence that turns to remedies (``对此``, ``今后``, ``我们将``) or to the
   end of the paragraph; a list intro (``主要表现在：``) moves its start past the colon.
3. **Items.** A passage or a paragraph of a problem/plan section is cut into items on its inline enumeration
   (``一是…二是…``), else on ``；``, else into sentences; enumerators and the closing ``等等`` are left out.
4. **Sentences.** Outside those, a sentence that opens with a future cue (``今后``, ``明年``, ``我们将``,
   ``力争``, ``确保``) is a plan; other sentences are cut into clauses, and a clause with a result cue
   (``荣获``, ``被评为``, ``居全县第一位``, ``建成``, growth with a figure, ``完成``/``实现`` with a figure) is an
   achievement. Each body sentence gets a role: achievement, measure, problem, plan or other.

Every statement carries the cue that decided it (text and span), the section it sits in, and the figures
inside its span.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..lexicons import compile_any, load_json, with_fragments
from ..models import Cue, Figure, Paragraph, Section, Sentence, Statement, trusted_copy, trusted_span
from .enumerations import ParagraphEnumerations, find_enumerations, trim_item
from .scan import CueScanner, literal_led

_CLAUSE_SEPARATORS = ",，;；"
_ITEM_SEPARATORS = "。!?！？;；"
# In a plan part a colon ends an intro as well: 主要预期目标是：生产总值增长6%左右；…
_PLAN_ITEM_SEPARATORS = _ITEM_SEPARATORS + ":："


@dataclass(frozen=True)
class _Cues:
    problem_title: re.Pattern[str]
    plan_title: re.Pattern[str]
    plan_topic_title: re.Pattern[str]
    review_title: re.Pattern[str]
    appendix_title: re.Pattern[str]
    problem_turn: CueScanner
    list_intro: re.Pattern[str]
    problem_generic: re.Pattern[str]
    passage_end: re.Pattern[str]
    plan_sentence: re.Pattern[str]
    plan_cue: re.Pattern[str]
    achievement: re.Pattern[str]
    needs_figure: frozenset[str]
    measure: re.Pattern[str]
    activity: re.Pattern[str]
    comparison: re.Pattern[str]
    rank: re.Pattern[str]
    not_commitment: re.Pattern[str]
    not_commitment_start: re.Pattern[str]
    future: re.Pattern[str]
    not_after: re.Pattern[str]
    continuation: re.Pattern[str]


@cache
def cues() -> _Cues:
    data: dict[str, Any] = with_fragments(load_json("roles.json"))
    return _Cues(
        problem_title=re.compile(data["problem_section_title"]),
        plan_title=re.compile(data["plan_section_title"]),
        plan_topic_title=re.compile(data["plan_topic_title"]),
        review_title=re.compile(data["review_section_title"]),
        appendix_title=re.compile(data["appendix_section_title"]),
        problem_turn=CueScanner(compile_any(data["problem_turns"]), data["problem_turns"]),
        list_intro=re.compile(data["problem_list_intro"]),
        problem_generic=re.compile(data["problem_generic"]),
        # Both are matched at a sentence start with .match(view, pos), where ^ would never match.
        passage_end=re.compile(data["passage_end"].removeprefix("^")),
        plan_sentence=re.compile(data["plan_sentence"].removeprefix("^")),
        plan_cue=re.compile(data["plan_cue"]),  # 争取 before money is a result (争取上级资金2.8亿元), not a plan
        # Dense cues: the engine's own first-character skip beats the scanner's loop (see literal_led).
        achievement=literal_led(data["achievement_cues"]),
        needs_figure=frozenset(data["achievement_needs_figure"]),
        measure=re.compile("|".join(map(re.escape, data["measure_cues"]))),
        activity=re.compile("(?:" + "|".join(map(re.escape, data["activity_verbs"]))
                            + f")(?!{data['activity_not_before']})"),
        comparison=re.compile(data["achievement_comparison"]),
        rank=re.compile(data["achievement_rank"]),
        not_commitment=re.compile(data["plan_not_commitment"]),
        # Matched at an item start with .match(view, pos), where ^ would never match.
        not_commitment_start=re.compile(data["plan_not_commitment_start"].removeprefix("^")),
        future=re.compile(data["achievement_future"]),
        not_after=re.compile(data["achievement_not_after"]),
        continuation=re.compile(data["achievement_continuation"]),
    )


@dataclass
class Roles:
    achievements: list[Statement] = field(default_factory=list)
    problems: list[Statement] = field(default_factory=list)
    plans: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    section: Section
    path: tuple[str, ...]
    mode: str  # "body", "problem" or "plan"
    titled_plan: bool = False  # a titled section inside a plan part: its title is a plan item


def clauses(view: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Clauses of a sentence: cut at ，；, never inside quotes or brackets."""
    return clauses_by(view, start, end, _CLAUSE_SEPARATORS)


def _section_mode(title: str, inherited: str, nested: bool = False, in_review: bool = False) -> str:
    c = cues()
    if not title:
        return inherited
    if c.appendix_title.match(re.sub(r"\s+", "", title)):
        return "appendix"
    if c.problem_title.search(title):
        return "problem"
    if nested and inherited == "plan":
        return "plan"  # （一）全力推进工业发展取得新成效: inside a plan part, 成效 is the goal, not a review
    if c.review_title.search(title):
        return "body"
    if c.plan_title.search(title):
        return "plan"
    if c.plan_topic_title.search(title) and not (in_review and inherited == "body"):
        return "plan"  # inside a review part, （一）…国家重大战略任务扎实推进 reports on the tasks
    return inherited


def _contexts(sections: Sequence[Section], path: tuple[str, ...] = (), mode: str = "body",
              in_review: bool = False) -> Iterator[_Context]:
    # At the top level, the parts after the first plan part are plans too (政府工作报告: 二、总体要求, 三、重点工作,
    # 四、政府自身建设), until a closing part.
    plan_part_seen = False
    appendix_seen = False
    for section in sections:
        inherited = "plan" if plan_part_seen and section.kind != "closing" else mode
        if mode == "appendix" or (not path and appendix_seen):
            inherited = "appendix"  # a glossary (名词解释) and what follows it hold no statements
        own_mode = _section_mode(section.title, inherited, nested=bool(path), in_review=in_review)
        if inherited == "appendix":
            own_mode = "appendix"
        if not path and own_mode == "plan":
            plan_part_seen = True
        if not path and "回顾" in section.title:
            # A government work report: after the review part (一、1996年工作的回顾) come the tasks.
            plan_part_seen = True
        if not path and own_mode == "appendix":
            appendix_seen = True
        label = section.title or section.kind
        titled_plan = own_mode == "plan" and mode == "plan" and bool(path) and section.title_span is not None
        yield _Context(section, (*path, label), own_mode, titled_plan)
        review = in_review or (own_mode == "body" and cues().review_title.search(section.title) is not None)
        yield from _contexts(section.children, (*path, label), own_mode, review)


class _Builder:
    def __init__(self, text: str, view: str, figures: Sequence[Figure], enumerations: ParagraphEnumerations) -> None:
        self.text = text
        self.enumerations = enumerations
        self.view = view
        self.figures = sorted(figures, key=lambda f: f.span.start)
        self.starts = [f.span.start for f in self.figures]
        self.ends = [f.span.end for f in self.figures]
        self.roles = Roles()
        self.lists = {"achievement": self.roles.achievements, "problem": self.roles.problems, "plan": self.roles.plans}

    def figures_in(self, start: int, end: int) -> list[Figure]:
        """Figures wholly inside ``[start, end)``, in order."""
        starts, ends, figures = self.starts, self.ends, self.figures
        i = bisect_left(starts, start)
        stop = bisect_left(starts, end, i)
        return [figures[k] for k in range(i, stop) if ends[k] <= end]

    def add(self, role: str, start: int, end: int, ctx: _Context, cue: tuple[int, int] | None) -> None:
        if end <= start:
            return
        figures = self.figures_in(start, end)
        if role == "plan":
            figures = [trusted_copy(f, target=True) if not f.target else f for f in figures]
        statement = Statement.model_construct(
            role=role,
            text=self.text[start:end],
            span=trusted_span(start, end),
            section_id=ctx.section.id,
            section_path=list(ctx.path),
            cue=Cue.model_construct(text=self.text[cue[0]:cue[1]], span=trusted_span(*cue)) if cue else None,
            figures=figures,
        )
        self.lists[role].append(statement)

    # ------------------------------------------------------------ items of a list-like stretch

    def items(self, start: int, end: int, separators: str = _ITEM_SEPARATORS
              ) -> list[tuple[int, int, tuple[int, int] | None]]:
        """Items of ``view[start:end]``: its enumeration, else its sentences cut at ；."""
        view = self.view
        enumerations = self.enumerations.get((start, end))
        if enumerations is None:
            enumerations = find_enumerations(view, start, end)
        if enumerations:
            return [(item.start, item.end, (item.marker_start, item.start)) for e in enumerations for item in e.items]
        return [(a, b, None) for a, b in clauses_by(view, start, end, separators)]

    # ------------------------------------------------------------ paragraphs by mode

    def listing_paragraph(self, role: str, paragraph: Paragraph, ctx: _Context) -> None:
        c = cues()
        for sentence in paragraph.sentences:
            sentence.role = role  # type: ignore[assignment]
        start, end = paragraph.span.start, paragraph.span.end
        separators = _PLAN_ITEM_SEPARATORS if role == "plan" else _ITEM_SEPARATORS
        for a, b, cue in self.items(start, end, separators):
            if role == "problem" and c.problem_generic.search(self.view[a:b]):
                continue  # "还存在一些问题和不足" introduces the list; it is not an item
            if self.view[b - 1:b] in ":：" or self.view[b:b + 1] in (":", "："):
                continue  # 重点抓好以下工作： introduces the items
            if role == "plan" and (c.not_commitment_start.match(self.view, a, b)
                                   or c.not_commitment.search(self.view, a, b)):
                continue  # 2023年是…的关键之年: the setting of the plans, not one of them
            self.add(role, a, b, ctx, cue)

    def body_paragraph(self, paragraph: Paragraph, ctx: _Context) -> None:
        c = cues()
        view = self.view
        sentences = paragraph.sentences
        # Most paragraphs hold no turn: one search over the paragraph spares one per sentence (a match inside a
        # sentence is a match inside its paragraph, so nothing is missed).
        any_turn = c.problem_turn.search(view, paragraph.span.start, paragraph.span.end) is not None
        index = 0
        while index < len(sentences):
            sentence = sentences[index]
            s, e = sentence.span.start, sentence.span.end
            turn = c.problem_turn.search(view, s, e) if any_turn else None
            if turn is not None:
                index = self.problem_passage(sentences, index, turn, ctx)
                continue
            self.body_sentence(sentence, ctx)
            index += 1

    def problem_passage(self, sentences: list[Sentence], index: int, turn: re.Match[str], ctx: _Context) -> int:
        """Problems from the turn in ``sentences[index]`` on; returns the index after the passage."""
        c = cues()
        view = self.view
        stop = index + 1
        while stop < len(sentences) and not (
            c.passage_end.match(view, sentences[stop].span.start) or self.plan_cue(sentences[stop]) is not None
        ):
            stop += 1
        # The list intro (主要表现在：) is in the turn's sentence or the one after it (…困难和挑战。主要是：…).
        intro_end = sentences[min(index + 1, stop - 1)].span.end
        intro = c.list_intro.search(view, turn.start(), intro_end)
        content_start = intro.end() if intro else turn.end()
        for sentence in sentences[index:stop]:
            sentence.role = "problem"
        content_end = sentences[stop - 1].span.end
        items = self.items(content_start, content_end)
        for number, (a, b, cue) in enumerate(items):
            text = view[a:b]
            if len(text) < 4 or c.problem_generic.search(text) or text.endswith((":", "：")):
                continue
            if number == 0 and len(items) > 1 and c.problem_turn.search(view, a, b):
                continue  # …，还存在不少矛盾和问题，政府工作也有缺点和不足。 announces the items that follow
            self.add("problem", a, b, ctx, cue or (turn.start(), turn.end()))
        return stop

    def body_sentence(self, sentence: Sentence, ctx: _Context) -> None:
        c = cues()
        view = self.view
        s, e = sentence.span.start, sentence.span.end
        cue = self.plan_cue(sentence)
        if cue is not None:
            sentence.role = "plan"
            # 我们将重点抓好以下工作：一是…；二是… — one plan per item.
            items = self.items(s, e)
            if len(items) > 1:
                for a, b, item_cue in items:
                    if not view[a:b].endswith((":", "：")):
                        self.add("plan", a, b, ctx, item_cue or cue)
            else:
                a, b = trim_item(view, s, e)
                self.add("plan", a, b, ctx, cue)
            return
        results = self.result_clauses(s, e)
        for a, b, cue in results:
            self.add("achievement", a, b, ctx, cue)
        if results:
            sentence.role = "achievement"
        elif c.measure.search(view, s, e):
            sentence.role = "measure"
        else:
            sentence.role = "other"

    def result_clauses(self, start: int, end: int) -> list[tuple[int, int, tuple[int, int]]]:
        """Achievement clauses of a sentence, each with the comparison or rank that follows it.

        ``营业收入7.86亿元，同比增长9.3%`` is one result: a clause that only compares (同比…, 比上年…, 分别增长…)
        or ranks without a subject of its own (``，居全省第一``) joins the result before it; after a clause with a
        figure and no cue (``利润6420万元，增长12.7%``) the comparison or rank makes both one result.
        """
        c = cues()
        view = self.view
        # One scan of the sentence for cues instead of one per clause: no cue spans a clause separator.
        found = list(c.achievement.finditer(view, start, end))
        if not found:
            return []
        figures = self.figures_in(start, end) if any(m.group() in c.needs_figure for m in found) else []
        results: list[tuple[int, int, tuple[int, int]]] = []
        previous: tuple[int, int] | None = None  # the clause before, when it is not a result
        previous_end = -1
        target = False  # inside a target: 力争产值突破500亿元，分别达到…
        for a, b in clauses(view, start, end):
            # Both kinds of clause have no subject of their own: they speak of the result before them.
            comparing = c.comparison.match(view, a, b) is not None or c.rank.match(view, a, b) is not None
            # A clause with a future marker (力争突破500亿元, 即将投入运营, 要从14.8%降到10%) states a target, and so
            # do the subjectless clauses that continue it (，分别达到392亿元、32亿元).
            if c.future.search(view, a, b) or (target and (comparing or c.continuation.match(view, a, b))):
                target = True
                previous, previous_end = None, b
                continue
            target = False
            if comparing and results and results[-1][1] == previous_end:
                results[-1] = (results[-1][0], b, results[-1][2])
                previous_end = b
                continue
            cue = self.clause_cue(a, b, [m for m in found if a <= m.start() < b], figures)
            if cue is not None:
                if comparing and previous is not None and self.figures_in(*previous):
                    a = previous[0]
                results.append((a, b, cue))
                previous = None
            else:
                previous = (a, b)
            previous_end = b
        return results

    def clause_cue(self, start: int, end: int, found: list[re.Match[str]], figures: list[Figure]
                   ) -> tuple[int, int] | None:
        """The first of ``found`` (cue matches inside the clause) that makes the clause a result."""
        c = cues()
        for m in found:
            if c.not_after.search(self.view, start, m.start()):
                continue  # 为加快实现“碳达峰”, 尚未达到全省平均水平: an aim, or not attained
            if m.group() in c.needs_figure:
                # 完成/实现/新增… count with a figure after them (完成投资8亿元), not before (三项突破).
                if not any(m.start() <= f.span.start and f.span.end <= end for f in figures):
                    continue
                if c.activity.search(self.view, start, end):
                    continue  # 组织开展宣讲活动12场: an activity counted, not a result
            return m.start(), m.end()
        return None

    def has_problem_turn(self, paragraph: Paragraph) -> bool:
        turn = cues().problem_turn
        if turn.search(self.view, paragraph.span.start, paragraph.span.end) is None:
            return False  # see body_paragraph: no turn in the paragraph, none in any sentence
        return any(turn.search(self.view, s.span.start, s.span.end) for s in paragraph.sentences)

    def plan_cue(self, sentence: Sentence) -> tuple[int, int] | None:
        """The future cue of a plan sentence (今后, 明年, 我们将, 力争 …), if the sentence is one."""
        view = self.view
        s, e = sentence.span.start, sentence.span.end
        c = cues()
        cue = c.plan_cue.search(view, s, min(e, s + _PLAN_CUE_WINDOW))
        if cue is not None and c.plan_sentence.match(view, s, e):
            return cue.start(), cue.end()
        return None


# A plan's cue stands near the start of its sentence; further on, 将/要 belong to some other clause.
_PLAN_CUE_WINDOW = 24


_OPENING_QUOTES = "“《「『‘"
_CLOSING_QUOTES = "”》」』’"


@cache
def _cut_marks(separators: str) -> re.Pattern[str]:
    """The characters ``clauses_by`` acts on: quote marks and ``separators``."""
    return re.compile(f"[{re.escape(_OPENING_QUOTES + _CLOSING_QUOTES + separators)}]")


def clauses_by(view: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int]]:
    """Pieces of ``view[start:end]`` cut after each separator (outside quotes), trimmed."""
    depth = 0
    piece = start
    # Only quote marks and separators matter: the regex finds them without a Python step per character.
    for mark in _cut_marks(separators).finditer(view, start, end):
        ch = mark.group()
        if ch in _OPENING_QUOTES:
            depth += 1
        elif ch in _CLOSING_QUOTES:
            if depth:
                depth -= 1
        elif depth == 0:
            i = mark.start()
            a, b = trim_item(view, piece, i)
            if b > a:
                yield a, b
            piece = i + 1
    a, b = trim_item(view, piece, end)
    if b > a:
        yield a, b


def _problem_children(builder: _Builder, ctx: _Context) -> bool:
    """Numbered children of a problem section are its items (title and body, without the marker)."""
    children = [child for child in ctx.section.children if child.title_span is not None]
    for child in children:
        builder.add("problem", child.title_span.start, child.span.end, ctx,  # type: ignore[union-attr]
                    (child.span.start, child.title_span.start))  # type: ignore[union-attr]
    return bool(children)


def extract_roles(text: str, view: str, sections: Sequence[Section], figures: Sequence[Figure],
                  enumerations: ParagraphEnumerations | None = None) -> Roles:
    """Achievements, problems and plans of a parsed document; sets ``Sentence.role`` on the way.

    ``enumerations`` (from :func:`~worksum.extract.enumerations.paragraph_enumerations`) saves finding the
    lists of each paragraph again.
    """
    builder = _Builder(text, view, figures, enumerations or {})
    consumed: list[str] = []  # sections whose children were taken whole as items
    for ctx in _contexts(sections):
        section = ctx.section
        if any(section.id.startswith(prefix + ".") for prefix in consumed):
            continue
        if ctx.titled_plan and section.title_span is not None:
            builder.add("plan", section.title_span.start, section.title_span.end, ctx,
                        (section.title_span.start, section.title_span.end))
        if ctx.mode == "problem" and section.kind != "implicit" and _problem_children(builder, ctx):
            consumed.append(section.id)
            for paragraph in section.paragraphs:
                for sentence in paragraph.sentences:
                    sentence.role = "problem"
            continue
        if ctx.mode == "appendix":
            continue
        if ctx.mode == "body" and section.title_span is not None:
            # A review heading that states a result (（二）产业发展质效明显提升) is an achievement too.
            title = section.title_span
            for a, b, cue in builder.result_clauses(title.start, title.end):
                builder.add("achievement", a, b, ctx, cue)
        for paragraph in section.paragraphs:
            mode = ctx.mode
            # In a problem section (存在的问题和明年打算), a paragraph that opens with a plan is plans.
            if mode == "problem" and paragraph.sentences and builder.plan_cue(paragraph.sentences[0]) is not None:
                mode = "plan"
            # A plan part may stop to admit problems (我们也清醒地看到…): read such a paragraph as prose.
            if mode == "plan" and builder.has_problem_turn(paragraph):
                mode = "body"
            if mode in ("problem", "plan"):
                builder.listing_paragraph(mode, paragraph, ctx)
            else:
                builder.body_paragraph(paragraph, ctx)
    return builder.roles
