from speechapp.core.parsing import parse_speech
from speechapp.core.progress import Count, missing_slots, progress
from speechapp.core.rendering import missing_slots as missing_for_rendering

SPEECH = parse_speech("标题\n完成×个项目，建成×个园区，×牵头负责。")


def test_a_blank_holding_only_spaces_is_missing_everywhere():
    values = {"s001": "3", "s002": " \u3000", "s003": ""}
    assert [s.id for s in missing_slots(SPEECH, values)] == ["s002", "s003"]
    assert missing_for_rendering(SPEECH, values) == ["s002", "s003"]
    assert progress(SPEECH.slot_ids, values) == Count(1, 3)


def test_a_count_is_done_when_every_blank_is_filled():
    assert progress(SPEECH.slot_ids, {"s001": "3", "s002": "4", "s003": "东城"}).done
    assert not progress(SPEECH.slot_ids, {}).done
