"""The title line: issuer, year and period, document type."""

from __future__ import annotations

import re

from .blocks import compact, find_doc_type
from .models import Span, Title

_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年(度|上半年|下半年|前三季度|第[一二三四]季度|\d{1,2}-\d{1,2}月)?")
_CN_YEAR_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
                   "八": "8", "九": "9"}
_ISSUER_STRIP = re.compile(r"^(关于|有关)|[的\s:：]+$")


def parse_year(s: str) -> int | None:
    digits = "".join(_CN_YEAR_DIGITS.get(ch, ch) for ch in s)
    return int(digits) if digits.isdigit() else None


def build_title(text: str, view: str, start: int, end: int) -> Title:
    """Read issuer, period and type out of the title line ``text[start:end]``."""
    short = compact(view[start:end])
    doc_type = find_doc_type(short)
    type_at = short.find(doc_type) if doc_type else len(short)
    year_match = _YEAR.search(short)
    year = parse_year(year_match.group(1)) if year_match else None
    period = year_match.group(0) if year_match else None
    issuer_end = min(type_at, year_match.start()) if year_match else type_at
    written = compact(text[start:end])
    if len(written) != len(short):  # control characters compact differently: fall back to the view
        written = short
    issuer: str | None = _ISSUER_STRIP.sub("", written[:issuer_end])
    if year_match and not issuer and year_match.end() < type_at:
        issuer = _ISSUER_STRIP.sub("", written[year_match.end():type_at])  # 2023年鹤阳市政府工作报告
    period_end = year_match.end() if year_match else 0
    part = year_match.group(2) if year_match else None
    if part and part != "度" and doc_type and type_at < period_end <= type_at + len(doc_type):
        # 2020年上半年工作总结: 上半年 is the period's (年度工作总结 stays a type of its own)
        rest = short[period_end:type_at + len(doc_type)]
        doc_type = find_doc_type(rest) or doc_type
    if year_match:
        period = written[year_match.start():year_match.end()]  # as written (full-width digits kept)
    if doc_type and doc_type.startswith("政府") and issuer and issuer.endswith("人民"):
        issuer += "政府"
    return Title.model_construct(
        text=text[start:end],
        span=Span.model_construct(start=start, end=end),
        issuer=issuer or None,
        year=year,
        period=period,
        doc_type=doc_type,
        subtitle=None,
        subtitle_span=None,
    )


def year_from_subtitle(view: str, start: int, end: int) -> int | None:
    m = _YEAR.search(view, start, end)
    return parse_year(m.group(1)) if m else None
