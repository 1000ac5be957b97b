"""Fixtures for the core tests: the seed speech filled with plausible values, and a short
speech that has every kind of block."""

from __future__ import annotations

import pytest

from speechapp.core.model import Speech
from speechapp.core.parsing import parse_speech
from tests.samples import SHORT_TEXT, filled_values


@pytest.fixture(scope="session")
def seed_speech(seed_text: str) -> Speech:
    return parse_speech(seed_text)


@pytest.fixture(scope="session")
def seed_values(seed_speech: Speech) -> dict[str, str]:
    return filled_values(seed_speech)


@pytest.fixture(scope="session")
def short_speech() -> Speech:
    return parse_speech(SHORT_TEXT)
