"""The last look before a download: fixed text that still looks like a blank.

Written to hold whether or not the grammar later takes some of these as blanks: a text is
parsed with a token set that leaves the family out (tokens="cross"), or the leftover is one
no grammar takes (a mark the template does not use)."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from speechapp.core.leftovers import context_as_printed, leftovers
from speechapp.core.overrides import Overrides, Span, overrides_of, remap_overrides
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.html import render_html


def found(text: str, tokens: str | None = "cross", confirmed=()) -> list[str]:
    return [left.text for left in leftovers(parse_speech(text, tokens), confirmed)]


def test_empty_brackets_the_parser_did_not_take_are_left_over_with_their_sentence():
    speech = parse_speech("标题\n今年增长×%。共发放（　　）万元，惠及×户。\n", "cross")
    (left,) = [x for x in leftovers(speech) if x.text == "（　　）"]
    assert left.sentence == "共发放（　　）万元，惠及×户。"
    assert (left.before, left.after) == ("共发放", "万元，惠及×户。")
    assert speech.blocks[left.block].text[left.start : left.end] == "（　　）"
    assert left.key == f"{left.block}:{left.start}:{left.end}"


def test_brackets_with_any_spaces_or_none_are_left_over():
    text = "标题\n甲（ ）乙( )丙【　】丁〔〕戊()。\n"
    assert found(text) == ["（ ）", "( )", "【　】", "〔〕", "()"]


def test_mark_runs_of_a_family_the_template_does_not_use_are_left_over():
    text = "标题\n全市＊＊＊＊万元，□□.□%，GDPXX亿元，××同志。\n"
    assert found(text) == ["＊＊＊＊", "□□.□", "XX"]


def test_marks_no_family_knows_are_left_over():
    # under the set "x" no family of these marks is in use: each is left over
    assert found("标题\n△△项目，▲▲个，■■名，✕✕户，☆市。\n", "x") == ["△△", "▲▲", "■■", "✕✕", "☆"]


def test_year_shapes_and_a_date_of_spaces_are_left_over():
    text = "标题\n（20__年）20XX年工作，2025年　月　日。\n"
    assert found(text) == ["20__", "20XX", "\u3000", "\u3000"]


def test_the_title_is_looked_at_too():
    (left,) = leftovers(parse_speech("在20XX年工作会议上的讲话\n增长×%。\n", "cross"))
    assert (left.block, left.text) == (0, "20XX")


def test_traps_stay_text():
    text = (
        "标题\n"
        "X光、X射线、Ｘ型、iPhone X、3×4米、2×35万千瓦、★★★★级景区、☆☆☆级景区、二〇二五年、"
        "二○二四年，某些地方，某种程度，某市，PM2.5，5G，XBOX，a_b。\n"
        "带“＊”的为必报指标。\n"
        "＊＊＊＊＊＊\n"
        "————××————\n"
        "● 坚持问题导向\n"
        "* 说明\n"
        "完成×亿元。\n"
    )
    assert found(text, None) == []


def test_slots_are_not_leftovers_whatever_the_mark():
    text = "标题\n全市□□个，××同志，某某单位，20XX年，X.X%。\n"
    speech = parse_speech(text)
    assert speech.slots
    assert leftovers(speech) == ()


def test_a_span_confirmed_as_text_is_no_leftover():
    text = "标题\n共发放（　　）万元，△△项目。\n"
    speech = parse_speech(text, "cross")
    first, second = leftovers(speech)
    assert leftovers(speech, [first.span]) == (second,)
    assert leftovers(speech, [first.span, second.span]) == ()


def test_a_confirmation_whose_text_is_gone_confirms_nothing():
    speech = parse_speech("标题\n共发放（　　）万元。\n", "cross")
    (left,) = leftovers(speech)
    stale = Span(left.block, left.start, left.end, "（）")
    assert leftovers(speech, [stale]) == (left,)


def test_a_blank_the_writer_unticked_is_text_they_chose():
    speech = parse_speech(
        "标题\n完成×亿元，××同志。\n", None, Overrides(ignores=(Span(1, 6, 8, "××"),))
    )
    assert [s.token for s in speech.slots] == ["×"]
    assert leftovers(speech) == ()


def test_marks_joined_by_a_point_or_a_comma_are_one_leftover():
    assert found("标题\n增长□□.□%，□,□□□元，xx-x同志。\n") == ["□□.□", "□,□□□", "xx-x"]


def test_the_templates_own_mark_is_looked_for_too():
    # ◎ is no family's mark: only the template's own set names it.
    text = "标题\n◎◎项目，增长×%。\n"
    assert found(text, "cross") == []
    unparsed = replace(parse_speech(text, "cross,◎"), slots=())
    assert [left.text for left in leftovers(unparsed)] == ["◎◎", "×"]


def test_text_confirmations_are_stored_and_read_back():
    span = Span(1, 3, 7, "（　　）")
    overrides = Overrides(texts=(span,))
    rows = overrides.to_json()
    assert rows == [{"op": "text", "block": 1, "start": 3, "end": 7, "text": "（　　）"}]
    assert overrides_of(rows) == overrides
    assert overrides_of(rows + rows).texts == (span,)


def test_text_confirmations_do_not_change_the_parse():
    text = "标题\n共发放（　　）万元，增长×%。\n"
    plain = parse_speech(text, "cross")
    confirmed = parse_speech(text, "cross", Overrides(texts=(leftovers(plain)[0].span,)))
    assert confirmed.slots == plain.slots
    assert confirmed.near_misses == plain.near_misses


def test_text_confirmations_move_with_an_edit_of_the_text():
    old = "标题\n共发放（　　）万元。\n"
    (left,) = leftovers(parse_speech(old, "cross"))
    for new in ("标题\n前言。\n共发放（　　）万元。\n", "标题\n今年共发放（　　）万元。\n"):
        moved, lost = remap_overrides(old, new, Overrides(texts=(left.span,)))
        assert lost == 0
        assert leftovers(parse_speech(new, "cross"), moved.texts) == ()
    gone, lost = remap_overrides(old, "标题\n共发放（ ）万元。\n", Overrides(texts=(left.span,)))
    assert (gone.texts, lost) == ((), 1)


_PIECES = st.sampled_from(
    [
        "×", "××", "X", "XX", "x", "Ｘ", "＊", "**", "□", "○", "〇", "☆", "△", "▲", "■", "●",
        "_", "＿＿", "✕", "某某", "某", "（", "）", "(", ")", "【", "】", "〔", "〕", " ", "\u3000",
        "20", "2025", "年", "月", "日", "3", ".", ",", "-", "/", "“", "”", "光", "级", "同志",
        "二", "iPhone ", "增长", "%", "。", "，", "一、", "（一）",
    ]
)  # fmt: skip
_TEXTS = st.lists(st.lists(_PIECES, max_size=12).map("".join), max_size=6).map("\n".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_TEXTS, st.sampled_from([None, "cross", "-star", "default,△", "x,decimal"]))
def test_the_scan_never_crashes_and_its_spans_lie_outside_the_slots(text, tokens):
    speech = parse_speech(text, tokens)
    found = leftovers(speech)
    for left in found:
        line = speech.blocks[left.block].text
        assert line[left.start : left.end] == left.text
        assert left.text and left.before + left.text + left.after in left.sentence
        assert left.sentence in line
        for slot in speech.slots_in_block(left.block):
            assert left.end <= slot.start or slot.end <= left.start
    assert leftovers(speech, [left.span for left in found]) == ()


def test_the_context_reads_as_printed_with_the_values_filled_in():
    speech = parse_speech("标题\n今年增长×%。共发放（　　）万元，惠及×户。\n", "cross")
    (left,) = leftovers(speech)
    assert context_as_printed(speech, left, {"s002": "8"}) == ("共发放", "万元，惠及8户。")
    assert context_as_printed(speech, left, {}) == ("共发放", "万元，惠及×户。")


def test_the_draft_copy_highlights_the_leftovers_it_is_given():
    speech = parse_speech("标题\n共发放（　　）万元，惠及×户。\n", "cross")
    spans = tuple((x.block, x.start, x.end) for x in leftovers(speech))
    html = render_html(speech, {"s001": "8"}, RenderOptions(leftovers=spans))
    assert '共发放<mark class="leftover">（　　）</mark>万元，惠及' in html
    assert "leftover" not in render_html(speech, {"s001": "8"}, RenderOptions())
