"""The HTML of a speech: the print document for WeasyPrint and the browser preview."""

import re

import pytest

from speechapp.core.rendering import MissingSlotsError, RenderOptions
from speechapp.core.rendering.html import render_html, render_preview
from speechapp.core.rendering.layout import break_title
from tests.samples import filled_values as fill

FILLED = RenderOptions()
DRAFT = RenderOptions(allow_unfilled=True)


def test_the_document_is_html5_in_chinese_with_the_title_on_top(seed_speech, seed_values):
    html = render_html(seed_speech, seed_values, FILLED)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert "<title>在2024年全区重点任务部署会上的讲话</title>" in html
    assert re.search(
        r'<h1 class="title">(<span class="text">)?在2024年全区重点任务部署会上的讲话<', html
    )


def test_every_value_is_printed_and_no_blank_is_left(seed_speech, seed_values):
    html = render_html(seed_speech, seed_values, FILLED)
    assert "×" not in html
    assert html.count('class="slot filled"') == 178
    assert '<span class="slot filled" data-slot="s001">东城</span>' in html


def test_a_value_is_escaped(short_speech):
    values = fill(short_speech, s001="<script>alert(1)</script>")
    html = render_html(short_speech, values, FILLED)
    preview = render_preview(short_speech, values, FILLED)
    for text in (html, preview):
        assert "<script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_title_given_in_the_options_is_escaped_and_replaces_the_template_title(short_speech):
    options = RenderOptions(title="在<全区>会议上的讲话")
    html = render_html(short_speech, fill(short_speech), options)
    assert "在&lt;全区&gt;会议上的讲话" in html
    assert "经济形势分析" not in html


def test_headings_are_h2_h3_h4_by_level(short_speech):
    html = render_html(short_speech, fill(short_speech), FILLED)
    assert re.search(r'<h3 class="heading level-2">.*（一）抓好项目建设', html)
    assert re.search(r'<h4 class="heading level-3">.*1\.加强组织领导', html)
    assert re.search(r'<h4 class="heading level-4">.*（1）明确责任分工', html)
    assert '<p class="salutation">' in html


def test_a_run_in_heading_prints_its_first_sentence_in_the_heading_font(short_speech):
    html = render_html(short_speech, fill(short_speech), FILLED)
    assert '<span class="run-in level-1">一、坚定信心，奋力完成全年目标任务。</span>上半年' in html


def test_bold_points_wrap_each_lead_sentence(short_speech):
    html = render_html(short_speech, fill(short_speech), RenderOptions(bold_points=True))
    assert '<b class="lead">一是强化要素保障，确保<span class="slot filled"' in html
    assert '<b class="lead">二要压实责任，' in html
    plain = render_html(short_speech, fill(short_speech), FILLED)
    assert "<b class" not in plain


def test_the_speaker_and_bracketed_date_share_one_centred_line(short_speech):
    options = RenderOptions(speaker="张三", date="2024年7月15日")
    html = render_html(short_speech, fill(short_speech), options)
    assert re.search(r'<p class="speaker">(<span class="text">)?张三\u3000（2024年7月15日）<', html)


def test_a_missing_slot_is_refused_with_its_id(short_speech):
    values = fill(short_speech)
    del values["s002"]
    with pytest.raises(MissingSlotsError) as error:
        render_html(short_speech, values, FILLED)
    assert error.value.slot_ids == ["s002"]


def test_the_draft_copy_marks_a_missing_slot(short_speech):
    values = fill(short_speech, s002="")
    html = render_html(short_speech, values, DRAFT)
    assert '<mark class="slot missing" data-slot="s002">×</mark>' in html


def test_the_preview_links_every_slot_to_its_form_row(seed_speech, seed_values):
    preview = render_preview(seed_speech, seed_values, FILLED)
    linked = re.findall(r'<a href="#field-(s\d{3})"', preview)
    assert linked == list(seed_speech.slot_ids)
    assert not preview.startswith("<!DOCTYPE")


def test_the_preview_renders_blanks_as_visible_chips_without_raising(short_speech):
    preview = render_preview(short_speech, {}, FILLED, slot_href="/fill/#row-{id}")
    assert preview.count('class="slot missing"') == len(short_speech.slots)
    assert '<a href="/fill/#row-s001" class="slot missing" data-slot="s001"' in preview
    assert "<mark>×</mark>" in preview


def test_the_preview_colours_filled_values(short_speech):
    preview = render_preview(short_speech, fill(short_speech), FILLED)
    assert '<a href="#field-s001" class="slot filled" data-slot="s001">5.2</a>' in preview


def test_a_short_title_stays_on_one_line():
    assert break_title("在2024年全区重点任务部署会上的讲话") == [
        "在2024年全区重点任务部署会上的讲话"
    ]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "在全市2024年上半年经济形势分析暨重点项目建设推进会议上的讲话",
            ["在全市2024年上半年经济形势分析暨", "重点项目建设推进会议上的讲话"],
        ),
        (
            "在全区重点任务部署暨作风建设大会上的讲话",
            ["在全区重点任务部署暨", "作风建设大会上的讲话"],
        ),
        (
            "关于进一步加强和改进新时代全区干部教育培训工作的讲话提纲说明",
            ["关于进一步加强和改进新时代全区", "干部教育培训工作的讲话提纲说明"],
        ),
    ],
)
def test_a_long_title_breaks_in_two_at_a_natural_pause_or_the_middle(title, lines):
    assert break_title(title) == lines


def test_a_long_title_prints_as_two_lines(short_speech):
    html = render_html(short_speech, fill(short_speech), FILLED)
    assert "在全市2024年上半年经济形势分析暨<br>重点项目建设推进会议上的讲话" in html


def test_the_meeting_joins_the_date_in_the_brackets_unless_the_title_names_it():
    from speechapp.core.rendering import RenderOptions
    from speechapp.core.rendering.layout import speaker_line

    options = RenderOptions(speaker="张明", date="2024年7月15日", meeting="全区重点任务部署会")
    assert (
        speaker_line(options, "在会上的讲话") == "张明\u3000（2024年7月15日，全区重点任务部署会）"
    )
    named = RenderOptions(speaker="张明", date="2024年7月15日", meeting="部署会")
    assert speaker_line(named, "在部署会上的讲话") == "张明\u3000（2024年7月15日）"


def test_the_preview_beside_the_form_keeps_its_links_out_of_the_tab_order(short_speech):
    from speechapp.core.rendering import RenderOptions
    from speechapp.core.rendering.html import render_preview

    beside = render_preview(short_speech, {}, RenderOptions(), focusable=False)
    alone = render_preview(short_speech, {}, RenderOptions())
    assert beside.count('tabindex="-1"') == len(short_speech.slots)
    assert "tabindex" not in alone


def test_the_review_copy_marks_a_carried_value_and_only_that_one(seed_speech, seed_values):
    review = RenderOptions(review_marks=True, carried=("s009",))
    html = render_html(seed_speech, seed_values, review)
    assert html.count("〔沿用〕") == 1
    assert re.search(
        r'<span class="slot filled carried" data-slot="s009">[^<]+</span>'
        r'<span class="carried-mark">〔沿用〕</span>',
        html,
    )
    assert "〔沿用〕" not in render_html(seed_speech, seed_values, RenderOptions(review_marks=True))
