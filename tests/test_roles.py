"""Achievements, problems and plans: example tables per role, with the hard negatives."""

from __future__ import annotations

import json

import pytest

import worksum
from worksum.extract.enumerations import find_enumerations
from worksum.lexicons import load_json, with_fragments
from worksum.normalize import normalize_view


def texts(items: list[worksum.Statement]) -> list[str]:
    return [s.text for s in items]


def section(title: str, body: str) -> str:
    return f"一、{title}\n{body}\n"


# ---------------------------------------------------------------- enumerations


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("主要是：一是产业层次不高；二是基础设施薄弱；三是人才短缺。", ["产业层次不高", "基础设施薄弱", "人才短缺"]),
        ("首先，要抓好学习；其次，要改进作风；最后，要狠抓落实。", ["要抓好学习", "要改进作风", "要狠抓落实"]),
        ("第一，稳增长。第二，调结构。第三，惠民生。", ["稳增长", "调结构", "惠民生"]),
        ("①道路硬化12公里；②新建桥梁3座。", ["道路硬化12公里", "新建桥梁3座"]),
        ("措施有：(1)完善制度；(2)强化考核。", ["完善制度", "强化考核"]),
        ("一方面要扩大投资，另一方面要促进消费。", ["要扩大投资", "要促进消费"]),
        ("差距主要在于：一是总量偏小；二是结构不优等等。", ["总量偏小", "结构不优"]),
    ],
)
def test_inline_enumerations(text: str, items: list[str]) -> None:
    view = normalize_view(text)
    found = find_enumerations(view, 0, len(view))
    assert [text[i.start:i.end] for e in found for i in e.items] == items


@pytest.mark.parametrize(
    "text",
    [
        "这是一项长期任务，二是一个重要的数字。",  # 二是 without 一是
        "全镇一是一，二是二，说到做到。"[:0] + "统一思想。",  # no enumerator at all
        "一方面的工作做得较好。",  # 一方面 without 另一方面
    ],
)
def test_not_enumerations(text: str) -> None:
    view = normalize_view(text)
    assert find_enumerations(view, 0, len(view)) == []


# ---------------------------------------------------------------- problems


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # A turn with a list intro, items split on ；, closing 等等 left out.
        (section("工作成效", "全年完成投资8亿元。") + "一年来，我们取得了一定成绩，但与群众期望还有差距，主要表现在：产业规模偏小；"
         "基础设施薄弱；干部队伍能力有待提高等等。今后，我们将认真加以解决。",
         ["产业规模偏小", "基础设施薄弱", "干部队伍能力有待提高"]),
        # 我们也清醒地看到 … 一是 … 二是.
        (section("经济发展", "全县生产总值增长6%，居全市第二位。我们也清醒地看到，发展中还面临不少困难和问题：一是实体经济困难较多；"
                 "二是民生领域还有短板。对此，我们将采取有力措施加以解决。"),
         ["实体经济困难较多", "民生领域还有短板"]),
        # A problem section: each ；-item of its paragraph.
        ("一、工作成效\n完成投资8亿元。\n二、存在的问题\n主要是项目储备不足；招商引资成效不明显；部分干部作风不实。\n",
         ["主要是项目储备不足", "招商引资成效不明显", "部分干部作风不实"]),
        # A problem section with numbered items: the items without their markers.
        ("一、工作成效\n完成投资8亿元。\n二、存在的问题\n1.产业基础薄弱。工业企业规模普遍偏小。\n2.融资渠道单一。\n",
         ["产业基础薄弱。工业企业规模普遍偏小。", "融资渠道单一。"]),
    ],
)
def test_problems(text: str, problems: list[str]) -> None:
    assert texts(worksum.parse(text).problems) == problems


def test_problem_section_intro_sentence_is_not_an_item() -> None:
    text = "一、存在的问题和不足\n我局工作中还存在一些问题和不足。一是服务意识不强；二是信息化水平不高。\n"
    assert texts(worksum.parse(text).problems) == ["服务意识不强", "信息化水平不高"]


# ---------------------------------------------------------------- plans


