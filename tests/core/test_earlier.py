"""Last quarter's values: which blanks of a new text match the earlier one, and which may take
the earlier value (the sentence reads the same)."""

from speechapp.core.earlier import Earlier, earlier_matches, earlier_values, takeable
from speechapp.core.parsing import parse_speech

OLD = (
    "上半年工作会讲话\n同志们：\n"
    "一季度全区生产总值增长×%，高于全市×个百分点。\n"
    "新开工项目×个，完成投资××亿元。\n"
    "全年目标是××亿元。\n"
)


def test_a_blank_whose_sentence_is_unchanged_can_take_the_earlier_value():
    old = parse_speech(OLD)
    new = parse_speech(OLD.replace("全年目标是", "全年目标调整为"))
    matches = earlier_matches(old, new)
    assert matches["s001"].old_id == "s001" and matches["s001"].same_sentence
    assert matches["s003"].same_sentence


def test_a_blank_whose_sentence_changed_shows_the_earlier_value_but_cannot_take_it():
    old = parse_speech(OLD)
    new = parse_speech(OLD.replace("全年目标是", "全年目标调整为"))
    earlier = earlier_values(old, new, {"s005": "120", "s001": "5.2"})
    assert earlier["s005"] == Earlier("120", same_sentence=False)
    assert takeable(earlier, {}) == ["s001"]


def test_a_paragraph_inserted_before_shifts_the_ids_but_the_values_still_match():
    old = parse_speech(OLD)
    new = parse_speech(OLD.replace("同志们：\n", "同志们：\n今年以来共召开会议×次。\n"))
    earlier = earlier_values(old, new, {"s001": "5.2", "s002": "0.8", "s004": "36"})
    assert earlier["s002"] == Earlier("5.2", same_sentence=True)
    assert earlier["s003"].value == "0.8"
    assert earlier["s005"].value == "36"
    assert "s001" not in earlier  # the new sentence has no earlier value


def test_a_removed_blank_has_no_match():
    old = parse_speech(OLD)
    new = parse_speech(OLD.replace("，高于全市×个百分点", ""))
    matches = earlier_matches(old, new)
    assert {m.old_id for m in matches.values()} == {"s001", "s003", "s004", "s005"}
    assert earlier_values(old, new, {"s002": "0.8"}) == {}


def test_take_all_leaves_blanks_already_filled_and_blanks_without_an_earlier_value():
    old = parse_speech(OLD)
    earlier = earlier_values(old, old, {"s001": "5.2", "s002": "0.8", "s003": "12"})
    assert takeable(earlier, {"s002": "1.1"}) == ["s001", "s003"]


def test_the_earlier_blank_that_took_words_is_remembered():
    old = parse_speech(OLD)
    earlier = earlier_values(old, old, {"s003": "十余"}, old_as_text={"s003"})
    assert earlier["s003"].as_text
