"""Slogans (提法) and quoted terms.

Two sources of slogans, merged:

1. every quoted string (“…”, ‘…’, 「…」, 『…』, 《…》, ASCII "…") is classified as a
   :class:`~worksum.models.QuotedTerm` (slogan, honour, brand, event, title, masked, name, other);
   the slogans among them become :class:`~worksum.models.Slogan` items, known (in the lexicon) or
   unknown (found by their shape: numeric set phrases, couplets, ``1+5`` labels, ``X大工程`` …);
2. the lexicon's automaton finds known slogans written without quotes (两不愁三保障, 六稳六保).

The classification is an ordered table of small rules (see docs/slogans.md): known forms first,
then what the quoted text itself says (dates, masks, honour/event/brand/name cue words), then the
slogan shapes, then the words right after the closing quote. Every regex here is linear: quote
contents exclude their own quote marks and are bounded in length, so an unbalanced “ followed by
a megabyte of text costs one bounded scan.

All matching is on the normalised view (same length as the text); offsets go back to the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import cast

from worksum.extract.lexicon import (
    QuotedCues,
    SloganEntry,
    SloganLexicon,
    form_key,
    load_lexicon,
    load_quoted_cues,
)
from worksum.models import QuotedKind, QuotedTerm, Report, Slogan, SloganKind, Span, trusted_span
from worksum.normalize import normalize_view
from worksum.sentences import SENTENCE_OR_LINE_END

__all__ = [
    "Quote",
    "Verdict",
    "canonical_form",
    "classify_quoted",
    "extract_slogans",
    "find_quotes",
    "slogan_rows",
]

# --------------------------------------------------------------------------- quotes

_MAX_QUOTE = 300  # longest quoted content looked at (a longer “ … ” is not a quote we classify)
_MAX_ASCII_QUOTE = 60  # ASCII "…" pairs are ambiguous: only short ones on one line
_MAX_SLOGAN = 40  # longest quoted text that can be a slogan


def _quote_pattern(pair: str) -> re.Pattern[str]:
    """An opening mark, 1–_MAX_QUOTE characters that are neither mark, the closing mark: linear to scan."""
    marks = re.escape(pair)
    return re.compile(f"{re.escape(pair[0])}([^{marks}]{{1,{_MAX_QUOTE}}}){re.escape(pair[1])}")


_QUOTE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *((pair, _quote_pattern(pair)) for pair in ("“”", "‘’", "「」", "『』", "《》", "〈〉")),
    ('""', re.compile(f'"([^"\\n]{{1,{_MAX_ASCII_QUOTE}}})"')),
)
_CJK = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Quote:
    """A quoted string: the marks at ``open`` and ``close - 1``; the content (trimmed) at ``start:end``."""

    open: int
    close: int
    start: int
    end: int
    brackets: str


def find_quotes(view: str) -> list[Quote]:
    """Every quoted string in ``view`` (nested ones too), in order of their opening mark."""
    quotes: list[Quote] = []
    for pair, pattern in _QUOTE_PATTERNS:
        for match in pattern.finditer(view):
            start, end = match.span(1)
            while start < end and view[start].isspace():
                start += 1
            while end > start and view[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            if pair == '""' and not _CJK.search(view, start, end):
                continue
            quotes.append(Quote(match.start(), match.end(), start, end, pair))
    quotes.sort(key=lambda q: (q.open, q.close))
    return quotes


# --------------------------------------------------------------------------- shapes

_CJK_NUM = "〇零一二两三四五六七八九十百千万亿"
_NUM = _CJK_NUM + "双"
_NUMERAL = f"[{_NUM}]"
_NON_NUMERAL = f"[^{_NUM}0-9\\s,，、;；:：.。!！?？“”‘’\"'()（）《》+\\-—/]"
_SEPARATORS = re.compile("[,，、/]")
_HALVES = re.compile("[;；]")
_SPACE = re.compile(r"\s+")

# X / XX / ×× / 某某 standing for a hidden name or number (not the X of 1+X)
_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9+])(?:[Xx]+|×{2,}|某{1,3}|\*{2,})(?![A-Za-z0-9])")
_ONLY_PLACEHOLDERS = re.compile(r"(?:[Xx×*某]|\s)+")
_DIGIT_DATE = re.compile(r"\d{1,2}[·.・•]\d{1,2}")
_NAMED_DAY = re.compile(r"双(?:十一|十二|11|12)|618")
_CJK_DATE = re.compile("[一二三四五六七八九十]{2}")
_MONTH_DAY = re.compile(f"{_NUMERAL}+月{_NUMERAL}+日?")
_PLAN_PERIOD = re.compile("(?:十[一二三四五六七八九]?|[一二三四五六七八九])五")
_CONGRESS = re.compile(f"{_NUMERAL}+大|[一二三四五六七八九]中全会")
_DOC_NICKNAME = re.compile(f"(?:新)?(?:{_NUMERAL}+|[0-9]+)条")
# “万人起诉率”, “千人医生数”: a statistic per so many people, not a numeric slogan.
_PER_CAPITA = re.compile(r"每?[万千百]人[\u4e00-\u9fff]{1,10}(?:率|数|量|比)")
_ALL_NUMERALS = re.compile(f"[{_CJK_NUM}]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_PLUS_LABEL = re.compile(r"[^+]{1,10}(?:\+[^+]{1,10})+|[^+]{1,10}\+")
_ASCII_LABEL = re.compile(r"[0-9A-Za-z]+(?:\+[0-9A-Za-z]+)+")
# 四联八建, 三引一促, 一村一主题, 百县千镇万村… (numeral-led segments)
_NUMERIC_SEGMENTS = re.compile(f"(?:{_NUMERAL}+{_NON_NUMERAL}{{1,4}}){{1,4}}{_NUMERAL}*")
# 四个意识, 三大优先战略, 三项制度, 两张网, 两个15% (numeral + classifier + up to 8 characters)
_NUMERIC_CLASSIFIER = re.compile(
    f"{_NUMERAL}+[个大项种类张条][^\\s,，、;；:：。!！?？“”‘’\"'()（）《》]{{1,8}}"
)
# 门前三包, 清四乱 (a short word before a numeral-led pair)
_PREFIXED_NUMERIC = re.compile(f"{_NON_NUMERAL}{{1,2}}[一二两三四五六七八九十]+{_NON_NUMERAL}{{1,2}}")
# 四千万, 五百亿: a well-formed number, not a label like 千百万 or 一三五
_QUANTITY = re.compile(
    "[一二两三四五六七八九][十百千][一二两三四五六七八九十百千]*[万亿]?|[一二两三四五六七八九][万亿]"
)
_PERCENT = re.compile(f"[{_CJK_NUM}]*分之[{_CJK_NUM}]+")
_NOT_BEFORE_NUMERAL = frozenset("第前后近约超共每逾余达仅连")
# 文教兴州, 质量强市: two characters + verb + administrative unit
_PLACE_SLOGAN = re.compile("[\u4e00-\u9fff]{2}[兴强富立稳活美][国省市县州区镇乡村盟旗]")
_CONTEXT_STOP = re.compile("[，。；、：！？,.;:!?“”‘’「」『』《》()（）\\[\\]【】\n]")
_CONTEXT_WIDTH = 24
_CUE_CONTINUES = frozenset({"力", "者"})  # 行动力, 战略者: the cue word is part of a longer word
_ISSUER_WIDTH = 24


@dataclass(frozen=True)
class Verdict:
    """What a quoted string is; for slogans, also the slogan's kind and lexicon entry."""

    kind: QuotedKind
    slogan_kind: SloganKind | None = None
    entry: SloganEntry | None = None


