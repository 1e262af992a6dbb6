"""Lines → typed blocks.

A block is a stretch of the text with a kind: noise, title, subtitle, salutation,
heading, paragraph, signature. Blocks never overlap and appear in text order; the
gaps between them hold only line breaks and spaces, so blocks and gaps rebuild the
input exactly.

Steps, each a small function:
1. ``content_lines``: the view split at ``\\n`` (the view has already turned CR and
   literal ``\\r\\n`` into ``\\n``), trimmed of spaces;
2. ``split_run_together``: lines that hold several paragraphs (documents that lost
   their line breaks) are cut at paragraph indents and at heading markers after a
   sentence end;
3. ``classify``: an ordered table of recognisers gives each line a kind; a heading
   line whose body runs on (``（二）认真履行管党治党责任。根据…``) becomes a heading
   block and a paragraph block;
4. ``merge_broken_lines``: paragraph lines cut inside a sentence (PDF and wiki debris)
   are joined into one paragraph block.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import NamedTuple

from .lexicons import compile_any, structure
from .markers import MarkerMatch, inline_marker_positions, match_marker

SENTENCE_END = "。!?！？"
TITLE_TERMINATORS = "。!?！？;；:："
_TRAILING_PUNCT = "。:：，,；;、.!！?？ \t"
_CJK = re.compile(r"[\u3400-\u9fff]")
# A paragraph indent inside a line: a sentence end followed by two or more spaces (U+3000 pairs in the view).
# Both patterns open with a character class, and check the character before the match in a
# look-behind after it: the regex engine then skips ahead by that class instead of trying the
# look-behind at every position (same matches as (?<=[。!?！？”])[ \t]{2,}(?=\S) and
# (?<=\s)[—\-－–]{1,2}[ ]?\d{1,4}[ ]?[—\-－–]{1,2}(?=\s)).
_PARAGRAPH_BREAK = re.compile(r"[ \t](?<=[。!?！？”][ \t])[ \t]+(?=\S)")
_INLINE_PAGE_MARKER = re.compile(r"[—\-－–](?<=\s[—\-－–])[—\-－–]?[ ]?\d{1,4}[ ]?[—\-－–]{1,2}(?=\s)")
_INDENT_RUN = re.compile(r"[ \t]{2,}(?=\S)")
# More than 25 characters other than white space (what compact() keeps), from a line's first character.
_OVER_25_CHARACTERS = re.compile(r"(?:\S\s*){26}")
# A line trimmed of spaces and tabs: from its first character other than those to its last one.
_CONTENT_LINE = re.compile(r"[^ \t\n](?:[^\n]*[^ \t\n])?")
# Lines longer than this are checked for paragraphs run together.
_LONG_LINE = 300


class RawBlock(NamedTuple):
    """A block as the pipeline sees it: offsets plus, for headings, where the marker and title are.

    A named tuple (immutable like the frozen dataclass it was, built three times faster: one per line).
    """

    kind: str
    start: int
    end: int
    marker: MarkerMatch | None = None
    title_start: int = 0
    title_end: int = 0
    notes: tuple[str, ...] = ()


class LinePatterns:
    """A list of line patterns (data): does any of them match somewhere in a line?

    The same answer as a search of their alternation, three times faster on the lines of the corpus:
    in one alternation the regex engine tries every pattern at every position of the line; here
    the patterns anchored at the line start (``^…`` with no ``|`` outside a group) are tried once,
    together, at the start, and each other pattern is searched on its own, so that the engine
    skips ahead to the characters it can start with.
    """

    def __init__(self, patterns: list[str]) -> None:
        anchored = [p for p in patterns if _anchored_at_start(p)]
        self.anchored = compile_any(anchored) if anchored else None
        self.floating = tuple(re.compile(p) for p in patterns if not _anchored_at_start(p))

    def search(self, line: str) -> bool:
        if self.anchored is not None and self.anchored.match(line) is not None:
            return True
        for pattern in self.floating:  # noqa: SIM110 - a loop: no generator built per line
            if pattern.search(line) is not None:
                return True
        return False


def _anchored_at_start(pattern: str) -> bool:
    """Does every match of ``pattern`` start at the start of the string (``^`` first, no top-level ``|``)?"""
    if not pattern.startswith("^"):
        return False
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1  # the escaped character is a literal
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
        i += 1
    return True


def _class_end(pattern: str, i: int) -> int:
    """The index of the ``]`` that closes the character class opened at ``pattern[i]``."""
    i += 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1  # a ] first in the class is a literal
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


@cache
def _noise() -> LinePatterns:
    return LinePatterns(structure()["noise_patterns"])


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = structure()
    return {
        "footer": compile_any(data["footer_patterns"]),
        "salutation": re.compile(data["salutation_pattern"]),
        "salutation_opening": re.compile(data["salutation_opening"]),
        "subtitle": re.compile(data["subtitle_pattern"]),
        "dateline": re.compile(data["dateline_pattern"]),
        "signature": re.compile(data["signature_pattern"]),
        "run_in_part_title": re.compile(data["run_in_part_title"]),
    }


@cache
def _doc_types() -> tuple[str, ...]:
    return tuple(sorted(structure()["doc_types"], key=len, reverse=True))


def content_lines(view: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``view``, trimmed of surrounding spaces."""
    return [line.span() for line in _CONTENT_LINE.finditer(view)]


