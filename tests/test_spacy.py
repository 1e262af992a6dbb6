"""spaCy interoperability: Report.to_spacy, the `worksum` component (entry points, offline), DocBin."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is an extra: pip install worksum[spacy]")

import worksum  # noqa: E402
from worksum.export.spacy import (  # noqa: E402
    LABELS,
    SPANS_KEY,
    annotate,
    blank_pipeline,
    docbin_to_docs,
    report_items,
    report_to_spacy,
    reports_to_docbin,
    words_and_spaces,
    write_docbin,
)
from worksum.models import Figure, ListItem, Report, Section, Slogan, Span, Statement  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

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
    """The sample parsed, with figures and slogans set by hand (their extractors are not under test here)."""
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
    return report


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


def _item_text(item: object) -> str:
    if isinstance(item, Section):
        return item.title
    assert isinstance(item, Figure | Slogan | Statement | ListItem)
    return item.text


# --------------------------------------------------------------------------- Report.to_spacy


def test_doc_text_and_spans(report: Report) -> None:
    doc = report_to_spacy(report)
    assert doc.text == report.text
    expected = sorted((label, start, end) for label, start, end, _ in report_items(report))
    found = sorted((s.label_, s.start_char, s.end_char) for s in doc.spans[SPANS_KEY])
    assert found == expected
    for span in doc.spans[SPANS_KEY]:
        assert span.label_ in LABELS
        assert span.text == _item_text(span._.worksum)
    assert doc._.worksum_report is report


@pytest.mark.parametrize(
    ("label", "text", "kind"),
    [
        ("FIGURE", "1.2亿元", Figure),
        ("FIGURE", "2万亩", Figure),
        ("SLOGAN", "两学一做", Slogan),
        ("SLOGAN", "三个一", Slogan),
        ("HEADING", "党的建设", Section),
        ("HEADING", "思想建设", Section),
        ("PROBLEM", "产业规模偏小", Statement),
        ("PROBLEM", "基础设施薄弱", Statement),
    ],
)
def test_span_carries_typed_item(report: Report, label: str, text: str, kind: type) -> None:
    doc = report_to_spacy(report)
    spans = [s for s in doc.spans[SPANS_KEY] if s.label_ == label and s.text == text]
    assert len(spans) == 1
    assert isinstance(spans[0]._.worksum, kind)


def test_typed_values_survive(report: Report) -> None:
    doc = report_to_spacy(report)
    figure = next(s._.worksum for s in doc.spans[SPANS_KEY] if s.text == "1.2亿元")
    assert (figure.value, figure.unit, figure.multiplier, figure.metric) == (
        Decimal("120000000"), "元", 10**8, "一般公共预算收入")
    slogan = next(s._.worksum for s in doc.spans[SPANS_KEY] if s.text == "三个一")
    assert slogan.issuer == "县委"


def test_same_offsets_different_labels() -> None:
    report = sample_report()
    heading = next(s for s in report.headings() if s.title == "思想建设")
    assert heading.title_span is not None
    report.achievements = [Statement(role="achievement", text="思想建设", span=heading.title_span)]
    doc = report_to_spacy(report)
    both = {s.label_: s._.worksum for s in doc.spans[SPANS_KEY] if s.text == "思想建设"}
    assert isinstance(both["HEADING"], Section)
    assert isinstance(both["ACHIEVEMENT"], Statement)


def test_sentences(report: Report) -> None:
    doc = report_to_spacy(report)
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[:4] == ["清河镇2023年工作总结", "2023年，全镇完成一般公共预算收入1.2亿元，同比增长6.5%。",
                             "一、党的建设", "（一）思想建设。"]
    assert "我们将力争新增高标准农田2万亩。" in sentences


def test_tokens_come_from_worksum_tokenizer(report: Report) -> None:
    doc = report_to_spacy(report)
    assert "一般公共预算收入" in [t.text for t in doc]  # a word of worksum's user dictionary


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "XX镇2018年度工作总结\r\n一、党的建设\r\n全年发展党员3名。\r\n",
        "\u3000\u3000各位代表：\n\n  现在我代表县人民政府报告工作。 ",
        "控制\x0b字符与 空格  双空格\t制表",
        "<script>alert(1)</script>全年完成投资5亿元。",
    ],
)
def test_any_text_round_trips(text: str) -> None:
    report = worksum.parse(text)
    to_spacy = getattr(report, "to_spacy", None)  # the model's method, once models.py has it
    doc = to_spacy() if to_spacy is not None else report_to_spacy(report)
    assert doc.text == text
    for span in doc.spans[SPANS_KEY]:
        assert span.text == _item_text(span._.worksum)


@pytest.mark.parametrize(
    ("text", "cuts", "words", "spaces"),
    [
        ("工作 总结", [], ["工作", "总结"], [True, False]),
        ("工作  总结", [], ["工作", "  ", "总结"], [False, False, False]),
        ("工作总结", [2], ["工作", "总结"], [False, False]),
        ("年度工作总结", [2, 4], ["年度", "工作", "总结"], [False, False, False]),
        # an item that starts at a space keeps the space as its own token
        ("工作 总结", [2], ["工作", " ", "总结"], [False, False, False]),
    ],
)
def test_words_and_spaces(text: str, cuts: list[int], words: list[str], spaces: list[bool]) -> None:
    assert words_and_spaces(text, cuts) == (words, spaces)


def test_item_edges_inside_jieba_words() -> None:
    # jieba reads 年度工作总结 as one word; a figure on 工作 must still be an exact span
    text = "年度工作总结"
    report = worksum.parse(text)
    report.figures = [Figure(text="工作", span=Span(start=2, end=4))]
    doc = report_to_spacy(report)
    assert [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "FIGURE"] == ["工作"]


def test_with_a_given_pipeline_runs_its_components(report: Report) -> None:
    nlp = spacy.blank("zh")  # spaCy's own character segmenter
    nlp.add_pipe("sentencizer")
    doc = report_to_spacy(report, nlp)
    assert doc.text == report.text
    assert len(doc.spans[SPANS_KEY]) == len(list(report_items(report)))
    assert doc.has_annotation("SENT_START")


# --------------------------------------------------------------------------- the component


@pytest.mark.parametrize("tokenizer", ["char", "worksum"])
def test_component(tokenizer: str) -> None:
    nlp = spacy.blank("zh") if tokenizer == "char" else blank_pipeline()
    nlp.add_pipe("worksum")
    doc = nlp(SAMPLE)
    assert doc.text == SAMPLE
    report = doc._.worksum_report
    assert isinstance(report, Report)
    assert report.text == SAMPLE
    labels = {s.label_ for s in doc.spans[SPANS_KEY]}
    assert {"HEADING", "PROBLEM"} <= labels
    for span in doc.spans[SPANS_KEY]:
        assert span.text == _item_text(span._.worksum)
    assert doc.has_annotation("SENT_START")


def test_component_config() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("worksum", config={"spans_key": "ws", "set_sentences": False, "align_tokens": False})
    doc = nlp(SAMPLE)
    assert "ws" in doc.spans and SPANS_KEY not in doc.spans
    assert nlp.get_pipe_meta("worksum").factory == "worksum"


def test_component_without_alignment_widens() -> None:
    nlp = blank_pipeline()
    report = worksum.parse("年度工作总结")
    report.figures = [Figure(text="工作", span=Span(start=2, end=4))]
    doc = annotate(nlp.make_doc(report.text), report, align_tokens=False)
    assert [s.text for s in doc.spans[SPANS_KEY]] == ["年度工作总结"]


def test_annotate_refuses_other_text(report: Report) -> None:
    with pytest.raises(ValueError, match="differs"):
        annotate(spacy.blank("zh").make_doc("别的文本"), report)


_ENTRY_POINT_SCRIPT = """
import json, socket, sys

