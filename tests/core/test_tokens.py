"""Blank tokens in every dialect writers use, and the real text that is not a blank."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechapp.core.model import SlotKind
from speechapp.core.parsing import parse_speech
from speechapp.core.tokens import (
    DEFAULT_TOKENS,
    LEGACY_TOKENS,
    TokenSetError,
    count_blanks,
    has_blank,
    parse_token_set,
)


def slots_of(line: str, tokens=None):
    return parse_speech("标题\n" + line, tokens).slots


def misses_of(line: str, tokens=None):
    return parse_speech("标题\n" + line, tokens).near_misses


@pytest.mark.parametrize(
    ("line", "token", "family"),
    [
        ("同比增长×%。", "×", "cross"),
        ("××区新开工项目。", "××", "cross"),
        ("同比增长X%。", "X", "x"),
        ("新开工项目XX个。", "XX", "x"),
        ("XXX公司牵头。", "XXX", "x"),
        ("完成投资ＸＸ亿元。", "ＸＸ", "x"),
        ("新增x个项目。", "x", "x"),
        ("新增xx家企业。", "xx", "x"),
        ("同比增长X.X%。", "X.X", "decimal"),
        ("完成XX.X亿元。", "XX.X", "decimal"),
        ("增长×.×%。", "×.×", "decimal"),
        ("*市正处在关键期。", "*", "star"),
        ("**区正处在关键期。", "**", "star"),
        ("＊市正处在关键期。", "＊", "star"),
        ("＊＊县正处在关键期。", "＊＊", "star"),
        ("□□□公司牵头。", "□□□", "square"),
        ("□区牵头。", "□", "square"),
        ("○○镇牵头。", "○○", "circle"),
        ("某某同志通报了情况。", "某某", "moumou"),
        ("由__同志负责。", "__", "underscore"),
        ("由______同志负责。", "______", "underscore"),
        ("由＿＿＿同志负责。", "＿＿＿", "underscore"),
    ],
)
def test_each_token_is_one_blank(line, token, family):
    slots = slots_of(line)
    assert [(s.token, s.family) for s in slots] == [(token, family)]


@pytest.mark.parametrize(
    "line",
    [
        "做好X光检查。",
        "采购XBOX游戏机。",
        "PM2.5均值下降。",
        "建成5G基站。",
        "配备CT设备。",
        "发布iPhone X新品。",
        "发布iPhoneX新品。",
        "SpaceX发射成功。",
        "完成X-ray检测。",
        "场地为3×4米。",
        "场地为3 × 4米。",
        "场地为2*3米。",
        "某些企业复工较慢。",
        "某种程度上说。",
        "某一方面。",
        "某个环节。",
        "二○○八年以来。",
        "购买XXL号服装。",
        "宝马X5上市。",
        "4X4越野。",
        "***",
        "* 加强组织领导",
        "变量file_name。",
        "调用__init__方法。",
    ],
)
def test_real_text_is_not_a_blank(line):
    assert slots_of(line) == ()
    assert not has_blank(line)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("做好X光检查。", "term"),
        ("采购XML文件。", "latin"),
        ("发布iPhone X。", "latin"),
        ("场地为3×4米。", "multiplication"),
        ("某些企业。", "word"),
        ("某市企业。", "single"),
        ("二○○八年。", "numeral"),
        ("***", "decoration"),
    ],
)
def test_the_parser_reports_what_it_left_alone_and_why(line, reason):
    misses = misses_of(line)
    assert [m.reason for m in misses] == [reason]
    block = parse_speech("标题\n" + line).blocks[1]
    assert all(block.text[m.start : m.end] == m.text for m in misses)


def test_gdp_followed_by_a_blank_is_the_word_then_the_blank():
    (slot,) = slots_of("全区实现GDPXX亿元。")
    assert (slot.token, slot.before, slot.kind, slot.unit) == (
        "XX",
        "全区实现GDP",
        SlotKind.AMOUNT,
        "亿元",
    )


@pytest.mark.parametrize(
    ("line", "kind", "unit"),
    [
        ("全区实现GDPXX 亿元，", SlotKind.AMOUNT, "亿元"),
        ("比增XX %。", SlotKind.PERCENT, "%"),
        ("增长X.X%。", SlotKind.PERCENT, "%"),
        ("增长X.X ％。", SlotKind.PERCENT, "%"),
        ("完成XX亿元。", SlotKind.AMOUNT, "亿元"),
        ("位居全省第XX位。", SlotKind.RANK, "位"),
        ("位居全省第 XX 位。", SlotKind.RANK, "位"),
        ("提高X.X个百分点。", SlotKind.POINTS, "个百分点"),
        ("新建＊＊个项目。", SlotKind.COUNT, "个"),
        ("完成□□万平方米。", SlotKind.MEASURE, "万平方米"),
        ("××月份以来。", SlotKind.MONTH, "月"),
    ],
)
def test_kinds_and_units_are_read_the_same_way_for_every_token(line, kind, unit):
    (slot,) = slots_of(line)
    assert (slot.kind, slot.unit) == (kind, unit)


def test_a_space_between_token_and_unit_stays_in_the_text():
    speech = parse_speech("标题\n比增XX %。")
    assert speech.blocks[1].text == "比增XX %。"
    assert speech.slots[0].after.startswith(" %")


def test_a_month_and_a_day_pair():
    slots = slots_of("X月X日前完成。")
    assert [(s.kind, s.unit) for s in slots] == [(SlotKind.MONTH, "月"), (SlotKind.DAY, "日")]
    assert [(s.kind, s.unit) for s in slots_of("×月×号前完成。")][1] == (SlotKind.DAY, "号")


def test_a_day_is_not_a_place_number_or_yen():
    assert slots_of("实施×号街坊改造。")[0].kind is SlotKind.NAME
    assert slots_of("折合×日元。")[0].kind is SlotKind.AMOUNT


def test_a_lone_x_in_latin_text_is_not_a_blank_but_in_chinese_it_is():
    assert slots_of("The X factor is here.") == ()
    assert slots_of("Project X 已启动。") == ()
    assert [s.kind for s in slots_of("X月X日")] == [SlotKind.MONTH, SlotKind.DAY]


@pytest.mark.parametrize("line", ["XX县召开会议。", "XX同志作了发言。", "XXX公司签约。"])
def test_names_written_with_x_are_name_blanks(line):
    (slot,) = slots_of(line)
    assert slot.kind is SlotKind.NAME


def test_a_year_blank_covers_the_fixed_digits():
    (slot,) = slots_of("在20XX年全区工作会上。")
    assert (slot.token, slot.kind, slot.unit) == ("20XX", SlotKind.YEAR, "年")
    (slot,) = slots_of("202X年工作要点。")
    assert slot.token == "202X"
    (slot,) = slots_of("XXXX年工作要点。")
    assert slot.token == "XXXX"


def test_the_token_set_narrows_what_is_a_blank():
    line = "全区实现GDPXX亿元，增长×%，*市正处在关键期。"
    assert [s.family for s in slots_of(line)] == ["x", "cross", "star"]
    assert [s.family for s in slots_of(line, "×")] == ["cross"]
    assert [s.family for s in slots_of(line, "-star")] == ["x", "cross"]
    misses = misses_of(line, "×")
    assert [(m.text, m.reason) for m in misses] == [("XX", "not_in_set"), ("*", "not_in_set")]


def test_the_token_set_extends_with_a_template_own_mark():
    slots = slots_of("完成◇◇亿元，增长×%。", "default,◇")
    assert [(s.token, s.family, s.kind) for s in slots] == [
        ("◇◇", "custom", SlotKind.AMOUNT),
        ("×", "cross", SlotKind.PERCENT),
    ]
    assert slots_of("完成◇◇亿元。") == ()


def test_without_the_decimal_family_x_dot_x_is_two_crosses():
    assert [s.token for s in slots_of("增长×.×%。", "cross")] == ["×", "×"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", DEFAULT_TOKENS.spec),
        ("default", DEFAULT_TOKENS.spec),
        ("cross", "cross"),
        ("×", "cross"),
        ("× X X.X", "cross,x,decimal"),
        ("×、X，＊", "cross,x,star"),
        ("-star,-x", "cross,decimal,square,circle,moumou,underscore,shape,bracket"),
        ("cross,△", "cross,shape"),
        ("cross,◇,v1", "cross,◇,v1"),
        ("cross,△,v1", "cross,△,v1"),
        ("cross,◇", "cross,◇"),
        ("某某 ○○ □ __", "square,circle,moumou,underscore"),
    ],
)
def test_a_token_set_is_read_from_names_or_marks(spec, expected):
    assert parse_token_set(spec).spec == expected
    assert parse_token_set(parse_token_set(spec).spec) == parse_token_set(spec)


@pytest.mark.parametrize(
    ("spec", "code"), [("crosses", "unknown"), ("A", "not_symbol"), ("，X，。", "not_symbol")]
)
def test_an_unknown_token_is_refused(spec, code):
    with pytest.raises(TokenSetError) as info:
        parse_token_set(spec)
    assert info.value.code == code


def test_the_parser_reports_the_tokens_it_found_and_how_many():
    speech = parse_speech("标题\n增长×%，完成XX亿元，XX家企业，某某同志。")
    assert speech.token_counts == {"cross": 1, "x": 2, "moumou": 1}
    assert speech.token_set == DEFAULT_TOKENS.spec
    assert count_blanks("增长×%，完成XX亿元，XX家企业，某某同志。") == speech.token_counts


def test_the_seed_parses_the_same_under_the_old_and_the_new_token_set(seed_text):
    old = parse_speech(seed_text, LEGACY_TOKENS)
    new = parse_speech(seed_text)
    assert old.slots == tuple(new.slots)
    assert new.token_counts == {"cross": 178}


# Lines mixing every token and its traps with ordinary text, spaces and punctuation.
_PIECES = st.sampled_from(
    [
        "×", "××", "X", "XX", "Ｘ", "x", "xx", "X.X", "XX.X", "*", "**", "＊", "□□", "○○", "○",
        "某某", "某", "某些", "__", "＿＿", "_", "20", "GDP", "iPhone", " ", "\u3000", "光", "3",
        "%", "亿元", "个", "第", "位", "月", "日", "年", "：", "、", "和", "。", "，", "一、",
        "（一）", "1.", "①", "一是", "二○", "◇", "-", ".", "同志", "公司", "\t",
    ]
)  # fmt: skip
_LINES = st.lists(st.lists(_PIECES, max_size=14).map("".join), max_size=8).map("\n".join)


@given(_LINES, st.sampled_from([None, "cross", "-star", "default,◇", "x,decimal"]))
def test_parsing_is_lossless_and_never_crashes(text, tokens):
    speech = parse_speech(text, tokens)
    expected = [line.strip() for line in text.splitlines() if line.strip()]
    assert [b.text for b in speech.blocks] == expected
    previous = (-1, 0)
    for slot in speech.slots:
        assert speech.blocks[slot.block].text[slot.start : slot.end] == slot.token
        assert (slot.block, slot.start) >= previous
        previous = (slot.block, slot.end)
        assert slot.kind in SlotKind
    for miss in speech.near_misses:
        assert speech.blocks[miss.block].text[miss.start : miss.end] == miss.text
    assert [s.id for s in speech.slots] == [f"s{i:03d}" for i in range(1, len(speech.slots) + 1)]


def test_a_trap_keeps_its_reason_even_in_a_family_the_template_does_not_use():
    misses = misses_of("采购XML文件，完成XX亿元。", "×")
    assert [(m.text, m.reason) for m in misses] == [("X", "latin"), ("XX", "not_in_set")]


@given(st.text(max_size=200), st.sampled_from([None, "cross", "default,◇"]))
def test_any_text_at_all_parses_losslessly(text, tokens):
    speech = parse_speech(text, tokens)
    assert [b.text for b in speech.blocks] == [ln.strip() for ln in text.splitlines() if ln.strip()]
    for slot in speech.slots:
        assert speech.blocks[slot.block].text[slot.start : slot.end] == slot.token


def test_a_range_of_year_blanks_is_two_years():
    slots = slots_of("20XX—20XX年发展规划。")
    assert [(s.token, s.kind) for s in slots] == [("20XX", SlotKind.YEAR), ("20XX", SlotKind.YEAR)]


def test_a_lower_case_x_ray_is_a_term_too():
    assert slots_of("做好x光检查。") == ()


@pytest.mark.parametrize("line", ["完成____项目招标。", "整治×场所。", "在×期间。"])
def test_a_unit_that_starts_a_longer_word_is_no_unit(line):
    assert slots_of(line)[0].kind is SlotKind.NAME