def _couplet(c: str) -> bool:
    """Parallel parts of (nearly) equal length: 五加二、白加黑; 抢时间，抓机遇，大干快上；争一流，…"""
    if _HALVES.search(c):
        halves = _HALVES.split(c)
        shapes = [tuple(len(p) for p in _SEPARATORS.split(h)) for h in halves]
        return (
            len(halves) >= 2
            and all(shape == shapes[0] for shape in shapes)
            and all(2 <= n <= 8 for shape in shapes for n in shape)
        )
    parts = _SEPARATORS.split(c)
    if len(parts) < 2:
        return False
    lengths = [len(p) for p in parts]
    if any(not p or _PLACEHOLDER.search(p) for p in parts):
        return False
    if max(lengths) == 1:  # 虚、躲、冷、粗、假
        return len(parts) >= 3
    if min(lengths) < 2 or max(lengths) > 8:
        return False
    if max(lengths) == 2:  # 宜居、宜业、宜游 (but not two two-character words)
        return len(parts) >= 3
    tolerance = 2 if min(lengths) >= 3 else 0
    return max(lengths) - min(lengths) <= tolerance


def _repetition(c: str) -> bool:
    """A character repeated in every cell: 苦干实干巧干, 稳就业稳金融."""
    n = len(c)
    if not 6 <= n <= 12 or not _CJK.fullmatch(c[0]):
        return False
    for stride in (2, 3):
        if n % stride or n // stride < 2:
            continue
        for offset in range(stride):
            cells = {c[i + offset] for i in range(0, n, stride)}
            if len(cells) == 1:
                return True
    return False


