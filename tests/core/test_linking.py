from speechapp.core.linking import NameGroup, group_of, name_groups
from speechapp.core.parsing import parse_speech


def test_the_seeds_groups_are_the_places_it_keeps_coming_back_to(seed_text):
    groups = {key: group.slot_ids for key, group in name_groups(parse_speech(seed_text)).items()}
    assert groups == {
        # "×区跨境电商产业园" and "×区PM2.5均值": the district the speech is about.
        "×区": ("s028", "s107"),
        # "×步行街再现民国风貌" and "加快×步行街二期建设": the same street and its phase two.
        "×步行街": ("s068", "s159"),
        # "×河治理", "×河×县界至×桥段", "×河治理工程", "×河×公里…综合治理": the district's river
        # works, one river in four sections of the speech.
        "×河": ("s090", "s112", "s157", "s163"),
        # "×乡卫生院项目已完成立项" and "加快推进×乡卫生院": one township health centre.
        "×乡": ("s124", "s175"),
    }
    # Left out, each judged: "×科技、×科技" (two companies), "×等" (a particle: a company, a
    # park, a project), "×生物" and "×生态湿地" (one character in common), "×路…" (several
    # roads, two of them side by side), "×号、×号街坊" (numbers of different blocks).


def test_a_shared_particle_or_first_character_makes_no_group():
    speech = parse_speech("标题\n帮助×生物等企业，加快×生态湿地建设。×等项目开工，×等企业投产。")
    assert name_groups(speech) == {}


def test_places_listed_side_by_side_are_different_places():
    speech = parse_speech("标题\n×区、×区两地联动。×区跨境电商产业园开园，×区PM2.5均值下降。")
    assert name_groups(speech) == {"×区": NameGroup("×区", ("s003", "s004"))}


def test_a_word_that_only_starts_like_a_place_is_no_place():
    speech = parse_speech("标题\n×市场繁荣，×市场活跃。")
    assert name_groups(speech) == {}


def test_numbers_and_lone_names_are_not_grouped():
    speech = parse_speech("标题\n完成×个项目，建成×个园区，×牵头负责。")
    assert name_groups(speech) == {}
    assert group_of(speech, "s003") is None


def test_a_group_fill_writes_only_into_members_with_nothing_typed():
    group = NameGroup("×区", ("s001", "s002", "s003", "s004"))
    typed = {"s001": "涧西", "s002": "×x", "s003": "  "}
    # s002 holds text that does not fit: the writer's, never overwritten; s003 holds nothing
    assert group.open_others("s001", typed) == ["s003", "s004"]