def split_run_together(view: str, start: int, end: int, *, no_newlines: bool) -> list[tuple[int, int]]:
    """Cut one long line into the paragraphs it holds."""
    if end - start < _LONG_LINE and not no_newlines:
        return [(start, end)]
    cuts: set[int] = set()
    # Without any line break, a run of indent spaces separates paragraphs even after a heading or title.
    breaks = _INDENT_RUN if no_newlines else _PARAGRAPH_BREAK
    for m in breaks.finditer(view, start, end):
        cuts.add(m.start())
        cuts.add(m.end())
    for marker in inline_marker_positions(view, start, end, strong_only=not no_newlines, after_colon=no_newlines):
        cuts.add(marker.start)
    if no_newlines:
        # 请予审议。2023年工作回顾2023年是…: a part title run in between two paragraphs is a line of its own.
        for m in _patterns()["run_in_part_title"].finditer(view, start, end):
            cuts.add(m.start())
            cuts.add(m.end())
    # A page marker (— 12 —) left inside run-together text is a piece of its own.
    for m in _INLINE_PAGE_MARKER.finditer(view, start, end):
        cuts.add(m.start())
        cuts.add(m.end())
    pieces: list[tuple[int, int]] = []
    prev = start
    for cut in sorted(cuts):
        if cut <= prev or cut >= end:
            continue
        pieces.append((prev, cut))
        prev = cut
    pieces.append((prev, end))
    trimmed: list[tuple[int, int]] = []
    for a, b in pieces:
        while a < b and view[a] in " \t":
            a += 1
        while b > a and view[b - 1] in " \t":
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def compact(s: str) -> str:
    """Text without spaces (titles written ``政 府 工 作 报 告``)."""
    return "".join(s.split())  # what re.sub(r"\s+", "", s) gives (the same white space), faster


def find_doc_type(line: str) -> str | None:
    """The document type named in a (compacted) title line, longest first."""
    for doc_type in _doc_types():
        if doc_type in line:
            return doc_type
    return None


def _line_matches(pattern: re.Pattern[str], view: str, start: int, end: int) -> bool:
    """Line patterns are anchored with ^ and $: match them on the line itself."""
    return pattern.match(view[start:end]) is not None


def is_noise(view: str, start: int, end: int) -> bool:
    return end - start <= 160 and _noise().search(view[start:end])