def _numeric(c: str, places: re.Pattern[str] | None = None, words: tuple[str, ...] = ()) -> bool:
    if places is not None and places.search(c):  # 三亚绿道, 学在三亚: a place name, not a count
        return False
    if words and c.startswith(words):  # 百姓书房: a word that opens with a numeral (inside 百千万工程 it counts)
        return False
    if _ALL_NUMERALS.fullmatch(c):  # 一二三四, 一三五 (two-numeral dates are caught before)
        return len(c) >= 2 and not _QUANTITY.fullmatch(c)
    if (
        c[0] in _NUM
        and c[0] != "零"
        and (_NUMERIC_CLASSIFIER.fullmatch(c) or (len(c) <= 14 and _NUMERIC_SEGMENTS.fullmatch(c)))
    ):
        return True
    return len(c) <= 5 and c[0] not in _NOT_BEFORE_NUMERAL and bool(_PREFIXED_NUMERIC.fullmatch(c))


def _word_shape(c: str, cues: QuotedCues) -> SloganKind | None:
    """The kind of slogan ``c`` is by its shape, for a text of slogan length that is neither a
    couplet nor a ``+`` label (those are told first): numeric, repeated, programme or place slogans."""
    if _numeric(c, cues.numeral_place_pattern, cues.slogan.numeral_words):
        return "numeric"
    if _repetition(c):
        return "phrase"
    if len(c) == 3 and c[0] == c[1] != c[2] and c[0] in cues.slogan.reduplicated_scopes and _CJK.fullmatch(c[2]):
        return "programme"  # 村村通, 组组通, 班班通: a reduplicated scope, then what every one of them gets
    if len(c) <= 16 and cues.slogan.programme_suffix_affixes.ending(c, shorter=True) is not None:
        return "programme"
    if len(c) <= 8 and cues.slogan.programme_prefix_affixes.starting(c, shorter=True) is not None:
        return "programme"
    if _PLACE_SLOGAN.fullmatch(c):
        return "phrase"
    return None


def _context_phrase(view: str, close: int) -> str:
    """The words right after a closing quote mark, up to the next punctuation."""
    window = view[close : close + _CONTEXT_WIDTH].lstrip()
    stop = _CONTEXT_STOP.search(window)
    return window[: stop.start()] if stop else window


def _slogan_context(phrase: str, cues: QuotedCues) -> SloganKind | None:
    """A slogan cue right after the quote: “三引一促”工程; after a link word only as the whole phrase (的原则)."""
    for n, words in cues.slogan.context_affixes.by_length:  # longest cue first
        if phrase[:n] in words and phrase[n : n + 1] not in _CUE_CONTINUES:
            return "programme" if phrase[:n] in cues.slogan.programme_context else "phrase"
    for link in cues.slogan.context_links:
        if phrase.startswith(link) and phrase[len(link) :] in cues.slogan.context:
            cue = phrase[len(link) :]
            return "programme" if cue in cues.slogan.programme_context else "phrase"
    return None


def _known(c: str, view: str, close: int, lexicon: SloganLexicon, cues: QuotedCues) -> SloganEntry | None:
    entry = lexicon.by_key.get(c)
    if entry is not None:
        return entry
    for key in lexicon.prefixes.get(c, ()):  # “四好”农村路, “八五”普法
        if view.startswith(key[len(c) :], close):
            return lexicon.by_key[key]
    for suffix in cues.slogan.strip_suffix_affixes.endings(c, shorter=True):  # “八项规定精神”
        entry = lexicon.by_key.get(c[: -len(suffix)])
        if entry is not None:
            return entry
    return None


