"""The section tree on small documents written for each shape the genre takes."""

from __future__ import annotations

import pytest

import worksum
from worksum.models import Report


def tree(report: Report) -> list[tuple[int, str, str, str]]:
    return [(s.level, s.kind, s.marker, s.title) for s in report.iter_sections()]


def headings(text: str) -> list[tuple[int, str, str]]:
    return [(s.level, s.marker, s.title) for s in worksum.parse(text).headings()]


BASIC = """青山镇2019年度工作总结
2019年，全镇上下团结一心，各项工作取得新成效。全年完成财政收入3200万元。
一、党的建设全面加强
（一）抓好理论学习。全年开展集中学习24次。
（二）强化监督执纪。立案查处违纪案件5起。
二、经济发展稳中有进
全年引进项目12个，总投资8.6亿元。
"""


def test_levels_titles_and_runin_bodies() -> None:
    report = worksum.parse(BASIC)
    assert tree(report) == [
        (1, "preamble", "", ""),
        (1, "numbered", "一、", "党的建设全面加强"),
        (2, "numbered", "（一）", "抓好理论学习"),
        (2, "numbered", "（二）", "强化监督执纪"),
        (1, "numbered", "二、", "经济发展稳中有进"),
    ]
    first_child = report.sections[1].children[0]
    assert [p.text for p in first_child.paragraphs] == ["全年开展集中学习24次。"]
    assert report.title is not None
    assert (report.title.issuer, report.title.year, report.title.doc_type) == ("青山镇", 2019, "年度工作总结")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A document that starts at level 2 markers.
        ("（一）组织建设\n全年发展党员5名，转正8名。\n1.支部建设\n新建党支部2个，完成换届选举工作任务。\n（二）作风建设\n"
         "开展专项整治行动，查处问题12个，问责干部6人。\n",
         [(1, "（一）", "组织建设"), (2, "1.", "支部建设"), (1, "（二）", "作风建设")]),
        # ASCII brackets, and 1、 under them.
        ("(一)环境治理\n1、大气污染防治。全年优良天数达到310天。\n2、水污染防治。完成整治河道12公里。\n(二)生态修复\n"
         "完成造林面积3万亩，森林覆盖率提高到45%。\n",
         [(1, "(一)", "环境治理"), (2, "1、", "大气污染防治"), (2, "2、", "水污染防治"), (1, "(二)", "生态修复")]),
        # 第一部分 parts with （一） inside.
        ("第一部分 工作回顾\n（一）农业生产\n粮食总产量达到12万吨，增长3%。\n第二部分 工作计划\n（一）农业生产\n"
         "力争粮食总产量稳定在12万吨以上。\n",
         [(1, "第一部分", "工作回顾"), (2, "（一）", "农业生产"), (1, "第二部分", "工作计划"), (2, "（一）", "农业生产")]),
        # 第一， sections.
        ("第一，坚持稳中求进。今年全县生产总值增长7%左右，财政收入增长8%。\n第二，坚持改革创新。深化“放管服”改革，"
         "推进政务服务事项网上办理。\n",
         [(1, "第一，", "坚持稳中求进"), (1, "第二，", "坚持改革创新")]),
        # 一. and (1) styles.
        ("一.思想建设\n（1）理论学习。组织集中学习12次。\n（2）主题教育。开展专题党课6场次。\n二.组织建设\n"
         "新发展党员3名，培养入党积极分子10名。\n",
         [(1, "一.", "思想建设"), (2, "（1）", "理论学习"), (2, "（2）", "主题教育"), (1, "二.", "组织建设")]),
        # A 1. directly under 一、 (skipped level) is its child.
        ("一、项目建设\n1.工业项目。新开工项目8个，完成投资5亿元。\n2.农业项目。新建高标准农田1万亩。\n二、民生事业\n"
         "新增城镇就业1200人，城镇登记失业率控制在3%以内。\n",
         [(1, "一、", "项目建设"), (2, "1.", "工业项目"), (2, "2.", "农业项目"), (1, "二、", "民生事业")]),
        # Circled numbers under 1.
        ("1.安全生产\n①隐患排查。排查企业126家，整改隐患300余处。\n②专项整治。关闭非法小作坊12家，查处违法行为8起。\n",
         [(1, "1.", "安全生产"), (2, "①", "隐患排查"), (2, "②", "专项整治")]),
    ],
)
def test_marker_systems(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert headings(text) == expected


def test_unnumbered_part_headings_hold_numbered_sections() -> None:
    text = (
        "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议，并请各位政协委员提出意见。\n"
        "2022年工作回顾\n一、经济运行稳中有进\n全县地区生产总值完成186亿元，同比增长6.2%，增速居全市第二位。\n"
        "二、民生福祉持续增进\n城乡居民人均可支配收入分别增长5.1%和6.8%，新增城镇就业3100人。\n"
        "2023年工作安排\n一、全力稳住经济大盘\n确保地区生产总值增长6.5%左右，固定资产投资增长10%以上。\n"
    )
    assert headings(text) == [
        (1, "", "2022年工作回顾"),
        (2, "一、", "经济运行稳中有进"),
        (2, "二、", "民生福祉持续增进"),
        (1, "", "2023年工作安排"),
        (2, "一、", "全力稳住经济大盘"),
    ]


def test_implicit_lead_sentences_inside_one_paragraph() -> None:
    text = (
        "三、社会事业全面进步\n"
        "教育事业快速发展。新建改建校舍4所，中考成绩居全县第二名。医疗服务更加完善。新建村卫生室6个，"
        "家庭医生签约率达到75%。文化生活日益丰富。举办各类文体活动30余场次。\n"
    )
    assert headings(text) == [
        (1, "三、", "社会事业全面进步"),
        (2, "", "教育事业快速发展"),
        (2, "", "医疗服务更加完善"),
        (2, "", "文化生活日益丰富"),
    ]


_ONE_PARAGRAPH_TASKS = (
    "（一）以项目建设为支撑，增强发展后劲。抓好重点项目。加快物流园、污水处理厂等项目建设，力争新开工亿元以上项目"
    "15个，完成投资40亿元。建好产业园区。完善园区道路、供水、供电等配套设施，推动企业向园区集中，园区产值力争突破"
    "80亿元。\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A numbered task run into one paragraph: its short orders, each followed by a longer body, lead.
        (_ONE_PARAGRAPH_TASKS,
         [(1, "（一）", "以项目建设为支撑，增强发展后劲"), (2, "", "抓好重点项目"), (2, "", "建好产业园区")]),
        # The same orders in a section of several paragraphs are points of their paragraph (whose openers lead).
        ("（一）增强发展后劲\n扩大有效投资。抓好重点项目。加快物流园、污水处理厂等项目建设，力争新开工亿元以上项目15个。"
         "建好产业园区。完善园区道路、供水、供电等配套设施，推动企业向园区集中。\n"
         "优化营商环境。深化“放管服”改革，推行企业开办一日办结，全年新增市场主体3000户以上。\n",
         [(1, "（一）", "增强发展后劲"), (2, "", "扩大有效投资"), (2, "", "优化营商环境")]),
        # A run of short orders leads nothing.
        ("（一）加强文化建设\n加强文物保护。加强文化交流。开展“送戏下乡”演出120场。丰富群众文化生活。\n",
         [(1, "（一）", "加强文化建设")]),
        # One order alone is no series.
        ("（一）增强发展后劲\n抓好重点项目。加快物流园、污水处理厂等项目建设，力争新开工亿元以上项目15个，完成投资40亿元。\n",
         [(1, "（一）", "增强发展后劲")]),
    ],
)
def test_directive_leads_inside_the_one_paragraph_of_a_task(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert headings(text) == expected


def test_implicit_series_of_short_lead_paragraphs() -> None:
    text = (
        "一、稳增长\n"
        "工业生产回升。全年规模以上工业增加值增长6%，新增规上企业12家。\n"
        "消费市场回暖。社会消费品零售总额完成56亿元，增长8.3%。\n"
        "外贸出口向好。进出口总额完成4.2亿美元，增长11%。\n"
    )
    report = worksum.parse(text)
    assert [(s.kind, s.title) for s in report.sections[0].children] == [
        ("implicit", "工业生产回升"),
        ("implicit", "消费市场回暖"),
        ("implicit", "外贸出口向好"),
    ]


def test_lone_short_sentence_without_evaluation_is_not_a_heading() -> None:
    text = "一、工作开展\n会议在县委召开。县委书记出席并讲话，要求各单位抓好落实。\n"
    assert headings(text) == [(1, "一、", "工作开展")]


def test_closing_paragraph_is_its_own_part() -> None:
    text = (
        "一、经济发展\n全年完成固定资产投资12亿元，增长9%。\n"
        "二、社会事业\n新建幼儿园2所，改造农村危房86户。\n"
        "一年来，我们取得了一定成绩，但也存在一些问题：产业结构不优；基础设施薄弱。今后，我们将加倍努力。\n"
    )
    report = worksum.parse(text)
    assert [s.kind for s in report.sections] == ["numbered", "numbered", "closing"]
    assert report.sections[-1].paragraphs[0].text.startswith("一年来")
    assert report.sections[1].span.end < report.sections[2].span.start


def test_long_address_before_the_closing_words_stays_in_the_last_section() -> None:
    # 各位代表！ opens both the government's own tasks (long) and the closing appeal (short).
    tasks = "各位代表！做好今年工作，各级政府必须加强自身建设。" + "提升依法行政效能。严格规范公正文明执法，自觉接受各方监督。" * 12
    text = ("一、2023年工作回顾\n全年完成投资8亿元。\n二、2024年工作安排\n扩大有效投资。\n" + tasks + "\n"
            "各位代表！让我们团结一心，为建设美好家园而努力奋斗！\n")
    report = worksum.parse(text)
    assert [s.kind for s in report.sections] == ["numbered", "numbered", "closing"]
    assert report.sections[1].paragraphs[-1].text.startswith("各位代表！做好今年工作")
    assert [p.text[:7] for p in report.sections[-1].paragraphs] == ["各位代表！让我"]


def test_closing_like_section_body_stays_in_its_section() -> None:
    text = "一、工作成效\n全年完成投资12亿元。\n二、下一步打算\n今后，我们将继续抓好项目建设，力争投资增长10%。\n"
    report = worksum.parse(text)
    assert [s.kind for s in report.sections] == ["numbered", "numbered"]
    assert report.sections[1].paragraphs[0].text.startswith("今后")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("一、甲项工作\n完成目标任务的100%。\n三、乙项工作\n完成目标任务的98%。\n", "numbering_jump"),
        ("一、甲项工作\n完成目标任务。\n二、乙项工作\n完成目标任务。\n二、丙项工作\n完成目标任务。\n", "numbering_restart"),
        ("（二）甲项工作\n完成目标任务的100%。\n", "numbering_jump"),
    ],
)
def test_numbering_anomalies_warn(text: str, code: str) -> None:
    report = worksum.parse(text)
    assert code in {w.code for w in report.warnings}
    assert report.headings()  # and the tree is still built


