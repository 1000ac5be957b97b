"""Font cuts kept across renders (core.rendering.font_subsets): the PDF is the one a fresh
subsetting makes, the kept cuts stay within their bounds, and a WeasyPrint the wrapper does
not know keeps its own subsetting."""

from io import BytesIO
from types import SimpleNamespace

import pypdf
import pytest
import weasyprint.pdf.fonts as weasyprint_fonts

from speechapp.core.rendering import RenderOptions, font_subsets
from speechapp.core.rendering.pdf import render_pdf
from tests.pdfs import font_names, speech_text


@pytest.fixture
def uncached_subsetting(monkeypatch):
    """WeasyPrint's own Font.subset, for the length of a test."""
    assert font_subsets.install()
    monkeypatch.setattr(weasyprint_fonts.Font, "subset", weasyprint_fonts.Font.subset.__wrapped__)


def _embedded_fonts(reader: pypdf.PdfReader) -> list[bytes]:
    files = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            files.append(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data())
    return files


def test_a_pdf_made_with_kept_font_cuts_is_the_pdf_made_without(
    seed_speech, seed_values, slim_fonts, request
):
    options = RenderOptions(slim_fonts_dir=str(slim_fonts))
    font_subsets.clear()
    first = render_pdf(seed_speech, seed_values, options)  # cuts the fonts and keeps the cuts
    assert font_subsets.stats()[0] >= 4
    kept = render_pdf(seed_speech, seed_values, options)  # every cut from the cache
    request.getfixturevalue("uncached_subsetting")
    uncached = render_pdf(seed_speech, seed_values, options)

    assert kept == first == uncached
    readers = [pypdf.PdfReader(BytesIO(pdf)) for pdf in (kept, uncached)]
    assert speech_text(readers[0]) == speech_text(readers[1])
    assert font_names(readers[0]) == font_names(readers[1])
    fonts = _embedded_fonts(readers[0])
    assert fonts and all(len(data) < 2_000_000 for data in fonts)  # cuts, not whole files


def test_a_render_that_prints_other_glyphs_gets_its_own_cut(seed_speech, seed_values, slim_fonts):
    options = RenderOptions(slim_fonts_dir=str(slim_fonts))
    render_pdf(seed_speech, seed_values, options)
    name = next(slot.id for slot in seed_speech.slots if str(slot.kind) == "name")
    other = render_pdf(seed_speech, {**seed_values, name: "龘靐齉"}, options)
    assert "龘靐齉" in speech_text(other)


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """A minimal sfnt: its table directory and the tables' bytes."""
    directory = len(tables).to_bytes(2, "big") + bytes(6)
    offset = 12 + 16 * len(tables)
    records, body = b"", b""
    for tag, data in tables.items():
        checksum = sum(data) & 0xFFFFFFFF
        records += tag + checksum.to_bytes(4, "big") + offset.to_bytes(4, "big")
        records += len(data).to_bytes(4, "big")
        offset += len(data)
        body += data
    return b"\x00\x01\x00\x00" + directory + records + body


def test_fonts_with_other_tables_are_told_apart():
    one = _sfnt({b"glyf": b"a" * 40, b"head": b"h" * 54})
    other = _sfnt({b"glyf": b"b" * 40, b"head": b"h" * 54})
    assert font_subsets.face_identity(one, 0) != font_subsets.face_identity(other, 0)
    assert font_subsets.face_identity(one, 0) == font_subsets.face_identity(bytes(one), 0)
    assert font_subsets.face_identity(b"not a font", 0) is None


def test_each_face_of_a_collection_is_told_apart():
    faces = [_sfnt({b"glyf": b"a" * 40}), _sfnt({b"glyf": b"b" * 40})]
    header_length = 12 + 4 * len(faces)
    offsets = [header_length, header_length + len(faces[0])]
    collection = (
        b"ttcf\x00\x01\x00\x00"
        + len(faces).to_bytes(4, "big")
        + b"".join(offset.to_bytes(4, "big") for offset in offsets)
        + b"".join(faces)
    )
    first, second = (font_subsets.face_identity(collection, index) for index in (0, 1))
    assert first and second and first != second
    assert font_subsets.face_identity(collection, 2) is None