@pytest.mark.parametrize(
    ("text", "plans"),
    [
        (section("工作成效", "全年完成投资8亿元。明年，我们将继续扩大有效投资，力争完成投资10亿元。"),
         ["明年，我们将继续扩大有效投资，力争完成投资10亿元"]),
        (section("工作成效", "完成目标任务。下一步，我局将重点抓好三项工作。"), ["下一步，我局将重点抓好三项工作"]),
        ("一、2020年工作回顾\n全年完成投资8亿元。\n二、2021年工作计划\n扩大有效投资，力争完成投资10亿元；抓好招商引资，引进项目20个。\n",
         ["扩大有效投资，力争完成投资10亿元", "抓好招商引资，引进项目20个"]),
        # Parts after the first plan part are plans too (政府自身建设).
        ("一、过去一年工作回顾\n生产总值增长6%。\n二、今年重点工作\n抓好项目建设。\n三、加强政府自身建设\n严格依法行政。\n",
         ["抓好项目建设", "严格依法行政"]),
    ],
)
def test_plans(text: str, plans: list[str]) -> None:
    assert texts(worksum.parse(text).plans) == plans


@pytest.mark.parametrize(
    "sentence",
    [
        "将学习宣传贯彻党的十九大精神作为首要政治任务。",  # 将 as a preposition
        "主要经济指标保持稳定增长。",  # 要 inside 主要
        "严格落实防控措施，确保了全镇安全稳定。",  # 确保了: past
        "县委要求各单位抓好落实。",  # 要求 is not 要
    ],
)
def test_past_and_prepositions_are_not_plans(sentence: str) -> None:
    assert worksum.parse(section("工作开展", sentence)).plans == []


def test_plan_sentence_mentioning_past_results_is_a_plan() -> None:
    report = worksum.parse(section("工作成效", "今后，我们将在今年完成投资8亿元的基础上，力争投资增长10%。"))
    assert len(report.plans) == 1
    assert report.achievements == []


# ---------------------------------------------------------------- achievements


@pytest.mark.parametrize(
    ("sentence", "achievement"),
    [
        ("“茶坡芹菜”被认定为国家级地理标志农产品。", "“茶坡芹菜”被认定为国家级地理标志农产品"),
        ("合作社荣获省级示范社称号。", "合作社荣获省级示范社称号"),
        ("教学质量稳步提高，中考成绩居全县第三名。", "中考成绩居全县第三名"),
        ("参保率位居全市前列。", "参保率位居全市前列"),
        ("代表全县参赛，获团体第二名。", "获团体第二名"),
        ("新建的污水处理厂建成投用。", "新建的污水处理厂建成投用"),
        ("全镇被评为省级文明乡镇。", "全镇被评为省级文明乡镇"),
    ],
)
def test_achievements(sentence: str, achievement: str) -> None:
    assert achievement in texts(worksum.parse(section("工作成效", sentence)).achievements)


@pytest.mark.parametrize(
    "sentence",
    [
        "组织开展宣讲活动，召开专题会议。",  # measures
        "积极推进项目建设。",
        "坚持把纪律规矩挺在前面。",
    ],
)
def test_measures_are_not_achievements(sentence: str) -> None:
    report = worksum.parse(section("工作开展", sentence))
    assert report.achievements == []
    roles = [s.role for s in report.sections[0].paragraphs[0].sentences]
    assert roles == ["measure"]


def test_no_problem_item_is_an_achievement() -> None:
    text = section("工作成效", "我们也清醒地看到，还存在一些问题：一是完成投资总量偏小；二是建成项目效益不高。对此，我们将认真解决。")
    report = worksum.parse(text)
    assert texts(report.problems) == ["完成投资总量偏小", "建成项目效益不高"]
    assert report.achievements == []


