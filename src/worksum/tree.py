"""Blocks → the section tree.

1. ``fold``: headings open sections; the level of a marker style is decided by its
   first appearance (a new style becomes a child of the innermost open section), so a
   document that starts at ``（一）`` or uses ``(一)``/``1、``/``第一，`` still gets a
   sensible tree. Unnumbered headings always sit at the top.
2. ``detach_closing``: the problems / next-steps / exhortation paragraphs that end a
   document without a heading become a ``closing`` section instead of the tail of the
   last section.
3. ``find_implicit``: lead sentences (``道路建设多点开花。``) open implicit sub-sections
   inside leaf sections, also several inside one long paragraph.
4. ``to_models``: nodes → :class:`~worksum.models.Section` with exact spans.

Numbering that jumps, restarts or skips a level gives a diagnostic, not a broken tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from .blocks import RawBlock
from .lexicons import compile_any, structure
from .markers import MarkerMatch
from .models import Diagnostic, Paragraph, Section, Sentence, trusted_span
from .sentences import split_sentences

_UNNUMBERED = "unnumbered"
_INNER_PUNCT = re.compile(r"[，,；;：:\"()（）《》—]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_DASH_LEAD = re.compile(r"——+")
_COMMAS = re.compile("[,，]")
_NUMBER_SIGN = re.compile(r"[\dX]")
_FRAME_PUNCT = re.compile(r"[;；:：()（）《》]")
# An inline enumerator opening a paragraph (一是, 二是 …, 十是).
_PARAGRAPH_ENUMERATOR = re.compile(r"[ \t]*[一二三四五六七八九十]{1,2}是")


@dataclass
class Node:
    kind: str
    style: str = ""
    marker: MarkerMatch | None = None
    start: int = 0
    head_end: int = 0
    title_start: int = 0
    title_end: int = 0
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def has_title(self) -> bool:
        return self.kind in ("numbered", "unnumbered", "implicit")


@cache
def _closing_openers() -> re.Pattern[str]:
    return compile_any(structure()["closing_openers"])


@dataclass(frozen=True)
class _ImplicitRules:
    strong: re.Pattern[str]  # a known evaluation, or an evaluative adverb + two characters
    weak: re.Pattern[str]  # an evaluative ending, enough at a paragraph start
    min_chars: int
    max_chars: int
    series_max: int
    series_min: int
    frame_max: int
    not_heading: re.Pattern[str]
    directive: re.Pattern[str]
    directive_max: int


@cache
def _implicit_rules() -> _ImplicitRules:
    cfg = structure()["implicit_heading"]
    predicates = sorted(cfg["predicates"], key=len, reverse=True)
    adverbs = sorted(cfg["predicate_adverbs"], key=len, reverse=True)
    # Each adverb is its own alternative (adverb + two characters): every alternative then opens with a
    # plain character and the engine skips ahead by them, 10× faster than with a group of adverbs
    # up front, which made it try every predicate at every position. The same texts match.
    strong = re.compile("(?:" + "|".join([*map(re.escape, predicates),
                                          *(re.escape(adverb) + r"[\u4e00-\u9fff]{2}" for adverb in adverbs)])
                        + ")$")
    weak = re.compile("(?:" + "|".join(map(re.escape, cfg["weak_endings"])) + ")$")
    return _ImplicitRules(strong, weak, cfg["min_chars"], cfg["max_chars"], cfg["series_max_chars"],
                          cfg["series_min_count"], cfg["frame_max_chars"],
                          re.compile("|".join(map(re.escape, cfg["not_heading_words"]))),
                          re.compile("(?:" + "|".join(map(re.escape, cfg["directive_verbs"])) + ")"),
                          cfg["directive_max_chars"])


# ---------------------------------------------------------------- fold
def fold(blocks: list[RawBlock], diagnostics: list[Diagnostic]) -> tuple[Node, list[Node]]:
    """Preamble node and the top-level section nodes."""
    preamble = Node(kind="preamble")
    top: list[Node] = []
    stack: list[Node] = []
    order: list[str] = []  # numbered styles, shallowest first
    headings = [b for b in blocks if b.kind == "heading"]
    parts_mode = bool(headings) and headings[0].marker is None and any(h.marker for h in headings)
    if parts_mode:
        blocks = _demote_stray_parts(blocks, headings)
    last_ordinal: dict[tuple[int, str], int] = {}

    def rank(style: str) -> int:
        if style == _UNNUMBERED:
            return 0
        return order.index(style) + (1 if parts_mode else 0)

    for block in blocks:
        if block.kind == "paragraph":
            (stack[-1] if stack else preamble).paragraphs.append((block.start, block.end))
            continue
        if block.kind != "heading":
            continue
        style = block.marker.style if block.marker else _UNNUMBERED
        if style != _UNNUMBERED and style not in order:
            numbered_open = [n.style for n in stack if n.style != _UNNUMBERED]
            order.insert(order.index(numbered_open[-1]) + 1 if numbered_open else 0, style)
        new_rank = rank(style)
        while stack and rank(stack[-1].style) >= new_rank:
            stack.pop()
        node = Node(
            kind="numbered" if block.marker else "unnumbered",
            style=style,
            marker=block.marker,
            start=block.start,
            head_end=block.end,
            title_start=block.title_start,
            title_end=block.title_end,
        )
        parent = stack[-1] if stack else None
        _check_numbering(node, parent, last_ordinal, diagnostics)
        if parent is not None and new_rank - rank(parent.style) > 1:
            diagnostics.append(Diagnostic.model_construct(
                code="level_skipped", severity="info",
                span=trusted_span(block.start, block.end),
                message="heading sits more than one level below its parent"))
        (parent.children if parent else top).append(node)
        stack.append(node)
    return preamble, top


def _demote_stray_parts(blocks: list[RawBlock], headings: list[RawBlock]) -> list[RawBlock]:
    """In a document of parts, a part heading restarts the numbering below it: an unnumbered line
    followed by a heading that continues the running numbers (二、 after 一、) is debris, not a part."""
    stray: set[int] = set()
    for index, heading in enumerate(headings[1:-1], start=1):
        following = headings[index + 1]
        if heading.marker is None and following.marker is not None and (following.marker.ordinal or 0) > 1:
            stray.add(heading.start)
    if not stray:
        return blocks
    return [RawBlock("paragraph", b.start, b.end) if b.start in stray and b.kind == "heading" else b
            for b in blocks]


def _check_numbering(node: Node, parent: Node | None, last: dict[tuple[int, str], int],
                     diagnostics: list[Diagnostic]) -> None:
    if node.marker is None:
        return
    key = (id(parent), node.style)
    ordinal = node.marker.ordinal or 0
    previous = last.get(key, 0)
    span = trusted_span(node.marker.start, node.marker.end)
    if ordinal != previous + 1:
        if ordinal <= previous:
            diagnostics.append(Diagnostic.model_construct(
                code="numbering_restart", severity="warning", span=span,
                message=f"heading number {ordinal} follows {previous} at the same level"))
        else:
            diagnostics.append(Diagnostic.model_construct(
                code="numbering_jump", severity="warning", span=span,
                message=f"heading number {ordinal} follows {previous or 'nothing'}: numbers skipped"))
    last[key] = ordinal


# ---------------------------------------------------------------- closing


def _deepest_last(nodes: list[Node]) -> Node | None:
    node = nodes[-1] if nodes else None
    while node is not None and node.children:
        node = node.children[-1]
    return node


#: Closing words before the last paragraph are short; a longer paragraph opened by 各位代表！ holds the
#: government's own tasks (加强政府自身建设) and stays in the section before the closing.
_LONGEST_CLOSING_PARAGRAPH = 300


def detach_closing(view: str, top: list[Node]) -> Node | None:
    """Move the closing paragraphs of the last section into a closing node."""
    last = _deepest_last(top)
    if last is None or (len(last.paragraphs) < 2 and not (last.children or last.paragraphs)):
        return None
    opener = _closing_openers()
    paragraphs = last.paragraphs
    cut = len(paragraphs)
    while cut > 0 and opener.search(view[paragraphs[cut - 1][0]:paragraphs[cut - 1][1]]):
        start, end = paragraphs[cut - 1]
        if cut < len(paragraphs) and end - start > _LONGEST_CLOSING_PARAGRAPH:
            break  # 各位代表！…各级政府必须… followed by tasks: a last section, not the closing words
        cut -= 1
    # Keep at least one paragraph: a section whose only body is the closing-like text owns it.
    if cut == len(paragraphs) or cut == 0:
        return None
    closing = Node(kind="closing", paragraphs=paragraphs[cut:])
    del paragraphs[cut:]
    return closing


# ---------------------------------------------------------------- implicit headings


def _shape(view: str, start: int, end: int, limit: int, *, allow_comma: bool = False) -> tuple[int, int] | None:
    """The title span of ``view[start:end]`` if it has the shape of a lead sentence (short, ends in 。)."""
    rules = _implicit_rules()
    if view[end - 1] != "。":
        return None
    if end - 1 - start > limit and view[start] != "—":
        return None  # too long, and no dash lead to discount: most sentences stop here
    t_start, t_end = start, end - 1
    dash = _DASH_LEAD.match(view, t_start, t_end)
    if dash:
        t_start = dash.end()
        limit += 14  # ——这是…的五年。 lines are longer
    body = view[t_start:t_end]
    if not rules.min_chars <= len(body) <= limit:
        return None
    if len(_CJK.findall(body)) < len(body) * 0.7:
        return None
    if not dash and _INNER_PUNCT.search(body):
        clauses = _COMMAS.split(body)
        two_clauses = len(clauses) == 2 and all(2 <= len(c) <= 14 for c in clauses)
        if not (allow_comma and two_clauses and not _INNER_PUNCT.search(body.replace(",", "").replace("，", ""))):
            return None
    return t_start, t_end


def _grade(view: str, title: tuple[int, int]) -> str:
    """How strongly a lead-shaped sentence reads as a heading: 'strong', 'weak' or ''.

    A two-clause lead (经济总量快速增长，综合实力显著增强) is graded by its better clause."""
    rules = _implicit_rules()
    body = view[title[0]:title[1]]
    if rules.not_heading.search(body):
        return ""
    clauses = _COMMAS.split(body)
    if len(clauses) > 1 and _NUMBER_SIGN.search(body):
        return ""  # a two-clause lead states no numbers
    if len(clauses) == 1 and rules.directive.match(body) and len(body) <= rules.directive_max:
        return "directive"
    grades = set()
    for clause in clauses:
        if rules.strong.search(clause):
            grades.add("strong")
        elif rules.weak.search(clause):
            grades.add("weak")
    if len(clauses) > 1:
        return "strong" if rules.strong.search(clauses[-1]) else ""
    return "strong" if "strong" in grades else "weak" if grades else ""


def _frame_title(view: str, start: int, end: int) -> tuple[int, int] | None:
    """The title span of a paragraph opener that may carry commas (一年来，我们…，…取得新成效。)."""
    rules = _implicit_rules()
    if view[end - 1] != "。":
        return None
    if end - 1 - start > rules.frame_max and view[start] != "—":
        return None  # too long, and no dash lead to discount
    t_start = start
    dash = _DASH_LEAD.match(view, start, end)
    if dash:
        t_start = dash.end()
    body = view[t_start:end - 1]
    if not rules.min_chars <= len(body) <= rules.frame_max:
        return None
    if len(_CJK.findall(body)) < len(body) * 0.7 or _FRAME_PUNCT.search(body):
        return None
    return t_start, end - 1


def _frame(view: str, start: int) -> str:
    """What a series of openers shares: the dash, or the first two characters (一年来 / 这五年 / 我们)."""
    return "——" if view.startswith("——", start) else view[start:start + 2]


class SentenceSpans:
    """The sentence spans of paragraphs, split once: lead sentences are looked for in a paragraph
    before its sentences are built, and most paragraphs come out of that search unchanged."""

    def __init__(self, view: str) -> None:
        self.view = view
        self._known: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def of(self, start: int, end: int) -> list[tuple[int, int]]:
        spans = self._known.get((start, end))
        if spans is None:
            spans = self._known[start, end] = split_sentences(self.view, start, end)
        return spans


def find_implicit(view: str, node: Node, sentences: SentenceSpans | None = None) -> None:
    """Split the paragraphs of a leaf section at its lead sentences."""
    if sentences is None:
        sentences = SentenceSpans(view)
    for child in node.children:
        find_implicit(view, child, sentences)
    if node.kind not in ("numbered", "unnumbered") or not node.paragraphs:
        return
    # A section with numbered children takes implicit headings only from a framed series in its intro.
    framed_only = bool(node.children)
    rules = _implicit_rules()
    paragraphs = [sentences.of(a, b) for a, b in node.paragraphs]
    last_paragraph = len(paragraphs) - 1
    # Frame series: three or more paragraphs whose openers share a frame (——这是…的一年。/ 一年来，我们…。).
    # Openers are grouped by frame first: only a group large enough for a series needs its titles.
    opener_frames: dict[str, list[tuple[int, int]]] = {}
    for index, spans in enumerate(paragraphs):
        if spans and (len(spans) > 1 or index < last_paragraph):
            opener_frames.setdefault(_frame(view, spans[0][0]), []).append(spans[0])
    framed: dict[int, tuple[int, int]] = {}
    for openers_of_frame in opener_frames.values():
        if len(openers_of_frame) < rules.series_min:
            continue
        titles = [(s_start, _frame_title(view, s_start, s_end)) for s_start, s_end in openers_of_frame]
        series_titles = [(s_start, title) for s_start, title in titles if title is not None]
        if len(series_titles) >= rules.series_min:
            framed.update(series_titles)
    if framed_only and not framed:
        return
    # Paragraphs that open with an enumerator (一是…。二是…。) are the items of one list: when there are
    # several, each opener leads its item, however long; the sentences inside an item are its points.
    enumerated = {index for index, spans in enumerate(paragraphs)
                  if spans and _PARAGRAPH_ENUMERATOR.match(view, spans[0][0], spans[0][1])}
    listed = len(enumerated) >= 2
    # (sentence start, title span, grade, opens its paragraph)
    found: list[tuple[int, tuple[int, int], str, bool]] = []
    openers = 0
    broad_openers: set[int] = set(enumerated) if listed else set()  # an opener frames its paragraph: no heads inside
    for index, spans in enumerate(paragraphs):
        if not spans:
            continue
        s_start, s_end = spans[0]
        if len(spans) > 1 or index < last_paragraph:  # a lead sentence leads something
            if listed and index in enumerated and not framed_only:
                title = (_shape(view, s_start, s_end, rules.frame_max, allow_comma=True)
                         or _first_clause(view, s_start, s_end, rules.series_max))
                if title is not None:
                    found.append((s_start, title, "framed", True))
            elif s_start in framed:
                found.append((s_start, framed[s_start], "framed", True))
                if _INNER_PUNCT.search(view, *framed[s_start]):
                    broad_openers.add(index)
            elif not framed_only:
                title = _shape(view, s_start, s_end, rules.series_max, allow_comma=True)
                if title is not None:
                    openers += 1
                    found.append((s_start, title, _grade(view, title), True))
        if framed_only or index in broad_openers:
            continue
        for number, (s_start, s_end) in enumerate(spans[1:-1], start=1):  # the sentences inside, each followed by another
            if s_end - 1 - s_start > rules.max_chars and view[s_start] != "—":
                continue  # too long for a lead (_shape's first test, here without a call per sentence)
            title = _shape(view, s_start, s_end, rules.max_chars)
            if title is not None:
                grade = _grade(view, title)
                if grade == "directive" and (len(paragraphs) > 1 or not _elaborated(spans, number, rules.max_chars)):
                    # Orders inside one of several paragraphs are points of that paragraph (its opener
                    # leads it); a run of short orders (加强管理。提高效率。) leads nothing.
                    continue
                if grade:
                    found.append((s_start, title, grade, False))
    series = openers >= rules.series_min
    # Directive leads (抓好大项目。…建好大园区。…) count when a section has several of them, opening
    # paragraphs, or inside the one paragraph of a section (a plan run into one paragraph per task).
    directives = sum(1 for item in found if item[2] == "directive") >= 2
    has_strong = any(grade == "strong" or (grade and opens) for _, _, grade, opens in found)
    heads: list[tuple[int, int, int]] = []
    for s_start, (t_start, t_end), grade, opens in found:
        short_enough = t_end - t_start <= (rules.series_max if opens else rules.max_chars)
        keep = (
            grade == "framed"
            or (grade == "directive" and directives)
            or (grade == "strong" and short_enough)
            or (grade == "weak" and short_enough and (opens or has_strong))
            or (series and opens and not framed)
        )
        if keep:
            heads.append((s_start, t_start, t_end))
    if heads:
        _split_at_heads(view, node, heads)


def _first_clause(view: str, start: int, end: int, limit: int) -> tuple[int, int] | None:
    """The span up to the first comma of a sentence (一是坚定不移保稳定促和谐，持续…。), if short enough."""
    comma = _COMMAS.search(view, start, end)
    if comma is None or not 2 <= comma.start() - start <= limit:
        return None
    return start, comma.start()


def _elaborated(spans: list[tuple[int, int]], index: int, lead_max: int) -> bool:
    """Whether the sentence after ``spans[index]`` is a body it leads: too long to be a lead itself
    (``lead_max``) and at least twice its length."""
    (a, b), (c, d) = spans[index], spans[index + 1]
    return d - c > max(lead_max, 2 * (b - a))


def _split_at_heads(view: str, node: Node, heads: list[tuple[int, int, int]]) -> None:
    kept: list[tuple[int, int]] = []
    children: list[Node] = []
    head_iter = iter(heads)
    pending = next(head_iter, None)
    for p_start, p_end in node.paragraphs:
        piece_start = p_start
        while pending is not None and p_start <= pending[0] < p_end:
            s_start, t_start, t_end = pending
            if s_start > piece_start:
                _body_of(children, kept).append(_trim(view, piece_start, s_start))
            sentence_end = t_end + 1
            children.append(Node(kind="implicit", start=s_start, head_end=sentence_end,
                                 title_start=t_start, title_end=t_end))
            piece_start = sentence_end
            pending = next(head_iter, None)
        if piece_start < p_end:
            piece = _trim(view, piece_start, p_end)
            if piece[1] > piece[0]:
                _body_of(children, kept).append(piece)
    node.paragraphs = [p for p in kept if p[1] > p[0]]
    node.children = children + node.children  # implicit heads of an intro come before numbered children


def _body_of(children: list[Node], kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return children[-1].paragraphs if children else kept


def _trim(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start] in " \t\n":
        start += 1
    while end > start and view[end - 1] in " \t\n":
        end -= 1
    return start, end


# ---------------------------------------------------------------- models


def _paragraph(text: str, sentences: SentenceSpans, start: int, end: int) -> Paragraph:
    built = [
        Sentence.model_construct(text=text[a:b], span=trusted_span(a, b), role=None)
        for a, b in sentences.of(start, end)
    ]
    return Paragraph.model_construct(text=text[start:end], span=trusted_span(start, end),
                                     sentences=built)


def to_models(text: str, sentences: SentenceSpans, nodes: list[Node], *, level: int = 1,
              prefix: str = "s") -> list[Section]:
    sections: list[Section] = []
    for index, node in enumerate(nodes, start=1):
        section_id = f"{prefix}{index}" if level == 1 else f"{prefix}.{index}"
        children = to_models(text, sentences, node.children, level=level + 1, prefix=section_id)
        paragraphs = [_paragraph(text, sentences, a, b) for a, b in node.paragraphs if b > a]
        sections.append(_section(text, node, section_id, level, paragraphs, children))
    return sections


def _section(text: str, node: Node, section_id: str, level: int, paragraphs: list[Paragraph],
             children: list[Section]) -> Section:
    has_title = node.has_title
    if has_title:
        start = node.start
        end = max([node.head_end, *(p.span.end for p in paragraphs), *(c.span.end for c in children)])
    else:
        start = min([p.span.start for p in paragraphs] + [c.span.start for c in children], default=node.start)
        end = max((p.span.end for p in paragraphs), default=start)
    return Section.model_construct(
        id=section_id,
        kind=node.kind,
        level=level,
        marker=text[node.marker.start:node.marker.end] if node.marker else "",
        ordinal=node.marker.ordinal if node.marker else None,
        title=text[node.title_start:node.title_end] if has_title else "",
        span=trusted_span(start, end),
        title_span=trusted_span(node.title_start, node.title_end) if has_title else None,
        paragraphs=paragraphs,
        children=children,
    )


# ---------------------------------------------------------------- page breaks

_SENTENCE_FINAL = frozenset("。！？!?；;：:…")
_LONGEST_PAGE_BREAK = 40  # a page number and the line breaks around it


@cache
def _page_break() -> re.Pattern[str]:
    """Only a page number between two paragraphs (PDF debris: ``— 7 —``, ``第7页``), white space around it:
    the page-number shapes of the noise lines (structure.json), written once."""
    return re.compile(structure()["page_break"])


def join_across_page_breaks(view: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs that a page number cut mid-sentence, joined again (the number stays a noise block).

    ``…发展空间、资源要素 — 7 — 等约束日益趋紧…`` is one sentence: a paragraph that ends without a sentence
    end, followed by nothing but a page number, continues in the next one.
    """
    joined: list[tuple[int, int]] = []
    for start, end in paragraphs:
        if joined:
            previous_start, previous_end = joined[-1]
            if (view[previous_end - 1] not in _SENTENCE_FINAL and start - previous_end <= _LONGEST_PAGE_BREAK
                    and _page_break().fullmatch(view, previous_end, start) is not None):
                joined[-1] = (previous_start, end)
                continue
        joined.append((start, end))
    return joined


def _walk_nodes(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk_nodes(node.children)


def build_tree(text: str, view: str, blocks: list[RawBlock], diagnostics: list[Diagnostic]) -> list[Section]:
    """The whole stage: blocks → top-level sections (preamble, numbered/unnumbered, closing)."""
    preamble, top = fold(blocks, diagnostics)
    for node in _walk_nodes([preamble, *top]):
        node.paragraphs = join_across_page_breaks(view, node.paragraphs)
    closing = detach_closing(view, top)
    sentences = SentenceSpans(view)
    for node in top:
        find_implicit(view, node, sentences)
    sections: list[Section] = []
    if preamble.paragraphs:
        sections.append(_section(text, preamble, "preamble", 1,
                                 [_paragraph(text, sentences, a, b) for a, b in preamble.paragraphs], []))
    sections.extend(to_models(text, sentences, top))
    if closing is not None:
        sections.append(_section(text, closing, "closing", 1,
                                 [_paragraph(text, sentences, a, b) for a, b in closing.paragraphs], []))
    return sections
