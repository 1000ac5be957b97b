"""How the PDF's streams are stored: deflated at zlib's default level, not its slowest.

pydyf deflates at level 9, which took a seventh of a render for a file 1% smaller; the
renderer deflates the page and font streams itself at level 6 (pdf.DEFLATE_LEVEL). A reader
must decode them all as before.
"""

import zlib
from io import BytesIO

import pypdf
import pytest

from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.pdf import render_pdf

# The second byte of a zlib stream's header names its level class: 0x9C the default (6),
# 0xDA the best compression (7 to 9).
DEFAULT_LEVEL_HEADER = b"\x78\x9c"


@pytest.fixture(scope="module")
def seed_pdf(seed_speech, seed_values, slim_fonts) -> pypdf.PdfReader:
    options = RenderOptions(slim_fonts_dir=str(slim_fonts))
    return pypdf.PdfReader(BytesIO(render_pdf(seed_speech, seed_values, options)), strict=True)


def _page_and_font_streams(reader: pypdf.PdfReader) -> list:
    streams = []
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        streams.extend(contents if isinstance(contents, pypdf.generic.ArrayObject) else [contents])
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            streams.append(descendant["/FontDescriptor"]["/FontFile2"])
            streams.append(font.get_object()["/ToUnicode"])
    return [stream.get_object() for stream in streams]


def test_page_and_font_streams_are_deflated_at_the_default_level(seed_pdf):
    streams = _page_and_font_streams(seed_pdf)
    assert len(streams) > 20
    for stream in streams:
        assert stream["/Filter"] == "/FlateDecode"
        assert stream._data[:2] == DEFAULT_LEVEL_HEADER


def test_every_stream_decodes_whole(seed_pdf):
    for stream in _page_and_font_streams(seed_pdf):
        assert zlib.decompress(stream._data) == stream.get_data()
        if "/Length1" in stream:  # an embedded font: its declared length, byte for byte
            assert len(stream.get_data()) == stream["/Length1"]
    assert "— 1 —" in seed_pdf.pages[0].extract_text()
