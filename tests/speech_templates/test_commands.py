"""parse_speech and load_seed on the command line."""

import json

import pytest
from django.core.management.base import CommandError

from speechapp.drafts.models import SpeechTemplate
from tests.commands import run
from tests.samples import SEED_PATH


def test_parse_speech_prints_the_documented_json():
    data = json.loads(run("parse_speech", str(SEED_PATH), "--json"))
    assert data["title"] == "在2024年全区重点任务部署会上的讲话"
    assert len(data["slots"]) == 178
    slot = data["slots"][8]
    assert slot["kind"] == "percent" and slot["unit"] == "%"
    assert slot["section"] == "一、肯定成绩、坚定必胜信心 › （一）经济运行在逆境中出谷转正"
    assert slot["point"] == "二是主要指标实现正增长"
    levels = [b["level"] for b in data["blocks"] if b["kind"] == "heading"]
    assert levels.count(1) == 2 and levels.count(2) == 11


def test_parse_speech_reports_a_missing_file():
    with pytest.raises(CommandError, match="cannot read"):
        run("parse_speech", "/nonexistent/template.txt")


@pytest.mark.django_db
def test_load_seed_loads_the_seed_once():
    run("load_seed")
    run("load_seed")
    template = SpeechTemplate.objects.get()
    assert template.slot_count == 178 and template.owner is None