def test_statements_carry_cue_section_and_exact_spans() -> None:
    text = "一、经济发展\n（一）农业生产\n合作社荣获省级示范社称号。今后，我们将继续扩大种植面积。\n"
    report = worksum.parse(text)
    for statement in [*report.achievements, *report.plans]:
        assert text[statement.span.start:statement.span.end] == statement.text
        assert statement.cue is not None
        assert text[statement.cue.span.start:statement.cue.span.end] == statement.cue.text
        assert statement.section_id == "s1.1"
        assert statement.section_path == ["经济发展", "农业生产"]
    assert report.achievements[0].cue.text == "荣获"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # Phrased with positive words (提高, 加强), still shortcomings.
        (section("工作成效", "全年完成投资8亿元。但也存在一些不足：干部能力有待进一步提高；制度建设还需加强。今后我们将认真改进。"),
         ["干部能力有待进一步提高", "制度建设还需加强"]),
        # The list intro in the sentence after the turn.
        (section("工作成效", "对照群众期盼，我们的工作还存在一些困难和挑战。主要表现在：产业层次不高；融资渠道单一。"
                 "对这些问题，我们将采取措施加以解决。"),
         ["产业层次不高", "融资渠道单一"]),
        # The passage ends at a remedy that opens with 这些 (这些都需要…加以解决), which is no problem.
        (section("工作成效", "全年完成投资8亿元。我们也清醒地看到，还存在一些问题：财政仍然困难；城镇化水平较低。"
                 "这些都需要我们在今后工作中认真加以解决。"),
         ["财政仍然困难", "城镇化水平较低"]),
    ],
)
def test_problems_phrased_positively_and_split_intros(text: str, problems: list[str]) -> None:
    report = worksum.parse(text)
    assert texts(report.problems) == problems
    assert not any("提高" in s.text or "加强" in s.text for s in report.achievements)


def test_achievement_inside_a_problem_passage_is_a_problem() -> None:
    text = section("工作成效", "一年来取得了一定成绩，但也存在不少问题：虽然完成投资8亿元，但项目质量不高；招商引资成效不明显。")
    report = worksum.parse(text)
    assert len(report.problems) == 2
    assert report.achievements == []


def test_government_report_parts_after_the_review_are_plans() -> None:
    text = ("一、过去一年工作回顾\n全县生产总值增长6%。\n二、坚定不移扩大内需\n扩大有效投资，力争投资增长10%。"
            "促进消费回升。\n")
    report = worksum.parse(text)
    assert texts(report.plans) == ["扩大有效投资，力争投资增长10%", "促进消费回升"]


def test_glossary_holds_no_statements() -> None:
    text = ("一、2023年工作回顾\n全年完成投资8亿元。\n二、2024年工作安排\n力争投资增长10%。\n名词解释\n"
            "1.“两新”：指新型基础设施建设和新型城镇化建设，全年完成投资3亿元。\n")
    report = worksum.parse(text)
    assert all(not s.section_path or s.section_path[0] != "名词解释" for s in
               [*report.plans, *report.achievements, *report.problems])


# ---------------------------------------------------------------- results with their comparisons, milestones


