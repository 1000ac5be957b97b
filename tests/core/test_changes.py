"""What changed between two sets of values: which blanks, how far a figure moved, and the
speech with the changes marked in HTML (struck through, underlined) and in Word (tracked)."""

import io
import re
from datetime import UTC, datetime

from docx import Document
from docx.oxml.ns import qn

from speechapp.core.changes import Change, Movement, changed_values, movement
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.docx_changes import render_tracked_docx
from speechapp.core.rendering.html import render_changes

TEXT = "同志们：\n上半年，全区地区生产总值实现×亿元，同比增长×%，增速居全市第×位。\n"
DRAFT_COPY = RenderOptions(allow_unfilled=True)


def test_changed_values_in_template_order_ignoring_spaces():
    old = {"s001": "117", "s002": "5.2", "s003": "3"}
    new = {"s001": "123", "s002": "5.2 ", "s003": ""}
    assert changed_values(["s001", "s002", "s003"], old, new) == ["s001", "s003"]


def test_how_far_a_figure_moved():
    assert movement("117", "123") == Movement("+6", "+5.1%")
    assert movement("20", "19") == Movement("-1", "-5.0%")
    assert movement("0", "3") == Movement("+3", "")
    assert movement("-2", "1") == Movement("+3", "+150.0%")
    assert movement("", "3") is None
    assert movement("张三", "李四") is None


def test_the_html_strikes_the_old_value_and_underlines_the_new():
    speech = parse_speech(TEXT)
    values = {"s001": "123", "s002": "5.1", "s003": "3"}
    changes = {"s001": Change("s001", "117", "123"), "s002": Change("s002", "", "5.1")}
    html = render_changes(speech, values, DRAFT_COPY, changes)
    assert (
        '<a class="slot changed" href="#change-s001" id="text-s001"><del>117</del><ins>123</ins>'
        in html
    )
    assert "<ins>5.1</ins>" in html and "<del></del>" not in html
    assert "第3位" in re.sub(r"<[^>]+>", "", html)  # unchanged: plain


def test_the_html_escapes_what_the_writer_typed():
    speech = parse_speech(TEXT)
    changes = {"s001": Change("s001", "<b>1</b>", "<script>")}
    html = render_changes(speech, {"s001": "<script>"}, DRAFT_COPY, changes)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;1" in html


def test_a_value_emptied_since_is_struck_and_shows_as_an_open_blank():
    speech = parse_speech(TEXT)
    html = render_changes(speech, {}, DRAFT_COPY, {"s002": Change("s002", "5.2", "")})
    assert '<del>5.2</del><mark class="slot missing">×</mark>' in html


def _tracked(docx: bytes) -> list[tuple[str, str, str, str]]:
    xml = Document(io.BytesIO(docx)).element.body.xml
    return [
        (tag, re.search(r'w:author="([^"]*)"', attrs).group(1), attrs, inner)
        for tag, attrs, inner in re.findall(r"<w:(ins|del) ([^>]*)>(.*?)</w:\1>", xml, re.S)
    ]


def test_the_word_file_tracks_each_change_with_its_author_and_date():
    speech = parse_speech(TEXT)
    when = datetime(2026, 12, 1, 16, 5, tzinfo=UTC)
    changes = {
        "s001": Change("s001", "117", "123", "张科长", when),
        "s002": Change("s002", "5.2", "", 'a "quoted" <name>'),
    }
    docx = render_tracked_docx(speech, {"s001": "123", "s003": "3"}, DRAFT_COPY, changes)
    found = _tracked(docx)
    assert [(tag, author) for tag, author, _, _ in found] == [
        ("del", "张科长"),
        ("ins", "张科长"),
        (
            "del",
            'a "quoted" <name>'.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"),
        ),
    ]
    assert 'w:date="2026-12-01T16:05:00Z"' in found[0][2]
    assert "<w:delText>117</w:delText>" in found[0][3] and "<w:t>123</w:t>" in found[1][3]
    ids = [re.search(r'w:id="(\d+)"', attrs).group(1) for _, _, attrs, _ in found]
    assert len(set(ids)) == len(ids)
    # With every change accepted the text reads as the new values; the open blank prints as
    # the draft copy's mark.
    xml = Document(io.BytesIO(docx)).element.body.xml
    accepted = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "实现123亿元，同比增长×%，增速居全市第3位" in accepted


def test_the_word_file_opens_with_track_changes_on():
    speech = parse_speech(TEXT)
    changes = {"s001": Change("s001", "117", "123")}
    docx = render_tracked_docx(speech, {"s001": "123"}, DRAFT_COPY, changes)
    assert Document(io.BytesIO(docx)).settings.element.find(qn("w:trackRevisions")) is not None
