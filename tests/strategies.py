"""Hypothesis strategies: realistic work-summary documents, and hostile text and bytes.

Random characters alone almost never make a heading, a figure or a quoted slogan, so the
parser's interesting paths would go untested. These generators build documents of the genre
from parts (title, subtitle, salutation, numbered sections at every level, run-in headings,
implicit lead sentences, figures, slogans in quotes, enumerations, problems, plans, noise
lines, signature) and then vary what real files vary: line-ending style, indentation, blank
lines, full-width digits, escaped ``\\r\\n``. Hostile strategies splice in what breaks
parsers: lone surrogates, NUL and other control characters, every Unicode line break and
every Unicode digit. Every phrase here is written for these tests.

Used by tests/test_properties_docs.py, tests/test_security.py and fuzz/ (seeds).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

# --------------------------------------------------------------------------- numerals and markers

_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as written in headings: 一, 十, 十二, 二十, 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def full_width(s: str) -> str:
    """ASCII digits and punctuation as their full-width forms (０-９, ．, （）)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


#: Every marker style of the genre: name → ordinal → marker as written.
MARKER_STYLES: dict[str, Callable[[int], str]] = {
    "cn_dun": lambda n: f"{chinese_numeral(n)}、",
    "paren_cn": lambda n: f"（{chinese_numeral(n)}）",
    "paren_cn_ascii": lambda n: f"({chinese_numeral(n)})",
    "arabic_dot": lambda n: f"{n}.",
    "arabic_dot_full": lambda n: full_width(f"{n}."),
    "arabic_dun": lambda n: f"{n}、",
    "paren_arabic": lambda n: f"（{n}）",
    "paren_arabic_ascii": lambda n: f"({n})",
    "arabic_paren": lambda n: f"{n}）",
    "circled": lambda n: chr(0x2460 + (n - 1) % 20),
    "di_comma": lambda n: f"第{chinese_numeral(n)}，",
    "di_part": lambda n: f"第{chinese_numeral(n)}部分",
    "cn_dot": lambda n: f"{chinese_numeral(n)}．",
}
#: The GB/T 9704 order of the four standard levels, then the variants.
STANDARD_LEVELS = ("cn_dun", "paren_cn", "arabic_dot", "paren_arabic")

# --------------------------------------------------------------------------- vocabulary (written for these tests)

ISSUERS = ("青石镇", "城关街道办事处", "县农业农村局", "市人民政府", "某某中学", "县卫生健康委员会", "红星村",
           "XX县人民政府", "区市场监管局", "县供电公司")
PERIODS = ("2018年", "2019年度", "2020年上半年", "二〇二一年", "２０２２年", "2023年")
DOC_TYPES = ("工作总结", "年度工作总结", "政府工作报告", "述职报告", "工作总结和下一步工作打算", "工作情况汇报")
AREAS = ("经济发展", "农业农村工作", "城乡建设", "社会事业", "生态环境保护", "党的建设", "民生保障", "安全生产",
         "招商引资", "基层治理", "文化旅游", "教育教学", "项目建设", "营商环境", "疫情防控", "队伍建设")
EVALUATIONS = ("取得新成效", "稳步推进", "持续加强", "成效明显", "迈出新步伐", "不断完善", "扎实推进", "显著提升",
               "多点开花", "再上新台阶")
VERBS = ("认真抓好", "全力推进", "切实加强", "深入开展", "着力提升", "持续深化", "统筹做好")
METRICS = ("地方财政收入", "固定资产投资", "粮食总产量", "农村居民人均可支配收入", "城镇新增就业", "植树造林面积",
           "新修农村公路", "招商引资到位资金", "社会消费品零售总额", "完成改造的危房")
UNITS = ("亿元", "万元", "元", "万吨", "吨", "公里", "亩", "万亩", "平方米", "人", "户", "个", "家", "所", "次", "项",
         "座", "件")
APPROX_BEFORE = ("", "", "", "近", "约", "超过", "达到")
APPROX_AFTER = ("", "", "", "余", "多", "左右", "以上")
SLOGANS = ("四个意识", "两不愁三保障", "放管服", "1+5", "最多跑一次", "河长制", "三大攻坚战", "两学一做", "五加二、白加黑",
           "不忘初心、牢记使命", "四好农村路", "一二三四")
