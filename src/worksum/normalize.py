"""A normalised view of the text, the same length as the text.

Every later stage matches on this view and reports offsets into the original:
because each character maps to exactly one character, an offset in the view is
an offset in the text. What the view unifies:

- full-width ASCII forms (``０-９``, ``Ａ-Ｚ``, ``（）``, ``％``, ``：``, ``，`` …) become ASCII;
- U+3000 ideographic space, no-break and other spaces become ``" "``;
- a CR that ends a CRLF pair becomes ``" "`` (the LF ends the line); a lone CR becomes ``"\\n"``;
- literal escaped line breaks (the four characters ``\\r\\n`` that some exports hold
  instead of a line break) become spaces ending in ``"\\n"``, when the document has them;
- other control characters (and lone surrogates) become ``" "``;
- question marks that open a line (``??（一）…``: the indent of full-width spaces, lost on the way through
  a code page without them) become spaces.

CJK punctuation that has no ASCII twin (``。、“”《》——``) is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width forms U+FF01..U+FF5E map to ASCII U+0021..U+007E.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_SPACES = {cp: " " for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
                              0x200A, 0x202F, 0x205F, 0xFEFF, 0x200B)}
_CONTROLS = {cp: " " for cp in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x2028, 0x2029]}
_TABLE: dict[int, int | str] = {**_FULLWIDTH, **_SPACES, **_CONTROLS}
# The same mapping character to character, and a class that finds the characters it changes.
_REPLACEMENTS: dict[str, str] = {chr(cp): chr(to) if isinstance(to, int) else to for cp, to in _TABLE.items()}
_TO_REPLACE = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")

# Literal escaped line breaks: "\r\n", "\n", "\r" written out as backslash sequences.
_LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
#: A lone surrogate (legal in a Python str, refused by every UTF-8 and JSON writer). Written as regex escapes:
#: a lone surrogate in a literal is not valid source for every tool (mypyc refuses it).
SURROGATE = re.compile(r"[\ud800-\udfff]")
# ??（一）进一步…: no sentence opens with a question mark; a run of them at a line start is a lost indent.
_LOST_INDENT = re.compile(r"^[ \t]*\?{1,8}(?=[^\s?])", re.MULTILINE)
# A document counts as escaped when it has at least this many literal breaks and few real ones.
_MIN_LITERAL_BREAKS = 3


@dataclass(frozen=True)
class Normalized:
    """The view and what normalisation noticed about the text."""

    view: str
    literal_breaks: int
    crlf: bool
    lone_cr: bool


def _literal_break_repl(match: re.Match[str]) -> str:
    return " " * (len(match.group()) - 1) + "\n"


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, six times faster: a document holds only a few distinct characters
    to change (，：（） and U+3000 mostly), and one ``str.replace`` per distinct character beats a
    table look-up per character."""
    view = text
    for char in set(_TO_REPLACE.findall(text)):
        view = view.replace(char, _REPLACEMENTS[char])
    return view


def normalize(text: str) -> Normalized:
    """Build the same-length view of ``text``."""
    view = _translate(text)
    crlf = "\r\n" in view
    lone_cr = False
    if "\r" in view:
        view = view.replace("\r\n", " \n")
        lone_cr = "\r" in view
        view = view.replace("\r", "\n")
    literal_breaks = 0
    if "\\" in view:
        literal_breaks = len(_LITERAL_BREAK.findall(view))
        if literal_breaks >= _MIN_LITERAL_BREAKS and literal_breaks > view.count("\n"):
            view = _LITERAL_BREAK.sub(_literal_break_repl, view)
        else:
            literal_breaks = 0
    if "?" in view:
        view = _LOST_INDENT.sub(_blank, view)
    if SURROGATE.search(view):
        view = SURROGATE.sub(" ", view)
    assert len(view) == len(text)  # the contract of this module
    return Normalized(view=view, literal_breaks=literal_breaks, crlf=crlf, lone_cr=lone_cr)


def normalize_view(text: str) -> str:
    """Only the view (for extractors and tests that need nothing else)."""
    return normalize(text).view