def _fake_font(glyph_bytes: bytes) -> SimpleNamespace:
    return SimpleNamespace(
        file_content=_sfnt({b"glyf": glyph_bytes}), index=0, missing={}, cuts_made=0
    )


def _fake_subset(font, to_unicode, hinting):
    font.cuts_made += 1
    font.file_content = bytes(1000 * len(to_unicode))


def test_kept_cuts_are_reused_and_bounded_in_count(monkeypatch):
    monkeypatch.setattr(font_subsets, "MAX_ENTRIES", 3)
    font_subsets.clear()
    subset = font_subsets._cached(_fake_subset)
    font = _fake_font(b"a" * 40)
    subset(font, {1: "一"}, False)
    again = _fake_font(b"a" * 40)
    subset(again, {1: "一"}, False)
    assert (font.cuts_made, again.cuts_made) == (1, 0)
    assert again.file_content is font.file_content

    for glyph in range(2, 10):
        subset(_fake_font(b"a" * 40), {glyph: "二"}, False)
    assert font_subsets.stats()[0] == 3
    evicted = _fake_font(b"a" * 40)
    subset(evicted, {1: "一"}, False)  # the oldest cut went first
    assert evicted.cuts_made == 1


def test_kept_cuts_are_bounded_in_bytes(monkeypatch):
    monkeypatch.setattr(font_subsets, "MAX_BYTES", 10_000)
    font_subsets.clear()
    subset = font_subsets._cached(_fake_subset)
    for glyph in range(1, 20):
        font = _fake_font(b"c" * 40)
        subset(font, {glyph: "三", glyph + 100: "四"}, False)  # 2,000 bytes a cut
        assert font_subsets.deflated(font.file_content, 6) is not None
    cuts, size = font_subsets.stats()
    assert size <= 10_000 and 0 < cuts < 5


def test_only_the_kept_cut_itself_is_deflated_from_the_cache():
    font_subsets.clear()
    subset = font_subsets._cached(_fake_subset)
    font = _fake_font(b"d" * 40)
    subset(font, {7: "五"}, False)
    assert font_subsets.deflated(font.file_content, 6) is not None
    assert font_subsets.deflated(bytes(bytearray(font.file_content)), 6) is None  # a copy


def test_a_weasyprint_it_was_not_written_for_keeps_its_own_subsetting():
    import weasyprint

    assert font_subsets._fits(weasyprint, weasyprint_fonts)
    later = SimpleNamespace(__version__="99.0")
    assert not font_subsets._fits(later, weasyprint_fonts)

    class Font:
        def __init__(self):
            self.file_content = b""

        def subset(self, glyphs):
            pass

    assert not font_subsets._fits(weasyprint, SimpleNamespace(Font=Font))
    assert not font_subsets._fits(weasyprint, SimpleNamespace())


def test_glyph_arrays_of_a_new_size_are_made_without_a_new_c_type():
    from weasyprint.text.ffi import ffi

    arrays = font_subsets.OpenArrays(ffi)
    made = arrays.new("hb_codepoint_t[3]", [7, 8, 9])
    assert ffi.typeof(made) is ffi.typeof("hb_codepoint_t[]")
    assert list(made) == [7, 8, 9]
    padded = arrays.new("hb_codepoint_t[4]", [7, 8, 9])  # fewer items than its size: as typed
    assert len(padded) == 4 and list(padded) == [7, 8, 9, 0]
    assert arrays.NULL == ffi.NULL
    assert font_subsets.install()
    assert isinstance(weasyprint_fonts.ffi, font_subsets.OpenArrays)
