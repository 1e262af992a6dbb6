"""Security: input is data, never code; outputs stay where they belong; pages show text as text (issue 10).

- no ``eval``/``exec``/pickle/marshal anywhere in worksum's source (an AST scan, so a new one fails here);
- user lexicon files are parsed as data, and every way of getting one wrong is a ``LexiconError`` that
  names the file and the line; forms are matched literally, never as regular expressions;
- output paths derived from input names stay inside the output folder (render_site, the temporary copy
  of .docx bytes, worksum batch);
- the HTML review page and the index page escape every piece of document text: a document holding
  ``<script>`` shows it as text, whatever field it lands in.
"""

from __future__ import annotations

import ast
import html.parser
import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import worksum
from strategies import documents
from worksum.errors import InputError, LexiconError
from worksum.extract.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "worksum"

# --------------------------------------------------------------------------- no code from input

FORBIDDEN_CALLS = {"eval", "exec", "__import__", "execfile"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "joblib", "yaml"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if isinstance(func, ast.Name) and name in FORBIDDEN_CALLS:
                found.append(f"{where}: {name}()")
            if name == "literal_eval":
                found.append(f"{where}: literal_eval() (parse data as JSON)")
            if any(k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords):
                found.append(f"{where}: shell=True")
        elif isinstance(node, ast.Import):
            found += [f"{where}: import {a.name}" for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(f"{where}: from {node.module} import …")
    return found


def test_the_scan_sees_an_offence(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import pickle\nfrom marshal import loads\nx = eval('1')\nimport yaml.constructor\n"
                      "subprocess.run(cmd, shell=True)\nast.literal_eval(s)\n", encoding="utf-8")
    assert len(_offences(sample)) == 6


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_eval_exec_or_pickle(path: Path) -> None:
    assert not _offences(path)


# --------------------------------------------------------------------------- user lexicons are data

GOOD_ENTRY = '{"canonical": "三引一促", "kind": "numeric", "category": "economy"}'
LEXICON_ERRORS = {
    # name: (file content, expected line, message fragment)
    "invalid_json": ('[\n  {"canonical": "三引一促",\n   "kind": numeric}\n]', 3, "invalid JSON"),
    "not_a_list": ('{"canonical": "三引一促"}', 1, "unknown key"),
    "a_string": ('"三引一促"', 1, "JSON list"),
    "python_code": ("__import__('os').system('echo pwned')", 1, "JSON list"),
    "yaml": ("- canonical: 三引一促\n  kind: numeric\n", 1, "JSON list"),
    "unknown_field": (f'[\n{GOOD_ENTRY},\n{{"canonical": "两个维护", "kind": "numeric", "category": "ideology", '
                      f'"eval": "1"}}\n]', 3, "unknown field"),
    "missing_kind": ('[\n\n  {"canonical": "两个维护", "category": "ideology"}\n]', 3, "missing field 'kind'"),
    "bad_kind": ('[{"canonical": "两个维护", "kind": "regex", "category": "ideology"}]', 1, "'kind' must be"),
    "empty_canonical": ('[{"canonical": "  ", "kind": "numeric", "category": "ideology"}]', 1, "canonical"),
    "bad_year": ('[\n{"canonical": "两个维护", "kind": "numeric", "category": "ideology", "year": "2018"}]', 2,
                 "'year'"),
    "aliases_not_list": ('[{"canonical": "两个维护", "kind": "numeric", "category": "ideology", "aliases": "x"}]', 1,
                         "aliases"),
    "same_form_twice": ('[{"canonical": "两个维护", "kind": "numeric", "category": "ideology", '
                        '"aliases": ["两个维护"]}]', 1, "same form twice"),
    "duplicate_entries": (f"[\n{GOOD_ENTRY},\n{GOOD_ENTRY}\n]", 3, "三引一促"),
    "trailing_text": (f"[{GOOD_ENTRY}] extra", 1, "after the list"),
    "missing_comma": (f"[\n{GOOD_ENTRY}\n{GOOD_ENTRY}]", 3, "','"),
    "empty_file": ("", 1, "JSON list"),
    "wrapper_unknown_key": ('{"bundled": false, "entries": [], "exec": 1}', 1, "unknown key"),
    "wrapper_bad_bundled": ('{"bundled": "no", "entries": []}', 1, "'bundled'"),
}


@pytest.mark.parametrize(("content", "line", "message"), list(LEXICON_ERRORS.values()), ids=list(LEXICON_ERRORS))
def test_lexicon_errors_name_the_file_and_the_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "my_lexicon.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert info.value.path is not None and info.value.path.endswith("my_lexicon.json")
    assert info.value.line == line, str(info.value)
    assert f"my_lexicon.json:{line}:" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(("name", "data"), [
    ("not_utf8", "[]".encode("utf-16")[2:] + b"\xff\xfe\xfd"),
    ("binary", bytes(range(256))),
    ("a_folder", None),
    ("missing", None),
])
def test_unreadable_lexicon_files(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = tmp_path / f"{name}.json"
    if name == "a_folder":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    with pytest.raises(LexiconError, match=re.escape(path.name)):
        load_lexicon(path)


def test_deeply_nested_lexicon_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"nested\.json"):
        load_lexicon(path)


def test_lexicon_forms_are_matched_literally(tmp_path: Path) -> None:
    entries = [{"canonical": form, "kind": "programme", "category": "other"}
               for form in ("(a+)+$", ".*", "[一-龥]+", "a|b", "\\d+")]
    path = tmp_path / "regex_like.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    text = "全年推进工作" + "a" * 50_000 + "！实施(a+)+$工程，落实.*要求。\n"
    started = time.perf_counter()
    report = worksum.parse(text, lexicon=path)
    assert time.perf_counter() - started < 10
    found = {s.text for s in report.slogans}
    assert "(a+)+$" in found and ".*" in found
    assert not found & {"a", "全年推进工作", "[一-龥]+", "a|b", "\\d+"}


# --------------------------------------------------------------------------- outputs stay inside their folder

HOSTILE_NAMES = ["../../escaped.txt", "a/../../b/escaped.txt", "/etc/escaped.txt", "..\\..\\escaped.txt",
                 "sub/../../../escaped.txt"]


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", HOSTILE_NAMES[2:4], ids=["absolute", "backslashes"])
def test_render_site_keeps_pages_inside_the_output(tmp_path: Path, name: str) -> None:
    from worksum.export.html import render_site

    root, output = tmp_path / "corpus", tmp_path / "site" / "out"
    before = _files_under(tmp_path)
    render_site([(root / name, worksum.parse("一、经济发展\n增长5%。"))], root, output)
    written = _files_under(tmp_path) - before
    assert written and all(output in path.parents for path in written), sorted(map(str, written))


@pytest.mark.parametrize("name", [HOSTILE_NAMES[0], HOSTILE_NAMES[1], HOSTILE_NAMES[4]],
                         ids=["parent", "parent_after_child", "deep_parent"])
def test_render_site_keeps_dotdot_pages_inside_the_output(tmp_path: Path, name: str) -> None:
    from worksum.export.html import render_site

    root, output = tmp_path / "a" / "b" / "corpus", tmp_path / "a" / "b" / "site"
    before = _files_under(tmp_path)
    render_site([(root / name, worksum.parse("一、经济发展\n增长5%。"))], root, output)
    written = _files_under(tmp_path) - before
    assert all(output in path.parents for path in written), sorted(map(str, written))


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "..", ".", "", "a.docx/..", "con.docx", "x" * 300 + ".docx"])
def test_docx_bytes_are_copied_inside_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        name: str) -> None:
    from strategies import minimal_docx
    from worksum.batch import text_from_bytes

    scratch = tmp_path / "scratch"
    (scratch / "tmp").mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch / "tmp"))
    document = name if name.endswith(".docx") else name + ".docx"
    try:
        text, encoding = text_from_bytes(minimal_docx(["一、经济发展"]), document)
        assert (text, encoding) == ("一、经济发展", "docx")
    except (InputError, OSError):
        pass  # a name the file system refuses is an error, not a write elsewhere
    assert _files_under(scratch) == set(), "a copy was left behind or written outside its folder"
    assert not (tmp_path / "escaped.docx").exists()


