"""The review page: markup, escaping, the site, and the page in a real (headless) Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import worksum
from worksum.cli import main as cli_main
from worksum.export.html import (
    PageItem,
    SiteEntry,
    figure_fields,
    highlight,
    index_html,
    page_items,
    report_to_html,
    script_json,
    slogan_fields,
)
from worksum.models import Diagnostic, Figure, Report, Slogan, Span, Statement

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed.txt"

SAMPLE = (
    "清河镇2023年工作总结\n"
    "2023年，全镇完成一般公共预算收入1.2亿元，同比增长6.5%。\n"
    "一、党的建设\n"
    "（一）思想建设。深入开展“两学一做”学习教育，落实县委“三个一”工作机制。\n"
    "（二）组织建设。全年发展党员12名。\n"
    "二、存在的问题\n"
    "一是产业规模偏小；二是基础设施薄弱。\n"
    "三、下一步工作打算\n"
    "我们将力争新增高标准农田2万亩。\n"
)


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start=start, end=start + len(needle))


def sample_report(text: str = SAMPLE) -> Report:
    """The sample parsed, with figures, slogans and an achievement set by hand."""
    report = worksum.parse(text)
    report.figures = [
        Figure(text="1.2亿元", span=_span(text, "1.2亿元"), number=Decimal("1.2"), multiplier=10**8,
               value=Decimal("120000000"), unit="元", kind="money", metric="一般公共预算收入"),
        Figure(text="6.5%", span=_span(text, "6.5%"), number=Decimal("6.5"), value=Decimal("6.5"), unit="%",
               kind="percent", change="increase", baseline="同比"),
        Figure(text="12名", span=_span(text, "12名"), number=Decimal(12), value=Decimal(12), unit="名",
               kind="count", metric="发展党员"),
        Figure(text="2万亩", span=_span(text, "2万亩"), number=Decimal(2), multiplier=10**4,
               value=Decimal(20000), unit="亩", kind="area", target=True),
    ]
    report.slogans = [
        Slogan(text="两学一做", span=_span(text, "两学一做"), canonical="两学一做", kind="numeric", known=True,
               expansion=["学党章党规", "学系列讲话", "做合格党员"], quoted=True),
        Slogan(text="三个一", span=_span(text, "三个一"), canonical="三个一", kind="numeric", issuer="县委",
               issuer_span=_span(text, "县委"), quoted=True),
    ]
    report.achievements = [Statement(role="achievement", text="全镇完成一般公共预算收入1.2亿元",
                                     span=_span(text, "全镇完成一般公共预算收入1.2亿元"))]
    if not report.plans:
        report.plans = [Statement(role="plan", text="我们将力争新增高标准农田2万亩",
                                  span=_span(text, "我们将力争新增高标准农田2万亩"))]
    report.warnings.append(Diagnostic(code="demo", message="a warning <b>with markup</b>",
                                      span=_span(text, "二、存在的问题")))
    return report


def _visible_text(text: str) -> str:
    """What the browser shows of a text: line breaks normalised, control characters as pictures."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: chr(0x2400 + ord(m.group())), text)


class _Article(HTMLParser):
    """Text of the article and the tags met anywhere in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.tags: list[str] = []
        self.article_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if self.depth:
            self.article_tags.append(tag)
        if tag == "article":
            self.depth = 1
        elif self.depth and tag not in ("br", "img", "input"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "img", "input"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)

    @property
    def content(self) -> str:
        """The article's text as a browser holds it (html.parser keeps CR, a browser makes it LF)."""
        return "".join(self.text).replace("\r\n", "\n").replace("\r", "\n")


def _article(page: str) -> _Article:
    parser = _Article()
    parser.feed(page)
    return parser


def _compact(markup: str) -> str:
    """`<mark … data-i="3" …>` → `[3`, `</mark>` → `]`, anchors → `#id`, fragments `[3+`."""
    markup = re.sub(r'<mark class="[^"]*ws-cont[^"]*" data-i="(\d+)"[^>]*>', r"[\1+", markup)
    markup = re.sub(r'<mark [^>]*data-i="(\d+)"[^>]*>', r"[\1", markup)
    markup = re.sub(r'<span class="anchor" id="([^"]+)"></span>', r"#\1", markup)
    return markup.replace("</mark>", "]")


