"""Grammar 2: every mark, every composition, every place; and the traps that stay text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechapp.core.model import SlotKind
from speechapp.core.parsing import parse_speech
from speechapp.core.tokens import holds_a_mark, is_decimal_token
from speechapp.core.values import ValueProblem, normalise_value


def blanks(line: str, tokens=None) -> list[str]:
    return [s.token for s in parse_speech("标题\n" + line, tokens).slots]


def kinds(line: str) -> list[tuple[str, SlotKind, str | None]]:
    return [(s.token, s.kind, s.unit) for s in parse_speech("标题\n" + line).slots]


def misses(line: str) -> list[tuple[str, str]]:
    return [(m.text, m.reason) for m in parse_speech("标题\n" + line).near_misses]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("同比增长×%，✕✕区完成。", ["×", "✕✕"]),
        ("新增X个、x家、ＸＸ项。", ["X", "x", "ＸＸ"]),
        ("完成＊＊＊＊万元，*市。", ["＊＊＊＊", "*"]),
        ("□□□公司、☆市、△△县、▲▲区、■■镇、●●村。", ["□□□", "☆", "△△", "▲▲", "■■", "●●"]),
        ("由__同志和＿＿＿同志负责。", ["__", "＿＿＿"]),
        ("某某同志通报了某某某公司的情况。", ["某某", "某某某"]),
    ],
)
def test_a_run_of_any_mark_is_one_blank(line, expected):
    assert blanks(line) == expected


@pytest.mark.parametrize(
    ("line", "token", "kind"),
    [
        ("完成□□.□亿元。", "□□.□", SlotKind.AMOUNT),
        ("增长＊.＊%。", "＊.＊", SlotKind.PERCENT),
        ("完成××.×万吨。", "××.×", SlotKind.MEASURE),
        ("增长X.XX%。", "X.XX", SlotKind.PERCENT),
        ("新增X,XXX人。", "X,XXX", SlotKind.COUNT),
        ("完成□,□□□万元。", "□,□□□", SlotKind.AMOUNT),
        ("达到X,XXX.X亿元。", "X,XXX.X", SlotKind.AMOUNT),
        ("发病率为X/10万。", "X", SlotKind.RATE),
        ("平均年龄XX.X岁。", "XX.X", SlotKind.AGE),
    ],
)
def test_decimals_thousands_and_rates_are_one_blank_for_every_mark(line, token, kind):
    assert [(t, k) for t, k, _ in kinds(line)] == [(token, kind)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("20XX年X月X日召开。", [("20XX", "year"), ("X", "month"), ("X", "day")]),
        ("20××年完成。", [("20××", "year")]),
        ("20□□年目标。", [("20□□", "year")]),
        ("20__年计划。", [("20__", "year")]),
        ("XXXX年以来。", [("XXXX", "year")]),
        ("****年**月**日。", [("****", "year"), ("**", "month"), ("**", "day")]),
        ("截至20XX/X/XX。", [("20XX", "year"), ("X", "month"), ("XX", "day")]),
        ("截至20XX-XX-XX。", [("20XX", "year"), ("XX", "month"), ("XX", "day")]),
        ("（2025年　月　日）", [("\u3000", "month"), ("\u3000", "day")]),
        ("（　　年　　月　　日）", [("\u3000\u3000", "year"), ("\u3000\u3000", "month"), ("\u3000\u3000", "day")]),
        ("日期：2025年 月 日。", [(" ", "month"), (" ", "day")]),
        ("20XX—20XX年规划。", [("20XX", "year"), ("20XX", "year")]),
    ],
)  # fmt: skip
def test_every_date_form_is_one_blank_per_field(line, expected):
    assert [(t, str(k)) for t, k, _ in kinds(line)] == expected


@pytest.mark.parametrize("year", ["20XX", "20××", "20□□", "20__", "20＊＊"])
def test_a_year_means_the_same_whatever_its_mark(year):
    (slot,) = parse_speech(f"标题\n{year}年完成任务。").slots
    assert slot.kind is SlotKind.YEAR
    for typed in ("2025", "25"):
        assert normalise_value(slot.kind, slot.unit, typed, token=slot.token).text == "2025"


@pytest.mark.parametrize(
    ("line", "token"),
    [
        ("共发放（　　）万元。", "（　　）"),
        ("共有（ ）名。", "（ ）"),
        ("共有（）名。", "（）"),
        ("新建( )个。", "( )"),
        ("完成【 】项。", "【 】"),
        ("引进〔　〕家。", "〔　〕"),
    ],
)
def test_empty_brackets_with_any_spaces_are_one_blank(line, token):
    assert blanks(line) == [token]


def test_an_empty_bracket_takes_the_kind_of_the_unit_after_it():
    assert kinds("共发放（　　）万元。") == [("（　　）", SlotKind.AMOUNT, "万元")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("xx-x同志主持会议。", ["xx-x"]),
        ("XX-XX同志、××·×同志。", ["XX-XX", "××·×"]),
        ("第N期培训班，第N届运动会，第N次会议。", ["N", "N", "N"]),
    ],
)
def test_names_with_a_hyphen_and_the_placeholder_n(line, expected):
    assert blanks(line) == expected


def test_a_range_with_a_hyphen_before_a_unit_stays_two_blanks():
    assert blanks("X-X月完成。") == ["X", "X"]


def test_a_single_circle_is_a_blank_where_the_template_writes_blanks_with_it():
    speech = parse_speech("标题\n○○镇完成任务。\n全市○个县。")
    assert [s.token for s in speech.slots] == ["○○", "○"]
    assert parse_speech("标题\n全市○个县。").slots == ()


def test_a_single_underscore_counts_only_beside_longer_ones():
    assert blanks("由____同志负责，_同志协助。") == ["____", "_"]
    assert blanks("文件名a_b。") == []


@pytest.mark.parametrize(
    "line",
    [
        "做好X光检查，X射线防护，Ｘ型结构。",
        "发布iPhone X新品，建成5G基站，PM2.5下降，配备CT设备。",
        "场地为3×4米，装机2×35万千瓦。",
        "Ⅱ类水质，★★★★级景区。",
        "二〇二五年，二○二四年，一〇〇人。",
        "某些企业，某种程度。",
        "佩戴N95口罩，观看NBA比赛。",
    ],
)
def test_traps_stay_text(line):
    assert blanks(line) == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("＊＊＊＊＊＊", "decoration"),
        ("* * *", "decoration"),
        ("● 加快项目建设", "decoration"),
        ("●加快项目建设", "decoration"),
        ("带“＊”的为必报指标。", "legend"),
        ("标有*的为预计数。", "legend"),
        ("创建☆☆☆级景区。", "rating"),
    ],
)
def test_separators_bullets_and_legends_are_not_blanks(line, reason):
    assert blanks(line) == []
    assert reason in {r for _, r in misses(line)}


def test_a_mark_before_a_place_at_the_start_of_a_line_is_a_blank_not_a_bullet():
    assert blanks("■市召开会议。") == ["■"]


def test_a_separator_line_among_blanks():
    speech = parse_speech("标题\n完成＊＊亿元。\n＊＊＊＊＊＊\n新增＊＊＊个项目。")
    assert [s.token for s in speech.slots] == ["＊＊", "＊＊＊"]


@pytest.mark.parametrize(
    ("token", "kind", "unit", "typed", "printed"),
    [
        ("X.X", SlotKind.COUNT, "人", "2.8", "2.8"),
        ("XX.X", SlotKind.AGE, "岁", "35.6", "35.6"),
        ("X", SlotKind.RATE, "/10万", "12.3", "12.3"),
        ("□□.□", SlotKind.RANK, "位", "3.5", "3.5"),
    ],
)
def test_a_decimal_shaped_blank_takes_decimals_whatever_its_unit(token, kind, unit, typed, printed):
    assert normalise_value(kind, unit, typed, token=token).text == printed


def test_an_integer_blank_asks_for_a_whole_number_not_a_decimal():
    with pytest.raises(ValueProblem) as info:
        normalise_value(SlotKind.COUNT, "个", "abc", token="×")
    assert info.value.code == "not_whole_number"
    with pytest.raises(ValueProblem) as info:
        normalise_value(SlotKind.AMOUNT, "亿元", "abc", token="×")
    assert info.value.code == "not_number"


def test_an_age_is_a_number_of_years():
    with pytest.raises(ValueProblem) as info:
        normalise_value(SlotKind.AGE, "岁", "400", token="XX")
    assert info.value.code == "age_range"


@pytest.mark.parametrize(
    ("token", "decimal"),
    [("X.X", True), ("□□.□", True), ("X,XXX.X", True), ("X,XXX", False), ("XX", False)],
)
def test_a_decimal_token_is_known_by_its_point(token, decimal):
    assert is_decimal_token(token) is decimal


@pytest.mark.parametrize("value", ["____", "＊＊＊", "* * *", "（　　）", "20XX年", "☆☆"])
def test_a_value_still_holding_a_mark_is_refused(value):
    assert holds_a_mark(value)


@pytest.mark.parametrize("value", ["张三", "X光机", "3×4", "5G", "二〇二五"])
def test_a_value_without_marks_is_kept(value):
    assert not holds_a_mark(value)


def test_grammar_1_still_reads_what_it_read():
    line = "共发放（　　）万元，20××年完成×个项目，☆市。"
    assert blanks(line, "cross,v1") == ["××", "×"]
    assert blanks(line) == ["（　　）", "20××", "×", "☆"]


# Every mark, composition and trap, mixed with text, spaces and punctuation.
_PIECES = st.sampled_from(
    [
        "×", "✕", "X", "XX", "x", "Ｘ", "＊", "*", "□", "○", "〇", "☆", "△", "▲", "■", "●",
        "_", "＿", "某某", "某", ".", "．", ",", "/10万", "-", "·", "20", "2025", "年", "月",
        "日", "（", "）", "(", ")", "【", "】", "〔", "〕", " ", "\u3000", "第", "N", "期",
        "同志", "市", "%", "亿元", "个", "岁", "“", "”", "带", "的", "光", "3", "二", "GDP",
        "。", "，", "：", "一、", "（一）",
    ]
)  # fmt: skip
_TEXTS = st.lists(st.lists(_PIECES, max_size=16).map("".join), max_size=8).map("\n".join)


@given(_TEXTS, st.sampled_from([None, "cross", "cross,v1", "-decimal", "star,bracket,◇"]))
def test_any_mix_of_marks_and_compositions_parses_losslessly(text, tokens):
    speech = parse_speech(text, tokens)
    assert [b.text for b in speech.blocks] == [ln.strip() for ln in text.splitlines() if ln.strip()]
    previous = (-1, 0)
    for slot in speech.slots:
        assert speech.blocks[slot.block].text[slot.start : slot.end] == slot.token
        assert slot.start < slot.end
        assert (slot.block, slot.start) >= previous
        previous = (slot.block, slot.end)
    for miss in speech.near_misses:
        assert speech.blocks[miss.block].text[miss.start : miss.end] == miss.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("全市实现GDPXXX.X亿元。", [("XXX.X", SlotKind.AMOUNT, "亿元")]),
        ("请来○○位企业家。", [("○○", SlotKind.COUNT, "位")]),
        ("位居全市第×位。", [("×", SlotKind.RANK, "位")]),
        ("出现■■■毫米的降水。", [("■■■", SlotKind.MEASURE, "毫米")]),
        ("组织△轮督查，接种XX.X万剂次。", [("△", SlotKind.COUNT, "轮"), ("XX.X", SlotKind.COUNT, "万剂次")]),
    ],
)  # fmt: skip
def test_kinds_read_from_the_unit_whatever_the_mark(line, expected):
    assert kinds(line) == expected
