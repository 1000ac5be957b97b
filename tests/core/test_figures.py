"""Figure checks on the seed: allowed values that look wrong, each naming its blanks."""

import pytest

from speechapp.core.earlier import Earlier
from speechapp.core.figures import Period, figure_warnings
from speechapp.core.parsing import parse_speech


@pytest.fixture(scope="module")
def check(seed_speech):
    texts = {block.index: block.text for block in seed_speech.blocks}

    def run(values: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
        return [(w.code, w.slot_ids) for w in figure_warnings(seed_speech.slots, values, texts)]

    return run


def test_nothing_filled_nothing_to_say(check):
    assert check({}) == []


def test_a_month_range_that_ends_before_it_starts(check):
    # "今年1一×月份受理项目…": s046 一 s047 月份
    assert check({"s046": "6", "s047": "3"}) == [("month_order", ("s046", "s047"))]
    assert check({"s046": "1", "s047": "6"}) == []
    assert check({"s046": "6"}) == []  # the end still open


@pytest.mark.parametrize(
    "slot_id", ["s031", "s084", "s008", "s049"]
)  # 占年度计划, 比重达到, 率达到
def test_a_share_above_100_percent(check, slot_id):
    assert check({slot_id: "120"}) == [("share_over_100", (slot_id,))]
    assert check({slot_id: "100"}) == []


def test_a_growth_rate_above_100_is_no_share(check):
    assert ("share_over_100", ("s009",)) not in check({"s009": "120"})


def test_structure_ratio_parts_add_up_to_100(check):
    # "三次产业比例为×：×：×"
    assert check({"s071": "5", "s072": "40", "s073": "50"}) == [
        ("ratio_sum", ("s071", "s072", "s073"))
    ]
    assert check({"s071": "5.2", "s072": "38.1", "s073": "56.7"}) == []
    assert check({"s071": "5.2", "s072": "38.1", "s073": "56.8"}) == []  # rounding: 100.1
    assert check({"s071": "5", "s072": "40"}) == []  # not all parts filled yet


@pytest.mark.parametrize(
    ("value", "warned"), [("60", True), ("-55", True), ("50", False), ("-3", False)]
)
def test_a_growth_rate_beyond_50_percent(check, value, warned):
    # "规上工业增加值同比增长×%"
    assert (("growth_large", ("s009",)) in check({"s009": value})) is warned


def test_the_same_figure_in_two_neighbouring_blanks_of_one_sentence(check):
    # "同比增长×%，较一季度提高×个百分点": one sentence
    assert check({"s009": "5.2", "s010": "5.2"}) == [("same_figure", ("s009", "s010"))]
    assert check({"s009": "5.2", "s010": "1.3"}) == []
    # Dates repeat by nature: a month and a day may match.
    assert check({"s046": "3", "s047": "3"}) == []


def test_the_same_figure_across_a_sentence_end_is_fine(check, seed_speech):
    slots = seed_speech.slots
    texts = {b.index: b.text for b in seed_speech.blocks}
    pair = next(
        (a, b)
        for a, b in zip(slots, slots[1:], strict=False)
        if a.block == b.block
        and a.kind == b.kind == "percent"
        and "。" in texts[a.block][a.end : b.start]
    )
    assert check({pair[0].id: "7", pair[1].id: "7"}) == []


def test_warnings_come_in_template_order(check):
    found = check({"s071": "1", "s072": "1", "s073": "1", "s009": "70", "s046": "9", "s047": "2"})
    assert [code for code, _ in found] == ["growth_large", "month_order", "ratio_sum"]


# Rules that read 上期 and the draft's year: real sentences of the genre, parsed as a template.


def checked(text: str, values: dict[str, str], *, earlier=None, year=None):
    speech = parse_speech(text)
    texts = {block.index: block.text for block in speech.blocks}
    period = Period(
        earlier={k: Earlier(v, same_sentence=True) for k, v in (earlier or {}).items()},
        year=year,
    )
    return [
        (w.code, w.slot_ids, w.params) for w in figure_warnings(speech.slots, values, texts, period)
    ]


GDP = "上半年，全区地区生产总值实现×亿元，同比增长×%，增速居全市第×位。"


def test_a_growth_rate_that_does_not_follow_from_the_earlier_amount():
    # 117 → 123 亿元 is 5.1%, not 5.2%: both figures in the warning.
    assert checked(GDP, {"s001": "123", "s002": "5.2"}, earlier={"s001": "117"}) == [
        (
            "growth_mismatch",
            ("s001", "s002"),
            {"then": "117", "now": "123", "computed": "5.1", "stated": "5.2"},
        )
    ]


@pytest.mark.parametrize("stated", ["5.1", "5.13", "5"])
def test_a_growth_rate_that_agrees_as_written_is_fine(stated):
    assert checked(GDP, {"s001": "123", "s002": stated}, earlier={"s001": "117"}) == []


def test_a_fall_states_a_negative_growth():
    text = "一般公共预算收入累计完成×亿元，同比下降×%。"
    # 20 → 19 亿元 is a fall of 5.0%.
    assert checked(text, {"s001": "19", "s002": "5"}, earlier={"s001": "20"}) == []
    found = checked(text, {"s001": "19", "s002": "3.5"}, earlier={"s001": "20"})
    assert found == [
        (
            "growth_mismatch",
            ("s001", "s002"),
            {"then": "20", "now": "19", "computed": "-5.0", "stated": "-3.5"},
        )
    ]


def test_a_growth_rate_is_not_checked_without_an_earlier_amount_or_across_sentences():
    assert checked(GDP, {"s001": "123", "s002": "5.2"}) == []
    text = "全区固定资产投资完成×亿元。规上工业增加值同比增长×%。"
    assert checked(text, {"s001": "123", "s002": "5.2"}, earlier={"s001": "117"}) == []


def test_an_earlier_amount_from_a_changed_sentence_is_not_compared():
    # The sentence changed (万元 became 亿元, say): 上期's figure is shown, not compared.
    speech = parse_speech(GDP)
    texts = {block.index: block.text for block in speech.blocks}
    period = Period(earlier={"s001": Earlier("117", same_sentence=False)})
    assert figure_warnings(speech.slots, {"s001": "1230", "s002": "5.2"}, texts, period) == []


def test_an_amount_that_more_than_doubled_or_halved_since_the_earlier_draft():
    text = "帮助×家企业争取到低息贷款支持×亿元。"
    assert checked(text, {"s002": "25"}, earlier={"s002": "12"}) == [
        ("amount_jump", ("s002",), {"then": "12", "now": "25"})
    ]
    assert checked(text, {"s002": "5.9"}, earlier={"s002": "12"}) == [
        ("amount_jump", ("s002",), {"then": "12", "now": "5.9"})
    ]
    assert checked(text, {"s002": "24"}, earlier={"s002": "12"}) == []
    assert checked(text, {"s002": "6"}, earlier={"s002": "12"}) == []


def test_a_share_above_100_percent_after_a_rate_kept_at():
    # The walk: 150 % accepted for a 直报率.
    text = "全区法定传染病网络直报率保持在×%以上，报告及时率为×%。"
    assert checked(text, {"s001": "150", "s002": "100"}) == [
        ("share_over_100", ("s001",), {"value": "150"})
    ]
    assert checked(text, {"s001": "99.5", "s002": "120"}) == [
        ("share_over_100", ("s002",), {"value": "120"})
    ]


def test_a_count_beyond_any_real_count():
    text = "全区共有×家规上工业企业。"
    assert checked(text, {"s001": "99999999999999999999"}) == [
        ("count_too_large", ("s001",), {"value": "99999999999999999999"})
    ]
    assert checked(text, {"s001": "1260"}) == []


def test_a_count_in_ten_thousands_that_is_not_whole():
    text = "上半年，全区新增就业再就业×万余人，开展各类职业技能培训×余人次。"
    assert checked(text, {"s001": "1.23456", "s002": "3000"}) == [
        ("count_not_whole", ("s001",), {"value": "1.23456", "unit": "万人", "things": "12345.6"})
    ]
    assert checked(text, {"s001": "1.2345", "s002": "3000"}) == []
    # A whole-number count holding a decimal (a value from before the value rule): warned.
    assert checked(text, {"s001": "1.2", "s002": "30.5"})[0][:2] == ("count_not_whole", ("s002",))


def test_a_mean_written_with_a_decimal_point_is_no_count():
    assert checked("全区户均人口X.X人。", {"s001": "2.8"}) == []


@pytest.mark.parametrize(
    ("value", "warned"), [("2019", False), ("2029", False), ("2018", True), ("2030", True)]
)
def test_a_year_more_than_five_years_from_the_drafts(value, warned):
    text = "借力“双倍增”行动，×年第一批高新技术企业我区共申报×家。"
    found = checked(text, {"s001": value}, year=2024)
    assert (found == [("year_far", ("s001",), {"value": value, "year": "2024"})]) is warned


def test_without_the_drafts_year_no_year_is_checked():
    assert checked("20XX年，全区经济运行稳中向好。", {"s001": "1990"}) == []


def test_the_growth_of_another_figure_in_the_sentence_is_not_the_amounts():
    # The seed: "货值约×万美元，运量较去年同比增长×%": the volume grew, not the value.
    text = "累计发出集装箱货柜×箱，货值约×万美元，运量较去年同比增长×%。"
    assert checked(text, {"s002": "123", "s003": "5.2"}, earlier={"s002": "117"}) == []


def test_a_growth_rate_over_last_years_same_period():
    text = "全区完成固定资产投资×余亿元，比上年同期增长×%。"
    assert checked(text, {"s001": "123", "s002": "5.2"}, earlier={"s001": "117"})[0][:2] == (
        "growth_mismatch",
        ("s001", "s002"),
    )