def _item(index: int, kind: str, start: int, end: int, text: str) -> PageItem:
    return PageItem(index=index, kind=kind, start=start, end=end, text=text[start:end])


# --------------------------------------------------------------------------- markup


@pytest.mark.parametrize(
    ("text", "items", "anchors", "expected"),
    [
        ("甲乙丙丁", [("figure", 1, 2)], {}, "甲[0乙]丙丁"),
        ("甲乙丙丁", [("achievement", 0, 4), ("figure", 1, 2)], {}, "[0甲[1乙]丙丁]"),
        # the same span: the statement outside, the figure inside
        ("甲乙", [("achievement", 0, 2), ("figure", 0, 2)], {}, "[0[1甲乙]]"),
        # crossing items: the second is cut into two fragments
        ("甲乙丙丁", [("problem", 0, 3), ("plan", 1, 4)], {}, "[0甲[1乙丙]][1+丁]"),
        ("甲乙", [("figure", 0, 1), ("figure", 1, 2)], {}, "[0甲][1乙]"),
        ("甲乙", [], {1: ["sec-s1"]}, "甲#sec-s1乙"),
        ("甲乙", [("heading", 1, 2)], {1: ["sec-s1"]}, "甲#sec-s1[0乙]"),
        ("a<b&c", [("figure", 1, 2)], {}, "a[0&lt;]b&amp;c"),
    ],
)
def test_highlight(text: str, items: list[tuple[str, int, int]], anchors: dict[int, list[str]],
                   expected: str) -> None:
    page_items_ = [_item(i, kind, start, end, text) for i, (kind, start, end) in enumerate(items)]
    assert _compact(highlight(text, page_items_, anchors)) == expected