def classify_quoted(
    content: str,
    *,
    brackets: str = "“”",
    after: str = "",
    lexicon: SloganLexicon | None = None,
    cues: QuotedCues | None = None,
) -> Verdict:
    """Classify one quoted string (its view text, without the marks); ``after`` is the text after the close."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    cues = cues if cues is not None else load_quoted_cues()
    view = content + after
    return _classify(form_key(content), view, len(content), brackets, lexicon, cues)


def _content_cue(c: str, cues: QuotedCues) -> QuotedKind | None:
    """What the quoted text's own last (or first) words say it is: honour, event, brand or name."""
    if cues.honour.ends(c):
        return "honour"
    if cues.event.ends(c):
        return "event"
    if cues.brand.ends(c):
        return "brand"
    if cues.name.ends(c):
        return "name"
    prefix = cues.honour.starts(c)
    if prefix is not None and not _numeric(
        c[len(prefix) :], cues.numeral_place_pattern
    ):  # 全国文明城市, but not 全省一张网
        return "honour"
    return None


def _parts_cue(c: str, cues: QuotedCues) -> QuotedKind | None:
    """The cue kind shared by every part of a list (全国文明村、省级卫生村), else None."""
    kinds = {_content_cue(part, cues) for part in _SEPARATORS.split(_HALVES.sub("、", c))}
    if len(kinds) == 1:
        return kinds.pop()
    return None


# The forms that say what they are whatever follows, in the order they are tried: one alternation,
# so that one fullmatch tries them all (the first alternative that matches the whole text wins, as
# the first pattern that did). Named groups give the kind; the patterns hold no groups of their own.
_FIXED_FORMS = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        for name, pattern in (
            ("masked", _ONLY_PLACEHOLDERS),
            ("name_period", _PLAN_PERIOD),
            ("name_congress", _CONGRESS),
            ("event_digits", _DIGIT_DATE),
            ("event_named", _NAMED_DAY),
            ("event_month", _MONTH_DAY),
            ("event_cjk", _CJK_DATE),
            ("other_nickname", _DOC_NICKNAME),
            ("other_statistic", _PER_CAPITA),
        )
    )
)
_QUANTITY_FORMS = re.compile(f"{_QUANTITY.pattern}|{_PERCENT.pattern}")


def _fixed_form(c: str, cues: QuotedCues) -> QuotedKind | None:
    """Forms that say what they are whatever follows: masks, plan periods, dates, quantities, names."""
    fixed = _FIXED_FORMS.fullmatch(c)
    if fixed is not None:
        return cast("QuotedKind", str(fixed.lastgroup).partition("_")[0])
    if c in cues.slogan.not_slogans:
        return "other"
    if _QUANTITY_FORMS.fullmatch(c):  # 五百亿, 百分之百
        return "other"
    if c in cues.name.exact:
        return "name"
    return None


@cache
def _verdict(kind: QuotedKind, slogan_kind: SloganKind | None = None) -> Verdict:
    """A verdict without a lexicon entry: one frozen instance per kind, shared."""
    return Verdict(kind, slogan_kind)


