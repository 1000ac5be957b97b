"""Fixtures of the outputs tests."""

import shutil
from pathlib import Path

import pytest

from speechapp.core.rendering import slim
from speechapp.core.rendering.fonts import FontRole
from speechapp.core.rendering.slim import SlimSource
from tests.system import LIBERATION_SERIF

SMALL_FONT = Path(LIBERATION_SERIF)


@pytest.fixture
def small_sources(monkeypatch, tmp_path):
    """The machine's stand-ins are one small font serving the body and the page numbers."""
    source = tmp_path / "source.ttf"
    shutil.copy(SMALL_FONT, source)
    sources = [SlimSource("body", (FontRole.BODY, FontRole.PAGE_NUMBER), source, 0, False)]
    monkeypatch.setattr(slim, "slim_sources", lambda: sources)
    monkeypatch.setattr(
        "speechapp.outputs.management.commands.prepare_fonts.slim_sources", lambda: sources
    )
    monkeypatch.setattr(slim, "slim_codepoints", lambda: frozenset(range(0x20, 0x7F)))
    return sources