def test_noise_salutation_subtitle_blocks() -> None:
    text = (
        "首页 > 政务公开 > 工作动态\n来源：河西县人民政府  发布时间：2020-01-10\n【打印】【关闭】\n"
        "政 府 工 作 报 告\n——2020年1月8日在河西县第十七届人民代表大会第五次会议上\n县长  张明\n各位代表：\n"
        "现在，我代表县人民政府向大会报告工作，请予审议。\n一、2019年工作回顾\n全县生产总值增长6.8%。\n— 2 —\n"
        "二、2020年主要任务\n力争生产总值增长6.5%左右。\n责任编辑：李华\n"
    )
    report = worksum.parse(text)
    kinds = [b.kind for b in report.blocks]
    assert kinds == ["noise", "noise", "noise", "title", "subtitle", "subtitle", "salutation", "paragraph",
                     "heading", "paragraph", "noise", "heading", "paragraph", "noise"]
    assert report.title is not None
    assert report.title.doc_type == "政府工作报告"
    assert report.title.year == 2020
    assert report.title.subtitle is not None and report.title.subtitle.startswith("——2020年")


ONE_LINE = (
    "东湖镇2020年工作总结　　2020年，东湖镇坚持稳中求进，各项工作取得新进展。"
    "一、经济发展　　全年完成财政收入1.2亿元，增长6%。引进项目8个。"
    "（一）工业经济。新增规上企业3家，工业产值增长9%。（二）农业经济。新建高标准农田2万亩，粮食总产稳定。"
    "二、社会事业　　新建学校2所，新增就业岗位600个。"
)


