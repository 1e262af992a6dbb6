"""The figures extractor: every quantity of a text, read exactly, with what it measures.

A pure function on characters (:func:`extract_figures`). Numbers are found by one linear
regular expression on the normalised view (digit runs, placeholder runs, Chinese-numeral
runs); everything around a number is then read by hand, left and right, with longest-match
look-ups in the lexicons (``lexicons/units.json``, ``lexicons/figures_cues.json``,
``lexicons/figures_idioms.json``). No pattern can backtrack, so a megabyte of digits or of
``X`` is read in one pass. The reading rules and the borderline choices are in
``docs/figures.md``.

Reading one figure, left to right::

    [prefix qualifier] [第|百分之|翻] NUMBER [余|多] [multiplier] [余|多] [unit[/unit]] [suffix qualifier]
                                                            [— NUMBER … (a range)]

then, from the text before it: change (增长 8%), baseline (同比, 比上年), target (预期, 力争 …),
rank scope (居全县第一位) and the metric (the noun phrase the figure measures).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Literal, TypeVar

from worksum.extract.numbers import (
    BIG_UNITS,
    CN_DIGITS,
    CN_SMALL_UNITS,
    is_positional,
    parse_arabic,
    parse_chinese,
    parse_number,
)
from worksum.lexicons import load_json
from worksum.models import Figure, FigureKind, Span, trusted_span
from worksum.sentences import SENTENCE_OR_LINE_END

__all__ = ["extract_figures", "parse_number"]

Family = Literal["ar", "cn", "mask"]
Bound = Literal["low", "high"] | None

_CN_START = "〇零○一二三四五六七八九十两壹贰貳叁參肆伍陆陸柒捌玖拾兩"
_CN_BODY = _CN_START + "百千万亿佰仟萬億"
_CN_DIGIT = "〇零○一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
# One pass over the view finds every number core. Each alternative is a single character
# class run (with at most one separator-led tail), so matching is linear.
_CORE = re.compile(
    rf"(?P<ar>[0-9]+(?:[.,][0-9]+)*)"
    rf"|(?P<mask>[Xx×]+(?:\.[Xx×]+)?)"
    rf"|(?P<cn>[{_CN_START}][{_CN_BODY}]*(?:[点點][{_CN_DIGIT}]+)?)"
    rf"|(?<=分之)(?P<cnh>[百千][{_CN_BODY}]*)"
    rf"|(?<=[超近约逾上过])(?P<cnq>[百千万亿][{_CN_BODY}]*)"
    rf"|(?<![{_CN_BODY}0-9.多余 ])(?P<cnb>[百千万亿]+)(?=(?:美|港|欧)?元)"
)
# Every match of _CORE starts with one of these characters. Python's regex engine cannot skip
# ahead by first character in _CORE itself (its alternatives open with look-behinds and groups),
# so run finds a candidate with this class first (_core_first): about 3× faster over a document.
_CORE_FIRST_CHARS = f"0-9Xx×{_CN_START}百千万亿"
_CORE_FIRST = re.compile(f"[{_CORE_FIRST_CHARS}]")


def _core_first(cn_followers: Iterable[str]) -> re.Pattern[str]:
    """The class of _CORE's first characters, less the lone Chinese numerals _Reader._bare_cn
    rejects (统一, 一是, 三大 …: a third of all candidates), which then cost no step in Python.

    A numeral is kept when it is no single-character Chinese numeral (a digit, X, 百千万亿) or
    when 第, 前 or 之 precede it or a character follows that can continue it (its body, 点) or
    make it a figure (``cn_followers``: a unit, a multiplier, 余/多, a range; 分之, 番; 几).
    The class comes first so that the engine still skips ahead by first character."""
    after = "".join(sorted({*_CN_BODY, "点", "點", "分", "番", "几", *cn_followers}))
    return re.compile(
        f"[{_CORE_FIRST_CHARS}]"
        f"(?:(?<=[0-9Xx×百千万亿])|(?<=[第前之].)|(?=[{''.join(re.escape(ch) for ch in after)}]))"
    )


_UPPER = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
_BIG_CHARS = frozenset(BIG_UNITS)
_MID_NUMBER = frozenset("百千万亿佰仟萬億")
_DIGIT_RUN = re.compile(r"[0-9]*")
# The special forms of _read (第N, 前N, 百分之N; N分之M, 翻N番) need one of these next to the number.
_SPECIAL_BEFORE = frozenset("第前之")
_SPECIAL_AFTER = frozenset("分番")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # _is_latin
_NOT_BEFORE_DIGITS = _ASCII_LETTERS | frozenset("+#@_&")  # 5G, A4, #1: no figure
_MAX_CORE = 40  # a longer run of numerals or placeholders is no number
_BOUNDARY = frozenset('。！？!?；;，,、：:\n（）()“”‘’"《》【】[]「」『』')
# The last _BOUNDARY character before endpos, searched for: each try runs over the stretch after
# one boundary character only, so the search is linear.
_BOUNDARY_CLASS = "".join(re.escape(ch) for ch in sorted(_BOUNDARY))
_LAST_BOUNDARY = re.compile(f"[{_BOUNDARY_CLASS}][^{_BOUNDARY_CLASS}]*\\Z")
_CLAUSE_END = re.compile("[。！？!?；;\n]")
_METRIC_STOP = _BOUNDARY | frozenset("Xx×%‰")  # what ends a metric phrase, besides another number
_WORD_CHAR = re.compile("[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]")  # _is_cjk or _is_latin
_OPEN_BRACKETS = "([（［〔【<《{"
_CLOSE_BRACKETS = ")]）］〕】>》}"
_BEFORE_ENUMERATOR = frozenset("\n 。；;：:，,\t")
_RATIO_LEFT = re.compile(r"[0-9] *[:∶] *$")
_RATIO_RIGHT = re.compile(r" *[:∶] *[0-9]")
_RANK_LINK = re.compile(r"第[〇零一二三四五六七八九十0-9]{1,3}[名位]?[、和及]$")
_YEAR_AFTER = re.compile(r"(?:比|较)(?:[0-9]{4}|[〇零○一二三四五六七八九]{4})年(?:末|底|同期)?$")
# The last character before endpos outside U+4E00–U+9FFF, searched for (linear, as above).
_LAST_NON_CJK = re.compile("[^\u4e00-\u9fff][\u4e00-\u9fff]*\\Z")
_YEAR_LAST = frozenset("年末底期\n")
_MAX_METRIC = 18
_MAX_AFTER_METRIC = 10
_MAX_DIGITS = 20


@lru_cache(maxsize=4096)
def _number(raw: str, family: Family) -> tuple[Decimal | None, int, bool]:
    """(number as written, multiplier peeled off a Chinese numeral, ok).

    Cached: the same few thousand numerals recur (1, 10, 2023, 三, 一百 …); a Decimal never changes."""
    if family == "mask":
        return None, 1, True
    if family == "ar":
        value = parse_arabic(raw.replace("，", ","))
        return value, 1, value is not None
    multiplier = 1
    if raw[0] in "万萬亿億":
        raw = "一" + raw  # 上万人, 近亿元
    head = raw
    if "点" not in raw and "點" not in raw:
        while head and head[-1] in _BIG_CHARS:
            multiplier *= BIG_UNITS[head[-1]]
            head = head[:-1]
        if not head or any(ch in _BIG_CHARS for ch in head):
            head, multiplier = raw, 1
    value = parse_chinese(head)
    if value is None:
        return None, 1, False
    return value, multiplier, True


# A year that opens a metric phrase (1985年国家财政支出, 2019年度…): time, not part of what is measured.
_YEAR_AT = re.compile(r"[12]\d{3}年(?:度|底|末|初)?")


def _year_before(view: str, lo: int, end: int) -> re.Match[str] | None:
    """``_YEAR_AFTER.search(view, lo, end)``: 比2015年 ending at ``end``. Its ``$`` matches at ``end`` or
    before a line break there, so the last character rules out most positions without a search."""
    if view[end - 1 : end] not in _YEAR_LAST:
        return None
    return _YEAR_AFTER.search(view, lo, end)


def _next_core(view: str, pos: int, first: re.Pattern[str] = _CORE_FIRST) -> re.Match[str] | None:
    """``_CORE.search(view, pos)``: the first number core at or after ``pos``. With ``first`` from
    _core_first, the same less the lone Chinese numerals that _Reader._bare_cn rejects."""
    while True:
        candidate = first.search(view, pos)
        if candidate is None:
            return None
        core = _CORE.match(view, candidate.start())
        if core is not None:
            return core
        pos = candidate.start() + 1


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


class _Words:
    """A set of words with longest-match look-ups at either end of a stretch of the view."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)
        # Most positions hold no word: one set look-up rules them out before any slicing.
        self.first_chars = frozenset(w[0] for w in self.words)
        self.last_chars = frozenset(w[-1] for w in self.words)
        # and the lengths worth trying, longest first, for each first and last character
        self.lengths_by_first = _lengths_by(self.words, 0)
        self.lengths_by_last = _lengths_by(self.words, -1)

    def suffix(self, view: str, a: int, e: int) -> int:
        """Length of the longest word ending at ``e`` (not before ``a``); 0 if none."""
        if e <= a:
            return 0
        for n in self.lengths_by_last.get(view[e - 1], ()):
            if e - n >= a and view[e - n : e] in self.words:
                return n
        return 0

    def prefix(self, view: str, a: int, e: int) -> int:
        """Length of the longest word starting at ``a`` (not past ``e``); 0 if none."""
        if a >= e:
            return 0
        for n in self.lengths_by_first.get(view[a], ()):
            if a + n <= e and view[a : a + n] in self.words:
                return n
        return 0


