"""Scoring worksum against gold annotations (``worksum eval``; docs/evaluation.md)."""

from worksum.evaluation.gold import GoldDocument, load_gold
from worksum.evaluation.runner import DocResult, EvalResult, ParseFn, evaluate
from worksum.evaluation.scoring import CheckScore, EvalError, GoldProblem, Scores, SpanScore, score_document

__all__ = [
    "CheckScore",
    "DocResult",
    "EvalError",
    "EvalResult",
    "GoldDocument",
    "GoldProblem",
    "ParseFn",
    "Scores",
    "SpanScore",
    "evaluate",
    "load_gold",
    "score_document",
]
