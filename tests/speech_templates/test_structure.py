"""A template's bylines and 第一， sections, seen by a writer: the import preview, the fill
page and parse_speech."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from speechapp.filling.lifecycle import draft_start
from speechapp.speech_templates.template_writes import template_create

pytestmark = pytest.mark.django_db

BODY = "全年完成投资×亿元，同比增长×%，各项工作取得明显成效。"
TEXT = "\n".join(
    [
        "在全区20XX年经济工作会议上的讲话",
        "区委书记　××",
        "（20XX年X月X日）",
        "同志们：",
        "一、充分肯定成绩",
        "第一，经济运行稳中向好。",
        BODY,
        "第二，项目建设提速增效。",
        BODY,
    ]
)


def test_the_import_preview_centres_the_bylines_and_lists_the_ordinal_sections(logged_in):
    response = logged_in.post(reverse("template_new"), {"text": TEXT})
    html = response.content.decode()
    kinds = [line.kind for line in response.context["marks"].lines]
    assert kinds[:4] == ["title", "byline", "byline", "salutation"]
    assert 'class="mark-line mark-byline"' in html
    outline = [b.text for b in response.context["marks"].headings]
    assert outline == ["一、充分肯定成绩", "第一，经济运行稳中向好。", "第二，项目建设提速增效。"]


def test_the_byline_blanks_are_filled_in_the_opening_like_the_title_blank(logged_in, user):
    template = template_create(owner=user, name="", source_text=TEXT)
    draft = draft_start(owner=user, template=template)
    page = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?section=0")
    html = page.content.decode()
    assert page.context["page"].title == "开头"
    # The title's year, the speaker's name and the date's year, month and day.
    opening = ["s001", "s002", "s003", "s004", "s005"]
    assert all(f'id="field-{slot_id}"' in html for slot_id in opening)
    assert 'id="field-s006"' not in html  # the body's first blank is in 第一，
    assert '<p class="speaker byline">' in html  # the preview beside the form


def test_parse_speech_prints_the_byline_and_ordinal_blocks_as_json(tmp_path):
    path = tmp_path / "模板.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_speech", str(path), "--json", stdout=out)
    blocks = json.loads(out.getvalue())["blocks"]
    assert [b["kind"] for b in blocks[:3]] == ["title", "byline", "byline"]
    assert (blocks[5]["kind"], blocks[5]["label"], blocks[5]["level"]) == ("heading", "第一，", 2)