def _lengths_by(words: Iterable[str], index: int) -> dict[str, tuple[int, ...]]:
    """The lengths of the words, longest first, grouped by their character at ``index``."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[index], set()).add(len(word))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}


@dataclass(frozen=True)
class _Unit:
    surface: str
    base: str
    kind: FigureKind


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, _Unit]
    unit_starts: frozenset[str]  # first characters of the units: a quick "no unit here"
    # what may follow a Chinese numeral that is a figure: a unit, a multiplier, 余/多, a range
    cn_followers: frozenset[str]
    core_first: re.Pattern[str]  # where a number candidate starts (_core_first)
    # the units and multipliers starting with each character, longest first: a look-up at a
    # position tries only these (units: surface, unit, arabic only, placeholder name, blocked words)
    units_by_first: dict[str, tuple[tuple[str, _Unit, bool, bool, tuple[str, ...]], ...]]
    multipliers: dict[str, int]
    multipliers_by_first: dict[str, tuple[tuple[str, int], ...]]
    arabic_only: frozenset[str]
    placeholder_names: frozenset[str]
    lone_yi_kinds: frozenset[str]
    lone_yi_never: frozenset[str]  # 一批: never a figure
    blocked: dict[str, tuple[str, ...]]  # unit surface -> blocked words starting with it
    ordinal_followers: tuple[str, ...]
    ascii_units: dict[str, _Unit]
    prefix_q: dict[str, Bound]
    bound_words: dict[str, Bound]
    q_not_after: dict[str, str]
    suffix_q_not_before: dict[str, str]  # 以上率: a rate, not a qualifier
    scope_places: frozenset[str]  # 全县, 全校: 全 + one of these is a scope
    scope_before: re.Pattern[str]  # a rank's scope right before it (全省第一, 世界第二)
    inner_q: dict[str, Bound]
    suffix_q: dict[str, Bound]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    fillers: tuple[str, ...]
    baselines: tuple[str, ...]
    target_cues: tuple[str, ...]
    target_blockers: tuple[str, ...]
    rank_verbs: tuple[str, ...]
    rank_units: frozenset[str]
    rank_top_units: frozenset[str]
    rank_not_after: tuple[str, ...]
    metric_tail: _Words
    metric_head: _Words
    metric_after_stops: tuple[str, ...]
    metric_after_stop_firsts: frozenset[str]  # their first characters: a quick "no stop here"
    metric_after_stops_not: tuple[str, ...]  # 服务中心, 高速公路: nouns that open with a stop
    metric_after_not_first: tuple[str, ...]  # 分别, 同比 … right after a figure: no noun follows it there
    metric_open_endings: tuple[str, ...]
    metric_open_endings_not: tuple[str, ...]
    count_after_units: frozenset[str]
    range_connectors: frozenset[str]
    joiners: tuple[str, ...]
    bare_not_after: tuple[str, ...]
    comparison_openers: tuple[str, ...]
    idioms: re.Pattern[str] | None
    idiom_max: int
    set_phrases: re.Pattern[str] | None
    set_phrase_max: int
    set_phrase_chars: frozenset[str]


def _by_length(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def _literal_alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = _by_length(w for w in words if w)
    return re.compile("|".join(re.escape(w) for w in ordered)) if ordered else None


_T = TypeVar("_T")


def _by_first(words: Iterable[str], entry: Callable[[str], _T]) -> dict[str, tuple[_T, ...]]:
    """``entry(word)`` of every word, grouped by first character, longest word first."""
    grouped: dict[str, list[str]] = {}
    for word in _by_length(words):
        grouped.setdefault(word[0], []).append(word)
    return {first: tuple(entry(w) for w in group) for first, group in grouped.items()}


def _bounds(raw: dict[str, Any]) -> dict[str, Bound]:
    out: dict[str, Bound] = {}
    for word, bound in raw.items():
        out[word] = "low" if bound == "low" else "high" if bound == "high" else None
    return out


@cache
def _lexicon() -> _Lexicon:
    units_data: dict[str, Any] = load_json("units.json")
    cues: dict[str, Any] = load_json("figures_cues.json")
    idioms: dict[str, Any] = load_json("figures_idioms.json")
    units: dict[str, _Unit] = {}
    for kind, table in units_data["units"].items():
        for surface, base in table.items():
            units[surface] = _Unit(surface, base, kind)
    blocked: dict[str, list[str]] = {}
    for word in units_data["blocked"]:
        for length in range(len(word) - 1, 0, -1):
            if word[:length] in units:
                blocked.setdefault(word[:length], []).append(word)
    ascii_units = {
        surface.lower(): _Unit(surface, base, kind)
        for surface, (base, kind) in units_data["ascii_units"].items()
    }
    multipliers = {k: int(v) for k, v in units_data["multipliers"].items()}
    unit_starts = frozenset(u[0] for u in units)
    cn_followers = unit_starts.union(
        (m[0] for m in multipliers), cues["inner_qualifiers"], cues["range_connectors"]
    )
    arabic_only = frozenset(units_data["arabic_only"])
    placeholder_names = frozenset(units_data["placeholder_names"])
    blocked_words = {k: _by_length(v) for k, v in blocked.items()}
    units_by_first = _by_first(
        units,
        lambda surface: (
            surface,
            units[surface],
            surface in arabic_only,
            surface in placeholder_names,
            blocked_words.get(surface, ()),
        ),
    )
    return _Lexicon(
        units=units,
        unit_starts=unit_starts,
        cn_followers=cn_followers,
        core_first=_core_first(cn_followers),
        units_by_first=units_by_first,
        multipliers=multipliers,
        multipliers_by_first=_by_first(multipliers, lambda word: (word, multipliers[word])),
        arabic_only=arabic_only,
        placeholder_names=placeholder_names,
        lone_yi_kinds=frozenset(units_data["lone_yi_kinds"]),
        lone_yi_never=frozenset(units_data["lone_yi_never"]),
        blocked=blocked_words,
        ordinal_followers=_by_length(units_data["ordinal_followers"]),
        ascii_units=ascii_units,
        prefix_q=_bounds(cues["prefix_qualifiers"]),
        bound_words=_bounds(cues["bound_words"]),
        q_not_after=dict(cues["qualifier_not_after"]),
        suffix_q_not_before=dict(cues["suffix_qualifier_not_before"]),
        scope_places=frozenset(cues["scope_places"]),
        scope_before=re.compile("(?:全[" + re.escape(cues["scope_places"]) + "]|"
                                + "|".join(map(re.escape, cues["scope_words"])) + ")$"),
        inner_q=_bounds(cues["inner_qualifiers"]),
        suffix_q=_bounds(cues["suffix_qualifiers"]),
        increase=_by_length(cues["change"]["increase"]),
        decrease=_by_length(cues["change"]["decrease"]),
        fillers=_by_length(cues["change_fillers"]),
        baselines=_by_length(cues["baselines"]),
        target_cues=_by_length(cues["target_cues"]),
        target_blockers=_by_length(cues["target_blockers"]),
        rank_verbs=_by_length(cues["rank_verbs"]),
        rank_units=frozenset(cues["rank_units"]),
        rank_top_units=frozenset(cues["rank_top_units"]),
        rank_not_after=_by_length(cues["rank_not_after"]),
        metric_tail=_Words(
            [
                *cues["metric_skip"],
                *cues["baselines"],
                *(
                    w
                    for w in (*cues["change"]["increase"], *cues["change"]["decrease"])
                    if len(w) > 1 or w in "增降减"
                ),
            ]
        ),
        metric_head=_Words(cues["metric_strip_prefixes"]),
        metric_after_stops=_by_length(cues["metric_after_stops"]),
        metric_after_stop_firsts=frozenset(word[0] for word in cues["metric_after_stops"]),
        metric_after_stops_not=tuple(cues["metric_after_stops_not"]),
        metric_after_not_first=_by_length(cues["metric_after_not_first"]),
        metric_open_endings=tuple(cues["metric_open_endings"]),
        metric_open_endings_not=tuple(cues["metric_open_endings_not"]),
        count_after_units=frozenset(cues["count_after_metric_units"]),
        range_connectors=frozenset(cues["range_connectors"]),
        joiners=_by_length(cues["figure_joiners"]),
        bare_not_after=_by_length(cues["bare_not_after"]),
        comparison_openers=_by_length(cues["comparison_openers"]),
        idioms=_literal_alternation(idioms["idioms"]),
        idiom_max=max((len(w) for w in idioms["idioms"]), default=1),
        set_phrases=_literal_alternation(idioms["set_phrases"]),
        set_phrase_max=max((len(w) for w in idioms["set_phrases"]), default=1),
        set_phrase_chars=frozenset("".join(idioms["set_phrases"])),
    )


@dataclass(frozen=True)
class _WordSets:
    """The lexicon's word lists ready for longest-match look-ups, built once."""

    prefix_words: _Words
    bound_words: _Words
    increase: _Words
    decrease: _Words
    fillers: _Words
    baselines: _Words
    followers: _Words
    rank_verbs: _Words
    suffix_words: tuple[str, ...]
    target_cues: re.Pattern[str] | None
    target_blockers: dict[str, tuple[tuple[str, int], ...]]  # cue -> (blocker holding it, where)
    # the characters a qualifier (bound or prefix word) or a change word can end with
    qualifier_ends: frozenset[str]
    change_ends: frozenset[str]


