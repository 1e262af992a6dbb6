"""Reading numerals: Arabic (ASCII or full-width), Chinese (小写 and 大写), and mixed forms.

The grammar of the numeral system lives here; which words count as units, qualifiers or
idioms is data (``lexicons/units.json``, ``lexicons/figures_*.json``).

Public entry point: :func:`parse_number`. The helpers below it are shared with the figures
extractor, which has already split a figure into number, multiplier and unit.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "BIG_UNITS",
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "CN_SMALL_UNITS",
    "CN_ZEROS",
    "is_positional",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
]

# 〇 (U+3007), 零, and ○ (U+25CB, often typed for 〇 in years such as 二○二五).
CN_ZEROS = frozenset("〇零○")
CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(CN_SMALL_UNITS) | frozenset(BIG_UNITS)

# Longest written multipliers that may follow an Arabic number ("3.5万", "1.2万亿", "5千万").
_ARABIC_MULTIPLIERS: dict[str, int] = {
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "億": 10**8,
    "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "萬": 10**4, "千": 10**3, "百": 10**2,
}  # fmt: skip
_FULLWIDTH_DIGITS = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FULLWIDTH_DIGITS.update({0xFF0E: ord("."), 0xFF0C: ord(","), 0xFF0D: ord("-"), 0xFF0B: ord("+")})
_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ARABIC_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# Beyond this many characters a "number" is an identifier or noise, not a quantity.
MAX_NUMBER_CHARS = 40


def parse_arabic(s: str) -> Decimal | None:
    """``"1,100.5"`` → ``Decimal("1100.5")``; ASCII digits only, thousands separators in groups of 3."""
    if not s or len(s) > MAX_NUMBER_CHARS:
        return None
    if _ARABIC.fullmatch(s) or _ARABIC_GROUPED.fullmatch(s):
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the patterns only admit valid literals
            return None
    return None


def is_positional(s: str) -> bool:
    """True for Chinese digits written one by one without 十百千 (``二〇一八``, ``一二三``)."""
    return len(s) > 1 and all(ch in CN_DIGITS for ch in s)


def _parse_small(s: str) -> int | None:
    """A Chinese (or Arabic) integer below 10 000: ``一百二十``, ``三百五``, ``十九``, ``二〇一八``, ``2000``."""
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if all(ch in CN_DIGITS for ch in s):
        value = 0
        for ch in s:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = 0
    cur: int | None = None
    prev_unit = 10**4
    zero_seen = False
    last_was_unit = False
    for ch in s:
        if ch in CN_ZEROS:
            if cur is not None:
                return None
            zero_seen = True
            last_was_unit = False
        elif ch in CN_DIGITS:
            if cur is not None:
                return None
            cur = CN_DIGITS[ch]
            last_was_unit = False
        elif ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            if unit >= prev_unit:
                return None
            if cur is None:
                if unit != 10 and total != 0:
                    return None
                cur = 1  # 十九, 一百一十, the lenient 一千零十, and a bare 百/千 (百分之百, 超百亿)
            total += cur * unit
            cur = None
            prev_unit = unit
            zero_seen = False
            last_was_unit = True
        else:
            return None
    if cur is not None:
        # 三百五 = 350, 两千五 = 2500: a last digit right after a unit (not 十) scales by unit / 10.
        if (
            not zero_seen
            and prev_unit > 10
            and prev_unit < 10**4
            and not last_was_unit
            and _ends_unit_digit(s)
        ):
            total += cur * prev_unit // 10
        else:
            total += cur
    return total


def _ends_unit_digit(s: str) -> bool:
    return len(s) >= 2 and s[-2] in CN_SMALL_UNITS


def _parse_big(s: str) -> int | None:
    """A Chinese integer with 万/亿 groups: ``三亿五千万``, ``一万亿``, ``一万五`` (= 15 000)."""
    if not s:
        return None
    for big_chars, mult in (("亿億", 10**8), ("万萬", 10**4)):
        idx = max(s.rfind(c) for c in big_chars)
        if idx < 0:
            continue
        left, right = s[:idx], s[idx + 1 :]
        if not left:
            return None
        high = _parse_big(left)
        if high is None:
            return None
        if not right:
            return high * mult
        if right[0] in CN_ZEROS:
            low = _parse_big(right[1:]) if right[1:] else None
        elif len(right) == 1 and right in CN_DIGITS:
            low = CN_DIGITS[right] * mult // 10  # 一万五 = 15 000, 一亿五 = 150 000 000
        else:
            low = _parse_big(right)
        if low is None or low >= mult:
            return None
        return high * mult + low
    return _parse_small(s)


def parse_chinese(s: str) -> Decimal | None:
    """A Chinese numeral, possibly with 点 and decimal digits: ``十二点五`` → 12.5."""
    if not s or len(s) > MAX_NUMBER_CHARS:
        return None
    whole, sep, frac = s.replace("點", "点").partition("点")
    if sep and not frac:
        return None
    integer = _parse_big(whole) if whole else None
    if integer is None:
        return None
    if not sep:
        return Decimal(integer)
    digits: list[str] = []
    for ch in frac:
        if ch in CN_DIGITS:
            digits.append(str(CN_DIGITS[ch]))
        elif ch.isascii() and ch.isdigit():
            digits.append(ch)
        else:
            return None
    return Decimal(f"{integer}.{''.join(digits)}")


def _split_arabic_multiplier(s: str) -> tuple[str, int]:
    """``"3.5万"`` → (``"3.5"``, 10000); a string without a trailing multiplier → (s, 1)."""
    for word in sorted(_ARABIC_MULTIPLIERS, key=len, reverse=True):
        if s.endswith(word) and len(s) > len(word):
            head = s[: -len(word)]
            if head[-1].isdigit():
                return head, _ARABIC_MULTIPLIERS[word]
    return s, 1


def parse_number(s: str) -> Decimal | None:
    """Read a numeral written any common way; ``None`` when ``s`` is not one.

    ``三`` → 3, ``十九`` → 19, ``一百二十`` → 120, ``两`` → 2, ``〇`` → 0, ``壹贰叁`` → 123,
    ``3.5万`` → 35000, ``1.2万亿`` → 1200000000000, ``１，１００万`` → 11000000, ``负三`` → -3.
    Never raises.
    """
    if not isinstance(s, str):
        return None
    s = s.strip().translate(_FULLWIDTH_DIGITS).replace("，", ",")
    if not s or len(s) > MAX_NUMBER_CHARS:
        return None
    sign = 1
    if s[0] in "-+负−":
        sign = -1 if s[0] != "+" else 1
        s = s[1:]
        if not s:
            return None
    value: Decimal | None
    if s[0].isascii() and s[0].isdigit():
        head, mult = _split_arabic_multiplier(s)
        number = parse_arabic(head)
        if number is not None:
            value = number * mult
        elif any(ch in BIG_UNITS for ch in s):
            value = _parse_mixed(s)
        else:
            value = None
    else:
        value = parse_chinese(s)
    if value is None:
        return None
    return -value if sign < 0 else value


def _parse_mixed(s: str) -> Decimal | None:
    """Arabic groups joined by 亿/万: ``1亿2000万`` → 120000000."""
    for big_chars, mult in (("亿億", 10**8), ("万萬", 10**4)):
        idx = max(s.rfind(c) for c in big_chars)
        if idx <= 0:
            continue
        left, right = s[:idx], s[idx + 1 :]
        high = _parse_mixed(left) if any(ch in BIG_UNITS for ch in left) else parse_arabic(left)
        if high is None:
            return None
        if not right:
            return high * mult
        low = _parse_mixed(right) if any(ch in BIG_UNITS for ch in right) else parse_arabic(right)
        if low is None or low >= mult:
            return None
        return high * mult + low
    return parse_arabic(s)
