"""Slim TrueType copies of the stand-in fonts: what they hold, that the PDF prints the same
speech with them, that a rarer character still prints, and that a stale copy is never used.

The copies made here hold only the characters of the test speeches (a full GB 2312 copy takes
~10 s a face; `make test` makes those once for the app, see the web tests)."""

import os
import re
import shutil
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.fonts import FontRole, font_face_css, font_stack
from speechapp.core.rendering.pdf import render_pdf
from speechapp.core.rendering.slim import (
    MANIFEST,
    SlimSource,
    build_slim_fonts,
    load_slim_fonts,
    outdated_slim_fonts,
    slim_codepoints,
    slim_sources,
)
from tests.pdfs import font_names
from tests.samples import SHORT_TEXT
from tests.samples import filled_values as fill
from tests.system import LIBERATION_SERIF, needs_liberation, needs_noto_cjk

SMALL_LATIN = Path(LIBERATION_SERIF)
RARE = "堃"  # in names, outside GB 2312


def test_the_code_set_is_gb2312_with_punctuation_and_latin():
    points = slim_codepoints()
    for char in "的国一鑫％，。：；“”—…①Ⅻ〇·Aa1０":
        assert ord(char) in points, char
    assert ord(RARE) not in points
    assert 7000 < len(points) < 9000


def sources_by_key() -> dict[str, SlimSource]:
    return {source.key: source for source in slim_sources()}


needs_stand_ins = needs_noto_cjk


@pytest.fixture(scope="module")
def slim_dir(tmp_path_factory, seed_text, seed_values) -> Path:
    """Slim copies of every stand-in, holding the characters of the seed and short speeches."""
    chars = set(seed_text + SHORT_TEXT + "".join(seed_values.values()) + "— 0123456789")
    chars.discard(RARE)
    target = tmp_path_factory.mktemp("slim")
    build_slim_fonts(target, slim_sources(), {ord(c) for c in chars})
    return target


@needs_stand_ins
def test_every_chinese_role_gets_a_slim_copy_and_the_body_face_is_shared(slim_dir):
    faces = load_slim_fonts(slim_dir)
    assert set(faces) == {
        FontRole.TITLE,
        FontRole.BODY,
        FontRole.HEADING1,
        FontRole.HEADING2,
        FontRole.PAGE_NUMBER,
    }
    assert faces[FontRole.PAGE_NUMBER] == faces[FontRole.BODY]  # one file, embedded once
    assert faces[FontRole.TITLE].bold and not faces[FontRole.BODY].bold


@needs_stand_ins
def test_a_copy_is_truetype_renamed_and_holds_only_the_asked_characters(slim_dir):
    font = TTFont(slim_dir / "body.ttf")
    assert "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    assert ord("国") in cmap and ord("讲") in cmap
    assert ord(RARE) not in cmap and ord("鑫") not in cmap
    names = {record.toUnicode() for record in font["name"].names}
    assert "SpeechStandIn-body" in names
    assert not any("Noto" in name or "Source" in name for name in names)


@needs_stand_ins
def test_the_outlines_keep_their_shape(slim_dir):
    source = sources_by_key()["body"]
    original = TTFont(source.source, fontNumber=source.index)
    copy = TTFont(slim_dir / "body.ttf")

    def bounds(font, char):
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[font.getBestCmap()[ord(char)]].draw(pen)
        return pen.bounds

    for char in "国讲话增长":
        for a, b in zip(bounds(original, char), bounds(copy, char), strict=True):
            assert abs(a - b) <= 2, char  # font units of 1000: invisible


def drawing(page) -> str:
    """The page's drawing operators, font names and glyph ids left out."""
    content = page.get_contents().get_data().decode("latin-1")
    content = re.sub(r"/[A-Z]{6} ", "/Font ", content)
    return re.sub(r"<([0-9a-f]+)>", lambda m: f"<{len(m.group(1)) // 4} glyphs>", content)


