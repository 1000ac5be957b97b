"""The parser turns template text into blocks and slots (plain pytest, no Django)."""

import json

from speechapp.core.model import BlockKind, SlotKind
from speechapp.core.parsing import parse_speech

SMALL = """  关于全市经济工作的讲话

各位领导、同志们：
一、上半年工作回顾
（一）经济运行总体平稳。
一是工业稳中有进。规上工业增加值同比增长×%，较一季度提高×个百分点，位居全省第×位。二是消费持续回暖。社会消费品零售总额完成×亿元。
(二)项目建设提速
×月份，××区新开工项目×个，总投资×亿元；三次产业比例为×：×：×。
二、下半年重点工作
1.抓好项目
全年新增就业×万余人，完成×一×月份目标。
"""


def test_it_finds_every_blank_of_the_seed(seed_text):
    speech = parse_speech(seed_text)
    assert len(speech.slots) == 178


def test_it_finds_the_seed_headings(seed_text):
    speech = parse_speech(seed_text)
    headings = [b for b in speech.blocks if b.kind is BlockKind.HEADING]
    assert sum(1 for b in headings if b.level == 1) == 2
    assert sum(1 for b in headings if b.level == 2) == 11
    assert speech.title == "在2024年全区重点任务部署会上的讲话"


def test_the_first_line_is_the_title_and_a_short_colon_line_the_salutation():
    speech = parse_speech(SMALL)
    assert speech.blocks[0].kind is BlockKind.TITLE
    assert speech.blocks[0].text == "关于全市经济工作的讲话"
    assert speech.blocks[1].kind is BlockKind.SALUTATION
    assert speech.blocks[1].text == "各位领导、同志们："


def test_headings_get_levels_and_labels_in_both_bracket_styles():
    speech = parse_speech(SMALL)
    headings = [(b.level, b.label) for b in speech.blocks if b.kind is BlockKind.HEADING]
    assert headings == [(1, "一、"), (2, "（一）"), (2, "(二)"), (1, "二、"), (3, "1.")]


def test_a_run_of_crosses_is_one_slot():
    speech = parse_speech(SMALL)
    tokens = [s.token for s in speech.slots]
    assert "××" in tokens
    assert len(speech.slots) == SMALL.count("×") - 1


def test_slot_offsets_point_at_the_token_in_its_block():
    speech = parse_speech(SMALL)
    for slot in speech.slots:
        assert speech.blocks[slot.block].text[slot.start : slot.end] == slot.token


def test_slots_carry_their_section_path_and_point():
    speech = parse_speech(SMALL)
    first = speech.slots[0]
    assert first.section == "一、上半年工作回顾 › （一）经济运行总体平稳"
    assert first.point == "一是工业稳中有进"
    fourth = speech.slots[3]
    assert fourth.point == "二是消费持续回暖"


def test_a_new_level_one_heading_closes_the_sections_below_the_old_one():
    speech = parse_speech(SMALL)
    last = speech.slots[-1]
    assert last.section == "二、下半年重点工作 › 1.抓好项目"


def test_context_stays_inside_the_sentence():
    speech = parse_speech(SMALL)
    slot = speech.slots[0]
    assert slot.before == "规上工业增加值同比增长"
    assert slot.after == "%，较一季度提高×个百分点，位"
    assert len(slot.after) <= 15
    amount = speech.slots[3]
    assert amount.before == "社会消费品零售总额完成"  # not reaching into the sentence before


def test_kinds_and_units_follow_the_words_after_the_blank():
    speech = parse_speech(SMALL)
    kinds = [(s.kind, s.unit) for s in speech.slots]
    assert kinds[:4] == [
        (SlotKind.PERCENT, "%"),
        (SlotKind.POINTS, "个百分点"),
        (SlotKind.RANK, "位"),
        (SlotKind.AMOUNT, "亿元"),
    ]
    assert kinds[4] == (SlotKind.MONTH, "月")
    assert kinds[5] == (SlotKind.NAME, None)  # ××区
    assert kinds[6] == (SlotKind.COUNT, "个")
    assert kinds[8:11] == [(SlotKind.RATIO, None)] * 3
    assert kinds[11] == (SlotKind.COUNT, "万人")
    assert kinds[12:14] == [(SlotKind.MONTH, "月")] * 2  # ×一×月份 is a range of months


def test_a_blank_joined_to_the_next_takes_its_kind():
    speech = parse_speech("标题\n城乡居民收入分别较一季度提高×和×个百分点。")
    assert [s.kind for s in speech.slots] == [SlotKind.POINTS, SlotKind.POINTS]


def test_the_seed_kinds_cover_numbers_and_names(seed_text):
    speech = parse_speech(seed_text)
    kinds = {s.kind for s in speech.slots}
    # the seed has no "×月×日", no age and no rate
    assert kinds == set(SlotKind) - {SlotKind.DAY, SlotKind.AGE, SlotKind.RATE}
    by_id = {s.id: s for s in speech.slots}
    assert by_id["s009"].kind is SlotKind.PERCENT
    assert by_id["s028"].kind is SlotKind.NAME  # ×区跨境电商产业园


def test_slot_ids_are_stable_and_ordered(seed_text):
    first = parse_speech(seed_text)
    again = parse_speech(seed_text + "\n")
    assert first.slot_ids == again.slot_ids
    assert first.slot_ids[:3] == ("s001", "s002", "s003")


def test_the_json_shape_has_every_documented_key(seed_text):
    data = json.loads(json.dumps(parse_speech(seed_text).to_dict(), ensure_ascii=False))
    assert set(data) == {"title", "blocks", "slots", "tokens", "near_misses"}
    assert data["tokens"]["found"] == {"cross": 178}
    assert set(data["blocks"][0]) == {"kind", "level", "label", "text"}
    assert set(data["slots"][0]) == {
        "id",
        "block",
        "start",
        "end",
        "token",
        "kind",
        "unit",
        "before",
        "after",
        "section",
        "point",
        "family",
    }


def test_a_long_line_starting_like_a_heading_is_a_paragraph_with_its_level():
    text = "标题\n一、总体要求\n（一）坚持稳中求进。全年完成投资×亿元，同比增长×%，各项工作取得明显成效，为下半年打下坚实基础。"
    block = parse_speech(text).blocks[2]
    assert block.kind is BlockKind.PARAGRAPH
    assert block.level == 2


def test_windows_line_endings_and_blank_lines_are_ignored():
    speech = parse_speech("标题\r\n\r\n同志们：\r\n增长×%。\r\n")
    assert [b.text for b in speech.blocks] == ["标题", "同志们：", "增长×%。"]


def test_first_then_finally_are_points_like_yi_shi():
    text = "讲话\n同志们：\n今年要抓好三件事。首先，加强组织领导，完成×个项目。其次，压实责任。最后，严格考核。"
    block = parse_speech(text).blocks[2]
    assert [p.marker for p in block.points] == ["首先", "其次", "最后"]
    assert block.points[0].lead == "首先，加强组织领导，完成×个项目"
    assert parse_speech(text).slots[0].point == block.points[0].lead


def test_a_phrase_that_only_starts_with_zuihou_is_no_point():
    block = parse_speech("讲话\n同志们：\n最后一公里问题要解决。").blocks[2]
    assert block.points == ()