class _Marks(HTMLParser):
    """The text inside each item's fragments, following the nesting of the marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.texts: dict[str, str] = {}
        self.all: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.stack.append(dict(attrs).get("data-i"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.all.append(data)
        for index in set(self.stack):
            if index is not None:
                self.texts[index] = self.texts.get(index, "") + data


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_highlight_property(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet="甲乙丙丁<&> \n", min_size=1, max_size=30))
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)),
                                         st.sampled_from(["figure", "slogan", "problem", "plan", "heading"])),
                               max_size=8))
    items = [PageItem(index=0, kind=kind, start=min(a, b), end=max(a, b), text=text[min(a, b):max(a, b)])
             for a, b, kind in spans if a != b]
    items.sort(key=lambda item: (item.start, -item.end))
    for index, item in enumerate(items):
        item.index = index
    markup = highlight(text, items, {})
    parser = _Marks()
    parser.feed(markup)
    parser.close()
    assert parser.stack == []
    assert "".join(parser.all) == text
    for item in items:
        assert parser.texts.get(str(item.index), "") == item.text


def test_first_fragment_is_focusable() -> None:
    text = "甲乙丙丁"
    markup = highlight(text, [_item(0, "problem", 0, 3, text), _item(1, "plan", 1, 4, text)], {})
    assert markup.count('id="item-1"') == 1 and markup.count('tabindex="0"') == 2


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure(text="1.2亿元", span=Span(start=0, end=5), number=Decimal("1.2"), multiplier=10**8,
                value=Decimal("120000000"), unit="元", kind="money", metric="地方财政收入"),
         {"value": "120000000", "number": "1.2", "unit": "元", "multiplier": "100000000 (亿)", "kind": "money",
          "metric": "地方财政收入"}),
        (Figure(text="XX万元", span=Span(start=0, end=4), multiplier=10**4, unit="元", kind="money", masked=True),
         {"value": "masked 隐去 (X / XX)", "unit": "元", "multiplier": "10000 (万)", "kind": "money"}),
        (Figure(text="近3000亩", span=Span(start=0, end=6), number=Decimal(3000), value=Decimal(3000), unit="亩",
                kind="area", approx=True, qualifier="近"),
         {"value": "3000", "unit": "亩", "kind": "area", "approx": "近"}),
        (Figure(text="3—5个", span=Span(start=0, end=4), unit="个", kind="count", low=Decimal(3), high=Decimal(5)),
         {"unit": "个", "kind": "count", "range": "3 – 5"}),
        (Figure(text="第一位", span=Span(start=0, end=3), number=Decimal(1), value=Decimal(1), unit="位",
                kind="rank", scope="全县"),
         {"value": "1", "unit": "位", "kind": "rank", "scope": "全县"}),
        (Figure(text="1.5个百分点", span=Span(start=0, end=7), number=Decimal("1.5"), value=Decimal("1.50"),
                unit="百分点", kind="percentage_point", change="decrease", baseline="同比", target=True),
         {"value": "1.5", "unit": "百分点", "kind": "percentage_point", "change": "decrease (同比)",
          "target": "yes"}),
    ],
)
def test_figure_fields(figure: Figure, expected: dict[str, str]) -> None:
    assert dict(figure_fields(figure)) == expected


@pytest.mark.parametrize(
    ("slogan", "expected"),
    [
        (Slogan(text="四个意识", span=Span(start=0, end=4), canonical="四个意识", kind="numeric", known=True,
                expansion=["政治意识", "大局意识", "核心意识", "看齐意识"]),
         {"canonical": "四个意识", "kind": "numeric", "expansion": "政治意识、大局意识、核心意识、看齐意识",
          "known": "yes"}),
        (Slogan(text="1+5", span=Span(start=0, end=3), canonical="1+5", kind="programme", issuer="省委", quoted=True),
         {"canonical": "1+5", "kind": "programme", "issuer": "省委", "known": "no", "quoted": "yes"}),
    ],
)
def test_slogan_fields(slogan: Slogan, expected: dict[str, str]) -> None:
    assert dict(slogan_fields(slogan)) == expected


def test_page_items_cover_every_kind() -> None:
    report = sample_report()
    kinds = {item.kind for item in page_items(report)}
    assert kinds == {"heading", "figure", "slogan", "achievement", "problem", "plan"}


def test_page_shows_text_items_outline_and_warnings() -> None:
    report = sample_report()
    page = report_to_html(report)
    article = _article(page)
    assert article.content == _visible_text(report.text)
    for item in page_items(report):
        assert f'id="item-{item.index}"' in page
    assert 'href="#sec-s1"' in page and 'id="sec-s1"' in page
    assert 'href="#sec-s1-1"' in page and 'id="sec-s1-1"' in page
    assert "a warning &lt;b&gt;with markup&lt;/b&gt;" in page
    for legend in ("Figures", "Slogans", "Achievements", "Problems", "Plans", "Headings"):
        assert legend in page


HOSTILE = [
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.title=\'pwned\'">',
    "</script><script>document.title='pwned'</script>",
    "<!-- 注释 --> &amp; &lt; <![CDATA[x]]>",
    "<style>body{display:none}</style>",
    "行\u2028分隔\u2029段落",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_document_text_is_escaped(hostile: str) -> None:
    text = f"某局2020年工作总结\n一、{hostile}\n全年完成{hostile}投资5亿元。\n"
    report = worksum.parse(text)
    start = text.index("投资")
    report.figures = [Figure(text=text[start - len(hostile):start], span=Span(start=start - len(hostile), end=start),
                             metric=hostile, unit=hostile)]
    report.warnings.append(Diagnostic(code=hostile, message=hostile))
    page = report_to_html(report)
    article = _article(page)
    assert article.content == _visible_text(text)
    assert set(article.article_tags) <= {"mark", "span"}
    assert article.tags.count("script") == 2 and article.tags.count("img") == 0
    assert article.tags.count("style") == 1


@pytest.mark.parametrize("value", ["</script>", "<!--", "a&b", "\u2028", "<script>alert(1)</script>"])
def test_script_json(value: str) -> None:
    encoded = script_json({"t": value})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"t": value}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "没有标题也没有标题行的一段话。", "控制\x00字符\x0b与\ud800孤立代理和\r回车"],
)
def test_odd_documents_render(text: str) -> None:
    page = report_to_html(worksum.parse(text))
    assert page.startswith("<!DOCTYPE html>")
    page.encode("utf-8")  # no lone surrogate left
    assert _article(page).content == _visible_text(text).replace("\ud800", "\ufffd")


def test_items_outside_the_text_are_listed_not_drawn() -> None:
    report = worksum.parse("某局2020年工作总结\n全年完成投资5亿元。\n")
    report.achievements, report.problems, report.plans, report.slogans = [], [], [], []  # only these figures
    report.figures = [Figure(text="5亿元", span=Span(start=500, end=503)),
                      Figure(text="", span=Span(start=3, end=3)),
                      Figure(text="别的", span=Span(start=0, end=2)),
                      Figure(text="投资", span=_span(report.text, "投资"))]
    page = report_to_html(report)
    assert "outside the text" in page and "empty span" in page and "differs from the text" in page
    found = re.search(r'<script type="application/json" id="ws-data">(.*?)</script>', page)
    assert found is not None
    data = json.loads(found.group(1))
    assert [item["text"] for item in data["items"]] == ["别的", "投资"]
    assert 'id="item-0"' in page and 'id="item-1"' in page and 'id="item-2"' not in page
    assert re.search(r'data-i="1"[^>]*>投资<', page)


def test_self_contained() -> None:
    page = report_to_html(sample_report())
    assert re.search(r"""(?:src|href|action)\s*=\s*["']?(?:[a-z]+:)?//""", page) is None
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_index_page() -> None:
    report = sample_report()
    entries = [SiteEntry(document="b.txt", href="b.txt.html", report=report),
               SiteEntry(document="<a>.txt", href=None, error="the file is empty")]
    page = index_html(entries, title="语料 <corpus>")
    assert "语料 &lt;corpus&gt;" in page and "&lt;a&gt;.txt" in page
    assert 'href="b.txt.html"' in page
    assert '<td data-key="4" class="col-figures">4</td>' in page
    assert '<td data-key="2023" class="col-year">2023</td>' in page
    assert 'class="failed"' in page


