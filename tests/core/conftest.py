"""Fixtures for the renderer tests: the seed speech filled with plausible values, and a short
speech that has every kind of block (run-in heading, inline points, all heading levels)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from speechapp.core.model import SlotKind, Speech
from speechapp.core.parsing import parse_speech

# What a writer would type for each kind of blank.
SAMPLE_VALUES: Mapping[SlotKind, str] = {
    SlotKind.NAME: "某某",
    SlotKind.YEAR: "2023",
    SlotKind.MONTH: "6",
    SlotKind.DAY: "15",
    SlotKind.RANK: "3",
}

SHORT_TEXT = """在全市2024年上半年经济形势分析暨重点项目建设推进会议上的讲话
同志们：
今年以来，全市地区生产总值增长×%，完成固定资产投资×亿元，ABC公司等×家企业签约落地。
一、坚定信心，奋力完成全年目标任务。上半年全市经济运行稳中有进，×个重点项目开工，×同志作了发言，我完全同意。
（一）抓好项目建设
一是强化要素保障，确保×个项目如期开工。二要压实责任，×月底前全部完成。
1.加强组织领导
（1）明确责任分工
"""


def fill(speech: Speech, **overrides: str) -> dict[str, str]:
    """A value for every blank of ``speech``; ``overrides`` by slot id (s001=…)."""
    values = {s.id: SAMPLE_VALUES.get(s.kind, "12.5") for s in speech.slots}
    values.update(overrides)
    return values


@pytest.fixture(autouse=True)
def _isolated_cache():
    """tests/core is pure Python: the Django cache fixture of tests/conftest.py has no
    business here, and overriding it lets these tests run with ``-p no:django`` too."""
    yield


@pytest.fixture(scope="session")
def seed_speech(seed_text: str) -> Speech:
    return parse_speech(seed_text)


@pytest.fixture(scope="session")
def seed_values(seed_speech: Speech) -> dict[str, str]:
    return fill(seed_speech)


@pytest.fixture(scope="session")
def short_speech() -> Speech:
    return parse_speech(SHORT_TEXT)
