from speechapp.core.linking import NameGroup, group_of, name_groups
from speechapp.core.parsing import parse_speech


def test_name_blanks_followed_by_the_same_word_form_a_group(seed_text):
    groups = name_groups(parse_speech(seed_text))
    assert groups["×区"] == NameGroup("×区", ("s028", "s107"))
    assert set(groups["×河"].slot_ids) >= {"s090", "s112", "s157", "s163"}


def test_numbers_and_lone_names_are_not_grouped():
    speech = parse_speech("标题\n完成×个项目，建成×个园区，×牵头负责。")
    assert name_groups(speech) == {}
    assert group_of(speech, "s003") is None


def test_a_group_fill_writes_only_into_members_with_nothing_typed():
    group = NameGroup("×区", ("s001", "s002", "s003", "s004"))
    typed = {"s001": "涧西", "s002": "×x", "s003": "  "}
    # s002 holds text that does not fit: the writer's, never overwritten; s003 holds nothing
    assert group.open_others("s001", typed) == ["s003", "s004"]
