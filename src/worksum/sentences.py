"""Sentences: a paragraph cut after each sentence end, on characters.

A sentence ends at ``。！？!?`` (a run of them counts once) plus any closing
quotes or brackets that follow; an ellipsis ``……`` that ends a paragraph ends the
last sentence. Leading spaces are left in the gap between sentences.
"""

from __future__ import annotations

import re

# A sentence end: terminators, then closing quotes/brackets glued to them.
_SENTENCE_END = re.compile(r"[。!?！？]+[”’」』)）》\"']*")


def split_sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences of ``view[start:end]``."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(view, start, end):
        _append(view, spans, pos, m.end())
        pos = m.end()
    _append(view, spans, pos, end)
    return spans


def _append(view: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and view[start] in " \t\n":
        start += 1
    while end > start and view[end - 1] in " \t\n":
        end -= 1
    if end > start:
        spans.append((start, end))