def _classify(
    c: str, view: str, close: int, brackets: str, lexicon: SloganLexicon, cues: QuotedCues
) -> Verdict:
    """The ordered table of rules. ``c``: content key; ``view[close:]``: what follows the closing mark."""
    if brackets in ("《》", "〈〉"):
        return _verdict("title")
    entry = _known(c, view, close, lexicon, cues)
    if entry is not None:
        return Verdict("slogan", entry.kind, entry)
    kind = _fixed_form(c, cues)
    if kind is not None:
        return _verdict(kind)
    masked = _PLACEHOLDER.search(c) is not None
    sentence = SENTENCE_OR_LINE_END.search(c) is not None
    # A slogan's length, no mask, no sentence end: only such a text has a slogan's shape.
    shaped = 2 <= len(c) <= _MAX_SLOGAN and not masked and not sentence
    if shaped:
        # 七个作模范 is a slogan whatever it ends with, unless it names an award (五个一工程奖)
        award = c.endswith(cues.honour.strong_suffixes)
        if (
            _NUMERIC_CLASSIFIER.fullmatch(c)
            and c[0] != "零"
            and not award
            and _numeric(c, cues.numeral_place_pattern, cues.slogan.numeral_words)
        ):
            return _verdict("slogan", "numeric")
        if _couplet(c):  # 环境立县、工业兴县… is a couplet; 全国文明村、省级卫生村 a list of honours
            shared = _parts_cue(c, cues)
            return _verdict(shared) if shared is not None else _verdict("slogan", "couplet")
        if _PLUS_LABEL.fullmatch(c):
            if _ASCII_LABEL.fullmatch(c):
                return _verdict("slogan", "numeric")
            named = _context_cue(_context_phrase(view, close), cues)  # “星空+文旅”等入选…典型案例
            return _verdict(named) if named is not None else _verdict("slogan", "programme")
    cue = _content_cue(c, cues)
    if cue is not None:
        return _verdict(cue)
    if masked:
        return _verdict("masked")
    phrase = _context_phrase(view, close)
    if _ASCII_DIGITS.fullmatch(c):  # “8337”发展思路 is a label; “12345” alone is a number
        return _verdict("slogan", "numeric") if _slogan_context(phrase, cues) else _verdict("other")
    shape = _word_shape(c, cues) if shaped else None
    if shape is not None:
        return _verdict("slogan", shape)
    if 2 <= len(c) <= 15 and not sentence:
        context_kind = _slogan_context(phrase, cues)
        if context_kind is not None:
            return _verdict("slogan", context_kind)
    named = _context_cue(phrase, cues)
    return _verdict(named) if named is not None else _verdict("other")


def _context_cue(phrase: str, cues: QuotedCues) -> QuotedKind | None:
    """An event, honour, brand or name cue in the words after the closing quote."""
    if cues.event.in_context(phrase):
        return "event"
    if cues.honour.in_context(phrase):
        return "honour"
    if cues.brand.in_context(phrase):
        return "brand"
    if cues.name.in_context(phrase):
        return "name"
    return None


# --------------------------------------------------------------------------- canonical forms

_CJK_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})


def canonical_form(view_text: str) -> str:
    """One form for variants: no white space, ASCII digits and ``+``, Chinese punctuation."""
    return _SPACE.sub("", view_text).translate(_CJK_PUNCT)


# --------------------------------------------------------------------------- extraction

# 三大攻坚战, 十大工程 without quotes. The guard on the character before the numerals follows the first
# numeral (a two-character look-behind), so that the pattern starts with a character class and the
# regex engine skips ahead by it: 4× faster than a leading look-behind, same matches.
_SET_NUMERAL = "[一二两三四五六七八九十]"
_UNQUOTED_SET = re.compile(
    f"{_SET_NUMERAL}(?<![{_CJK_NUM}第0-9]{_SET_NUMERAL}){_SET_NUMERAL}?大(?:专项行动|攻坚行动|工程|行动|战略|攻坚战|保卫战)"
)
_BLOCKING: frozenset[str] = frozenset({"slogan", "honour", "brand", "event", "title", "masked", "name"})


def _issuer(text: str, view: str, anchor: int, cues: QuotedCues) -> tuple[str, Span] | None:
    start = max(0, anchor - _ISSUER_WIDTH)
    match = cues.issuer_pattern.search(view, start, anchor)
    if match is None:
        return None
    s, e = match.span("issuer")
    return text[s:e], trusted_span(s, e)


def _slogan(
    text: str,
    view: str,
    start: int,
    end: int,
    *,
    kind: SloganKind,
    entry: SloganEntry | None,
    quoted: bool,
    anchor: int,
    cues: QuotedCues,
) -> Slogan:
    found = _issuer(text, view, anchor, cues)
    return Slogan.model_construct(
        text=text[start:end],
        span=trusted_span(start, end),
        canonical=entry.canonical if entry is not None else canonical_form(view[start:end]),
        kind=entry.kind if entry is not None else kind,
        known=entry is not None,
        expansion=list(entry.expansion) if entry is not None else [],
        issuer=found[0] if found else None,
        issuer_span=found[1] if found else None,
        category=entry.category if entry is not None else None,
        quoted=quoted,
    )


