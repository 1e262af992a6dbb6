"""Pathological inputs: does doubling the input double the parse time? (issue 10)

    .venv/bin/python benchmarks/bench_pathological.py                  # every shape at n, 2n, 4n
    .venv/bin/python benchmarks/bench_pathological.py --size 200000 --shapes x_run,unclosed_quote
    .venv/bin/python benchmarks/bench_pathological.py --markdown       # the table of docs/reliability.md
    .venv/bin/python benchmarks/bench_pathological.py --memory         # peak memory too (tracemalloc; slower)

For each shape, the best of ``--repeat`` parse times (CPU time) at n, 2n and 4n characters and the ratios
t(2n)/t(n) and t(4n)/t(2n), all in one run: linear time gives ratios near 2, quadratic near 4. The exit
status is 1 when a ratio passes ``--max-ratio`` (default 3) on a shape whose time is not negligible.

``PATHOLOGICAL`` is also the table of tests/test_reliability.py (one megabyte of every shape at once
must parse in seconds). Every text here is written for this benchmark.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable


def cycle(unit: str, n: int) -> str:
    """``unit`` repeated to exactly ``n`` characters."""
    return (unit * (n // len(unit) + 1))[:n]


_PROSE = ("一年来，我们坚持稳中求进，统筹推进各项工作。全年地方财政收入完成3.6亿元，同比增长7.2%；"
          "深入开展“不忘初心、牢记使命”主题教育。同时也要看到，产业结构不够合理。"
          "下一步，我们将加大招商引资力度，力争引进项目20个以上。")
_REPORT = ("一、经济发展\n（一）农业生产稳中有进。粮食播种面积3.2万亩，同比增长2.5%。\n"
           "1.特色产业。新发展茶园1200亩，带动农户300余户。\n（1）品牌建设。新增“三品一标”认证2个。\n"
           "二、存在的问题\n一是产业链条较短；二是基础设施仍然薄弱。\n")
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩०१२३४५६७८९০১২৩৪৫৬৭৮৯０１２３４５６７８９𝟎𝟏𝟐𝟑𝟒"

#: name → a text of about ``n`` characters with that shape.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    # runs of one thing
    "x_run": lambda n: "X" * n,
    "digit_run": lambda n: cycle("1234567890", n),
    "unicode_digits": lambda n: cycle(_DIGITS, n),
    "chinese_numerals": lambda n: cycle("一二三四五六七八九十百千万亿两〇", n),
    "one_long_word": lambda n: "经" * n,
    "blank_lines": lambda n: cycle("\n \r\n\t", n),
    "spaces_between_words": lambda n: cycle("好 ", n),
    # quotes and brackets that never close
    "unclosed_quote": lambda n: "“" + cycle("全镇各项工作稳步推进", n - 1),
    "many_open_quotes": lambda n: cycle("“会议精神", n),
    "many_close_quotes": lambda n: cycle("会议精神”", n),
    "unclosed_book_titles": lambda n: cycle("《关于", n),
    "ascii_quote_soup": lambda n: cycle('"ab"c"', n),
    "nested_brackets": lambda n: "（" * (n // 2) + "）" * (n // 2),
    "open_brackets": lambda n: cycle("（(【[", n),
    # markers, headings and lists
    "dun_markers": lambda n: cycle("一、", n),
    "marker_soup": lambda n: cycle("（一）1.（1）①第一，一是", n),
    "heading_lines": lambda n: cycle("一、标题\n", n),
    "marker_lines_no_title": lambda n: cycle("（二）\n", n),
    "lead_sentences_one_line": lambda n: cycle("道路建设多点开花。", n),
    "lead_sentences_lines": lambda n: cycle("道路建设多点开花。\n", n),
    "enumeration_run": lambda n: cycle("一是加强管理；二是完善制度；", n),
    "colon_run": lambda n: cycle("主要做法：", n),
    # punctuation and spacing
    "punctuation": lambda n: cycle("，。、；：？！“”‘’《》（）【】——……·", n),
    "sentence_ends": lambda n: "。" * n,
    "dashes": lambda n: "—" * n,
    "tiny_paragraphs": lambda n: cycle("。\u3000\u3000", n),
    "escaped_line_breaks": lambda n: cycle("\\r\\n", n),
    "page_markers_inline": lambda n: cycle("好 — 3 — ", n),
    # figures and slogans
    "plus_labels": lambda n: cycle("1+", n),
    "figure_soup": lambda n: cycle("近3.5万亿元以上约余左右", n),
    "percent_run": lambda n: cycle("5%", n),
    "masked_figures": lambda n: cycle("XX万元××亿元", n),
    "year_run": lambda n: cycle("2019年", n),
    # documents of the genre, very long
    "prose_one_line": lambda n: cycle(_PROSE, n),
    "report_lines": lambda n: cycle(_REPORT, n),
}


def _best_time(parse: Callable[[str], object], text: str, repeat: int) -> float:
    """The best CPU time of this process over ``repeat`` runs (CPU time: other processes do not count)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        parse(text)
        best = min(best, time.process_time() - started)
    return best


def _peak_memory(parse: Callable[[str], object], text: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        parse(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=50_000, help="n, in characters (default 50000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts (default 3)")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    parser.add_argument("--max-ratio", type=float, default=3.0, help="fail above this ratio (default 3)")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory at 4n (tracemalloc)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    import worksum

    worksum.parse("青石镇2021年工作总结\n一、经济发展\n全年完成投资1.5亿元。“四个意识”")  # load the lexicons
    names = [s for s in args.shapes.split(",") if s] or list(PATHOLOGICAL)
    unknown = [n for n in names if n not in PATHOLOGICAL]
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}")
    n = args.size
    if args.markdown:
        print(f"| shape | t(n) s | t(2n) s | t(4n) s | t(2n)/t(n) | t(4n)/t(2n) |{' peak MB at 4n |' if args.memory else ''}")
        print(f"| --- | ---: | ---: | ---: | ---: | ---: |{' ---: |' if args.memory else ''}")
    else:
        print(f"n = {n} characters, best of {args.repeat}")
        print(f"{'shape':26s} {'t(n)':>8s} {'t(2n)':>8s} {'t(4n)':>8s} {'2n/n':>6s} {'4n/2n':>6s}"
              + ("  peak MB" if args.memory else ""))
    failed: list[str] = []
    for name in names:
        make = PATHOLOGICAL[name]
        times = [_best_time(worksum.parse, make(size), args.repeat) for size in (n, 2 * n, 4 * n)]
        ratios = [times[1] / max(times[0], 1e-9), times[2] / max(times[1], 1e-9)]
        # Below 20 ms the ratio is mostly noise: judge only the shapes that take measurable time.
        if times[2] > 0.02 and max(ratios) > args.max_ratio:
            failed.append(name)
        memory = f"{_peak_memory(worksum.parse, make(4 * n)) / 1e6:.1f}" if args.memory else ""
        if args.markdown:
            print(f"| {name} | {times[0]:.3f} | {times[1]:.3f} | {times[2]:.3f} | {ratios[0]:.2f} | {ratios[1]:.2f} |"
                  + (f" {memory} |" if args.memory else ""))
        else:
            print(f"{name:26s} {times[0]:8.3f} {times[1]:8.3f} {times[2]:8.3f} {ratios[0]:6.2f} {ratios[1]:6.2f}"
                  + (f"  {memory:>7s}" if args.memory else ""), flush=True)
    if failed:
        print(f"super-linear (ratio > {args.max_ratio}): {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