@pytest.mark.parametrize(
    ("sentence", "achievements"),
    [
        # A comparison clause belongs to the result before it: one statement, both figures.
        ("全年实现营业收入5.2亿元，同比增长7.5%。", ["全年实现营业收入5.2亿元，同比增长7.5%"]),
        ("漏损率降至8.8%，比上年下降1.1个百分点，提前达标。", ["漏损率降至8.8%，比上年下降1.1个百分点"]),
        ("城乡居民人均可支配收入分别为3.1万元和1.6万元，分别增长7.2%和8.4%。",
         ["城乡居民人均可支配收入分别为3.1万元和1.6万元，分别增长7.2%和8.4%"]),
        # A figure without a cue, then its growth: the two clauses make one result.
        ("利润6420万元，增长12.7%。", ["利润6420万元，增长12.7%"]),
        # A rank without a subject of its own belongs to the result before it, as a comparison does.
        ("群众安全感满意度达到98.7%，位居全区第一。", ["群众安全感满意度达到98.7%，位居全区第一"]),
        ("一产、二产增加值分别增长6%、5.2%，分别居全国第二、第七。", ["一产、二产增加值分别增长6%、5.2%，分别居全国第二、第七"]),
        ("地区生产总值增速8.5%，居全省第一。", ["地区生产总值增速8.5%，居全省第一"]),
        ("粮食总产量达到52万吨，连续五年居全市首位，被评为全国粮食生产先进县。",
         ["粮食总产量达到52万吨，连续五年居全市首位", "被评为全国粮食生产先进县"]),
        # So does a comparison with an average (高于全省平均水平).
        ("学前教育毛入园率达到92%，超过全国平均水平。", ["学前教育毛入园率达到92%，超过全国平均水平"]),
        ("经济增速连续16个季度高于全国平均水平。", ["经济增速连续16个季度高于全国平均水平"]),
        # A rank with its own subject is a result of its own.
        ("综合考核居全市第一，新增就业1200人。", ["综合考核居全市第一", "新增就业1200人"]),
        # Two results with subjects of their own stay two.
        ("新增就业岗位1200个，城镇登记失业率控制在3.5%以内。", ["新增就业岗位1200个", "城镇登记失业率控制在3.5%以内"]),
        # Milestones without a figure.
        ("剩余贫困户全部脱贫，4个贫困村全部出列。", ["剩余贫困户全部脱贫", "4个贫困村全部出列"]),
        ("城际快线全线贯通，物流园正式运营。", ["城际快线全线贯通", "物流园正式运营"]),
        ("县医院通过三级医院评审。", ["县医院通过三级医院评审"]),
        ("文化馆获“全省群众文化工作先进集体”称号。", ["文化馆获“全省群众文化工作先进集体”称号"]),
        ("县域义务教育发展基本均衡县创建成功。", ["县域义务教育发展基本均衡县创建成功"]),
    ],
)
def test_results_with_comparisons_and_milestones(sentence: str, achievements: list[str]) -> None:
    assert texts(worksum.parse(section("工作成效", sentence)).achievements) == achievements


@pytest.mark.parametrize(
    "sentence",
    [
        "组织开展应急演练6次，发放宣传资料1.2万份。",  # counted activities
        "层层签订安全生产责任书326份，全年完成农产品定量检测2860批次。",  # signing and testing are activities
        "全县各级河长累计巡河1.8万余次。",
        "同比增长的原因主要是价格上涨。",  # a comparison word without a result
    ],
)
def test_counted_activities_are_not_results(sentence: str) -> None:
    assert worksum.parse(section("工作开展", sentence)).achievements == []


# ---------------------------------------------------------------- plan parts: what is not a commitment


def test_plan_part_leaves_out_background_and_list_intros() -> None:
    text = ("一、2023年工作回顾\n完成投资8亿元。\n二、2024年工作安排\n2024年是实施“十四五”规划的攻坚之年，做好今年工作意义重大。"
            "新形势对政府工作提出了新的更高要求。主要预期目标是：生产总值增长6%左右；财政收入增长5%。"
            "重点抓好以下工作：扩大有效投资，力争完成投资10亿元；抓好招商引资。\n")
    assert texts(worksum.parse(text).plans) == [
        "生产总值增长6%左右", "财政收入增长5%", "扩大有效投资，力争完成投资10亿元", "抓好招商引资"]


@pytest.mark.parametrize(
    "sentence",
    [
        "提出上述预期目标，综合考虑了国内外形势和各方面因素。",  # reasoning about the targets
        "今年经济社会发展任务十分繁重。",
        "过去一年，县里的国防动员工作取得新的进展。",  # a review inside the plan part
        "今后五年承前启后，是基本实现现代化的关键期。",
        "规划纲要草案已提交大会审查，请各位代表提出宝贵意见。",
        "各位代表！",
        "让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！",  # the closing appeal
    ],
)
def test_plan_part_leaves_out_reasoning_reviews_and_appeals(sentence: str) -> None:
    text = "一、2023年工作回顾\n完成投资8亿元。\n二、2024年工作安排\n" + sentence + "扩大有效投资。\n"
    assert texts(worksum.parse(text).plans) == ["扩大有效投资"]


@pytest.mark.parametrize("sentence", ["定期邀请代表委员视察重点项目。", "牢牢抓住用好重要战略机遇期。"])
def test_plan_part_keeps_commitments_near_those_words(sentence: str) -> None:
    text = "一、2023年工作回顾\n完成投资8亿元。\n二、2024年工作安排\n" + sentence + "\n"
    assert texts(worksum.parse(text).plans) == [sentence.rstrip("。")]


