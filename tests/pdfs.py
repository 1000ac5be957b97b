"""Reading a PDF back the way a reader would: shared by the core and web tests."""

from __future__ import annotations

import pypdf


def font_names(reader: pypdf.PdfReader) -> set[str]:
    """The /BaseFont of every font the pages use, e.g. "ABCDEF+SpeechStandIn-body"."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names
