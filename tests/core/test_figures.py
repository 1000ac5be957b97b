"""Figure checks on the seed: allowed values that look wrong, each naming its blanks."""

import pytest

from speechapp.core.figures import figure_warnings


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
