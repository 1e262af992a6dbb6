"""What the fuzzers check, importable without atheris (tests/test_reliability.py replays with it).

Each check takes the fuzzer's bytes and raises only when worksum is wrong:

- :func:`check_parse`: the bytes become a ``str`` (the first byte picks how: UTF-8 with invalid bytes
  as lone surrogates, UTF-16 with lone surrogates, GB18030, or a token alphabet of markers, figures,
  quotes and line breaks that reaches the parser's structure fast); ``worksum.parse`` must not raise,
  and the report must keep every invariant of tests/test_properties_docs.py (lossless, exact spans,
  nested sections) and survive the JSON round trip;
- :func:`check_parse_file`: the bytes become a file (the first byte picks ``.txt``, ``.docx``, ``.md``
  or no suffix); ``worksum.parse_file`` must give a report with those invariants or raise a
  :class:`worksum.WorksumError` that names the file. Anything else is a crash.

    python fuzz/targets.py seed fuzz/corpus           # write the seed inputs of both targets
    python fuzz/targets.py replay FILE...             # run inputs through their target: named TARGET-…,
                                                      # or in a folder named after the target
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import worksum  # noqa: E402  (after the path: the checks of the property tests are reused)
from strategies import minimal_docx  # noqa: E402
from test_properties_docs import SAMPLE, check_report, has_surrogate  # noqa: E402
from worksum.errors import WorksumError  # noqa: E402
from worksum.models import Report  # noqa: E402

#: Tokens of the genre for the fourth decoding mode: one byte, one token.
TOKENS = (
    "\n", "\r\n", "\r", "\u3000\u3000", " ", "\t", "一、", "二、", "十、", "（一）", "（二）", "(三)", "1.", "2、", "１．",
    "（1）", "①", "第一，", "第二部分", "一是", "二是", "首先，", "经济发展", "取得新成效。", "全年", "完成", "投资",
    "3.5", "12", "X", "XX", "××", "万", "亿", "元", "%", "个百分点", "倍", "第三名", "居全县", "近", "余", "左右",
    "“", "”", "《", "》", "‘", "’", '"', "四个意识", "1+5", "放管服", "。", "，", "；", "：", "、", "！", "——", "……",
    "各位代表：", "来源：", "— 3 —", "2021年", "工作总结", "青石镇", "存在的问题", "下一步，我们将", "力争", "\\r\\n",
    "\x00", "\ud800", "\ufeff", "\u2028", "\x85", "٣", "𝟛",
)
SUFFIXES = (".txt", ".docx", ".md", "")
_FOLDER = tempfile.TemporaryDirectory(prefix="worksum-fuzz-")


def text_of(data: bytes) -> str:
    """The ``str`` a fuzz input stands for (first byte: how to read the rest)."""
    if not data:
        return ""
    mode, rest = data[0] % 4, data[1:]
    if mode == 0:
        return rest.decode("utf-8", "surrogateescape")  # invalid bytes → lone surrogates U+DC80..U+DCFF
    if mode == 1:
        return rest[: len(rest) // 2 * 2].decode("utf-16-le", "surrogatepass")  # any code point at all
    if mode == 2:
        return rest.decode("gb18030", "replace")
    return "".join(TOKENS[byte % len(TOKENS)] for byte in rest)


def check_parse(data: bytes) -> None:
    text = text_of(data)
    report = worksum.parse(text)
    check_report(text, report)
    if not has_surrogate(text):  # lone surrogates cannot be JSON (a known failure, see docs/reliability.md)
        assert Report.model_validate_json(report.model_dump_json()) == report


def check_parse_file(data: bytes) -> None:
    suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".txt"
    path = Path(_FOLDER.name) / f"input{suffix}"
    path.write_bytes(data[1:])
    try:
        report = worksum.parse_file(path, max_bytes=1 << 20)
    except WorksumError as exc:
        assert str(path) in str(exc), f"the error does not name the file: {exc}"
        return
    check_report(report.text, report)


def seeds() -> list[bytes]:
    """Seed inputs: the first byte of each picks the decoding (check_parse) or the suffix (check_parse_file)."""
    simple = "石门镇2020年工作总结\n一、经济发展\n全年完成财政收入1200万元，同比增长8.5%。\n二、社会事业\n新建幼儿园2所。\n"
    return [
        b"\x00" + SAMPLE.encode("utf-8"),
        b"\x00" + SAMPLE.replace("\n", "\r\n").encode("utf-8"),
        b"\x04" + SAMPLE.replace("\n", "\u3000\u3000").encode("utf-8"),
        b"\x01" + SAMPLE.encode("utf-16-le"),
        b"\x02" + simple.encode("gb18030"),
        b"\x03" + bytes(range(len(TOKENS))),
        b"\x00" + simple.encode("utf-16"),
        b"\x00" + simple.encode("gbk"),
        b"\x01" + minimal_docx(simple.splitlines()),
        b"\x02" + "# 青石镇工作总结\n\n一、经济发展\n\n- 投资1.5亿元\n".encode(),
    ]


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "seed":
        for target in ("parse", "parse_file"):
            folder = Path(argv[1]) / target
            folder.mkdir(parents=True, exist_ok=True)
            for index, data in enumerate(seeds()):
                (folder / f"seed-{index:02d}").write_bytes(data)
        print(f"seeds in {argv[1]}/parse and {argv[1]}/parse_file")
        return 0
    if len(argv) >= 2 and argv[0] == "replay":
        for name in argv[1:]:
            path = Path(name)
            target = path.name if path.name.startswith("parse") else path.parent.name
            check = check_parse_file if target.startswith("parse_file") else check_parse
            check(path.read_bytes())
            print(f"ok {path} ({check.__name__})")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
