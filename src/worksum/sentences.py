"""Sentences: a paragraph cut after each sentence end, on characters.

A sentence ends at ``。！？!?`` (a run of them counts once) plus any closing
quotes or brackets that follow; an ellipsis ``……`` that ends a paragraph ends the
last sentence. Leading spaces are left in the gap between sentences.
"""

from __future__ import annotations

import re

_ENDS = "。!?！？"
#: A sentence end or a line break: where a figure's or a quote's sentence stops (figures, slogans).
SENTENCE_OR_LINE_END = re.compile("[。！？!?\n]")
_CLOSERS = "”’」』)）》\"'"
_SPACE = " \\t\\n"
# One sentence, found whole (one match per sentence, no Python step per character): from a
# character other than a space to the end of the first run of terminators and the closing
# quotes/brackets glued to them, or, without a terminator, to the last character other than a
# space before the end of the paragraph; or a run of terminators left alone (。” after a sentence).
_SENTENCE = re.compile(
    f"[^{_SPACE}{_ENDS}](?:[^{_ENDS}]*[{_ENDS}]+[{_CLOSERS}]*|[^{_ENDS}]*[^{_SPACE}{_ENDS}])?"
    f"|[{_ENDS}]+[{_CLOSERS}]*"
)


def split_sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences of ``view[start:end]``."""
    return [m.span() for m in _SENTENCE.finditer(view, start, end)]