def no_network(*args, **kwargs):
    raise OSError("network is off in this test")

socket.socket.connect = no_network
socket.create_connection = no_network
import spacy

nlp = spacy.blank("zh")
nlp.add_pipe("worksum")
doc = nlp(sys.argv[1])
saved = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "worksum.JiebaTokenizer.v1"}}})
saved.add_pipe("worksum")
saved.to_disk(sys.argv[2])
loaded = spacy.load(sys.argv[2])
doc2 = loaded(sys.argv[1])
print(json.dumps({
    "labels": sorted({s.label_ for s in doc.spans["worksum"]}),
    "year": doc._.worksum_report.title.year,
    "tokenizer": type(loaded.tokenizer).__name__,
    "same": [(s.label_, s.start_char, s.end_char) for s in doc2.spans["worksum"]]
            == [(s.label_, s.start_char, s.end_char) for s in doc.spans["worksum"]],
}))
"""


def test_entry_points_without_imports_offline(tmp_path: Path) -> None:
    """`nlp.add_pipe("worksum")` and a saved pipeline's tokenizer work with no worksum import, no network."""
    result = subprocess.run([sys.executable, "-c", _ENTRY_POINT_SCRIPT, SAMPLE, str(tmp_path / "pipeline")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"HEADING", "PROBLEM"} <= set(out["labels"])
    assert out["year"] == 2023
    assert out["tokenizer"] == "WorksumTokenizer"
    assert out["same"] is True


# --------------------------------------------------------------------------- DocBin


def _summary(doc: object) -> tuple[object, ...]:
    return (doc.text, [(s.label_, s.start_char, s.end_char, s.text) for s in doc.spans[SPANS_KEY]],  # type: ignore[attr-defined]
            [s.start_char for s in doc.sents], [t.text for t in doc])  # type: ignore[attr-defined]


def test_docbin_round_trip(report: Report, tmp_path: Path) -> None:
    other = worksum.parse("XX局2021年述职报告\n一、履职情况\n全年办理议案8件。\n")
    reports = [report, other]
    before = [report_to_spacy(r) for r in reports]
    data = reports_to_docbin(reports).to_bytes()
    after = docbin_to_docs(data)
    assert [_summary(d) for d in after] == [_summary(d) for d in before]
    for doc, original in zip(after, reports, strict=True):
        assert doc._.worksum_report == original
        for span in doc.spans[SPANS_KEY]:
            assert span.text == _item_text(span._.worksum)
    figure = next(s._.worksum for s in after[0].spans[SPANS_KEY] if s.label_ == "FIGURE")
    assert isinstance(figure, Figure) and figure.value == Decimal("120000000")
    path = write_docbin(reports, tmp_path / "corpus.spacy")
    assert [_summary(d) for d in docbin_to_docs(path)] == [_summary(d) for d in before]


def test_plain_docbin_with_user_data(report: Report) -> None:
    """A user's own DocBin(store_user_data=True) keeps the report too: user data holds only JSON text."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    docbin.add(report_to_spacy(report))
    docs = list(DocBin().from_bytes(docbin.to_bytes()).get_docs(blank_pipeline().vocab))
    assert docs[0]._.worksum_report == report


@pytest.mark.shared
def test_seed_spans_exact() -> None:
    seed = SHARED / "corpus" / "seed.txt"
    if not seed.exists():
        pytest.skip("../shared/corpus is absent")
    report = worksum.parse_file(seed)
    doc = report_to_spacy(report)
    assert doc.text == report.text
    headings = [s for s in doc.spans[SPANS_KEY] if s.label_ == "HEADING"]
    assert len(headings) == len(report.headings())
    assert sum(1 for _ in report_items(report)) == len(doc.spans[SPANS_KEY])
    for span in doc.spans[SPANS_KEY]:
        assert span.text == _item_text(span._.worksum)