def _title_end(view: str, title_start: int, end: int) -> int:
    """Where the title of a heading that starts at ``title_start`` ends (exclusive, before punctuation)."""
    for i in range(title_start, end):
        ch = view[i]
        if ch in TITLE_TERMINATORS:
            return i
        # A space ends a short title when the body follows on the same line (PDF and run-together text).
        if ch == " " and i - title_start >= 4 and i + 1 < end and view[i + 1] != " ":
            head = view[title_start:i]
            if "," not in head and "，" not in head and i - title_start <= 30:
                return i
    return end


def _strip_title(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start] in " \t:：":
        start += 1
    while end > start and view[end - 1] in _TRAILING_PUNCT:
        end -= 1
    return start, end


def heading_blocks(view: str, start: int, end: int, marker: MarkerMatch) -> list[RawBlock]:
    """A marked line: the heading block, and the body that runs on after its title, if any."""
    title_start = marker.end
    while title_start < end and view[title_start] in " \t:：":
        title_start += 1
    title_end = _title_end(view, title_start, end)
    t_start, t_end = _strip_title(view, title_start, title_end)
    if t_end <= t_start:
        t_start = t_end = marker.end
    head_end = title_end
    if head_end < end and view[head_end] in TITLE_TERMINATORS:
        head_end += 1
    body_start = head_end
    while body_start < end and view[body_start] in " \t":
        body_start += 1
    blocks = [RawBlock("heading", start, head_end if body_start < end else end, marker, t_start, t_end)]
    if body_start < end:
        blocks.append(RawBlock("paragraph", body_start, end))
    return blocks


