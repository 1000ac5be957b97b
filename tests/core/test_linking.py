from speechapp.core.linking import group_of, name_groups
from speechapp.core.parsing import parse_speech


def test_name_blanks_followed_by_the_same_word_form_a_group(seed_text):
    groups = name_groups(parse_speech(seed_text))
    assert groups["×区"] == ("s028", "s107")
    assert set(groups["×河"]) >= {"s090", "s112", "s157", "s163"}


def test_numbers_and_lone_names_are_not_grouped():
    speech = parse_speech("标题\n完成×个项目，建成×个园区，×牵头负责。")
    assert name_groups(speech) == {}
    assert group_of(speech, "s003") is None