def test_goal_words_in_a_plan_part_do_not_make_a_review() -> None:
    # 取得新成效 in a task title is the goal; the sub-section stays in the plan part.
    text = ("一、2023年工作回顾\n完成投资8亿元。\n二、2024年主要任务\n（一）全力推进工业发展取得新成效\n"
            "推动产业集群发展。加快园区建设。\n")
    assert texts(worksum.parse(text).plans) == ["全力推进工业发展取得新成效", "推动产业集群发展", "加快园区建设"]


# ---------------------------------------------------------------- problem turns: near misses


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # 困难和挑战 as something to overcome is not a turn to problems.
        (section("工作成效", "我们战胜困难和挑战，全力推进经济发展，较好地完成了目标任务。"), []),
        # 我们深知 and 同时还要看到 introduce resolve and strengths, not shortcomings.
        (section("工作成效", "全年完成投资8亿元。我们深知，实现这些目标并非易事。同时还要看到，我县交通区位优势明显。"), []),
        # The list intro can name how many: 主要表现在三个方面：
        (section("工作成效", "全年完成投资8亿元。摆在我们面前的问题主要表现在两个方面：一是产业总量小；二是财政收支矛盾突出。"),
         ["产业总量小", "财政收支矛盾突出"]),
        # 困难和问题 ending a sentence, the causes listed after it.
        (section("工作成效", "部分企业确实面临不同程度的困难和问题。主要原因，一是管理体制不顺；二是结构调整滞后。"),
         ["管理体制不顺", "结构调整滞后"]),
        # 成绩…但问题不容忽视。主要是…: the turn and a list intro without a colon.
        (section("工作成效", "全年完成投资8亿元。成绩来之不易，但问题不容忽视。主要是产业基础弱；人才储备少。"),
         ["产业基础弱", "人才储备少"]),
        # 存在…困难和问题: the whole phrase is the turn, not an item.
        (section("工作成效", "我们的工作仍然存在不少困难和问题：产业链条短；创新能力弱。"), ["产业链条短", "创新能力弱"]),
    ],
)
def test_problem_turn_near_misses(text: str, problems: list[str]) -> None:
    assert texts(worksum.parse(text).problems) == problems


