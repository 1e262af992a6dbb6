"""The slogan lexicon: every bundled entry, the file format, user lexicons and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksum.errors import LexiconError, WorksumError
from worksum.extract.lexicon import (
    CATEGORIES,
    KINDS,
    SloganEntry,
    form_key,
    load_lexicon,
    load_quoted_cues,
    parse_lexicon,
)
from worksum.extract.slogans import extract_slogans
from worksum.normalize import normalize_view

ROOT = Path(__file__).resolve().parents[1]
LEXICON = load_lexicon()
ENTRIES = list(LEXICON)


def _ids(entry: SloganEntry) -> str:
    return entry.canonical


def _slogans(text: str) -> list[tuple[str, str, bool]]:
    slogans, _ = extract_slogans(text, normalize_view(text))
    return [(s.text, s.canonical, s.quoted) for s in slogans]


# --------------------------------------------------------------------------- the bundled lexicon


def test_bundled_size_and_level() -> None:
    assert len(LEXICON) >= 150
    assert all(entry.level == "national" for entry in LEXICON)


def test_canonical_forms_unique() -> None:
    canonicals = [entry.canonical for entry in LEXICON]
    assert len(canonicals) == len(set(canonicals))
    keys = [form_key(form) for entry in LEXICON for form in entry.forms]
    assert len(keys) == len(set(keys))


def test_required_slogans_present() -> None:
    required = [
        "四个意识", "四个自信", "两个维护", "两个确立", "两学一做", "三严三实", "四个全面", "五位一体", "新发展理念",
        "五大发展理念", "两不愁三保障", "三大攻坚战", "六稳", "六保", "四风", "四个服从", "三品一标", "放管服",
        "八项规定", "一带一路", "精准扶贫", "乡村振兴", "河长制", "双随机一公开", "最多跑一次", "厕所革命",
        "四好农村路", "两个一百年", "中国梦", "三会一课", "四种形态", "三去一降一补", "供给侧结构性改革", "全面改薄",
        "雪亮工程", "天网工程", "扫黑除恶", "不忘初心、牢记使命",
    ]  # fmt: skip
    missing = [form for form in required if LEXICON.lookup(form) is None]
    assert missing == []


@pytest.mark.parametrize(
    ("form", "expansion"),
    [
        ("四个意识", ["政治意识", "大局意识", "核心意识", "看齐意识"]),
        ("四个自信", ["道路自信", "理论自信", "制度自信", "文化自信"]),
        ("两学一做", ["学党章党规", "学系列讲话", "做合格党员"]),
        ("五大发展理念", ["创新", "协调", "绿色", "开放", "共享"]),
        ("六稳", ["稳就业", "稳金融", "稳外贸", "稳外资", "稳投资", "稳预期"]),
        ("四风", ["形式主义", "官僚主义", "享乐主义", "奢靡之风"]),
        ("放管服", ["简政放权", "放管结合", "优化服务"]),
        ("三大攻坚战", ["防范化解重大风险", "精准脱贫", "污染防治"]),
        ("全面改薄", []),
        ("中国梦", []),
    ],
)
def test_expansions(form: str, expansion: list[str]) -> None:
    entry = LEXICON.lookup(form)
    assert entry is not None
    assert list(entry.expansion) == expansion


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_entry_fields(entry: SloganEntry) -> None:
    assert entry.kind in KINDS
    assert entry.category in CATEGORIES
    assert entry.year is None or 1900 <= entry.year <= 2030
    assert all(part.strip() == part and part for part in entry.expansion)
    assert len(set(entry.expansion)) == len(entry.expansion)
    assert entry.quoted_only <= set(entry.forms)
    assert entry.line is not None


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_entry_aliases_map_back(entry: SloganEntry) -> None:
    for form in entry.forms:
        assert LEXICON.lookup(form) is entry
        assert form in LEXICON


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_entry_found_in_quotes(entry: SloganEntry) -> None:
    for form in entry.forms:
        text = f"我们认真落实“{form}”的有关要求。"
        assert _slogans(text) == [(form, entry.canonical, True)], form


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_entry_found_without_quotes(entry: SloganEntry) -> None:
    for form in entry.forms:
        text = f"我们认真落实{form}的有关要求。"
        found = _slogans(text)
        if form in entry.quoted_only:
            assert entry.canonical not in [canonical for _, canonical, _ in found], form
        else:
            assert found == [(form, entry.canonical, False)], form


def test_bundled_is_cached() -> None:
    assert load_lexicon() is load_lexicon(None)


def test_one_entry_per_line() -> None:
    lines = (ROOT / "src/worksum/lexicons/slogans.json").read_text(encoding="utf-8").splitlines()
    assert [entry.line for entry in LEXICON] == [
        n for n, line in enumerate(lines, 1) if line.strip().startswith("{")
    ]


def test_categories_documented() -> None:
    doc = (ROOT / "docs/slogans.md").read_text(encoding="utf-8")
    assert all(f"`{category}`" in doc for category in CATEGORIES)


def test_quoted_cues_load() -> None:
    cues = load_quoted_cues()
    assert cues.honour.ends("全国文明村") == "文明村"
    assert cues.event.ends("第三届桃花节") is not None
    assert cues.event.ends("两个环节") is None
    assert cues.brand.ends("茶坡芹菜") == "芹菜"
    assert "省委" in cues.issuers
    assert cues.issuer_pattern.search("贯彻落实省委") is not None


# --------------------------------------------------------------------------- user lexicons


def _write(tmp_path: Path, content: object | str, name: str = "mine.json") -> Path:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


_LOCAL = {"canonical": "五联五促", "kind": "numeric", "category": "governance", "level": "county"}


def test_user_lexicon_extends_bundled(tmp_path: Path) -> None:
    lexicon = load_lexicon(_write(tmp_path, [_LOCAL]))
    assert len(lexicon) == len(LEXICON) + 1
    entry = lexicon.lookup("五联五促")
    assert entry is not None and entry.level == "county" and entry.source is not None
    slogans, _ = extract_slogans(
        "推行五联五促工作法。", normalize_view("推行五联五促工作法。"), lexicon=lexicon
    )
    assert [(s.text, s.known, s.category) for s in slogans] == [("五联五促", True, "governance")]


def test_user_lexicon_alone(tmp_path: Path) -> None:
    path = _write(tmp_path, {"bundled": False, "entries": [_LOCAL]})
    lexicon = load_lexicon(path)
    assert [entry.canonical for entry in lexicon] == ["五联五促"]
    assert lexicon.lookup("四个意识") is None


def test_user_lexicon_replaces_same_canonical(tmp_path: Path) -> None:
    mine = {"canonical": "四风", "kind": "numeric", "category": "other", "aliases": ["四种作风"]}
    lexicon = load_lexicon(_write(tmp_path, [mine]))
    entry = lexicon.lookup("四种作风")
    assert entry is not None and entry.category == "other" and lexicon.lookup("四风") is entry


def test_user_lexicon_default_level_is_local(tmp_path: Path) -> None:
    mine = {"canonical": "三引一促", "kind": "numeric", "category": "economy"}
    entry = load_lexicon(_write(tmp_path, [mine])).lookup("三引一促")
    assert entry is not None and entry.level == "local"


def test_user_lexicon_cached_and_reloaded(tmp_path: Path) -> None:
    path = _write(tmp_path, [_LOCAL])
    assert load_lexicon(path) is load_lexicon(str(path))
    _write(tmp_path, [_LOCAL, {**_LOCAL, "canonical": "三引一促"}])
    assert load_lexicon(path).lookup("三引一促") is not None


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other"},\n {"canonical": }\n]',
            3,
            "invalid JSON",
        ),
        ('[\n {"canonical": "甲", "kind": "numeric"}\n]', 2, "missing field 'category'"),
        ('[\n {"canonical": "甲", "kind": "slogan", "category": "other"}\n]', 2, "'kind' must be one of"),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "sports"}\n]',
            2,
            "'category' must be one of",
        ),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other", "colour": 1}\n]',
            2,
            "unknown field",
        ),
        ('[\n {"canonical": "甲", "kind": "numeric", "category": "other", "year": "2018"}\n]', 2, "'year'"),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other", "aliases": "乙"}\n]',
            2,
            "'aliases'",
        ),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other", "quoted_only": ["丙"]}\n]',
            2,
            "quoted_only",
        ),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other", "level": "galactic"}\n]',
            2,
            "'level'",
        ),
        ('[\n {"canonical": "", "kind": "numeric", "category": "other"}\n]', 2, "'canonical'"),
        ('[\n {"canonical": "甲", "kind": "numeric", "category": "other"},\n\n "乙"\n]', 4, "JSON object"),
        (
            '[\n {"canonical": "甲", "kind": "numeric", "category": "other"}\n {"canonical": "乙"}\n]',
            3,
            "expected ','",
        ),
        ('{"canonical": "甲"}', 1, "unknown key(s) canonical"),
        ('{\n "bundled": false\n}', 1, "missing key 'entries'"),
        ('{"bundled": "no", "entries": []}', 1, "'bundled' must be true or false"),
        ('"甲"', 1, "expected a JSON list"),
    ],
)
def test_user_lexicon_errors_name_file_and_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert isinstance(info.value, WorksumError)
    assert info.value.line == line
    assert info.value.path is not None and info.value.path.endswith("mine.json")
    assert message in str(info.value)
    assert f"mine.json:{line}:" in str(info.value)


def test_duplicate_forms_are_errors(tmp_path: Path) -> None:
    twice = [
        {"canonical": "甲乙", "kind": "phrase", "category": "other"},
        {"canonical": "丙丁", "kind": "phrase", "category": "other", "aliases": ["甲乙"]},
    ]
    with pytest.raises(LexiconError, match="already a form") as info:
        load_lexicon(_write(tmp_path, {"bundled": False, "entries": twice}))
    assert info.value.line == 9  # the second entry (indent=1: the first one spans lines 4-8)
    clash = [{"canonical": "我的提法", "kind": "phrase", "category": "other", "aliases": ["两学一做"]}]
    with pytest.raises(LexiconError, match="already a form"):
        load_lexicon(_write(tmp_path, clash, "clash.json"))


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no such file"):
        load_lexicon(tmp_path / "nothing.json")


def test_parse_lexicon_round_trip() -> None:
    text = json.dumps([entry.to_json() for entry in LEXICON], ensure_ascii=False, indent=1)
    again = parse_lexicon(text, path="<memory>")
    assert [e.to_json() for e in again] == [e.to_json() for e in LEXICON]