@cache
def _word_sets() -> _WordSets:
    lex = _lexicon()
    prefix_words, bound_words = _Words(lex.prefix_q), _Words(lex.bound_words)
    increase, decrease = _Words(lex.increase), _Words(lex.decrease)
    return _WordSets(
        prefix_words=prefix_words,
        bound_words=bound_words,
        increase=increase,
        decrease=decrease,
        fillers=_Words(lex.fillers),
        baselines=_Words(lex.baselines),
        followers=_Words(lex.ordinal_followers),
        rank_verbs=_Words(lex.rank_verbs),
        suffix_words=_by_length(lex.suffix_q),
        target_cues=_literal_alternation(lex.target_cues),
        target_blockers={
            cue: tuple((word, word.find(cue)) for word in lex.target_blockers if cue in word)
            for cue in lex.target_cues
        },
        qualifier_ends=bound_words.last_chars | prefix_words.last_chars,
        change_ends=increase.last_chars | decrease.last_chars,
    )


@dataclass(slots=True)
class _Quantity:
    """One number with what follows it, before context is read."""

    family: Family
    start: int  # where the figure text starts (prefix words included later)
    core_start: int
    end: int
    number: Decimal | None
    multiplier: int = 1
    unit: _Unit | None = None
    compound: str | None = None
    masked: bool = False
    qualifier: str | None = None
    bound: Bound = None
    approx: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    kind: FigureKind | None = None
    bare_cn: bool = False  # a Chinese numeral without multiplier (arabic_only units refused)
    lone_yi: bool = False
    year: bool = False  # a year, a date or a clock time: not a figure
    ordinal: bool = False  # followed by 号, 届, 月 ...: not a figure
    doubling: bool = False  # 翻一番: the number is the factor (2 ** 番)