def _looks_like_unnumbered_heading(view: str, start: int, end: int) -> bool:
    if end - start > 25 and _OVER_25_CHARACTERS.match(view, start, end):
        return False  # a body line: found without compacting (copying) all of it
    text = view[start:end]
    short = compact(text)
    if not 2 <= len(short) <= 25:
        return False
    if short[-1] in "。，,；;、!！?？…:：)）" or "。" in short or "，" in short or "," in short:
        return False
    if len(_CJK.findall(short)) < max(2, len(short) // 2):
        return False
    pats = _patterns()
    return not (_line_matches(pats["dateline"], view, start, end) or _line_matches(pats["signature"], view, start, end))


def classify(view: str, lines: list[tuple[int, int]]) -> list[RawBlock]:
    """Give every line a kind (see the module docstring for the order of recognisers)."""
    pats = _patterns()
    title_max = int(structure()["title_max_chars"])
    blocks: list[RawBlock] = []
    title_index = _find_title(view, lines, title_max)
    head_region_end = title_index if title_index is not None else -1
    tail_start = max(len(lines) - 4, 0)
    after_title = title_index is not None
    seen_body = False
    footer_from = _footer_start(view, lines)
    # The same short line three times or more is link-anchor debris (法制, 中国驰名商标), not a heading.
    short_counts = Counter(compact(view[a:b]) for a, b in lines if b - a <= 25)
    for i, (start, end) in enumerate(lines):
        if i >= footer_from:
            blocks.append(RawBlock("noise", start, end))
            continue
        if i == title_index:
            blocks.append(RawBlock("title", start, end))
            continue
        if is_noise(view, start, end):
            blocks.append(RawBlock("noise", start, end))
            continue
        if i < head_region_end:
            # Before the title: collection debris (navigation, banners, short page chrome).
            blocks.append(RawBlock("noise" if end - start < 60 else "paragraph", start, end))
            continue
        if _line_matches(pats["salutation"], view, start, end):
            blocks.append(RawBlock("salutation", start, end))
            continue
        if not seen_body and (after_title or i < 8) and end - start <= 80 and (
            _line_matches(pats["subtitle"], view, start, end) or _line_matches(pats["dateline"], view, start, end)
        ):
            blocks.append(RawBlock("subtitle", start, end))
            continue
        marker = match_marker(view, start, end)
        if marker is not None:
            blocks.extend(heading_blocks(view, start, end, marker))
            seen_body = True
            continue
        if i >= tail_start and seen_body and end - start <= 40 and (
            _line_matches(pats["signature"], view, start, end) or _line_matches(pats["dateline"], view, start, end)
        ):
            blocks.append(RawBlock("signature", start, end))
            continue
        if (_looks_like_unnumbered_heading(view, start, end) and _followed_by_body(view, lines, i)
                and not _continues_sentence(view, blocks) and short_counts[compact(view[start:end])] < 3):
            t_start, t_end = _strip_title(view, start, end)
            blocks.append(RawBlock("heading", start, end, None, t_start, t_end))
            seen_body = True
            continue
        blocks.append(RawBlock("paragraph", start, end))
        seen_body = True
    return blocks


def _continues_sentence(view: str, blocks: list[RawBlock]) -> bool:
    """The previous paragraph stopped mid-sentence, so this short line is a piece of it (PDF, wiki links)."""
    if not blocks or blocks[-1].kind != "paragraph":
        return False
    return view[blocks[-1].end - 1] not in SENTENCE_END + ";；:：”\"'…)）"


def _footer_start(view: str, lines: list[tuple[int, int]]) -> int:
    """Index of the line where page footer debris starts (licence notes, related links), or len(lines).

    Only the last third of a document is searched, and only short lines can start a footer.
    """
    footer = _patterns()["footer"]
    first = len(lines) - max(len(lines) // 3, 1)
    for i in range(max(first, 1), len(lines)):
        start, end = lines[i]
        if end - start <= 80 and footer.search(view[start:end]):
            return i
    return len(lines)


def _followed_by_body(view: str, lines: list[tuple[int, int]], i: int) -> bool:
    """An unnumbered heading is followed by a real paragraph or a marked heading."""
    if i + 1 >= len(lines):
        return False
    start, end = lines[i + 1]
    if view[start] in "，,、。；;：:)）”":
        return False  # the next line continues a sentence: this one was cut out of it
    if is_noise(view, start, end):
        return i + 2 < len(lines) and _followed_by_body(view, lines, i + 1)
    if match_marker(view, start, end) is not None:
        return True
    heading_length = lines[i][1] - lines[i][0]
    return end - start >= 40 or (end - start >= max(16, 2 * heading_length) and "。" in view[start:end])


def _find_title(view: str, lines: list[tuple[int, int]], title_max: int) -> int | None:
    """Index of the title line among the first lines, if there is one."""
    salutation = _patterns()["salutation_opening"]
    for i, (start, end) in enumerate(lines[:15]):
        if is_noise(view, start, end):
            continue
        if _line_matches(salutation, view, start, end):
            return None  # 各位代表：… opens the speech; a title comes before it
        text = view[start:end]
        short = compact(text)
        if len(short) > title_max or short.endswith(("。", "，", ",")):
            if end - start > 120:
                return None  # the body has begun
            continue
        if match_marker(view, start, end) is not None:
            return None
        if find_doc_type(short):
            return i
    return None


def merge_broken_lines(view: str, blocks: list[RawBlock]) -> list[RawBlock]:
    """Join paragraph lines cut inside a sentence (no sentence end, no blank line between)."""
    merged: list[RawBlock] = []
    for block in blocks:
        if merged and block.kind == "paragraph" and merged[-1].kind == "paragraph":
            prev = merged[-1]
            gap = view[prev.end:block.start]
            if gap.count("\n") == 1 and view[prev.end - 1] not in SENTENCE_END + ";；:：”\"'" and not _short_row(view, prev.end):
                merged[-1] = prev._replace(end=block.end)
                continue
        merged.append(block)
    return merged


def _short_row(view: str, end: int) -> bool:
    """Lines that end a paragraph without punctuation (short table-like rows) are not joined."""
    line_start = view.rfind("\n", 0, end) + 1
    return end - line_start < 20


def build_blocks(view: str, *, no_newlines: bool) -> list[RawBlock]:
    """The whole stage: view → ordered, non-overlapping blocks."""
    lines: list[tuple[int, int]] = []
    for start, end in content_lines(view):
        lines.extend(split_run_together(view, start, end, no_newlines=no_newlines))
    return merge_broken_lines(view, classify(view, lines))
