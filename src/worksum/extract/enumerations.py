"""Inline enumerations: ``一是…；二是…``, ``首先…其次…最后``, ``第一，…第二，``, ``①②``, ``（1）（2）``,
``一方面…另一方面`` inside a paragraph. They are lists, not headings; the roles extractor splits
problems and plans on them.

An enumeration is two or more enumerators of one style in counting order. An item runs from the end
of its enumerator to the start of the next one (the last item to the end of its sentence), without
the separating punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import InlineList, ListItem, Section, trusted_span
from ..numerals import chinese_ordinal

# Each style: a pattern whose group 1 is the ordinal (or a word mapped to one), and what may precede it.
_BOUNDARY = r"(?:(?<=^)|(?<=[。!?！？;；,，:：\s]))"
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shi", re.compile(_BOUNDARY + r"([一二三四五六七八九十]{1,2})是(?![否非])")),
    ("sequence", re.compile(_BOUNDARY + r"(首先|其次|再次|再者|然后|最后)[,，]")),
    ("di", re.compile(_BOUNDARY + r"第([一二三四五六七八九十]{1,2})[,，、]")),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    ("paren", re.compile(_BOUNDARY + r"\((\d{1,2})\)")),
    ("aspect", re.compile(_BOUNDARY + r"(一方面|另一方面)")),
)
# Every enumerator of every style above holds one of these: where none is, there is no enumeration,
# and one search saves the six (most paragraphs and sentences have no enumeration).
_ANY_ENUMERATOR = re.compile(
    r"[一二三四五六七八九十]是|首先|其次|再次|再者|然后|最后|第[一二三四五六七八九十]|[①-⑳]|\(\d|一方面"
)
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "然后": 3, "最后": 4, "一方面": 1, "另一方面": 2}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ITEM_TRIM = " \t\n;；,，。:：、"
_TAIL_WORDS = re.compile(r"(等等|等)$")
_MARKER_TRAIL = ",，、"


@dataclass(frozen=True)
class Item:
    marker_start: int
    start: int
    end: int
    marker_end: int = -1  # after the enumerator and its comma: ``首先，``


@dataclass(frozen=True)
class Enumeration:
    style: str
    items: tuple[Item, ...]

    @property
    def start(self) -> int:
        return self.items[0].marker_start

    @property
    def end(self) -> int:
        return self.items[-1].end


def _ordinal(style: str, word: str) -> int | None:
    if style in ("sequence", "aspect"):
        return _SEQUENCE.get(word)
    if style == "circled":
        return _CIRCLED.index(word) + 1
    return chinese_ordinal(word)


def trim_item(view: str, start: int, end: int) -> tuple[int, int]:
    """An item without the punctuation around it and without a closing 等/等等 (kept when it is all there is)."""
    while start < end and view[start] in _ITEM_TRIM:
        start += 1
    while end > start and view[end - 1] in _ITEM_TRIM:
        end -= 1
    tail = _TAIL_WORDS.search(view, start, end)
    if tail is not None and end - start - len(tail.group()) >= 2:
        end = tail.start()
        while end > start and view[end - 1] in _ITEM_TRIM:
            end -= 1
    return start, end


def _runs(hits: list[tuple[int, int, int]], style: str) -> list[list[tuple[int, int, int]]]:
    """Maximal runs of hits whose ordinals count up (1, 2, 3 …; 首先 … 最后 may skip)."""
    runs: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    for hit in hits:
        ordinal = hit[2]
        expected_next = current[-1][2] + 1 if current else 1
        if current and (ordinal == expected_next or (style == "sequence" and ordinal > current[-1][2])):
            current.append(hit)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = [hit] if ordinal == 1 else []
    if len(current) >= 2:
        runs.append(current)
    return runs


def find_enumerations(view: str, start: int, end: int) -> list[Enumeration]:
    """The inline enumerations of ``view[start:end]``, in order, not overlapping."""
    if _ANY_ENUMERATOR.search(view, start, end) is None:
        return []
    found: list[Enumeration] = []
    for style, pattern in _STYLES:
        hits = []
        for m in pattern.finditer(view, start, end):
            ordinal = _ordinal(style, m.group(1))
            if ordinal:
                hits.append((m.start(), m.end(), ordinal))
        for run in _runs(hits, style):
            items = []
            for index, (m_start, m_end, _) in enumerate(run):
                if index + 1 < len(run):
                    item_end = run[index + 1][0]
                else:
                    stop = view.find("。", m_end, end)
                    item_end = end if stop < 0 else stop
                a, b = trim_item(view, m_end, item_end)
                if b > a:
                    items.append(Item(m_start, a, b, m_end))
            if len(items) >= 2:
                found.append(Enumeration(style, tuple(items)))
    found.sort(key=lambda e: e.start)
    kept: list[Enumeration] = []
    for enumeration in found:
        if not kept or enumeration.start >= kept[-1].end:
            kept.append(enumeration)
    return kept


#: The enumerations of each paragraph, by the paragraph's ``(start, end)``.
ParagraphEnumerations = dict[tuple[int, int], list[Enumeration]]


def paragraph_enumerations(view: str, sections: Sequence[Section]) -> ParagraphEnumerations:
    """The inline enumerations of every paragraph of ``sections`` (found once, read by lists and roles)."""
    return {(p.span.start, p.span.end): find_enumerations(view, p.span.start, p.span.end)
            for top in sections for section in top.iter_sections() for p in section.paragraphs}


def inline_lists(text: str, view: str, sections: Sequence[Section],
                 by_paragraph: ParagraphEnumerations | None = None) -> list[InlineList]:
    """Every inline enumeration of the paragraphs of ``sections``, as report items, in reading order."""
    if by_paragraph is None:
        by_paragraph = paragraph_enumerations(view, sections)
    found: list[InlineList] = []
    for section in (section for top in sections for section in top.iter_sections()):
        for paragraph in section.paragraphs:
            for enumeration in by_paragraph[paragraph.span.start, paragraph.span.end]:
                items = [_list_item(text, view, item) for item in enumeration.items]
                found.append(InlineList.model_construct(
                    style=enumeration.style, span=trusted_span(enumeration.start, enumeration.end),
                    section_id=section.id, items=items))
    found.sort(key=lambda found_list: found_list.span.start)
    return found


def _list_item(text: str, view: str, item: Item) -> ListItem:
    marker_end = item.marker_end
    while marker_end > item.marker_start + 1 and view[marker_end - 1] in _MARKER_TRAIL:
        marker_end -= 1  # 首先， → 首先
    return ListItem.model_construct(
        marker=text[item.marker_start:marker_end], marker_span=trusted_span(item.marker_start, marker_end),
        text=text[item.start:item.end], span=trusted_span(item.start, item.end))