def extract_slogans(
    text: str, view: str, *, lexicon: SloganLexicon | None = None
) -> tuple[list[Slogan], list[QuotedTerm]]:
    """Slogans (quoted or not) and every quoted string of ``text``, both in text order.

    ``view`` is :func:`worksum.normalize.normalize_view` of ``text`` (recomputed if its length differs).
    Never raises on any text.
    """
    if len(view) != len(text):
        view = normalize_view(text)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    cues = load_quoted_cues()
    slogans: list[Slogan] = []
    terms: list[QuotedTerm] = []
    blocked = bytearray(len(text) + 1)  # inside a quote that is a slogan or the name of something
    quotes = find_quotes(view)
    keys = [_SPACE.sub("", view[q.start : q.end]) for q in quotes]
    verdicts = [
        _classify(key, view, q.close, q.brackets, lexicon, cues) for key, q in zip(keys, quotes, strict=True)
    ]
    # one quoted string, one kind per document: “稳内拓外”，… is the slogan that “稳内拓外”行动 showed it to be
    slogan_kinds: dict[str, Verdict] = {}
    for key, verdict in zip(keys, verdicts, strict=True):
        if verdict.kind == "slogan":
            slogan_kinds.setdefault(key, verdict)
    for quote, key, verdict in zip(quotes, keys, verdicts, strict=True):
        if verdict.kind == "other" and key in slogan_kinds and quote.brackets not in ("《》", "〈〉"):
            verdict = slogan_kinds[key]
        terms.append(
            QuotedTerm.model_construct(
                text=text[quote.start : quote.end],
                span=trusted_span(quote.start, quote.end),
                kind=verdict.kind,
                brackets=text[quote.open] + text[quote.close - 1],
            )
        )
        # a slogan quoted inside a title, an honour or a longer slogan (《关于“两学一做”…》) is part of it
        inside = blocked[quote.open]
        if verdict.kind in _BLOCKING:
            blocked[quote.start : quote.end] = b"\x01" * (quote.end - quote.start)
        if verdict.kind == "slogan" and verdict.slogan_kind is not None and not inside:
            slogans.append(
                _slogan(
                    text,
                    view,
                    quote.start,
                    quote.end,
                    kind=verdict.slogan_kind,
                    entry=verdict.entry,
                    quoted=True,
                    anchor=quote.open,
                    cues=cues,
                )
            )
    taken = bytearray(blocked)
    for match in lexicon.finditer(view):
        if blocked[match.start]:
            continue
        taken[match.start : match.end] = b"\x01" * (match.end - match.start)
        slogans.append(
            _slogan(
                text,
                view,
                match.start,
                match.end,
                kind=match.entry.kind,
                entry=match.entry,
                quoted=False,
                anchor=match.start,
                cues=cues,
            )
        )
    for found in _UNQUOTED_SET.finditer(view):
        start, end = found.span()
        if any(taken[start:end]):
            continue
        slogans.append(
            _slogan(text, view, start, end, kind="numeric", entry=None, quoted=False, anchor=start, cues=cues)
        )
    slogans.sort(key=_span_order)
    terms.sort(key=_span_order)
    return slogans, terms


def _span_order(item: Slogan | QuotedTerm) -> tuple[int, int]:
    span = item.span
    return span.start, span.end


# --------------------------------------------------------------------------- corpus view


def slogan_rows(reports: Iterable[Report]) -> list[dict[str, object]]:
    """One row per slogan per document and issuer, with its count (for ``worksum slogans DIR``).

    Keys: document (the report's source), year (its title's year), issuer, canonical, kind,
    category, known, count. Rows keep document order, then the order of first occurrence.
    """
    rows: list[dict[str, object]] = []
    for report in reports:
        year = report.title.year if report.title is not None else None
        counts: dict[tuple[str | None, str], int] = {}
        first: dict[tuple[str | None, str], Slogan] = {}
        for slogan in report.slogans:
            key = (slogan.issuer, slogan.canonical)
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, slogan)
        for key, slogan in first.items():
            rows.append(
                {
                    "document": report.source,
                    "year": year,
                    "issuer": slogan.issuer,
                    "canonical": slogan.canonical,
                    "kind": slogan.kind,
                    "category": slogan.category,
                    "known": slogan.known,
                    "count": counts[key],
                }
            )
    return rows
