"""Reading a PDF back the way a reader would: shared by the core and web tests."""

from __future__ import annotations

import subprocess

import pypdf


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