def test_whole_document_on_one_line() -> None:
    assert headings(ONE_LINE) == [
        (1, "一、", "经济发展"),
        (2, "（一）", "工业经济"),
        (2, "（二）", "农业经济"),
        (1, "二、", "社会事业"),
    ]


@pytest.mark.parametrize(
    "transform",
    [
        lambda s: s.replace("\n", "\r\n"),
        lambda s: s.replace("\n", "\r"),
        lambda s: s.replace("\n", "\\r\\n"),  # line breaks escaped into the text
        lambda s: "\n".join("\u3000\u3000" + line for line in s.split("\n")),
        lambda s: s.replace("2019", "２０１９").replace("3200", "３２００"),
    ],
    ids=["crlf", "cr", "literal-crlf", "ideographic-indent", "fullwidth-digits"],
)
def test_text_as_it_arrives(transform: object) -> None:
    assert callable(transform)
    text = transform(BASIC)
    report = worksum.parse(text)
    assert [(s.level, s.marker[-1:], s.title) for s in report.headings()] == [
        (1, "、", "党的建设全面加强"),
        (2, "）", "抓好理论学习"),
        (2, "）", "强化监督执纪"),
        (1, "、", "经济发展稳中有进"),
    ]
    assert report.title is not None and report.title.year == 2019


