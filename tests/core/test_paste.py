"""A column pasted from Excel fills the blank and the next open blanks of its section."""

from speechapp.core.parsing import parse_speech
from speechapp.core.paste import paste_targets, pasted_lines
from tests.samples import SEED_PATH


def test_a_copied_column_splits_into_its_cells():
    assert pasted_lines("5.2\r\n6.1\r\n\r\n7\r\n") == ["5.2", "6.1", "", "7"]
    assert pasted_lines("5.2\t甲\n6.1\t乙") == ["5.2", "6.1"]


def test_lines_go_to_the_blank_then_the_next_open_ones_of_its_section():
    speech = parse_speech(SEED_PATH.read_text(encoding="utf-8"))
    # s009–s011 are in section (一); s010 is filled already and is skipped.
    assert paste_targets(speech, "s009", {"s010": "1.3"}, 3) == ["s009", "s011", "s012"]


def test_pasting_stops_at_the_end_of_the_section():
    speech = parse_speech(SEED_PATH.read_text(encoding="utf-8"))
    last = [s for s in speech.slots if s.section_block == speech.slots[8].section_block][-1]
    assert paste_targets(speech, last.id, {}, 5) == [last.id]
