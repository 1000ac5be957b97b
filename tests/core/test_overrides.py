"""The writer's corrections (marks, unmarks, kinds) and the re-mappings that keep slot ids and
values in place across an edit of the template's text."""

from hypothesis import given
from hypothesis import strategies as st

from speechapp.core.model import SlotKind
from speechapp.core.overrides import (
    IGNORED,
    MARKED,
    Overrides,
    Span,
    blank_for_value,
    find_span,
    overrides_of,
    remap_overrides,
    remap_slots,
    span_at,
    text_lines,
)
from speechapp.core.parsing import parse_speech
from tests.core.test_tokens import _LINES

TEXT = "标题\n同志们：\n今年完成XX亿元，X光检查×次，某某同志讲话。\n全市第×位。\n"


def test_an_unmarked_blank_is_plain_text_and_listed_as_left_alone():
    speech = parse_speech(TEXT, None, Overrides(ignores=(Span(2, 4, 6, "XX"),)))
    assert [s.token for s in speech.slots] == ["×", "某某", "×"]
    assert (4, 6, "XX", IGNORED) in [(m.start, m.end, m.text, m.reason) for m in speech.near_misses]


def test_a_marked_near_miss_is_a_blank_and_no_longer_a_near_miss():
    speech = parse_speech(TEXT, None, Overrides(marks=(Span(2, 9, 11, "X光"),)))
    marked = [s for s in speech.slots if s.family == MARKED]
    assert [(s.token, s.id) for s in marked] == [("X光", "s002")]
    assert not any(m.text == "X" for m in speech.near_misses)


def test_a_changed_kind_replaces_the_inferred_one():
    plain = parse_speech(TEXT)
    assert plain.slots[0].kind is SlotKind.AMOUNT
    speech = parse_speech(TEXT, None, Overrides(kinds=((Span(2, 4, 6, "XX"), SlotKind.NAME),)))
    assert (speech.slots[0].kind, speech.slots[0].unit) == (SlotKind.NAME, None)


def test_an_override_whose_text_moved_is_not_applied():
    speech = parse_speech(TEXT, None, Overrides(ignores=(Span(2, 4, 6, "YY"),)))
    assert speech.slots == parse_speech(TEXT).slots


def test_overrides_survive_their_stored_form():
    overrides = Overrides(
        marks=(Span(2, 9, 11, "X光"),),
        ignores=(Span(2, 4, 6, "XX"),),
        kinds=((Span(3, 3, 4, "×"), SlotKind.COUNT),),
    )
    assert overrides_of(overrides.to_json()) == overrides
    assert parse_speech(TEXT, None, overrides.to_json()) == parse_speech(TEXT, None, overrides)


def test_nonsense_stored_overrides_are_left_out():
    stored = [{"op": "mark"}, {"op": "kind", "block": 1, "start": 0, "end": 1, "text": "x",
               "kind": "nonsense"}, "junk", {"op": "fly", "block": 0, "start": 0, "end": 1,
               "text": "标"}]  # fmt: skip
    assert overrides_of(stored) == Overrides()
    assert overrides_of("not json") == Overrides()


def test_typed_words_are_found_where_they_are_not_a_blank_yet():
    lines = text_lines(TEXT)
    assert find_span(lines, "X光") == Span(2, 9, 11, "X光")
    taken = [Span(3, 3, 4, "×")]
    assert find_span(["×位×位"], "×", [Span(0, 0, 1, "×")]) == Span(0, 2, 3, "×")
    assert find_span(lines, "没有的话", taken) is None


def test_a_span_key_outside_the_text_names_nothing():
    lines = text_lines(TEXT)
    assert span_at(lines, "2:4:6") == Span(2, 4, 6, "XX")
    for key in ("9:0:1", "2:6:4", "2:0:999", "a:b:c", ""):
        assert span_at(lines, key) is None


def test_an_edit_elsewhere_in_the_line_keeps_an_override_on_its_text():
    overrides = Overrides(marks=(Span(2, 9, 11, "X光"),))
    edited = TEXT.replace("今年完成", "今年全年完成")
    moved, lost = remap_overrides(TEXT, edited, overrides)
    assert (moved.marks, lost) == ((Span(2, 11, 13, "X光"),), 0)
    assert parse_speech(edited, None, moved).slots[1].token == "X光"


def test_an_override_whose_words_were_edited_is_lost_and_counted():
    overrides = Overrides(ignores=(Span(2, 4, 6, "XX"),))
    moved, lost = remap_overrides(TEXT, TEXT.replace("XX亿元", "十亿元"), overrides)
    assert (moved, lost) == (Overrides(), 1)


def test_a_line_inserted_above_moves_overrides_down():
    overrides = Overrides(kinds=((Span(3, 3, 4, "×"), SlotKind.COUNT),))
    edited = TEXT.replace("同志们：\n", "同志们：\n新加的一段话。\n")
    moved, _ = remap_overrides(TEXT, edited, overrides)
    assert moved.kinds == ((Span(4, 3, 4, "×"), SlotKind.COUNT),)


