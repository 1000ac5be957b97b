"""Sample texts and the one table of plausible values, shared by the core and web tests, the
browser tests and `make bench`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "fixtures" / "templates" / "000_0813edda4c383734.txt"

# What a writer would type for each kind of blank.
BY_KIND = {
    "percent": "5.2",
    "points": "1.3",
    "amount": "12.5",
    "count": "8",
    "measure": "36",
    "rank": "3",
    "month": "6",
    "day": "15",
    "year": "2024",
    "ratio": "4",
    "name": "东城",
}

# A short speech with every kind of block (run-in heading, inline points, all heading levels).
SHORT_TEXT = """在全市2024年上半年经济形势分析暨重点项目建设推进会议上的讲话
同志们：
今年以来，全市地区生产总值增长×%，完成固定资产投资×亿元，ABC公司等×家企业签约落地。
一、坚定信心，奋力完成全年目标任务。上半年全市经济运行稳中有进，×个重点项目开工，×同志作了发言，我完全同意。
（一）抓好项目建设
一是强化要素保障，确保×个项目如期开工。二要压实责任，×月底前全部完成。
1.加强组织领导
（1）明确责任分工
"""


# A speech with a blank in its title (s001, a year), in a heading (s003, s004) and in its
# closing line (s005): every part of the document takes its value like the body.
TITLED_TEXT = """在20XX年全区经济工作会议上的讲话
同志们：
今年全区地区生产总值增长×%。
一、全年增长×%的目标如期完成
（一）建成投产×个重点项目
今年以来，各项工作稳步推进。
二、明年工作安排
明年要抓好项目建设。
祝×区各项事业再上新台阶！
"""
TITLED_VALUES = {"s001": "2025", "s002": "5.2", "s003": "6.1", "s004": "12", "s005": "东城"}
TITLED_PRINTED = "在2025年全区经济工作会议上的讲话"


def filled_values(speech, **overrides: str) -> dict[str, str]:
    """A value for every slot of ``speech`` by its kind; ``overrides`` by slot id (s001=…)."""
    values = {slot.id: BY_KIND[str(slot.kind)] for slot in speech.slots}
    values.update(overrides)
    return values


def hard_wrap(text: str, width: int) -> str:
    """The text as a PDF copy gives it: every paragraph cut into lines of ``width`` columns."""
    from speechapp.core.wrapping import display_width

    lines = []
    for paragraph in text.splitlines():
        line = ""
        for ch in paragraph.strip():
            if display_width(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
        if line:
            lines.append(line)
    return "\n".join(lines)
