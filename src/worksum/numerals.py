"""Small numerals: the ordinals of heading markers and enumerators (一 … 九十九, 1 … 99)."""

from __future__ import annotations

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_ordinal(s: str) -> int | None:
    """``一`` → 1, ``十二`` → 12, ``二十`` → 20, ``一百零一`` → 101, ``12`` → 12; None if not a plain ordinal."""
    if s.isascii() and s.isdigit():
        return int(s)
    if not s:
        return None
    total = 0
    current = 0
    previous_digit = False
    for ch in s:
        if ch in _DIGIT:
            if previous_digit and current != 0:
                return None  # 一二 is a list of numerals, not one number
            current = _DIGIT[ch]
            previous_digit = True
            continue
        previous_digit = False
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