HONOURS = ("全国文明村镇", "省级卫生乡镇", "先进基层党组织", "平安单位", "XX杯")
CONNECTORS = ("，", "；", "，同比增长", "，比上年增加", "，完成年度目标的")
NOISE_LINES = ("来源：县政府办公室", "— 3 —", "-12-", "【打印】【关闭】", "责任编辑：王某", "第2页 共5页", "3/7",
               "http://www.example.gov.cn/zwgk/2021/1234.html", "首页 > 政务公开 > 工作总结", "发布时间：2021-12-30",
               "字号：大 中 小", "仅供学习参考，请勿转载")
SALUTATIONS = ("各位代表：", "同志们：", "各位领导、同志们：", "尊敬的各位领导：")
SUBTITLES = ("——2020年1月X日在县第十七届人民代表大会第四次会议上", "（2021年12月）", "——在全镇工作会议上的讲话",
             "（讨论稿）")
SIGNATURES = ("青石镇人民政府", "2021年12月20日", "二〇二二年一月五日", "述职人：李某某")
CLOSINGS = ("让我们团结一心，为全面完成各项目标任务而努力奋斗！", "新的一年，我们将再接再厉，开创工作新局面。")
PROBLEM_INTROS = ("工作中也存在一些问题和不足：", "但也要清醒看到，", "存在的主要问题是：")
PROBLEMS = ("产业结构不够优化", "基础设施仍然薄弱", "干部队伍能力有待提升", "财政收支矛盾突出", "群众增收渠道较窄")
PLAN_OPENERS = ("下一步，我们将", "明年，力争", "今后，要", "2024年，计划", "在新的一年里，我们将")
ENUMERATORS = (("一是", "二是", "三是", "四是"), ("首先，", "其次，", "再次，", "最后，"), ("一方面", "另一方面"),
               ("第一，", "第二，", "第三，"))
TITLES = (*AREAS, *(v + a for v in VERBS[:3] for a in AREAS[:6]), *(a + e for a in AREAS[:6] for e in EVALUATIONS[:4]),
          "存在的问题和不足", "下一步工作打算", "2024年工作安排", "主要工作及成效")

# --------------------------------------------------------------------------- drawing helpers

BOOLEANS = st.booleans()


@cache
def _sampler(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


@cache
def ints(low: int, high: int) -> st.SearchStrategy[int]:
    """``st.integers(low, high)``, built once (building strategies inside draws is slow)."""
    return st.integers(low, high)


def pick(draw: st.DrawFn, options: tuple[T, ...]) -> T:
    """One of ``options``; shrinks towards the first."""
    value: T = draw(_sampler(options))
    return value


# --------------------------------------------------------------------------- figures

_DIGITS = st.integers(min_value=0, max_value=99999).map(str)
_DECIMALS = st.tuples(st.integers(0, 9999), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]}")
_GROUPED = st.integers(1000, 9_999_999).map(lambda n: f"{n:,}")
_CHINESE = st.integers(1, 99).map(chinese_numeral)
_MASKED = st.sampled_from(("X", "XX", "XXX", "××", "x.x", "X.X"))
_NUMBER: st.SearchStrategy[str] = st.one_of(_DIGITS, _DECIMALS, _GROUPED, _CHINESE, _MASKED, _DIGITS.map(full_width),
                    _DECIMALS.map(full_width))


@st.composite
def figures(draw: st.DrawFn) -> str:
    """A figure as written: number with multiplier, unit, approximation, or a percent, range, rank, multiple."""
    number = draw(_NUMBER)
    shape = pick(draw, ("unit", "unit", "percent", "points", "range", "rank", "multiple", "cn_percent"))
    if shape == "percent":
        return number + pick(draw, ("%", "％"))
    if shape == "points":
        return number + "个百分点"
    if shape == "cn_percent":
        return "百分之" + draw(_CHINESE)
    if shape == "range":
        return number + pick(draw, ("—", "-", "～", "至")) + draw(_DIGITS) + pick(draw, (*UNITS, "%"))
    if shape == "rank":
        return pick(draw, ("居全县", "列全市", "全省排名", "")) + "第" + draw(_CHINESE) + pick(draw, ("名", "位"))
    if shape == "multiple":
        return pick(draw, (number + "倍", "翻一番", "翻两番"))
    return pick(draw, APPROX_BEFORE) + number + pick(draw, APPROX_AFTER) + pick(draw, UNITS)


