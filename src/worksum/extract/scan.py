"""Searching one alternation of cue patterns, faster: try the pattern only where a match can start.

Python's regex engine skips ahead by first character only when every alternative of a pattern
opens with a plain character; lists of cues open with groups as well (``(居|位居|位列)[^，]{0,8}第…``),
so the engine tries every cue at every position of the text. A :class:`CueScanner` finds the
positions that hold a possible first character with one character class, and tries the pattern
there: the same matches (tests/test_fast_paths.py), about twice as fast on the roles cues.

The first characters are read from the cue patterns themselves, for the two shapes cue lists use:
a pattern that opens with a Chinese character, or with a group of plain Chinese words
(``(我们|同时|但)…``). A pattern of any other shape, or one that can match without its first
character, turns the shortcut off for the whole list: the scanner then searches as ``re`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_CJK_CHAR = re.compile("[\u4e00-\u9fff]")
_WORD_GROUP = re.compile("\\(([\u4e00-\u9fff]+(?:\\|[\u4e00-\u9fff]+)*)\\)")
_OPTIONAL = ("?", "*", "{")  # after the opening character or group: it may be absent


def _has_top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` hold a ``|`` outside groups and character classes?"""
    depth = 0
    in_class = False
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _branches(pattern: str) -> list[str] | None:
    """``pattern`` as alternatives that each open with a plain character, in order; None for another shape.

    A pattern opening with a Chinese character is one branch; one opening with a group of Chinese words
    (``(居|位居)第…``) is one branch per word. Anything that can match without that opening is None.
    """
    if _has_top_level_bar(pattern):
        return None
    if _CJK_CHAR.match(pattern):
        return None if pattern[1:2] in _OPTIONAL else [pattern]
    group = _WORD_GROUP.match(pattern)
    if group is None or pattern[group.end():group.end() + 1] in _OPTIONAL:
        return None
    return [word + pattern[group.end():] for word in group.group(1).split("|")]


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters every match of ``pattern`` starts with; None when the shape is not a known one."""
    branches = _branches(pattern)
    return None if branches is None else frozenset(branch[0] for branch in branches)


def _union(patterns: Iterable[str]) -> frozenset[str] | None:
    chars: set[str] = set()
    for pattern in patterns:
        found = first_characters(pattern)
        if found is None:
            return None
        chars |= found
    return frozenset(chars)


class CueScanner:
    """``search`` and ``finditer`` of ``pattern`` (the alternation of ``cues``), tried at candidate positions only."""

    def __init__(self, pattern: re.Pattern[str], cues: Iterable[str]) -> None:
        self.pattern = pattern
        chars = _union(cues)
        self.first = re.compile(f"[{re.escape(''.join(sorted(chars)))}]") if chars else None

    def search(self, view: str, start: int, end: int) -> re.Match[str] | None:
        if self.first is None:
            return self.pattern.search(view, start, end)
        pos = start
        while (candidate := self.first.search(view, pos, end)) is not None:
            found = self.pattern.match(view, candidate.start(), end)
            if found is not None:
                return found
            pos = candidate.start() + 1
        return None

    def finditer(self, view: str, start: int, end: int) -> Iterator[re.Match[str]]:
        if self.first is None:
            yield from self.pattern.finditer(view, start, end)
            return
        pos = start
        # Every match holds at least its first character, so the next one starts at or after this end.
        while (found := self.search(view, pos, end)) is not None:
            yield found
            pos = found.end()


def literal_led(patterns: Iterable[str]) -> re.Pattern[str]:
    """The alternation of ``patterns`` with every branch opening with a plain character.

    Why: when every branch of an alternation opens with a literal, Python's regex engine skips ahead to
    the next position holding one of those characters in C, which beats :class:`CueScanner`'s Python loop
    when the candidates are dense (the achievement cues: about 1.5× over a sentence). A pattern opening
    with a group of words (``(居|位居)第…``) becomes one branch per word, in order, so the first branch
    that matches at a position is the one the original alternation took. Raises ``ValueError`` for a
    pattern of another shape (its cue list belongs in a CueScanner).
    """
    branches: list[str] = []
    for pattern in patterns:
        found = _branches(pattern)
        if found is None:
            raise ValueError(f"cue {pattern!r} does not open with a Chinese character or a group of Chinese words")
        branches += found
    return re.compile("|".join(f"(?:{branch})" for branch in branches))