def test_remapping_a_fixed_typo_keeps_every_blank():
    seedish = "标题\n上半年，1一6月份增长×%，经济社会运行回稳向\n全年完成×亿元。\n"
    fixed = "标题\n上半年，1—6月份增长×%，经济社会运行回稳向好。\n全年完成×亿元。\n"
    mapping = remap_slots(parse_speech(seedish), parse_speech(fixed))
    assert mapping == {"s001": "s001", "s002": "s002"}


def test_a_blank_added_in_front_shifts_ids_and_the_mapping_follows():
    old = parse_speech(TEXT)
    new = parse_speech(TEXT.replace("同志们：", "同志们（×人）："))
    mapping = remap_slots(old, new)
    assert mapping == {"s001": "s002", "s002": "s003", "s003": "s004", "s004": "s005"}


def test_a_blank_whose_words_changed_on_one_side_still_finds_its_place():
    old = parse_speech("标题\n完成投资×亿元，增长×%。\n")
    new = parse_speech("标题\n全年完成投资×亿元，增长×%。\n")
    assert remap_slots(old, new) == {"s001": "s001", "s002": "s002"}


def test_a_blank_that_is_gone_is_left_out_of_the_mapping():
    old = parse_speech("标题\n完成×亿元。\n排名第×位。\n")
    new = parse_speech("标题\n排名第×位。\n")
    assert remap_slots(old, new) == {"s002": "s001"}


@given(_LINES, st.sampled_from([None, "cross", "default,◇"]))
def test_remapping_an_unchanged_text_keeps_every_id(text, tokens):
    speech = parse_speech(text, tokens)
    assert remap_slots(speech, speech) == {s.id: s.id for s in speech.slots}
    overrides = Overrides(
        ignores=tuple(Span(s.block, s.start, s.end, s.token) for s in speech.slots[:2])
    )
    assert remap_overrides(text, text, overrides) == (overrides, 0)


@given(_LINES, st.data())
def test_any_override_keeps_the_parse_lossless(text, data):
    lines = text_lines(text)
    spans = []
    for _ in range(data.draw(st.integers(0, 3))):
        if not lines:
            break
        block = data.draw(st.integers(0, len(lines) - 1))
        if not lines[block]:
            continue
        start = data.draw(st.integers(0, len(lines[block]) - 1))
        end = data.draw(st.integers(start + 1, len(lines[block])))
        spans.append(Span(block, start, end, lines[block][start:end]))
    speech = parse_speech(text, None, Overrides(marks=tuple(spans)))
    assert [b.text for b in speech.blocks] == lines
    previous = (-1, 0)
    for slot in speech.slots:
        assert speech.blocks[slot.block].text[slot.start : slot.end] == slot.token
        assert (slot.block, slot.start) >= previous
        previous = (slot.block, slot.end)
    assert [s.id for s in speech.slots] == [f"s{i:03d}" for i in range(1, len(speech.slots) + 1)]


@given(_LINES, st.integers(0, 10))
def test_a_plain_line_inserted_anywhere_keeps_every_id(text, at):
    lines = text.split("\n")
    at = min(at, len(lines))
    edited = "\n".join([*lines[:at], "这是新加的一句话。", *lines[at:]])
    old, new = parse_speech(text), parse_speech(edited)
    assert remap_slots(old, new) == {s.id: s.id for s in old.slots}


def test_marking_a_number_whose_halves_are_blanks_makes_one_blank_of_them():
    text = "标题\n完成X,XXX人。"
    base = parse_speech(text, "x,v1")  # grammar 1 read "X" and "XXX" as two blanks
    assert [s.token for s in base.slots] == ["X", "XXX"]
    span = find_span(
        text_lines(text), "X,XXX", [Span(s.block, s.start, s.end, s.token) for s in base.slots]
    )
    assert span is not None
    speech = parse_speech(text, "x,v1", Overrides(marks=(span,)))
    assert [(s.token, s.kind) for s in speech.slots] == [("X,XXX", SlotKind.COUNT)]


def test_a_mark_that_cuts_through_a_blank_is_not_applied():
    text = "标题\n完成XX亿元。"
    lines = text_lines(text)
    assert find_span(lines, "X亿", [Span(1, 2, 4, "XX")]) is None
    speech = parse_speech(text, None, Overrides(marks=(Span(1, 3, 5, "X亿"),)))
    assert [s.token for s in speech.slots] == ["XX"]


def test_typing_a_blank_that_is_already_one_finds_nothing_new():
    assert find_span(["完成XX亿元"], "XX", [Span(0, 2, 4, "XX")]) is None


def test_a_value_whose_blank_is_gone_goes_to_the_most_alike_open_blank_of_its_kind():
    speech = parse_speech("标题\n增长×%，新建×个，张×同志，增速×%，某某同志。")
    # s001 增长×%, s004 增速×%: both open percentages, the one whose words match wins
    assert blank_for_value("增速", "×", "%", speech, speech.slot_ids) == "s004"
    assert blank_for_value("同比增长", "×", "%", speech, speech.slot_ids) == "s001"
    assert blank_for_value("", "某某", "同志", speech, ["s001", "s005"]) == "s005"


def test_a_value_with_no_open_blank_of_its_kind_goes_nowhere():
    speech = parse_speech("标题\n增长×%，新建×个。")
    assert blank_for_value("完成", "×", "亿元", speech, speech.slot_ids) is None
