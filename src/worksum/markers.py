"""Heading markers: an ordered table of small recognisers.

Each recogniser looks at the normalised view at one position and says whether
an ordinal heading marker (``一、`` ``（一）`` ``1.`` ``（1）`` ``①`` ``第一，`` ``第一部分`` …)
starts there. Recognisers are tried in table order; the first that matches wins.
They only recognise the marker and reject near-misses (``一是``, ``一方面``,
``1.2亿元``, ``一、二季度``); whether the line is a heading is the blocks stage's call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .numerals import chinese_ordinal

CN_DIGITS = "一二三四五六七八九十百零〇两"
_CN = "[一二三四五六七八九十百零〇]"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class MarkerMatch:
    """A marker found at ``start`` in the view (``end`` exclusive)."""

    style: str
    start: int
    end: int
    ordinal: int | None


@dataclass(frozen=True)
class MarkerStyle:
    name: str
    pattern: re.Pattern[str]
    ordinal: Callable[[str], int | None]
    # Strong styles start headings even inside a line (after a sentence end), weak ones only at a line start.
    strong: bool
    # Rejects a match by what follows the marker (near-misses).
    reject_after: re.Pattern[str] | None = None


def _arabic(group: str) -> int | None:
    return int(group) if group.isdigit() else None


def _circled(group: str) -> int | None:
    return _CIRCLED.index(group) + 1 if group in _CIRCLED else None


# What may not follow a marker: another numeral list (一、二季度, 1、2月), a digit (1.2亿元),
# a percent or unit straight after a number, or nothing but punctuation.
_AFTER_CN_DUN = re.compile(rf"{_CN}+[、季产]|[、，,。.;；:：]")
_AFTER_ARABIC = re.compile(r"[\d%.,、]")
_AFTER_CN_DOT = re.compile(r"\d|[.]")
_AFTER_ANY = re.compile(r"[。，,；;、]")

STYLES: tuple[MarkerStyle, ...] = (
    MarkerStyle("di_part", re.compile(rf"第({_CN}+|\d{{1,2}})(部分|章|节|编|篇)[:：、.，,]?"), chinese_ordinal, True),
    MarkerStyle("di_comma", re.compile(rf"第({_CN}{{1,3}})[,，、:：]"), chinese_ordinal, False),
    MarkerStyle("cn_dun", re.compile(rf"({_CN}{{1,3}})、"), chinese_ordinal, True, _AFTER_CN_DUN),
    MarkerStyle("cn_dot", re.compile(rf"({_CN}{{1,3}})[.．](?!\d)"), chinese_ordinal, False, _AFTER_CN_DOT),
    MarkerStyle("paren_cn", re.compile(rf"\(({_CN}{{1,3}})\)[、.]?"), chinese_ordinal, True, _AFTER_ANY),
    MarkerStyle("paren_arabic", re.compile(r"\((\d{1,2})\)[、.]?"), _arabic, False, _AFTER_ANY),
    MarkerStyle("circled", re.compile(rf"([{_CIRCLED}])[、.]?"), _circled, False, _AFTER_ANY),
    MarkerStyle("arabic_dot", re.compile(r"(\d{1,2})\.(?!\d)"), _arabic, False, _AFTER_ARABIC),
    MarkerStyle("arabic_dun", re.compile(r"(\d{1,2})、"), _arabic, False, _AFTER_ARABIC),
    MarkerStyle("arabic_paren", re.compile(r"(\d{1,2})\)"), _arabic, False, _AFTER_ARABIC),
    MarkerStyle("cn_comma", re.compile(rf"({_CN}{{1,2}})[,，](?!{_CN})"), chinese_ordinal, False, _AFTER_ANY),
)
STYLE_NAMES = tuple(style.name for style in STYLES)
# Every style in one alternation: one attempt says whether any style can match at a position (most
# lines start with none), before the styles are tried one by one in table order.
_ANY_STYLE = re.compile("|".join(f"(?:{style.pattern.pattern})" for style in STYLES))


def match_marker(view: str, pos: int, end: int, *, strong_only: bool = False) -> MarkerMatch | None:
    """The marker that starts at ``view[pos]`` (before ``end``), if any."""
    if _ANY_STYLE.match(view, pos, end) is None:
        return None
    for style in STYLES:
        if strong_only and not style.strong:
            continue
        m = style.pattern.match(view, pos, end)
        if m is None:
            continue
        ordinal = style.ordinal(m.group(1))
        if ordinal is None or ordinal <= 0:
            continue
        rest = m.end()
        if rest >= end or view[rest] in "\n":
            # A marker alone on its line is a heading only for the bracketed and 、 styles.
            if style.name in ("cn_dun", "paren_cn", "di_part", "paren_arabic"):
                return MarkerMatch(style.name, pos, m.end(), ordinal)
            continue
        if style.reject_after is not None and style.reject_after.match(view, rest, end):
            continue
        return MarkerMatch(style.name, pos, m.end(), ordinal)
    return None


# A marker that starts a heading inside a long line: after a sentence end (or, where a document lost all its
# line breaks, a colon: 采取以下措施：（一）…) and optional spaces. The sentence end is part of the match
# (a leading look-behind would be tried at every position; a leading class lets the engine skip ahead):
# the marker starts at the end of the match.
_INLINE_BOUNDARY = re.compile(r"[。!?！？”][ \t]*(?=[第(①-⑳\d一二三四五六七八九十])")
_INLINE_BOUNDARY_COLON = re.compile(r"[。!?！？”:：][ \t]*(?=[第(①-⑳\d一二三四五六七八九十])")


def inline_marker_positions(view: str, start: int, end: int, *, strong_only: bool,
                            after_colon: bool = False) -> list[MarkerMatch]:
    """Markers that begin a new heading inside ``view[start:end]`` (not at ``start`` itself)."""
    found: list[MarkerMatch] = []
    boundaries = _INLINE_BOUNDARY_COLON if after_colon else _INLINE_BOUNDARY
    # From one character before start: a sentence end just before the line still marks a boundary.
    for boundary in boundaries.finditer(view, max(start - 1, 0), end):
        pos = boundary.end()
        if pos <= start:
            continue
        marker = match_marker(view, pos, end, strong_only=strong_only)
        if marker is not None:
            found.append(marker)
    return found