@pytest.mark.parametrize(
    ("sentence", "achievements"),
    [
        # Safety records and zero counts are results.
        ("全年未发生较大以上安全生产事故，没有一名学生因贫辍学。", ["全年未发生较大以上安全生产事故", "没有一名学生因贫辍学"]),
        # Money secured from above is a result, not the plan cue 争取.
        ("全年争取上级补助资金1.6亿元。", ["全年争取上级补助资金1.6亿元"]),
        # Counted outputs with verbs of building and fixing.
        ("新修通村公路12公里，硬化入户路3.5公里。", ["新修通村公路12公里", "硬化入户路3.5公里"]),
        # A target inside a review sentence is not a result, nor is what continues it.
        ("园区产值力争突破50亿元，分别达到30亿元和20亿元。", []),
        ("新建的体育馆即将投入运营。", []),
        ("园区产值力争增长12%，进入全省开发区前十。", []),  # a rank continuing a target is a target too
        ("农村居民收入有望实现全省“二十一连冠”。", []),  # expected, not attained
        # A marker inside another clause leaves the result clause alone.
        ("全面落实“疫情要防住”的要求，圆满完成了全年目标任务。", ["圆满完成了全年目标任务"]),
        # Trend words alone are not results; completed-result degrees are.
        ("农村人居环境持续改善。", []),
        ("群众安全感明显增强。", ["群众安全感明显增强"]),
        # Settled, adopted, promoted: results without a figure.
        ("省级农业科技园区落户我县，县里的调解经验全省推广。", ["省级农业科技园区落户我县", "县里的调解经验全省推广"]),
        ("居民消费价格上涨1.8%。", ["居民消费价格上涨1.8%"]),
        ("实际利用外资2600万美元，安装路灯320盏。", ["实际利用外资2600万美元", "安装路灯320盏"]),
        # Completion on time, records, full coverage, a quoted result after 实现, counted savings.
        ("主要目标任务总体完成，14个村全部按期完成换届。", ["主要目标任务总体完成", "14个村全部按期完成换届"]),
        ("连续11年保持安全生产无事故，112座水库全部安全度汛。", ["连续11年保持安全生产无事故", "112座水库全部安全度汛"]),
        ("垃圾收运体系覆盖所有行政村，企业投资项目备案实现“不见面审批”。",
         ["垃圾收运体系覆盖所有行政村", "企业投资项目备案实现“不见面审批”"]),
        ("门诊候诊时间缩短约15分钟，为群众节省开支二十余万元。", ["门诊候诊时间缩短约15分钟", "为群众节省开支二十余万元"]),
        ("确保安全生产无事故。", []),
        # Problems solved, praise received, a batch of works started, coverage and facilities counted.
        ("集中解决了一批历史遗留问题，做法得到省政府充分肯定。", ["集中解决了一批历史遗留问题", "做法得到省政府充分肯定"]),
        ("一批重点工程开工，公交线路覆盖11个乡镇，扶持建立蔬菜直采基地3个。",
         ["一批重点工程开工", "公交线路覆盖11个乡镇", "扶持建立蔬菜直采基地3个"]),
        ("计划生育工作全面完成，项目建设卓有成效。", ["计划生育工作全面完成", "项目建设卓有成效"]),  # 计划生育 is no plan
        ("许多技术问题也变得不能解决了。", []),
        # Frameworks first set up, reforms landed, top grades in an assessment.
        ("县城框架初步形成，社区治理机制初步建立。", ["县城框架初步形成", "社区治理机制初步建立"]),
        ("新高考平稳落地，两个招商项目落地开工。", ["新高考平稳落地", "两个招商项目落地开工"]),
        ("营商环境评价获全省优秀等次。", ["营商环境评价获全省优秀等次"]),
        ("扎实推进“双减”政策落地见效。", []),  # landing is the aim of a measure here
        ("为加快实现“碳达峰”，全面推行清洁能源。", []),  # a purpose
        ("农民人均可支配收入尚未达到全省平均水平。", []),  # not attained: a problem, if anything
        ("督促各项改革举措落地开工。", []),  # an order
        # Activity words heading a noun (a rate, a station) leave the result alone.
        ("农产品质量安全检测合格率稳定在98%以上，全县巡河达标率100%。",
         ["农产品质量安全检测合格率稳定在98%以上", "全县巡河达标率100%"]),
        ("新建农产品检测站3个。", ["新建农产品检测站3个"]),
        # Completed works and firsts without a figure.
        ("县医院门诊楼完成主体工程建设，城区污水管网改造基本完成。", ["县医院门诊楼完成主体工程建设", "城区污水管网改造基本完成"]),
        ("全省首家数据交易中心落地园区，开通至东盟的冷链班列。", ["全省首家数据交易中心落地园区", "开通至东盟的冷链班列"]),
        ("县里的调解工作受到省政府表彰，运动员夺得全省运动会冠军。", ["县里的调解工作受到省政府表彰", "运动员夺得全省运动会冠军"]),
    ],
)
def test_results_targets_and_records(sentence: str, achievements: list[str]) -> None:
    assert texts(worksum.parse(section("工作成效", sentence)).achievements) == achievements


def test_review_heading_stating_a_result_is_an_achievement() -> None:
    text = "一、2023年工作回顾\n（一）产业发展质效明显提升\n新建厂房3万平方米。\n（二）持续推进园区建设\n推进园区道路建设。\n"
    assert texts(worksum.parse(text).achievements) == ["产业发展质效明显提升", "新建厂房3万平方米"]


def test_problem_intro_clause_with_a_turn_is_not_an_item() -> None:
    text = section("工作成效", "全年完成投资8亿元。我们清醒地看到，在发展中还存在不少矛盾和问题，工作也有不足。产业层次偏低；"
                   "民生短板较多。所有这些问题，我们都要高度重视。")
    assert texts(worksum.parse(text).problems) == ["产业层次偏低", "民生短板较多"]


