"""The seed parses exactly as it did before the parser learned other blank tokens.

``data/seed_parse.json`` was dumped from the parser of commit 6c9ea03, before issue 9 touched
it: drafts of the seed keep their values only while every slot id, span, kind and unit stays.
"""

import json
from pathlib import Path

from speechapp.core.parsing import parse_speech

PINNED = json.loads((Path(__file__).parent / "data" / "seed_parse.json").read_text("utf-8"))


def test_the_seed_keeps_every_slot_id_span_kind_and_unit(seed_text):
    speech = parse_speech(seed_text)
    got = [
        [s.id, s.block, s.start, s.end, s.token, str(s.kind), s.unit, s.section, s.point]
        for s in speech.slots
    ]
    assert len(got) == 178
    assert got == PINNED["slots"]


def test_the_seed_keeps_its_blocks_headings_and_points(seed_text):
    speech = parse_speech(seed_text)
    got = [[b.index, str(b.kind), b.level, b.label, len(b.points)] for b in speech.blocks]
    assert got == PINNED["blocks"]
