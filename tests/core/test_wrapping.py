"""Text copied from a PDF, cut at a fixed width mid-sentence, is re-joined into paragraphs."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechapp.core.parsing import parse_speech
from speechapp.core.wrapping import looks_hard_wrapped, prepare_text, rejoin_lines
from tests.samples import hard_wrap


def non_empty_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def test_the_seed_does_not_look_hard_wrapped(seed_text):
    assert not looks_hard_wrapped(seed_text)
    assert prepare_text(seed_text) == (seed_text, False)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_hard_wrapped_seed_is_detected_and_rejoined_exactly(seed_text, width):
    wrapped = hard_wrap(seed_text, width)
    assert looks_hard_wrapped(wrapped)
    text, rejoined = prepare_text(wrapped)
    assert rejoined
    assert text == non_empty_lines(seed_text)
    speech = parse_speech(text)
    assert len(speech.slots) == 178
    assert speech.slot_ids == parse_speech(seed_text).slot_ids


def test_latin_words_cut_at_the_margin_get_their_space_back():
    lines = ["甲" * 16 + "Project", "Alpha" + "乙" * 17] * 4
    joined = rejoin_lines("标题\n" + "\n".join(lines))
    assert joined == "标题\n" + " ".join(lines).replace("乙 甲", "乙甲")


def test_a_heading_after_a_full_line_stays_a_heading():
    body = "面对复杂严峻的形势，我们坚持稳中求进工作总基调，推动经济运行持续向好，发展"
    text = "\n".join(["讲话", body, body, "一、下半年重点工作", body, body, "（一）抓好项目建设"])
    speech = parse_speech(rejoin_lines(text))
    assert [b.label for b in speech.blocks if b.label] == ["一、", "（一）"]


def test_short_lines_are_not_taken_for_a_hard_wrap():
    text = "讲话\n同志们：\n一、总体要求\n增长×%。\n（一）项目建设\n完成×亿元。\n二、保障措施"
    assert not looks_hard_wrapped(text)
    assert prepare_text(text) == (text, False)


def test_forcing_a_rejoin_on_a_short_text_joins_its_full_lines():
    text = "讲话\n" + "\n".join(["甲乙丙丁戊己庚辛壬癸甲乙丙丁戊", "己庚辛壬癸。", "短句。"])
    joined, rejoined = prepare_text(text, rejoin=True)
    assert rejoined
    assert joined == "讲话\n甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸。\n短句。"


_PIECE = st.sampled_from(
    ["甲乙丙丁", "增长×%", "。", "，", "Alpha", " ", "一、", "（一）", "同志们："]
)
_TEXT = st.lists(st.lists(_PIECE, max_size=12).map("".join), max_size=12).map("\n".join)


@given(_TEXT)
def test_rejoining_never_loses_or_reorders_a_character(text):
    joined, _ = prepare_text(text, rejoin=True)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)
    assert len(joined.splitlines()) <= len(text.splitlines())
