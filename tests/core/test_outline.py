from speechapp.core.outline import speech_sections
from speechapp.core.parsing import parse_speech


def test_every_slot_belongs_to_exactly_one_section(seed_text):
    speech = parse_speech(seed_text)
    sections = speech_sections(speech)
    ids = [slot_id for s in sections for slot_id in s.slot_ids]
    assert sorted(ids) == sorted(speech.slot_ids)
    assert len(ids) == len(set(ids))


def test_the_opening_and_the_level_two_sections_are_listed_with_their_parts(seed_text):
    sections = speech_sections(parse_speech(seed_text))
    assert sections[0].title == "开头" and sections[0].slot_ids == ("s001",)
    assert [s.level for s in sections].count(2) == 11
    second = next(s for s in sections if s.title.startswith("（一）经济运行"))
    part = next(s for s in sections if s.key == second.parent)
    assert part.title == "一、肯定成绩、坚定必胜信心"