# --------------------------------------------------------------------------- sentences and paragraphs


@st.composite
def quoted(draw: st.DrawFn) -> str:
    """A slogan or an honour in quotes; sometimes a quote that never closes."""
    inner = pick(draw, SLOGANS + HONOURS)
    style = pick(draw, ("cn", "cn", "ascii", "single", "book", "open", "close"))
    if style == "ascii":
        return f'"{inner}"'
    if style == "single":
        return f"‘{inner}’"
    if style == "book":
        return f"《关于{inner}的实施意见》"
    if style == "open":
        return f"“{inner}"
    if style == "close":
        return f"{inner}”"
    return f"“{inner}”"


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One sentence of the body: a result with figures, a slogan, an honour, a measure, a lead sentence."""
    kind = pick(draw, ("figures", "figures", "slogan", "honour", "measure", "lead", "plain"))
    if kind == "figures":
        text = pick(draw, METRICS) + pick(draw, ("", "达到", "完成", "实现")) + draw(FIGURES)
        for _ in range(draw(ints(0, 3))):
            text += pick(draw, CONNECTORS) + draw(FIGURES)
        return text + "。"
    if kind == "slogan":
        return "深入落实" + draw(QUOTED) + "要求，" + pick(draw, AREAS) + pick(draw, EVALUATIONS) + "。"
    if kind == "honour":
        return "全" + pick(draw, ("镇", "县", "局", "校")) + "被评为" + draw(QUOTED) + "。"
    if kind == "measure":
        return pick(draw, VERBS) + pick(draw, AREAS) + "，组织开展专项行动" + draw(_DIGITS) + "次。"
    if kind == "lead":  # an implicit heading: area + evaluation, short, ends in 。
        return pick(draw, AREAS) + pick(draw, EVALUATIONS) + "。"
    return pick(draw, AREAS) + "工作有序开展，" + pick(draw, EVALUATIONS) + "。"


@st.composite
def enumerations(draw: st.DrawFn) -> str:
    """An inline list: 一是…；二是…；三是…。 (or 首先…其次…, 一方面…另一方面…, 第一，…第二，…)."""
    series = pick(draw, ENUMERATORS)
    count = draw(ints(1, len(series)))
    items = [series[i] + pick(draw, VERBS) + pick(draw, AREAS) for i in range(count)]
    return pick(draw, ("", "主要做法：", "具体措施如下：")) + "；".join(items) + "。"


@st.composite
def problem_paragraphs(draw: st.DrawFn) -> str:
    """Self-criticism: an intro, then 一是…；二是…。"""
    count = draw(ints(1, 4))
    items = [("一是", "二是", "三是", "四是")[i] + pick(draw, PROBLEMS) for i in range(count)]
    return pick(draw, PROBLEM_INTROS) + "；".join(items) + "。"


@st.composite
def plan_paragraphs(draw: st.DrawFn) -> str:
    """Next steps: 下一步，我们将…，…力争达到…。"""
    return (pick(draw, PLAN_OPENERS) + pick(draw, VERBS) + pick(draw, AREAS) + "，" + pick(draw, METRICS)
            + "力争达到" + draw(FIGURES) + "。")


@st.composite
def body_paragraphs(draw: st.DrawFn) -> str:
    """A paragraph of one to five sentences, sometimes ending in an inline list."""
    text = "".join(draw(SENTENCES) for _ in range(draw(ints(1, 5))))
    return text + draw(ENUMERATIONS) if draw(ints(0, 4)) == 0 else text


# --------------------------------------------------------------------------- sections and documents


@st.composite
def section_lines(draw: st.DrawFn, styles: tuple[str, ...], depth: int, ordinal: int) -> list[str]:
    """A heading at ``depth`` (its marker in ``styles[depth]``), its body and its subsections."""
    marker = MARKER_STYLES[styles[depth]](ordinal)
    title = pick(draw, TITLES)
    shape = pick(draw, ("own_line", "own_line", "punct", "run_in", "marker_alone", "space"))
    if shape == "run_in":  # （二）认真抓好安全生产。全年…
        lines = [marker + title + "。" + draw(PARAGRAPHS)]
    elif shape == "punct":
        lines = [marker + title + pick(draw, ("：", "。", ":", "；"))]
    elif shape == "marker_alone":
        lines = [marker, title]
    elif shape == "space":
        lines = [marker + " " + title]
    else:
        lines = [marker + title]
    lines += [draw(PARAGRAPHS) for _ in range(draw(ints(0, 3)))]
    if depth + 1 < len(styles):
        first = pick(draw, (1, 1, 1, 2))  # numbering that starts late
        for child in range(draw(ints(0, 3))):
            jump = pick(draw, (0, 0, 0, 1))  # or jumps
            lines += draw(section_lines(styles, depth + 1, first + child + jump))
    return lines


@st.composite
def document_lines(draw: st.DrawFn, max_depth: int = 4) -> list[str]:
    """The lines of a realistic document, before line endings and indentation are chosen."""
    lines = [pick(draw, NOISE_LINES) for _ in range(draw(ints(0, 3)))]
    if draw(BOOLEANS):
        lines.append(pick(draw, ISSUERS) + pick(draw, PERIODS) + pick(draw, DOC_TYPES))
        if draw(BOOLEANS):
            lines.append(pick(draw, SUBTITLES))
    if draw(BOOLEANS):
        lines.append(pick(draw, SALUTATIONS))
    lines += [draw(PARAGRAPHS) for _ in range(draw(ints(0, 2)))]
    variant = pick(draw, tuple(MARKER_STYLES))
    styles: tuple[str, ...] = STANDARD_LEVELS if draw(BOOLEANS) else (variant, *STANDARD_LEVELS[1:])
    styles = styles[draw(ints(0, 1)):]  # some documents start at level 2
    depth = draw(ints(1, max_depth))
    for ordinal in range(1, draw(ints(0, 4)) + 1):
        lines += draw(section_lines(styles[:depth], 0, ordinal))
        if draw(ints(0, 9)) == 0:
            lines.append(pick(draw, NOISE_LINES))  # page markers between sections
    if draw(BOOLEANS):
        lines.append(pick(draw, CLOSINGS))
    lines += [pick(draw, SIGNATURES) for _ in range(draw(ints(0, 2)))]
    lines += [pick(draw, NOISE_LINES) for _ in range(draw(ints(0, 2)))]
    return lines


LINE_ENDINGS = ("\n", "\r\n", "\r")
INDENTS = ("", "", "\u3000\u3000", "    ", "\t", " ")


@st.composite
def documents(draw: st.DrawFn, max_depth: int = 4) -> str:
    """A whole document as text: lines joined with one line-ending style (or a mix, or none at all)."""
    lines = draw(document_lines(max_depth))
    style = pick(draw, ("\n", "\n", "\r\n", "\r", "mixed", "escaped", "one_line"))
    indent = pick(draw, INDENTS)
    blank = draw(BOOLEANS)
    out: list[str] = []
    for line in lines:
        if style == "one_line":  # the whole report on one line, paragraphs set off by U+3000 pairs
            out.append("\u3000\u3000" + line)
            continue
        ending = "\\r\\n" if style == "escaped" else style
        if style == "mixed":
            ending = pick(draw, LINE_ENDINGS)
        trailing = pick(draw, ("", "", " ", "\u3000"))
        out.append(indent + line + trailing + ending + (ending if blank else ""))
    text = "".join(out)
    variant = draw(ints(0, 7))
    if variant == 0:
        text = full_width(text)
    elif variant == 1:
        text = text.replace("。", ".")
    if draw(BOOLEANS):
        text = text.rstrip("\r\n")  # no final line break
    return text


# --------------------------------------------------------------------------- hostile text

#: Every code point str.splitlines() breaks on, and the escaped forms some exports hold.
LINE_BREAKS = ("\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\\r\\n", "\\n",
               "\\r", "\n\r")
#: Characters that upset text processing: NUL, controls, BOM, zero-width, bidi override, replacement
#: character, combining mark, astral characters, variation selector, private use, non-character.
ODD_CHARACTERS = ("\x00", "\x01", "\x08", "\x1b", "\x7f", "\x80", "\x9f", "\ufeff", "\u200b", "\u200d", "\u202e",
                  "\u3000", "\xa0", "\ufffd", "\u0301", "\U0001f600", "\ufe0f", "\ue000", "\U00020000", "\uffff",
                  "\\")
#: Lone surrogates: legal in a Python str, not encodable as UTF-8.
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
#: Every kind of Unicode digit and number: Nd (٣, ३, ３, 𝟛), No (①, ², ½), Nl (Ⅻ, 〇).
UNICODE_DIGITS = st.characters(categories=["Nd", "No", "Nl"])
#: Any code point at all, surrogates included.
ANY_CHARACTER = st.characters(exclude_categories=())
_PUNCTUATION = ("“", "”", "《", "》", "（", "）", "(", ")", "。", "：", "、", "——", "X", "%", "+", "万", "亿", "第")

HOSTILE_PIECES: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(LINE_BREAKS),
    st.sampled_from(ODD_CHARACTERS),
    SURROGATES,
    UNICODE_DIGITS,
    st.text(ANY_CHARACTER, max_size=8),
    st.sampled_from(tuple(MARKER_STYLES)).map(lambda name: MARKER_STYLES[name](1)),
    st.sampled_from(_PUNCTUATION),
)


@st.composite
def spliced(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A text from ``base`` with hostile pieces inserted at a few random positions."""
    text = draw(base)
    for _ in range(draw(ints(1, 6))):
        at = draw(ints(0, len(text)))
        text = text[:at] + draw(HOSTILE_PIECES) + text[at:]
    return text


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Short texts of anything: every code point, line breaks of every kind, digits of every script."""
    return st.one_of(
        st.text(ANY_CHARACTER, max_size=max_size),
        st.lists(HOSTILE_PIECES, max_size=40).map("".join),
        st.text(UNICODE_DIGITS, max_size=60),
        st.lists(st.one_of(HOSTILE_PIECES, SENTENCES, st.sampled_from(NOISE_LINES)), max_size=30).map("".join),
    )


# --------------------------------------------------------------------------- bytes

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5")


@st.composite
def encoded_documents(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """``(text, encoding, bytes)`` of a document in an encoding that can represent it."""
    text = draw(documents(max_depth=3))
    encoding = pick(draw, ENCODINGS)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding, data = "utf-8", text.encode("utf-8")
    return text, encoding, data


@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    """Bytes a corpus really holds: truncated, a byte flipped, bytes inserted, two files glued, NUL padding."""
    data = draw(encoded_documents())[2]
    damage = pick(draw, ("truncate", "flip", "insert", "glued", "nul", "random", "none"))
    if damage == "truncate" and data:
        return data[:draw(ints(0, len(data)))]
    if damage == "flip" and data:
        at = draw(ints(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ draw(ints(1, 255))]) + data[at + 1:]
    if damage == "insert":
        at = draw(ints(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    if damage == "glued":  # two files of different encodings concatenated
        return data + draw(encoded_documents())[2]
    if damage == "nul":
        return data + b"\x00" * draw(ints(1, 64))
    if damage == "random":
        return draw(st.binary(max_size=2048))
    return data


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')


def minimal_docx(paragraphs: list[str], *, prolog: str = "", extra: dict[str, bytes] | None = None,
                 document_xml: str | None = None) -> bytes:
    """The smallest .docx python-docx opens: content types, one relationship, the document part."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = document_xml if document_xml is not None else (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- built once

FIGURES = figures()
QUOTED = quoted()
SENTENCES = sentences()
ENUMERATIONS = enumerations()
PARAGRAPHS: st.SearchStrategy[str] = st.one_of(body_paragraphs(), body_paragraphs(), enumerations(),
                                               problem_paragraphs(), plan_paragraphs())


def any_text() -> st.SearchStrategy[str]:
    """What ``parse`` must take: realistic documents, documents with hostile pieces spliced in, hostile text."""
    return st.one_of(documents(), spliced(documents(max_depth=3)), hostile_text())
