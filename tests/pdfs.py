"""Reading a PDF back the way a reader would: shared by the core and web tests."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO

import pypdf

PAGE_NUMBER = re.compile(r"^\s*— \d+ —\s*$")


def font_names(reader: pypdf.PdfReader) -> set[str]:
    """The /BaseFont of every font the pages use, e.g. "ABCDEF+SpeechStandIn-body"."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def layout_pages(pdf: bytes) -> list[list[str]]:
    """Each page's lines as ``pdftotext -layout`` (poppler-utils) reads them, with the spaces
    it puts for indents and around Latin words; blank lines dropped."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        timeout=60,
        check=True,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return [[line for line in page.splitlines() if line.strip()] for page in pages if page.strip()]


def _to_unicode(font) -> dict[int, str]:
    """Glyph code -> text, from a font's /ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            codes[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, text in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(text, 16)
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes[int(first, 16) + offset] = chr(start + offset)
    return codes


def _cid_widths(descendant) -> dict[int, float]:
    """Glyph code -> advance in 1/1000 em, from a CID font's /W array."""
    widths: dict[int, float] = {}
    array = list(descendant.get("/W", []))
    i = 0
    while i < len(array):
        first = int(array[i])
        if isinstance(array[i + 1], list):
            for offset, width in enumerate(array[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for code in range(first, int(array[i + 1]) + 1):
                widths[code] = float(array[i + 2])
            i += 3
    return widths


def advances(reader: pypdf.PdfReader, chars: str) -> dict[tuple[str, str], float]:
    """(font, character) -> the advance the PDF gives the character, in 1/1000 em, for every
    font that prints one of ``chars``: the embedded fonts' widths (/W of a CID font, as
    WeasyPrint writes them; /Widths of a simple font, as LibreOffice does), read via
    /ToUnicode."""
    found: dict[tuple[str, str], float] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            if "/DescendantFonts" in font:
                descendant = font["/DescendantFonts"][0].get_object()
                widths = _cid_widths(descendant)
                default = float(descendant.get("/DW", 1000))
            else:
                first = int(font.get("/FirstChar", 0))
                widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
                default = 0.0
            for code, text in _to_unicode(font).items():
                if text in chars:
                    found[(str(font["/BaseFont"]), text)] = widths.get(code, default)
    return found


def speech_text(pdf: pypdf.PdfReader | bytes) -> str:
    """The speech as a reader copies it out of the PDF: page-number lines dropped, and no line
    breaks or spaces, so where lines and pages break never decides what a test finds."""
    reader = pdf if isinstance(pdf, pypdf.PdfReader) else pypdf.PdfReader(BytesIO(pdf))
    lines = [
        line
        for page in reader.pages
        for line in (page.extract_text() or "").splitlines()
        if not PAGE_NUMBER.match(line)
    ]
    return re.sub(r"\s+", "", "".join(lines))