class _Spans:
    """Sorted, merged half-open spans with a membership test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted((int(a), int(b)) for a, b in spans if b > a):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def extract_figures(text: str, view: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """All figures of `text` in order. `view` is worksum.normalize.normalize_view(text) (same length).
    `exclude`: half-open spans where no figure may start (slogans, heading markers, the title's year ...)."""
    if len(view) != len(text):
        raise ValueError("view must be the same length as text (worksum.normalize.normalize_view)")
    return _Reader(text, view, exclude).run()


class _Reader:
    def __init__(self, text: str, view: str, exclude: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.view = view
        self.lex = _lexicon()
        self.exclude = _Spans(exclude)
        self.cues = self._target_cues()
        self.cue_sentence_ends = self._sentence_ends_after(self.cues)
        words = _word_sets()
        self.prefix_words = words.prefix_words
        self.bound_words = words.bound_words
        self.increase = words.increase
        self.decrease = words.decrease
        self.fillers = words.fillers
        self.baselines = words.baselines
        self.followers = words.followers
        self.rank_verbs = words.rank_verbs
        self.suffix_words = words.suffix_words
        self.qualifier_ends = words.qualifier_ends
        self.change_ends = words.change_ends

    def _bare_cn(self, cs: int, ce: int) -> bool:
        """Is the Chinese numeral at [cs, ce) surely no figure, by its neighbours alone?

        Without 万/亿 in it, and with nothing after it that can start a unit, a multiplier, 余/多, a
        range or a special form (N分之M, 翻N番), nor 第, 前 or 之 before it, _read rejects it and
        resumes at ``ce`` (一是, 三大, 统一 …), whatever else it checks."""
        view = self.view
        after = view[ce : ce + 1]
        if after in self.lex.cn_followers or after in _SPECIAL_AFTER or after == "几":
            return False
        if cs > 0 and view[cs - 1] in _SPECIAL_BEFORE:
            return False
        return _BIG_CHARS.isdisjoint(view[cs:ce])

    def _in_set_phrase(self, pos: int) -> bool:
        """Is ``pos`` inside one of the set phrases (四个全面, 两个维护 …)?"""
        if self.view[pos] not in self.lex.set_phrase_chars:
            return False  # a covering phrase would hold this character
        return self._covered(self.lex.set_phrases, pos, self.lex.set_phrase_max)

    def _covered(self, pattern: re.Pattern[str] | None, pos: int, longest: int) -> bool:
        """Does an occurrence of ``pattern`` (words of at most ``longest`` chars) cover ``pos``?"""
        if pattern is None:
            return False
        lo = max(0, pos - longest + 1)
        for m in pattern.finditer(self.view, lo, pos + longest):
            if m.start() > pos:
                break  # later matches start later still
            if pos < m.end():
                return True
        return False

    # ------------------------------------------------------------------ main loop

    def run(self) -> list[Figure]:
        figures: list[Figure] = []
        view = self.view
        core_first = self.lex.core_first
        excluded = self.exclude.covers
        pos = 0
        while True:
            m = _next_core(view, pos, core_first)
            if m is None:
                break
            group = m.lastgroup
            cs, ce = m.span()
            if group == "ar":
                # a run of digits and separators holds one or more numbers (3,5,7个 → 3 | 5 | 7个)
                cores = self._arabic_pieces(cs, ce)
            elif group == "cn" and self._bare_cn(cs, ce):
                pos = ce  # read no further: _read would reject it
                continue
            else:
                cores = [(cs, ce)]
            for cs, ce in cores:
                if cs < pos:
                    continue
                quantity, next_pos = self._read(group or "", cs, ce)
                if next_pos < ce:
                    next_pos = ce
                if next_pos > pos:
                    pos = next_pos
                if quantity is None:
                    continue
                start, core_start = quantity.start, quantity.core_start
                if excluded(core_start) or (start != core_start and excluded(start)):
                    continue
                if self._in_set_phrase(core_start) or (start != core_start and self._in_set_phrase(start)):
                    continue
                figures.append(self._figure(quantity, figures))
            if m.end() > pos:
                pos = m.end()
        return figures

    def _arabic_pieces(self, cs: int, ce: int, first_only: bool = False) -> list[tuple[int, int]]:
        """The numbers in a run of digits, dots and commas: 1,100.5 is one; 3,5,7 are three;
        2018.12.31 and 1.2.3 (dates, versions, heading numbers) are none. Linear in the run."""
        view = self.view
        if view.count(".", cs, ce) > 1:
            return []
        if view.find(",", cs, ce) < 0:  # no comma: the run is one number (the usual case)
            return [(cs, ce)] if ce - cs <= _MAX_DIGITS + 8 else []
        pieces: list[tuple[int, int]] = []
        i = cs
        while i < ce:
            j = _DIGIT_RUN.match(view, i, ce).end()  # type: ignore[union-attr]
            first_len = j - i
            end = j
            seen_dot = False
            k = j
            while k < ce:
                sep = view[k]
                m = _DIGIT_RUN.match(view, k + 1, ce).end()  # type: ignore[union-attr]
                group_len = m - k - 1
                if (
                    sep == ","
                    and not seen_dot
                    and first_len <= 3
                    and group_len == 3
                    and self.text[k] in ",，"
                ):
                    end = m
                elif sep == "." and not seen_dot:
                    seen_dot = True
                    end = m
                else:
                    break
                k = m
            if end - i <= _MAX_DIGITS + 8:
                pieces.append((i, end))
            if first_only:
                break
            i = end + 1
        return pieces

    # ------------------------------------------------------------------ one number

    def _read(self, group: str, cs: int, ce: int) -> tuple[_Quantity | None, int]:
        view = self.view
        before = view[cs - 1] if cs > 0 else "\n"
        if ce - cs > _MAX_CORE:
            return None, ce
        core = view[cs:ce]
        if group == "ar":
            raw_end = ce
            if before in _NOT_BEFORE_DIGITS or view[ce : ce + 1] == "+":
                return None, ce
        elif group == "mask":
            raw_end = ce
            after = view[raw_end] if raw_end < len(view) else ""
            if _is_latin(before) or before.isdigit() or _is_latin(after) or after.isdigit():
                return None, ce
        else:
            raw_end = ce
            lone_upper = group == "cn" and len(core) == 1 and core in _UPPER
            if lone_upper and not view.startswith(("元", "圆"), raw_end):
                return None, raw_end  # 队伍, 陆续, 大陆: not 伍, 陆 as numerals
            if group == "cn" and core in ("零", "〇", "○"):
                return None, raw_end  # 零部件, 零容忍, 零增长
            if group == "cn" and (before in "数几届" or before in _MID_NUMBER):
                return None, ce
            if raw_end < len(view) and view[raw_end] == "几":
                return None, raw_end + 1
        family: Family = "ar" if group == "ar" else "mask" if group == "mask" else "cn"
        raw = core

        if before in _SPECIAL_BEFORE or view[raw_end : raw_end + 1] in _SPECIAL_AFTER:
            special = self._special(cs, raw_end, raw, family, before)
            if special is not None:
                return special
        first = self._quantity(cs, raw_end, raw, family)
        if first is None:
            return None, raw_end
        # a range: 3—5个, 6%—6.5%, 三至五年, 10万—20万元 (_range needs a connector right after)
        joined = self._range(first) if view[first.end : first.end + 1] in self.lex.range_connectors else None
        if joined is not None:
            quantity, stop = joined
            if quantity is None:
                return None, stop
            first = quantity
        elif not self._accepted_at_once(first) and not self._accept_single(first):
            return None, (first.end if first.year or first.ordinal else raw_end)
        # the qualifier readers are called only when a character next to the figure allows one
        if view[first.start - 1 : first.start] in self.qualifier_ends:
            self._prefix_qualifier(first)
        if view.startswith(self.suffix_words, first.end):
            self._suffix_qualifier(first)
        if family == "cn":
            if self._in_short_quotes(first.start, first.end):
                return None, first.end
            if group == "cnq" and first.start == cs:
                return None, first.end  # 走过百年: 过 is no qualifier here, and 百年 alone is no figure
            if group == "cnb" and first.unit is None:
                return None, first.end  # 千亿元级: a class of size, not an amount
        return first, first.end

    @staticmethod
    def _accepted_at_once(q: _Quantity) -> bool:
        """Digits with a unit other than 个, neither a year nor an ordinal: what _accept_single
        accepts first, and most figures are."""
        unit = q.unit
        return q.family == "ar" and unit is not None and unit.surface != "个" and not (q.year or q.ordinal)

    def _special(
        self, cs: int, raw_end: int, raw: str, family: Family, before: str
    ) -> tuple[_Quantity | None, int] | None:
        """第N, N分之M, 百分之N, 翻N番, 前N; None when the number is in none of these forms."""
        view = self.view
        if before == "第":
            return self._ordinal(cs, raw_end, raw, family)
        if view.startswith("分之", raw_end) and family != "mask":
            return self._fraction(cs, raw_end, raw, family)
        if cs >= 3 and view[cs - 3 : cs] in ("百分之", "千分之"):
            return self._percent_words(cs, raw_end, raw, family)
        if view.startswith("番", raw_end) and (before == "翻" or view[max(0, cs - 2) : cs] == "翻了"):
            return self._doubling(cs, raw_end, raw, family)
        if before == "前" and family != "mask":
            return self._top_rank(cs, raw_end, raw, family)
        return None

    def _arabic_end(self, cs: int, ce: int) -> int | None:
        """End of the first number of a digit run starting at ``cs``; None when it holds none."""
        pieces = self._arabic_pieces(cs, ce, first_only=True)
        return pieces[0][1] if pieces and pieces[0][0] == cs else None

    # ------------------------------------------------------------------ numbers

    def _match_unit(self, pos: int, bare_cn: bool, masked: bool = False) -> _Unit | None:
        """The longest unit at ``pos`` that is allowed here and not the start of a blocked word."""
        view = self.view
        for surface, unit, arabic_only, placeholder, blocked in self.lex.units_by_first.get(
            view[pos : pos + 1], ()
        ):
            if not view.startswith(surface, pos):
                continue
            if bare_cn and arabic_only:
                continue
            if masked and placeholder:
                continue
            if blocked and view.startswith(blocked, pos):
                continue
            return unit
        return None

    def _match_ascii_unit(self, pos: int) -> _Unit | None:
        view = self.view
        j = pos
        while (
            j < len(view) and j - pos < 4 and view[j].isascii() and (view[j].isalpha() or view[j].isdigit())
        ):
            j += 1
        word = view[pos:j].lower()
        if j < len(view) and _is_latin(view[j]):
            return None
        unit = self.lex.ascii_units.get(word)
        if unit is None:
            return None
        return _Unit(view[pos:j], unit.base, unit.kind)

    def _match_multiplier(self, pos: int) -> tuple[str, int] | None:
        """The longest multiplier at ``pos`` (千万 before 千) with its value."""
        view = self.view
        for word, value in self.lex.multipliers_by_first.get(view[pos : pos + 1], ()):
            if view.startswith(word, pos):
                return word, value
        return None

    def _follower(self, pos: int) -> str | None:
        n = self.followers.prefix(self.view, pos, len(self.view))
        return self.view[pos : pos + n] if n else None

    def _quantity(self, cs: int, ce: int, raw: str, family: Family) -> _Quantity | None:
        """The number at [cs, ce) with its inner qualifier, multiplier and unit."""
        view = self.view
        lex = self.lex
        if family == "cn":
            if is_positional(raw) and len(raw) != 4:
                if len(raw) == 2:
                    return self._adjacent_pair(cs, ce, raw)
                return None
            if len(raw) == 3 and is_positional(raw[:2]) and raw[2] in "十百千万":
                return self._adjacent_pair(cs, ce, raw)  # 三四百人次, 七八千元
        number, multiplier, ok = _number(raw, family)
        if not ok:
            return None
        q = _Quantity(family, cs, cs, ce, number, multiplier)
        if family == "mask":
            q.masked = True
        elif family == "cn":
            q.lone_yi = multiplier == 1 and raw in ("一", "壹", "二")
        elif number is not None and cs >= 1 and view[cs - 1] in "-−":
            prev = view[cs - 2] if cs >= 2 else " "
            if prev in "长为是到至降幅速率(（:：" or prev.isspace():
                q.number = -number  # 增长-2.1%
                q.start = cs - 1
        pos = ce
        first = view[pos : pos + 1]
        if first in lex.inner_q:
            self._set_qualifier(q, first, lex.inner_q[first])
            pos += 1
            first = view[pos : pos + 1]
        q.bare_cn = bare_cn = family == "cn" and multiplier == 1
        # most numbers have neither unit nor multiplier: the first character says so
        unit = (
            self._match_unit(pos, bare_cn, q.masked and multiplier == 1) if first in lex.unit_starts else None
        )
        if unit is None and multiplier == 1 and first in lex.multipliers_by_first:
            mult = self._match_multiplier(pos)
            if mult is not None:
                word, value = mult
                q.multiplier = value
                q.bare_cn = False
                pos += len(word)
                q.lone_yi = False
                if q.qualifier is None and pos < len(view) and view[pos] in lex.inner_q:
                    self._set_qualifier(q, view[pos], lex.inner_q[view[pos]])
                    pos += 1
                    if view.startswith(("亿", "億"), pos) and value < 10**8:
                        q.multiplier *= 10**8  # 4万多亿元
                        pos += 1
                unit = self._match_unit(pos, False)
        if unit is None and family != "cn" and view[pos : pos + 1] in _ASCII_LETTERS:
            unit = self._match_ascii_unit(pos)
        if unit is not None:
            pos += len(unit.surface)
            q.unit = unit
            q.kind = unit.kind
            # compound units: 元/吨, 微克/立方米
            if pos + 1 < len(view) and view[pos] == "/":
                second = self._match_unit(pos + 1, False)
                if second is not None:
                    q.compound = f"{unit.base}/{second.base}"
                    if unit.kind != "money":
                        q.kind = "other"
                    pos += 1 + len(second.surface)
            q.end = pos
            if unit.surface == "分" and cs > 0 and view[cs - 1] in "时点:":
                q.ordinal = True  # 9时30分: a clock time
            elif unit.base == "年" and self._is_year(q, raw):
                q.year = True
            return q
        q.end = pos
        if (
            q.multiplier == 1
            and view[pos : pos + 1] in self.followers.first_chars
            and self._follower(pos) is not None
        ):
            q.ordinal = True
        return q

    def _adjacent_pair(self, cs: int, ce: int, raw: str) -> _Quantity | None:
        """三四个, 七八千: two neighbouring digits read as an approximate range."""
        d1, d2 = CN_DIGITS.get(raw[0]), CN_DIGITS.get(raw[1])
        if d1 is None or d2 is None or d2 != d1 + 1 or d1 == 0:
            return None
        q = _Quantity(family="cn", start=cs, core_start=cs, end=ce, number=None)
        pos = ce
        if len(raw) == 3:
            q.multiplier = {**CN_SMALL_UNITS, **BIG_UNITS}[raw[2]]
        unit = self._match_unit(pos, q.multiplier == 1)
        if unit is None:
            return None
        q.unit = unit
        q.kind = unit.kind
        q.end = pos + len(unit.surface)
        q.low = Decimal(d1) * q.multiplier
        q.high = Decimal(d2) * q.multiplier
        q.approx = True
        return q

    def _is_year(self, q: _Quantity, raw: str) -> bool:
        if q.masked:
            return True  # XXXX年, X年: dates of templates
        if q.family == "ar":
            return (
                q.multiplier == 1
                and q.number is not None
                and len(raw) == 4
                and raw.isdigit()
                and 1000 <= int(raw) <= 2999
            )
        return is_positional(raw) and len(raw) == 4

    def _accept_single(self, q: _Quantity) -> bool:
        """Is a quantity that is not part of a range a figure?"""
        if q.year or q.ordinal:
            return False
        view = self.view
        if q.family == "cn":
            if q.unit is None and q.multiplier == 1:
                return False
            # (each test below only rejects, and none has side effects: the cheap ones go first)
            if q.lone_yi and (q.unit is None or q.unit.kind not in self.lex.lone_yi_kinds):
                # 一个, 一批, 一年 are articles and idioms; 合作社一个， is a count
                if (q.unit is None or q.unit.kind != "count" or view[q.core_start] != "一"
                        or q.unit.surface in self.lex.lone_yi_never):
                    return False
                closing = q.end >= len(view) or view[q.end] in "，。；、,;"
                if not (closing or self._bound_word_near(q.core_start)):
                    return False
            if self._covered(self.lex.idioms, q.core_start, self.lex.idiom_max):
                return False
            return not self._classifier_before_numeral(q)
        if q.family == "mask":
            if q.unit is None and q.multiplier == 1:
                return False
            return not self._classifier_before_numeral(q)
        # Arabic digits
        if q.unit is not None or q.multiplier != 1:
            return not self._classifier_before_numeral(q)
        return self._accept_bare(q)

    def _bound_word_near(self, pos: int, reach: int = 6) -> bool:
        """至少 … 一个: a bound word shortly before, in the same clause, makes 一个 a count."""
        view = self.view
        words = self.bound_words
        lo = max(0, pos - reach)
        for end in range(pos, lo, -1):
            last = view[end - 1]
            if last in _BOUNDARY:
                return False
            if last in words.last_chars and words.suffix(view, lo, end):
                return True
        return False

    def _classifier_before_numeral(self, q: _Quantity) -> bool:
        """十四个五年规划, 六个一, 四个四: 个 followed by another numeral is a name."""
        if q.unit is None or q.unit.surface != "个" or q.end >= len(self.view):
            return False
        nxt = self.view[q.end]
        return nxt in CN_DIGITS or nxt == "十" or (q.family != "ar" and nxt.isdigit())

    def _accept_bare(self, q: _Quantity) -> bool:
        """An Arabic number with no unit: kept (unit None) unless it is a year, code or marker."""
        view = self.view
        text_raw = view[q.core_start : q.end]
        cs, end = q.core_start, q.end
        before = view[cs - 1] if cs > 0 else "\n"
        after = view[end] if end < len(view) else "\n"
        digits = text_raw.replace(",", "")
        integer = digits.isdigit()
        table_cell = before == "\t" or after == "\t"
        if integer and len(digits) == 4 and 1900 <= int(digits) <= 2100 and not table_cell:
            return False  # a year without 年 (2023国际…, 〔2022〕); a table cell may hold 1988 people
        if integer and len(digits) > 1 and digits.startswith("0"):
            return False  # a code: 0312, 001
        if integer and "," not in text_raw and len(digits) >= 5:
            return False  # identifiers, hotlines, site codes: 12345, 1300000013
        line_break = view.rfind("\n", max(0, cs - 40), cs)
        at_line_start = (line_break >= 0 or cs <= 40) and not view[line_break + 1 : cs].strip()
        if at_line_start and (integer or after.isspace() or _is_cjk(after)):
            return False  # a heading marker or list number at the start of a line
        if before in _OPEN_BRACKETS and after in _CLOSE_BRACKETS:
            return False  # (1), [1], ［1］, 〔2〕: markers and footnotes
        if before in "^[":
            return False
        if after in "、.)）" and before in _BEFORE_ENUMERATOR:
            return False  # 1、 1. 1) as enumerators
        if (after in "-/~·×*" and end + 1 < len(view) and view[end + 1].isdigit()) or (
            before in "-/·×*" and cs >= 2 and view[cs - 2].isdigit()
        ):
            return False  # dates, codes, products: 12-31, 0312-1234567, 2019/12, 5·12, 2×35万千瓦
        if _RATIO_LEFT.search(view, max(0, cs - 6), cs) or _RATIO_RIGHT.match(view, end, end + 6):
            return False  # the terms of a ratio: 3.6 : 48 : 48.4
        if (after == " " and end + 1 < len(view) and view[end + 1].isdigit()) or (
            before == " " and cs >= 2 and (view[cs - 2].isdigit() or _is_latin(view[cs - 2]))
        ):
            return False  # spaced digits of scanned text (2 0 0 1), labels such as CPC 1
        if after == ":" and before in ("时", " ") and end + 1 < len(view) and view[end + 1].isdigit():
            return False
        left = view[max(0, cs - 3) : cs].rstrip()
        right = view[end : end + 3].lstrip()
        if left[-1:] in ("—", "-", "–") and right[:1] in ("—", "-", "–"):
            return False  # — 3 —: a page marker
        label_end = cs - 1 if before in "-:： " else cs
        if view.endswith(self.lex.bare_not_after, 0, label_end):
            return False  # 附件1, 表2, 标识码：…
        if self._in_short_quotes(cs, end):
            return False  # “1310”, “12345”: programme labels and names
        return not _is_latin(after)

    # ------------------------------------------------------------------ special forms

    def _ordinal(self, cs: int, ce: int, raw: str, family: Family) -> tuple[_Quantity | None, int]:
        """第N: a rank (第三名, 第一位, 居全县第一) or an ordinal name (第十届, 第一次)."""
        view = self.view
        lex = self.lex
        number, multiplier, ok = _number(raw, family)
        if not ok or multiplier != 1:
            return None, ce
        start = cs - 1
        pos = ce
        unit: _Unit | None = None
        if pos < len(view) and view[pos] in lex.rank_units:
            if any(view.endswith(w, 0, start) for w in lex.rank_not_after):
                return None, ce + 1
            if pos + 1 < len(view) and view[pos : pos + 2] in ("名单", "名称", "位置", "位于"):
                return None, ce
            unit = _Unit(view[pos], view[pos], "rank")
            pos += 1
        elif not self._rank_context(start) or (pos < len(view) and _is_cjk(view[pos])):
            return None, ce
        q = _Quantity(
            family=family, start=start, core_start=cs, end=pos, number=number, kind="rank", unit=unit
        )
        q.masked = family == "mask"
        self._prefix_qualifier(q)
        return q, pos

    def _rank_verb_before(self, start: int) -> bool:
        return self._rank_scope(start) is not None

    def _rank_context(self, start: int, depth: int = 0) -> bool:
        """A bare 第N is a rank after a rank verb (居全县第一), a scope (全省第一), or as the next
        item of a list of ranks (分别居全国第二、第七、第九)."""
        if self._rank_scope(start) is not None:
            return True
        m = _RANK_LINK.search(self.view, max(0, start - 8), start)
        return m is not None and depth < 8 and self._rank_context(m.start(), depth + 1)

    def _rank_scope(self, start: int) -> tuple[str, int, int] | None:
        """(verb, scope start, scope end) for 居全县|第一位; None when no rank verb precedes."""
        view = self.view
        lo = max(0, start - 14)
        for j in range(start, lo, -1):
            if view[j - 1] in _BOUNDARY or view[j - 1].isdigit():
                break
            n = self.rank_verbs.suffix(view, lo, j)  # the longest verb ending at j
            if n:
                return view[j - n : j], j, start
        m = self.lex.scope_before.search(view, max(0, start - 2), start)
        if m is not None:
            return "", m.start(), start  # 进口值全省第一
        return None

    def _top_rank(self, cs: int, ce: int, raw: str, family: Family) -> tuple[_Quantity | None, int] | None:
        """前三名, 前10强, 进入全国前十."""
        view = self.view
        number, multiplier, ok = _number(raw, family)
        if not ok or multiplier != 1 or number is None:
            return None
        pos = ce
        unit: _Unit | None = None
        if pos < len(view) and view[pos] in self.lex.rank_top_units:
            unit = _Unit(view[pos], view[pos], "rank")
            pos += 1
        elif not (self._rank_verb_before(cs - 1) and (pos >= len(view) or not _is_cjk(view[pos]))):
            return None
        q = _Quantity(
            family=family, start=cs - 1, core_start=cs, end=pos, number=number, kind="rank", unit=unit
        )
        q.qualifier = "前"
        q.low = Decimal(1)
        q.high = number
        return q, pos

    def _fraction(self, cs: int, ce: int, raw: str, family: Family) -> tuple[_Quantity | None, int]:
        """三分之一, 4分之3: a share. number = numerator / denominator."""
        view = self.view
        m = _CORE.match(view, ce + 2)
        if m is None or m.lastgroup == "mask":
            return None, ce
        den, dmult, ok1 = _number(raw, family)
        num_family: Family = "ar" if m.lastgroup == "ar" else "cn"
        num, nmult, ok2 = _number(m.group(), num_family)
        if not (ok1 and ok2) or den is None or num is None or den == 0 or dmult != 1 or nmult != 1:
            return None, m.end()
        q = _Quantity(family=family, start=cs, core_start=cs, end=m.end(), number=num / den, kind="other")
        self._prefix_qualifier(q)
        self._suffix_qualifier(q)
        if self._in_short_quotes(q.start, q.end):
            return None, q.end
        return q, q.end

    def _percent_words(self, cs: int, ce: int, raw: str, family: Family) -> tuple[_Quantity | None, int]:
        """百分之五, 百分之十二点五, 百分之百, 千分之三."""
        view = self.view
        number, multiplier, ok = _number(raw, family)
        if not ok or multiplier != 1:
            return None, ce
        per_mille = view[cs - 3] == "千"
        unit = _Unit(view[cs - 3 : cs], "‰" if per_mille else "%", "percent")
        q = _Quantity(
            family=family, start=cs - 3, core_start=cs, end=ce, number=number, unit=unit, kind="percent"
        )
        q.masked = family == "mask"
        self._prefix_qualifier(q)
        self._suffix_qualifier(q)
        if family == "cn" and self._in_short_quotes(q.start, q.end):
            return None, q.end  # “六个百分之百”
        return q, q.end

    def _doubling(self, cs: int, ce: int, raw: str, family: Family) -> tuple[_Quantity | None, int]:
        """翻一番, 翻两番, 翻了一番: number = how many doublings."""
        number, multiplier, ok = _number(raw, family)
        if not ok or multiplier != 1:
            return None, ce
        start = cs - 1 if self.view[cs - 1] == "翻" else cs - 2
        unit = _Unit("番", "倍", "multiple")
        factor = (
            Decimal(2) ** int(number)
            if number is not None and number == int(number) and 0 < number < 20
            else None
        )
        q = _Quantity(
            family=family, start=start, core_start=cs, end=ce + 1, number=factor, unit=unit, kind="multiple"
        )
        q.doubling = True
        q.masked = family == "mask"
        return q, q.end

    # ------------------------------------------------------------------ ranges and qualifiers

    def _range(self, first: _Quantity) -> tuple[_Quantity | None, int] | None:
        """Join ``first`` with a following number after —, -, ~, 至, 到 into one figure.

        None: no range here (``first`` stands alone). ``(None, end)``: a range of years or dates,
        not a figure; scanning resumes at ``end``."""
        view = self.view
        pos = first.end
        if first.low is not None or first.high is not None or first.ordinal:
            return None
        if pos >= len(view) or view[pos] not in self.lex.range_connectors:
            return None
        if view[pos] == "—" and pos + 1 < len(view) and view[pos + 1] == "—":
            return None
        m = _CORE.match(view, pos + 1)
        if m is None:
            return None
        family: Family = "ar" if m.lastgroup == "ar" else "mask" if m.lastgroup == "mask" else "cn"
        if family != first.family:
            return None
        raw_end = self._arabic_end(m.start(), m.end()) if family == "ar" else m.end()
        if raw_end is None:
            return None
        second = self._quantity(m.start(), raw_end, view[m.start() : raw_end], family)
        if second is None:
            return None
        if second.year:
            if first.year or self._year_like(first):
                return None, second.end  # 2018—2020年, 2018年至2020年
            return None
        if first.year:
            return None
        if second.ordinal:
            if first.unit is None and first.multiplier == 1:
                return None, second.end  # 1—11月, 1至11月: dates
            return None
        if second.unit is None and second.multiplier == 1:
            return None
        if first.unit is not None and second.unit is not None and first.unit.base != second.unit.base:
            return None
        unit = second.unit or first.unit
        mult_first = first.multiplier if first.multiplier != 1 else second.multiplier
        q = _Quantity(
            family=family,
            start=first.start,
            core_start=first.core_start,
            end=second.end,
            number=None,
            multiplier=second.multiplier,
            unit=unit,
            compound=second.compound or first.compound,
            masked=first.masked or second.masked,
            kind=unit.kind if unit is not None else None,
        )
        q.qualifier = first.qualifier or second.qualifier
        q.bound = first.bound if first.qualifier else second.bound
        q.approx = first.approx or second.approx
        if first.number is not None:
            q.low = first.number * mult_first
        if second.number is not None:
            q.high = second.number * second.multiplier
        if q.family == "cn" and self._in_short_quotes(q.start, q.end):
            return None, q.end
        return q, q.end

    def _year_like(self, q: _Quantity) -> bool:
        raw = self.view[q.core_start : q.core_start + 4]
        return q.family == "ar" and q.unit is None and q.multiplier == 1 and self._is_year(q, raw)

    def _set_qualifier(self, q: _Quantity, word: str, bound: Bound) -> None:
        q.approx = True
        if q.qualifier is None:
            q.qualifier = word
            q.bound = bound

    def _suffix_qualifier(self, q: _Quantity) -> None:
        view = self.view
        if not view.startswith(self.suffix_words, q.end):
            return  # the usual case, in one call
        for word in self.suffix_words:
            if view.startswith(word, q.end):
                follower = view[q.end + len(word) : q.end + len(word) + 1]
                if follower and follower in self.lex.suffix_q_not_before.get(word, ""):
                    return
                q.approx = True
                if q.qualifier is None:
                    q.qualifier = word
                    q.bound = self.lex.suffix_q[word]
                elif q.bound is None:
                    q.bound = self.lex.suffix_q[word]
                q.end += len(word)
                return

    def _prefix_qualifier(self, q: _Quantity) -> None:
        """近, 约, 超过 touching the number join the figure; 不少于, 不超过 only qualify it."""
        view = self.view
        start = q.start
        if view[start - 1 : start] not in self.qualifier_ends:
            return  # the usual case, in one look-up
        lo = max(0, start - 4)
        n = self.bound_words.suffix(view, lo, start)
        if n:
            q.qualifier = view[start - n : start]
            q.bound = self.lex.bound_words[q.qualifier]
            return
        n = self.prefix_words.suffix(view, lo, start)
        if not n:
            return
        word = view[start - n : start]
        if n == 1:
            prev = view[start - 2] if start >= 2 else ""
            if prev and prev in self.lex.q_not_after.get(word, ""):
                return
            if word == "近" and q.kind == "duration":
                return  # 近三年: the last three years
            if word == "上" and view[q.core_start] not in "百千万亿":
                return  # only 上百, 上千, 上万 (保持在1.4万亿斤以上 is no 上1.4)
        q.start = start - n
        q.approx = True
        q.qualifier = word
        q.bound = self.lex.prefix_q[word]

    def _in_short_quotes(self, start: int, end: int, limit: int = 12) -> bool:
        """The span sits alone inside short quotes: “六个一”, “十条”."""
        view = self.view
        left = view.rfind("“", max(0, start - limit), start)
        if left < 0 or any(ch in "”。\n" for ch in view[left + 1 : start]):
            return False
        right = view.find("”", end, min(len(view), end + limit))
        if right < 0 or any(ch in "“。\n" for ch in view[end:right]):
            return False
        return right - left - 1 <= limit

    # ------------------------------------------------------------------ context

    def _figure(self, q: _Quantity, previous: list[Figure]) -> Figure:
        # Every field is worked out first and the Figure built once: setting fields of a built
        # model afterwards goes through pydantic's __setattr__, several times slower.
        text = self.text
        start = q.start
        kind: FigureKind = q.kind or ("count" if q.multiplier > 1 else "other")
        unit_name = q.compound or (q.unit.base if q.unit is not None else None)
        value: Decimal | None = None
        number = None if q.masked else q.number
        if number is not None:
            value = _plain(number * q.multiplier)
        low, high = q.low, q.high
        if value is not None and q.bound == "low" and low is None:
            low = value
        elif value is not None and q.bound == "high" and high is None:
            high = value
        before = self.view[start - 1 : start]
        change, baseline = (
            self._change(start) if before in self.change_ends or before == "了" else (None, None)
        )
        if q.doubling:
            change = "increase"  # 较2015年翻一番
            baseline = self._baseline(max(0, start - 24), start)
        rank_scope = self._rank_scope(start) if kind == "rank" else None
        scope: str | None = None
        if rank_scope is not None:
            _, a, b = rank_scope
            written = self.view[a:b]
            if b > a and not any(word in written for word in ("的", "由", "从", "上年", "去年")):
                scope = text[a:b]
        prev = previous[-1] if previous else None
        if prev is not None:
            if change is None and prev.change is not None and self._shares_change(prev, start, kind):
                change, baseline = prev.change, prev.baseline
            listed = (
                kind == "rank"
                and prev.kind == "rank"
                and self.view[prev.span.end : start] in self.lex.joiners
            )
            if listed and scope is None:
                scope = prev.scope  # 分别居全国第二、第七
        metric, metric_span = self._metric(q, kind, change, unit_name, rank_scope, prev)
        return Figure.model_construct(
            text=text[start : q.end],
            span=trusted_span(start, q.end),
            number=number,
            multiplier=q.multiplier,
            value=value,
            unit=unit_name,
            kind=kind,
            masked=q.masked,
            approx=q.approx,
            qualifier=q.qualifier,
            low=low,
            high=high,
            change=change,
            baseline=baseline,
            metric=metric,
            metric_span=metric_span,
            target=self._target(start) if self.cues else False,
            scope=scope,
        )

    def _change(self, start: int) -> tuple[Literal["increase", "decrease"] | None, str | None]:
        """增长8%, 同比下降3.2个百分点, 比上年增加1200人 (but 增长到8%: a level, no change)."""
        view = self.view
        lo = max(0, start - 24)
        end = start - 1 if start > lo and view[start - 1] == "了" else start
        if view[end - 1 : end] not in self.change_ends:
            return None, None  # the usual case, in one look-up
        up = self.increase.suffix(view, lo, end)
        down = self.decrease.suffix(view, lo, end)
        if not up and not down:
            return None, None
        direction: Literal["increase", "decrease"] = "increase" if up >= down else "decrease"
        end -= max(up, down)
        if view[end - 1 : end] == "新" and view[end : end + 1] in ("增", "多"):
            return None, None  # 新增: a count of new things, not a change
        return direction, self._baseline(lo, end)

    def _baseline(self, lo: int, end: int) -> str | None:
        """The comparison ending at ``end``: 同比, 比上年, 较2015年 (分别, 均 may stand between)."""
        view = self.view
        while True:
            n = self.fillers.suffix(view, lo, end)
            if not n:
                break
            end -= n
        n = self.baselines.suffix(view, lo, end)
        if n:
            return self.text[end - n : end]
        m = _year_before(view, lo, end)
        if m is not None:
            return self.text[m.start() : end]
        return None

    def _shares_change(self, prev: Figure, start: int, kind: FigureKind) -> bool:
        """分别增长8%和9%: the figure at ``start`` shares the change and baseline of ``prev``."""
        if prev.change is None or prev.kind != kind:
            return False
        return self.view[prev.span.end : start] in self.lex.joiners

    def _target_cues(self) -> list[int]:
        """End offsets of the target cues (预期, 力争 …) that no blocker (计划生育 …) covers."""
        view = self.view
        words = _word_sets()
        ends: list[int] = []
        if words.target_cues is None:
            return ends
        for m in words.target_cues.finditer(view):
            at = m.start()
            blocked = False
            for word, k in words.target_blockers.get(m.group(), ()):
                if at - k >= 0 and view.startswith(word, at - k):
                    blocked = True
                    break
            if not blocked:
                ends.append(m.end())
        return ends

    def _sentence_ends_after(self, cues: list[int]) -> list[int]:
        """For each cue end ``c``, where the first sentence end at or after ``c - 1`` is (the
        length of the view if none). Linear: a search starts only past the last one's result."""
        view = self.view
        ends: list[int] = []
        last = -1
        for c in cues:
            if last < c - 1:
                found = SENTENCE_OR_LINE_END.search(view, c - 1)
                last = found.start() if found is not None else len(view)
            ends.append(last)
        return ends

    def _target(self, start: int) -> bool:
        """A target cue earlier in the same sentence: 预期增长6%左右, 力争完成投资3亿元."""
        i = bisect.bisect_right(self.cues, start) - 1
        # no sentence end between the cue's last character and the figure
        return i >= 0 and self.cue_sentence_ends[i] >= start

    def _metric(
        self,
        q: _Quantity,
        kind: FigureKind,
        change: str | None,
        unit: str | None,
        rank_scope: tuple[str, int, int] | None,
        prev: Figure | None,
    ) -> tuple[str | None, Span | None]:
        """The noun phrase the figure measures: before it (地方财政收入XX万元), else after it
        (新建3所学校, 80%以上的政务服务事项), else shared with the figure just before it.
        ``rank_scope``: what _rank_scope found before a rank, ``prev``: the figure before."""
        view = self.view
        end = q.start
        if rank_scope is not None:
            verb, scope_start, _ = rank_scope
            end = scope_start if verb == "排名" else scope_start - len(verb)  # 综合排名
        floor = end - 40 if end > 40 else 0
        if prev is not None:
            prev_end = prev.span.end
            if floor < prev_end <= end:
                floor = prev_end
        m = _year_before(view, floor, end)
        if m is not None and m.end() == end:
            end = m.start()  # 较2015年翻一番
        span = None
        if kind == "count" and self._attributive(q):
            span = self._metric_after(q, floor, end)  # 对全区14个景区景点, 友联、友好两个新村: what it counts
            if span is not None and span[1] < len(view) and (view[span[1]].isdigit() or view[span[1]] in _CN_START):
                span = None  # 签约项目15个总投资50亿元: the words after the count are the next figure's
        if span is None:
            span = self._metric_before(floor, end)
        if span is not None and prev is not None and view.startswith(self.lex.comparison_openers, span[0]):
            span = None  # 增长9.6%，高于全省平均水平1.8个百分点: the growth's metric
        if span is None and kind != "rank":
            span = self._metric_after(q, floor, end)
        if span is not None:
            a, e = span
            return self.text[a:e], trusted_span(a, e)
        # 生产总值达到4.72万亿元，增长5%; 投资3亿元的A公司、2亿元的B公司; 满意度达到98.7%，位居全区第一:
        # a figure with nothing of its own before it shares the metric of the figure just before it
        if prev is None or prev.metric is None:
            return None, None
        gap = view[prev.span.end : q.start]
        if len(gap) > 16 or _CLAUSE_END.search(gap) is not None:
            return None, None
        same = prev.kind == kind and prev.unit == unit
        lead = len(gap) - len(gap.lstrip("，,、"))
        compared = view.startswith(self.lex.comparison_openers, prev.span.end + lead)
        if change is not None or same or compared or kind == "rank" or self._empty_before(prev.span.end, end):
            return prev.metric, prev.metric_span
        return None, None

    def _attributive(self, q: _Quantity) -> bool:
        """A count right before the noun it counts (14个景区景点, 29所学校): a classifier, then a Chinese
        character that does not stop a metric, and no noun of that classifier right before the number
        (吸纳贫困户十八户入社分红 counts the 贫困户)."""
        unit = q.unit
        if unit is None or unit.surface not in self.lex.count_after_units:
            return False
        a = q.end
        view = self.view
        if q.start > 0 and view[q.start - 1] == unit.surface[-1]:
            return False
        return a < len(view) and _is_cjk(view[a]) and not self._stops_metric(a)

    def _stops_metric(self, pos: int) -> bool:
        """Whether a word at ``pos`` ends a metric read after a figure (建成, 落户 …; not 中心 of 服务中心)."""
        view, lex = self.view, self.lex
        return (view[pos] in lex.metric_after_stop_firsts and view.startswith(lex.metric_after_stops, pos)
                and not view.startswith(lex.metric_after_stops_not, pos))

    def _empty_before(self, floor: int, end: int) -> bool:
        """Nothing but linking words between ``floor`` and ``end`` (共, 是上年的, 力争 …)."""
        last = _LAST_BOUNDARY.search(self.view, floor, end)
        b = last.start() + 1 if last is not None else floor
        a, e = self._trim(b, end)
        return a >= e

    def _metric_before(self, floor: int, end: int) -> tuple[int, int] | None:
        view = self.view
        lex = self.lex
        b = end
        # 培育“工赋链主”25家: the quoted name right before the figure
        if b - 1 > floor and view[b - 1] == "”":
            left = view.rfind("“", floor, b - 1)
            if left >= 0 and 1 < b - 1 - left <= 12:
                return left + 1, b - 1
        # Chinese characters never end the phrase: one match jumps back over a run of them.
        if b > floor and "\u4e00" <= view[b - 1] <= "\u9fff":
            last = _LAST_NON_CJK.search(view, floor, b)
            b = last.start() + 1 if last is not None else floor
        while b > floor:
            ch = view[b - 1]
            if ch in _METRIC_STOP:
                break
            if "\u4e00" <= ch <= "\u9fff":
                b -= 1
                continue
            if ch.isdigit():
                r = b - 1
                while r > floor and (view[r - 1].isdigit() or view[r - 1] == "."):
                    r -= 1
                glued = (b < len(view) and _is_latin(view[b])) or (r > 0 and _is_latin(view[r - 1]))
                year = b - r == 4 and view[b : b + 1] == "年"  # 优良天数比2015年增加98天: a year is no figure
                if not (glued or year):
                    break  # another number ends the phrase (5G基站 and PM2.5 go on)
                b = r
                continue
            b -= 1
        a, e = self._trim(b, end)
        phrase = view[a:e]
        if phrase in lex.joiners or (phrase.endswith(lex.metric_open_endings)
                                     and not phrase.endswith(lex.metric_open_endings_not)):
            return None  # …行动和50项民生实事, 开发区建设等4项任务: the figure's noun comes after it (not 惠及…)
        if e - a > _MAX_METRIC:
            a = e - _MAX_METRIC
        if e > a and _WORD_CHAR.search(view, a, e) is not None:
            return a, e
        return None

    def _trim(self, a: int, e: int) -> tuple[int, int]:
        """[a, e) without the linking words between the metric and its figure (达到, 增长, 同比,
        比2017年 …), then without the time, scope and reporting verbs before the noun
        (全年实现地方财政收入 → 地方财政收入)."""
        view = self.view
        tail = self.lex.metric_tail
        while e > a:
            last = view[e - 1]
            if last in tail.last_chars:  # (tested here too: most figures have no such word)
                n = tail.suffix(view, a, e)
                if n:
                    e -= n
                    continue
            m = _year_before(view, a, e)
            if m is None:
                break
            e = m.start()
        head = self.lex.metric_head
        while e > a:
            first = view[a]
            n = head.prefix(view, a, e) if first in head.first_chars else 0
            if n:
                a += n
            elif first == "全" and e - a > 2 and view[a + 1] in self.lex.scope_places:
                a += 2
            elif first.isdigit() and (year := _YEAR_AT.match(view, a, e)) is not None:
                a = year.end()  # 1985年国家财政支出
            else:
                break
        return a, e

    def _metric_after(self, q: _Quantity, floor: int, end: int) -> tuple[int, int] | None:
        """新建3所学校 → 学校; 完成210公里农村公路提档升级 → 农村公路; 80%以上的政务服务事项 → 政务服务事项."""
        view = self.view
        lex = self.lex
        a = q.end
        counted = q.unit is not None and q.unit.surface in lex.count_after_units
        if a < len(view) and view[a] == "的":
            a += 1
        elif (q.unit is None and q.multiplier == 1) or not (counted or self._empty_before(floor, end)):
            return None  # only a figure with nothing of its own before it (or a count) reads ahead
        e = a
        if view[a:a + 1] == "“":
            close = view.find("”", a + 1, a + 14)  # 10项“暖民心”行动: a quoted name opens the metric
            e = close + 1 if close > a + 1 else a
        if e >= len(view) or not _is_cjk(view[e]):
            return (a, e) if e > a else None
        start = e
        if view.startswith(lex.metric_after_not_first, e):
            return None  # 16935元分别提高到…: a word of the sentence, no noun, right after the figure
        while e < len(view) and e - start < 8 and _is_cjk(view[e]):
            if e > start and self._stops_metric(e):
                break
            e += 1
        return (a, e) if e - a >= 2 else None


def _plain(value: Decimal) -> Decimal:
    """``407.19 × 10**8`` as ``40719000000``, not ``40719000000.00``: the same number, written as a reader would
    (an integral value without decimals, other values without trailing zeros, never in exponent form)."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        exponent = value.as_tuple().exponent  # an int, or 'n'/'N'/'F' for NaN and infinity
        return value.normalize() if isinstance(exponent, int) and exponent < 0 else value
    except ArithmeticError:  # more digits than the decimal context holds: keep it as computed
        return value