def test_near_miss_lines_stay_paragraphs() -> None:
    text = "一、经济运行\n一是工业稳定增长；二是投资持续扩大。\n1.2亿元用于道路建设。\n一、二季度增速较快。\n"
    assert headings(text) == [(1, "一、", "经济运行")]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        # A page number cut a sentence: one paragraph again, the number inside it (and still a noise block).
        ("一、存在的问题\n发展空间、资源要素\n— 7 —\n等约束日益趋紧。\n", ["发展空间、资源要素\n— 7 —\n等约束日益趋紧。"]),
        # Every page-number shape of the noise lines counts (第7页, 7/20, ― 7 ―).
        ("一、存在的问题\n发展空间、资源要素\n第7页\n等约束日益趋紧。\n", ["发展空间、资源要素\n第7页\n等约束日益趋紧。"]),
        ("一、存在的问题\n发展空间、资源要素\n― 7 ―\n等约束日益趋紧。\n", ["发展空间、资源要素\n― 7 ―\n等约束日益趋紧。"]),
        # The sentence had ended: two paragraphs.
        ("一、存在的问题\n资源要素约束趋紧。\n- 8 -\n财政收支矛盾突出。\n", ["资源要素约束趋紧。", "财政收支矛盾突出。"]),
    ],
)
def test_paragraphs_join_across_a_page_number(text: str, paragraphs: list[str]) -> None:
    report = worksum.parse(text)
    assert [p.text for p in report.sections[0].paragraphs] == paragraphs
    assert any(b.kind == "noise" for b in report.blocks)