# --------------------------------------------------------------------------- the command


def test_render_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "清河镇.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    target = tmp_path / "out" / "page.html"
    assert cli_main(["render", str(source), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "清河镇2023年工作总结" in page and 'href="#sec-s3"' in page
    assert "wrote" in capsys.readouterr().out


def test_render_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("某局2021年述职报告\n一、履职\n办理议案8件。\n", encoding="gb18030")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    site = tmp_path / "site"
    assert cli_main(["render", str(corpus), "-o", str(site)]) == 1  # the empty file failed
    assert (site / "a.txt.html").is_file() and (site / "sub" / "b.txt.html").is_file()
    assert not (site / "empty.txt.html").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="a.txt.html"' in index and 'href="sub/b.txt.html"' in index and "empty.txt" in index
    assert 'href="../index.html"' in (site / "sub" / "b.txt.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- in a real browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Checks run inside the page: every item highlighted with its exact text, hover and focus show the
# details, every outline link brings its section to the top (or the page to its end).
PROBE = r"""
(function () {
  function norm(s) { return s.replace(/\r\n?/g, "\n"); }
  function painted(m) {
    var st = getComputedStyle(m);
    return st.backgroundColor !== "rgba(0, 0, 0, 0)" || st.borderBottomStyle !== "none" || st.outlineStyle !== "none";
  }
  var out = {};
  var text = document.getElementById("doc-text");
  var items = JSON.parse(document.getElementById("ws-data").textContent).items;
  out.items = items.map(function (item, i) {
    var marks = Array.prototype.slice.call(text.querySelectorAll('mark[data-i="' + i + '"]'));
    var got = marks.map(function (m) { return m.textContent; }).join("");
    var box = marks.length ? marks[0].getBoundingClientRect() : null;
    return {kind: item.kind, ok: got === norm(item.text), painted: marks.every(painted),
            visible: !!box && box.width > 0 && box.height > 0, got: got, want: norm(item.text)};
  });
  out.article = text.textContent;
  out.title = document.title;
  out.scripts = document.scripts.length;
  out.articleElements = Array.prototype.slice.call(text.querySelectorAll("*")).map(function (e) {
    return e.tagName.toLowerCase(); }).filter(function (t, k, a) { return a.indexOf(t) === k; });
  var detail = document.getElementById("detail");
  out.hover = {};
  ["figure", "slogan", "problem"].forEach(function (kind) {
    var mark = text.querySelector("mark.ws-" + kind + ":not(.ws-cont)");
    if (!mark) { return; }
    mark.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    out.hover[kind] = detail.hidden ? null : detail.textContent;
  });
  var firstFigure = text.querySelector("mark.ws-figure[tabindex]");
  if (firstFigure) {
    detail.hidden = true;
    firstFigure.focus();
    out.focus = detail.hidden ? null : detail.textContent;
  }
  var side = document.querySelector(".side").getBoundingClientRect();
  var main = document.querySelector(".main").getBoundingClientRect();
  out.layout = {sideBottom: side.bottom, sideRight: side.right, mainTop: main.top, mainLeft: main.left,
                scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
                font: getComputedStyle(text).fontFamily};
  var links = Array.prototype.slice.call(document.querySelectorAll(".outline a[href^='#']"));
  out.links = [];
  var k = 0;
  function step() {
    if (k >= links.length) { finish(); return; }
    var a = links[k++];
    a.click();
    setTimeout(function () {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      var top = target ? target.getBoundingClientRect().top : null;
      var atEnd = Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight - 1;
      out.links.push({href: a.getAttribute("href"), label: a.textContent, top: top, atEnd: atEnd,
                      hash: location.hash, height: window.innerHeight});
      step();
    }, 30);
  }
  function finish() {
    var pre = document.createElement("pre");
    pre.id = "ws-probe";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  window.addEventListener("load", function () { setTimeout(step, 10); });
})();
"""

SORT_PROBE = r"""
(function () {
  var out = {};
  function column(name) {
    return Array.prototype.slice.call(document.querySelectorAll("#docs tbody td.col-" + name)).map(function (td) {
      return td.textContent; });
  }
  var heads = Array.prototype.slice.call(document.querySelectorAll("#docs thead th"));
  function click(label) {
    heads.filter(function (th) { return th.textContent.indexOf(label) >= 0; })[0].querySelector("button").click();
  }
  click("Figures");
  out.ascending = column("figures");
  click("Figures");
  out.descending = column("figures");
  click("Document");
  out.documents = column("document");
  out.sort = heads.map(function (th) { return th.getAttribute("aria-sort"); });
  var pre = document.createElement("pre");
  pre.id = "ws-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


def chromium() -> str:
    """The Chromium to test with, or a skip saying why there is none."""
    named = os.environ.get("WORKSUM_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (scripts/ensure-chromium.sh installs Debian's `chromium`; "
                "or set WORKSUM_CHROMIUM to a Chromium binary)")


def run_chromium(tmp_path: Path, page: Path, *args: str, window: str = "1280,900") -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={window}", *args,
               page.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def probe(tmp_path: Path, page_html: str, script: str = PROBE, *, window: str = "1280,900") -> dict[str, Any]:
    """Load the page with the probe script added, let it run, read back what it found."""
    page = tmp_path / f"probe-{len(list(tmp_path.glob('probe-*.html')))}.html"
    page.write_text(page_html.replace("</body>", f"<script>{script}</script>\n</body>"), encoding="utf-8")
    dom = run_chromium(tmp_path, page, "--virtual-time-budget=20000", "--dump-dom", window=window)
    found = re.search(r'<pre id="ws-probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe left no result: " + dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def screenshot(tmp_path: Path, page_html: str, name: str, *, window: str = "1280,900") -> Path:
    page = tmp_path / f"{name}.html"
    page.write_text(page_html, encoding="utf-8")
    target = tmp_path / f"{name}.png"
    run_chromium(tmp_path, page, f"--screenshot={target}", "--hide-scrollbars", window=window)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
    return target


def _check_page(found: dict[str, Any], text: str) -> None:
    items = found["items"]
    assert isinstance(items, list) and items
    bad = [item for item in items if not (item["ok"] and item["painted"] and item["visible"])]
    assert not bad, bad[:5]
    assert found["article"] == _visible_text(text)
    links = found["links"]
    assert isinstance(links, list) and links
    for link in links:
        # the section's first line is at the top of the window, or the page has reached its end
        # with the section in view
        assert link["hash"] == link["href"], link
        assert link["top"] is not None and (-2 <= link["top"] <= 40 or (link["atEnd"] and link["top"] < link["height"])), link


@pytest.mark.slow
def test_sample_page_in_chromium(tmp_path: Path) -> None:
    report = sample_report()
    found = probe(tmp_path, report_to_html(report))
    _check_page(found, report.text)
    kinds = {item["kind"] for item in found["items"]}
    assert kinds == {"heading", "figure", "slogan", "achievement", "problem", "plan"}
    hover = found["hover"]
    assert isinstance(hover, dict)
    for expected in ("1.2亿元", "120000000", "元", "100000000 (亿)", "一般公共预算收入"):
        assert expected in hover["figure"]
    for expected in ("两学一做", "学党章党规、学系列讲话、做合格党员"):
        assert expected in hover["slogan"]
    assert "产业规模偏小" in hover["problem"]
    assert isinstance(found["focus"], str) and "120000000" in found["focus"]
    assert "Noto Sans CJK SC" in str(found["layout"]["font"])
    screenshot(tmp_path, report_to_html(report), "sample")


@pytest.mark.slow
def test_narrow_window(tmp_path: Path) -> None:
    report = sample_report()
    found = probe(tmp_path, report_to_html(report), window="390,844")
    layout = found["layout"]
    assert isinstance(layout, dict)
    assert layout["sideBottom"] <= layout["mainTop"] + 1  # the outline above the text, not beside it
    assert layout["scrollWidth"] <= layout["innerWidth"] + 1  # nothing wider than the window
    _check_page(found, report.text)
    screenshot(tmp_path, report_to_html(report), "narrow", window="390,844")


@pytest.mark.slow
@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_hostile_text_in_chromium(tmp_path: Path, hostile: str) -> None:
    text = f"某局2020年工作总结\n一、{hostile}\n全年完成投资5亿元。\n"
    report = worksum.parse(text)
    found = probe(tmp_path, report_to_html(report))
    assert found["title"] == "某局2020年工作总结"
    assert found["scripts"] == 3  # the page's data and code, and the probe
    assert set(found["articleElements"]) <= {"mark", "span"}
    assert found["article"] == _visible_text(text)


@pytest.mark.slow
def test_index_sorts_in_chromium(tmp_path: Path) -> None:
    reports = []
    for n, count in enumerate([3, 0, 12]):
        report = worksum.parse(f"某局{2020 + n}年工作总结\n一、总体\n全年完成投资。\n")
        report.figures = [Figure(text="一", span=Span(start=0, end=1))] * count
        reports.append(SiteEntry(document=f"doc{n}.txt", href=f"doc{n}.txt.html", report=report))
    found = probe(tmp_path, index_html(reports), SORT_PROBE)
    assert found["ascending"] == ["0", "3", "12"]
    assert found["descending"] == ["12", "3", "0"]
    assert found["documents"] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert found["sort"][0] == "ascending"


@pytest.mark.slow
@pytest.mark.shared
def test_seed_page_in_chromium(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("../shared/corpus is absent")
    report = worksum.parse_file(SEED)
    page = report_to_html(report)
    found = probe(tmp_path, page)
    _check_page(found, report.text)
    labels = [link["label"] for link in found["links"]]
    top = [label for label in labels if label[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [label[:2] for label in top] == ["一、", "二、", "三、", "四、", "五、"]
    for sub in ("（一）认真学习宣传贯彻党的十九大精神", "农业品牌建设取得新成效", "社会文明更加和谐"):
        assert sub in labels
    assert len(found["items"]) == len(page_items(report))
    screenshot(tmp_path, page, "seed", window="1400,1000")