@needs_stand_ins
def test_the_seed_prints_the_same_with_slim_copies(slim_dir, seed_speech, seed_values):
    full = pypdf.PdfReader(BytesIO(render_pdf(seed_speech, seed_values, RenderOptions())))
    options = RenderOptions(slim_fonts_dir=str(slim_dir))
    slim = pypdf.PdfReader(BytesIO(render_pdf(seed_speech, seed_values, options)))
    assert len(slim.pages) == len(full.pages)
    for slim_page, full_page in zip(slim.pages, full.pages, strict=True):
        assert slim_page.extract_text() == full_page.extract_text()
        # every glyph at the same place: same line breaks, same spacing, same positions
        assert drawing(slim_page) == drawing(full_page)
    names = font_names(slim)
    assert any(n.endswith("SpeechStandIn-body") for n in names)
    assert not any("Noto" in n for n in names)  # every character came from a slim copy


@needs_stand_ins
def test_a_character_the_copy_lacks_prints_from_the_full_font(slim_dir, short_speech):
    values = fill(short_speech)
    name_slot = next(s.id for s in short_speech.slots if s.kind.value == "name")
    values[name_slot] = f"王{RARE}"
    options = RenderOptions(slim_fonts_dir=str(slim_dir))
    reader = pypdf.PdfReader(BytesIO(render_pdf(short_speech, values, options)))
    assert f"王{RARE}" in "".join(page.extract_text() for page in reader.pages)
    names = font_names(reader)
    assert any(n.endswith("SpeechStandIn-body") for n in names)
    assert any("Noto" in n for n in names)  # the fallback for 堃


@needs_stand_ins
def test_the_stack_puts_the_copy_after_licensed_names_and_before_the_stand_in(slim_dir):
    faces = load_slim_fonts(slim_dir)
    stack = font_stack(FontRole.BODY, None, faces)
    assert stack.index("仿宋_GB2312") < stack.index("SpeechStandIn-body")
    assert stack.index("SpeechStandIn-body") < stack.index("Noto Serif CJK SC")
    css = font_face_css(None, faces)
    assert css.count('font-family: "SpeechStandIn-body"') == 1
    assert (slim_dir / "body.ttf").as_uri() in css
    assert 'font-family: "SpeechStandIn-title"; font-weight: bold' in css


# ---------------------------------------------------------------------------------------
# Staleness, on a small Latin font standing in for a CJK one (a copy takes milliseconds).

needs_small_font = needs_liberation


@pytest.fixture
def small_source(tmp_path) -> SlimSource:
    source = tmp_path / "source.ttf"
    shutil.copy(SMALL_LATIN, source)
    return SlimSource("body", (FontRole.BODY,), source, 0, False)


@needs_small_font
def test_a_copy_is_made_once_and_kept_while_its_source_is_unchanged(tmp_path, small_source):
    target = tmp_path / "slim"
    assert build_slim_fonts(target, [small_source], {ord("A")}) == [small_source]
    assert build_slim_fonts(target, [small_source], {ord("A")}) == []
    assert outdated_slim_fonts(target, [small_source], {ord("A")}) == []
    assert load_slim_fonts(target)[FontRole.BODY].path == target / "body.ttf"


@needs_small_font
def test_a_changed_source_font_makes_its_copy_stale(tmp_path, small_source):
    target = tmp_path / "slim"
    build_slim_fonts(target, [small_source], {ord("A")})
    stat = small_source.source.stat()
    os.utime(small_source.source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert load_slim_fonts(target) == {}  # never printed in place of the new font
    assert outdated_slim_fonts(target, [small_source], {ord("A")}) == [small_source]
    assert build_slim_fonts(target, [small_source], {ord("A")}) == [small_source]
    assert FontRole.BODY in load_slim_fonts(target)


@needs_small_font
def test_another_code_set_remakes_the_copies(tmp_path, small_source):
    target = tmp_path / "slim"
    build_slim_fonts(target, [small_source], {ord("A")})
    assert build_slim_fonts(target, [small_source], {ord("B")}) == [small_source]
    assert set(TTFont(target / "body.ttf").getBestCmap()) == {ord("B")}


@needs_small_font
def test_a_deleted_copy_or_a_damaged_manifest_means_no_copies(tmp_path, small_source):
    target = tmp_path / "slim"
    build_slim_fonts(target, [small_source], {ord("A")})
    (target / "body.ttf").unlink()
    assert load_slim_fonts(target) == {}
    build_slim_fonts(target, [small_source], {ord("A")})
    (target / MANIFEST).write_text("{not json", encoding="utf-8")
    assert load_slim_fonts(target) == {}
    assert load_slim_fonts(None) == {} and load_slim_fonts(tmp_path / "nowhere") == {}