_RUN_TOGETHER = ("各位代表：现在，我代表县人民政府向大会报告工作，请予审议。2023年工作回顾2023年是极不平凡的一年，全县上下迎难而上，经济社会发展取得新成效。"
                 "（一）经济运行稳中向好。全县生产总值增长6.1%。（二）民生福祉持续增进。新增城镇就业2100人。"
                 "2024年工作安排建议2024年是实施“十四五”规划的关键一年，做好全年工作意义重大。（一）扩大有效投资。力争投资增长8%。")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A text without line breaks: the part titles that stand between two sentences are headings.
        (_RUN_TOGETHER, [
            (1, "", "2023年工作回顾"), (2, "（一）", "经济运行稳中向好"), (2, "（二）", "民生福祉持续增进"),
            (1, "", "2024年工作安排建议"), (2, "（一）", "扩大有效投资"),
        ]),
        # A noun phrase going on after the title is no part title.
        ("一、工作开展\n全年开展培训12次，各项工作有序推进。2023年工作总结表彰大会于12月召开，表彰先进集体8个。",
         [(1, "一、", "工作开展")]),
        # Nor is the subject of a sentence (…主要任务是…) or an intro (…工作总结如下：).
        ("各位代表：现在我代表县政府报告工作，请予审议。2024年主要任务是抓好项目建设，力争投资增长8%，全县上下要齐心协力。"
         "2023年工作总结如下：全年完成投资8亿元。", []),
    ],
)
def test_part_titles_run_into_the_text(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert headings(text) == expected


@pytest.mark.parametrize("before", ["", "\n", "县长  张三\n"])
def test_no_title_after_the_salutation(before: str) -> None:
    # 工作安排 names a kind of document, but after 各位代表： the speech has begun: a part title.
    text = (before + "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。\n2024年工作安排\n"
            "2024年是实施“十四五”规划的关键一年，做好全年工作意义重大。\n")
    report = worksum.parse(text)
    assert report.title is None
    assert headings(text) == [(1, "", "2024年工作安排")]


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        # The watermark a journal database prints on every page of its PDFs, as OCR leaves it.
        ("？四94．20巧China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnk", True),
        ("1994-2020 China Academic Journal Electronic Publishing House. All rights reserved.", True),
        ("我们与出版社签订了合作协议，推动全民阅读。", False),
    ],
)
def test_noise_lines(line: str, noise: bool) -> None:
    text = f"一、工作回顾\n全年完成投资8亿元，增长12%。\n{line}\n新建学校2所。\n"
    [kind] = [b.kind for b in worksum.parse(text).blocks if b.text and b.text in line]
    assert (kind == "noise") is noise


@pytest.mark.parametrize(
    ("line", "issuer", "period", "doc_type"),
    [
        ("青山镇2019年度工作总结", "青山镇", "2019年度", "年度工作总结"),
        # The issuer after the year.
        ("2023年鹤阳市政府工作报告", "鹤阳市", "2023年", "政府工作报告"),
        # 上半年 belongs to the period, not to the type.
        ("岭东县市场监督管理局2020年上半年工作总结和下半年工作打算", "岭东县市场监督管理局", "2020年上半年", "工作总结"),
        ("XX县人民政府2022年政府工作报告", "XX县人民政府", "2022年", "政府工作报告"),
    ],
)
def test_title_fields(line: str, issuer: str, period: str, doc_type: str) -> None:
    title = worksum.parse(line + "\n全年各项工作有序推进，完成投资8亿元。\n").title
    assert title is not None
    assert (title.issuer, title.period, title.doc_type) == (issuer, period, doc_type)


def test_paragraphs_opened_by_enumerators_are_items_of_one_list() -> None:
    # Every 一是/二是 opener leads its item, a long one by its first clause; the results inside an item are its points.
    text = ("一、2025年工作回顾\n一年来，我们重点做了以下工作。\n"
            "一是坚定不移保稳定促和谐，持续深化社会治理体系和治理能力建设。社会治理效能不断增强。"
            "政府债务风险保持绿色等级。\n"
            "二是全力以赴扩内需稳增长。重点项目完成投资2125亿元。川藏铁路加快建设。通用机场建设有序推进。"
            "消费品以旧换新销售额超30亿元。\n")
    assert headings(text) == [
        (1, "一、", "2025年工作回顾"),
        (2, "", "一是坚定不移保稳定促和谐"),  # a long opener: its first clause
        (2, "", "二是全力以赴扩内需稳增长"),
    ]