# ---------------------------------------------------------------- inline lists in the report


@pytest.mark.parametrize(
    ("text", "lists"),
    [
        (section("存在的问题", "主要是：一是产业层次不高；二是基础设施薄弱。"),
         [("shi", [("一是", "产业层次不高"), ("二是", "基础设施薄弱")])]),
        (section("工作打算", "首先，要抓好学习；其次，要改进作风；最后，要狠抓落实。"),
         [("sequence", [("首先", "要抓好学习"), ("其次", "要改进作风"), ("最后", "要狠抓落实")])]),
        (section("工作成效", "建成①道路12公里；②桥梁3座。一方面扩大投资，另一方面促进消费。"),
         [("circled", [("①", "道路12公里"), ("②", "桥梁3座")]), ("aspect", [("一方面", "扩大投资"), ("另一方面", "促进消费")])]),
        (section("工作成效", "全年完成投资8亿元。"), []),
    ],
)
def test_inline_lists_are_in_the_report(text: str, lists: list[tuple[str, list[tuple[str, str]]]]) -> None:
    report = worksum.parse(text)
    assert [(found.style, [(i.marker, i.text) for i in found.items]) for found in report.lists] == lists
    for found in report.lists:
        assert found.section_id == "s1"
        for item in found.items:
            assert text[item.span.start:item.span.end] == item.text
            assert text[item.marker_span.start:item.marker_span.end] == item.marker


# ---------------------------------------------------------------- shared fragments of the cue patterns


def test_fragments_stand_for_groups_and_unknown_names_fail() -> None:
    data = {"_fragments": {"_doc": "…", "yao": "要(?!求)"}, "a": "我们{{yao}}", "b": ["{{yao}}|将"], "n": 3}
    expanded = with_fragments(data)
    assert expanded["a"] == "我们(?:要(?!求))"
    assert expanded["b"] == ["(?:要(?!求))|将"]
    assert expanded["n"] == 3
    with pytest.raises(ValueError, match=r"a: unknown fragment \{\{jiang\}\} \(known: yao\)"):
        with_fragments({"_fragments": {"yao": "要"}, "a": "{{jiang}}"})
    # Nested objects too; documentation keys are left as written; a malformed reference is an error.
    nested = with_fragments({"_fragments": {"yao": "要"}, "o": {"p": ["{{yao}}"], "_doc": "{{x}}"}})
    assert nested["o"] == {"p": ["(?:要)"], "_doc": "{{x}}"}
    with pytest.raises(ValueError, match="not of the form"):
        with_fragments({"_fragments": {"yao": "要"}, "a": "{{ yao }}"})


def test_every_fragment_of_the_roles_cues_is_used() -> None:
    raw = json.dumps({k: v for k, v in load_json("roles.json").items() if k != "_fragments"}, ensure_ascii=False)
    fragments = [name for name in load_json("roles.json")["_fragments"] if not name.startswith("_")]
    assert fragments
    assert all("{{" + name + "}}" in raw for name in fragments)


@pytest.mark.parametrize(
    ("sentence", "plans"),
    [
        # The directive 要, written once for plans and for targets: 要求/重要/主要 are not it.
        ("我们要抓好项目建设。", ["我们要抓好项目建设"]),
        ("上级要求抓好项目建设。", []),
        ("主要抓好项目建设。", []),
    ],
)
def test_directive_yao(sentence: str, plans: list[str]) -> None:
    assert texts(worksum.parse(section("工作情况", sentence)).plans) == plans


def test_task_words_in_a_review_heading_are_the_topic_of_a_result() -> None:
    text = ("一、2023年工作回顾\n（一）国家重大战略任务扎实推进\n全年完成重大项目投资120亿元。\n"
            "二、2024年主要任务\n（一）加快建设重点工作体系\n力争完成投资130亿元。\n")
    report = worksum.parse(text)
    assert texts(report.achievements) == ["全年完成重大项目投资120亿元"]
    assert texts(report.plans) == ["加快建设重点工作体系", "力争完成投资130亿元"]