def test_batch_writes_only_its_own_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from worksum.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["..txt", "-rf.txt", "名 字.txt", "<script>alert(1)<_script>.txt", "a\nb.txt", "quote\"'.txt",
             "--output=x.txt"]
    for name in names:
        (corpus / name).write_text("一、经济发展\n全年完成投资1.5亿元。\n", encoding="utf-8")
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    before = _files_under(tmp_path)
    status = main(["batch", str(corpus), "-o", str(out), "-j", "1", "-q", "--no-progress"])
    capsys.readouterr()
    assert status == 1  # the broken file
    written = _files_under(tmp_path) - before
    assert {p.name for p in written} <= {"reports.jsonl", "failures.jsonl", "batch.json", ".batch.lock"}
    assert all(p.parent == out for p in written)
    sources = [json.loads(line)["source"] for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    # Every document once; "..txt" is a hidden file, which a folder walk leaves out by design.
    assert sorted(Path(s).name for s in sources) == sorted(n for n in names if not n.startswith("."))


# --------------------------------------------------------------------------- the HTML page shows text as text

PAYLOADS = (
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">点击</a>",
    "<style>body{display:none}</style>",
    "</textarea></title><base href=//evil.example>",
    "<!--",
    "]]><![CDATA[",
    "&lt;script&gt;",
    "$body $data ${css}",
    "\u2028\u2029",
    "<object data=x>",
)


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def _parse_html(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _allowed_tags() -> set[str]:
    """Every tag worksum's templates and page code write."""
    sources = [SRC / "export" / "html.py", *(SRC / "data").glob("*.html"), *(SRC / "data").glob("*.js")]
    return {tag.lower() for path in sources for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", path.read_text("utf-8"))}


def _check_page(page: str, scripts: int) -> None:
    parsed = _parse_html(page)
    unexpected = set(parsed.tags) - _allowed_tags()
    assert not unexpected, f"tags from the document: {unexpected}"
    assert parsed.tags.count("script") == scripts
    assert parsed.tags.count("base") == 0 and parsed.tags.count("iframe") == 0
    handlers = [name for name, _ in parsed.attributes if name.startswith("on")]
    assert not handlers, f"event handler attributes: {handlers}"
    assert not [v for _, v in parsed.attributes if v.strip().lower().startswith("javascript:")]


def _hostile_document(payload: str) -> str:
    return (f"青石镇{payload}2021年工作总结\n——在{payload}会议上\n一、经济{payload}发展\n"
            f"全年完成投资1.5亿元{payload}，落实“{payload}”要求，增长8%。\n"
            f"二、存在的问题\n一是{payload}不足；二是基础薄弱。\n下一步，我们将{payload}。\n")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_review_page_escapes_every_piece_of_text(payload: str) -> None:
    report = worksum.parse(_hostile_document(payload), source=f"/tmp/{payload}.txt")
    page = report.to_html()
    _check_page(page, scripts=2)
    if "<" in payload:
        assert payload not in page
    data = re.search(r'<script type="application/json" id="ws-data">(.*?)</script>', page, re.S)
    assert data is not None and json.loads(data.group(1))  # the data script is whole, valid JSON


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(max_depth=3), st.sampled_from(PAYLOADS), st.data())
def test_review_page_escapes_payloads_anywhere(text: str, payload: str, data: st.DataObject) -> None:
    for _ in range(3):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + payload + text[at:]
    _check_page(worksum.parse(text).to_html(), scripts=2)


@pytest.mark.skipif(os.name != "posix", reason="file names with < > \" are POSIX-only")
def test_index_page_escapes_file_names_and_titles(tmp_path: Path) -> None:
    from worksum.export.html import render_site

    root, output = tmp_path / "corpus", tmp_path / "site"
    documents_: list[tuple[Path, worksum.Report | Exception]] = []
    for index, payload in enumerate(PAYLOADS[:8]):
        name = payload.replace("/", "_") + f"-{index}.txt"
        documents_.append((root / name, worksum.parse(_hostile_document(payload))))
    documents_.append((root / "<b>failed<_b>.txt", InputError("<script>alert(1)</script>", path="x")))
    render_site(documents_, root, output, title="<script>alert(1)</script>")
    index_page = (output / "index.html").read_text(encoding="utf-8")
    scripts = _parse_html((ROOT / "src" / "worksum" / "data" / "index.html").read_text("utf-8")).tags.count("script")
    _check_page(index_page, scripts=scripts)
    for page in output.glob("*.txt.html"):
        _check_page(page.read_text(encoding="utf-8"), scripts=2)
