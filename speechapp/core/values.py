"""Check and normalise what a writer types into a blank, by the blank's kind.

Pure: problems are raised as codes with parameters; the web layer turns them into
translated sentences. The typed text is never thrown away by this module's callers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cn2an

from speechapp.core.model import SlotKind
from speechapp.core.text import has_control_chars
from speechapp.core.tokens import fixed_digits, holds_a_mark, is_decimal_token

NAME_MAX_CHARS = 40
# What is kept of a typed value, valid or not: the printed value's column holds 200 characters,
# and nothing a writer means to type into one blank is longer.
RAW_MAX_CHARS = 200
# Far beyond any figure in a speech, and far below Python's 4,300-digit int() limit.
NUMBER_MAX_DIGITS = 30

_SIGNED = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-"})
# Units a writer may type by habit after the number, by kind, besides the slot's own unit.
_EXTRA_UNITS: dict[SlotKind, tuple[str, ...]] = {
    SlotKind.PERCENT: ("%",),
    SlotKind.POINTS: ("个百分点", "百分点"),
    SlotKind.MONTH: ("月份", "月"),
    SlotKind.DAY: ("日", "号"),
    SlotKind.YEAR: ("年",),
    SlotKind.RANK: ("位", "名"),
}


class ValueProblem(ValueError):
    """A typed value that does not fit its blank; ``code`` names the rule it broke."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str  # what prints in the speech; "" means the blank is still open
    notice: str | None = None  # "unit_stripped" when a typed unit was removed
    stripped_unit: str | None = None
    from_chinese: bool = False  # typed in Chinese numerals (三十五), printed in digits


# Chinese numerals as writers type them: 三十五, 一千二百, 两万, 二〇二四, 五点二, 负一点五.
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = re.compile(r"^负?[零〇一二两三四五六七八九十百千万亿点\d.]+$")
_CN_FRACTION = {ch: str("零一二三四五六七八九".find(ch)) for ch in "零一二三四五六七八九"} | {
    "〇": "0",
    "两": "2",
}


def chinese_number(text: str) -> str | None:
    """Chinese numerals in ASCII digits ("三十五" -> "35", "百分之五点二" -> "5.2",
    "二〇二四" -> "2024", "负一点五" -> "-1.5"), or None when ``text`` is not one.

    Digits already in ASCII are left to the caller: None unless a Chinese numeral is in it.
    The part after 点 is read digit by digit, so no float rounding creeps in.
    """
    text = original = text.replace(" ", "")
    if text.startswith("百分之"):  # the percent sign said in words
        text = text[3:]
    if text != original and _SIGNED.match(text):
        return text  # "百分之5.2"
    if not _CN_NUMERAL.match(text) or not any(ch in _CN_DIGITS + "十百千万亿" for ch in text):
        return None
    sign = "-" if text.startswith("负") else ""
    text = text.removeprefix("负")
    whole, _, fraction = text.partition("点")
    if fraction and not all(ch in _CN_FRACTION or ch.isdigit() for ch in fraction):
        return None
    try:
        number = cn2an.cn2an(whole, "smart") if whole else 0
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(number, float):
        if not number.is_integer():  # "1.2万": a decimal with a magnitude
            return sign + format(number, "f").rstrip("0").rstrip(".")
        number = int(number)
    digits = "".join(_CN_FRACTION.get(ch, ch) for ch in fraction)
    return sign + str(number) + (f".{digits}" if digits else "")


# Growth words and their usual opposite: "同比增长-1.5%" reads "同比下降1.5%".
GROWTH_BEFORE = re.compile(
    r"(?:同比|环比|比上年|较上年|比去年|较去年)?(?:增长|提高|增加|上升|提升)$"
)
_OPPOSITE = {"增长": "下降", "提高": "降低", "增加": "减少", "上升": "下降", "提升": "下降"}


def growth_wording(before: str, value: str, unit: str | None) -> tuple[str, str] | None:
    """A negative value after a growth word: (what will print, the usual wording), e.g.
    ("同比增长-1.5%", "同比下降1.5%"); None when the value is not negative or no growth word
    stands right before the blank."""
    if not value.startswith("-"):
        return None
    match = GROWTH_BEFORE.search(before.rstrip(" \u3000"))
    if match is None:
        return None
    words = match.group(0)
    verb = words[-2:]
    unit = unit or ""
    printed = f"{words}{value}{unit}"
    usual = f"{words[:-2]}{_OPPOSITE[verb]}{value[1:]}{unit}"
    return printed, usual


def _strip_unit(text: str, kind: SlotKind, unit: str | None) -> tuple[str, str | None]:
    candidates = [unit] if unit else []
    candidates += _EXTRA_UNITS.get(kind, ())
    stripped = None
    for candidate in sorted({c for c in candidates if c}, key=len, reverse=True):
        folded = unicodedata.normalize("NFKC", candidate)
        forms = [form for form in (candidate, folded) if text.endswith(form) and text != form]
        if forms:
            text, stripped = text[: -len(forms[0])].strip(), candidate
            break
    if kind is SlotKind.RANK and text.startswith("第") and len(text) > 1:
        text, stripped = text[1:].strip(), stripped or "第"
    if stripped and text[-1:] in ("余", "多"):
        text = text[:-1].strip()
    return text, stripped


def _number(text: str) -> str:
    """A decimal written with ASCII digits, without grouping; raises not_number."""
    text = text.replace(" ", "")
    grouped = _GROUPED.match(text)
    if grouped:
        text = grouped.group(1) + grouped.group(2).replace(",", "") + (grouped.group(3) or "")
    if not _SIGNED.match(text):
        raise ValueProblem("not_number")
    return text.lstrip("+")


AGE_MAX = 150


def whole_numbers_only(kind: SlotKind, unit: str | None, token: str = "") -> bool:
    """Whether a blank takes only whole numbers: a rank, a year, a month, a day, a count of
    things ("×家"), but not a count in 万 ("×万人次": 1.2) nor a blank written with a decimal
    point ("X.X人"), which takes a decimal whatever its unit. The one rule for the value
    check, the hint and the data-request sheet's validation."""
    if is_decimal_token(token):
        return False
    if kind in (SlotKind.RANK, SlotKind.YEAR, SlotKind.MONTH, SlotKind.DAY):
        return True
    return kind is SlotKind.COUNT and not (unit and unit[0] in "万亿千百")


def raw_problem(raw: str) -> ValueProblem | None:
    """Why ``raw`` may not even be kept as typed (too long, control characters), or None."""
    if has_control_chars(raw):
        return ValueProblem("control_char")
    if len(raw) > RAW_MAX_CHARS:
        return ValueProblem("too_long", limit=RAW_MAX_CHARS)
    return None


def days_in_month(month: int) -> int:
    """The most days ``month`` can have (29 for February: the year is not always known)."""
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31


def check_day_in_month(day: str, month: str) -> None:
    """Raise ``day_not_in_month`` when the printed ``day`` does not exist in ``month``
    ("X月X日" filled 2 and 30); either still open or not a number: nothing to check."""
    if not (day.isdigit() and month.isdigit()) or not 1 <= int(month) <= 12:
        return
    days = days_in_month(int(month))
    if int(day) > days:
        raise ValueProblem("day_not_in_month", month=int(month), days=days)


def _year(number: str, token: str) -> str:
    """A year blank may keep digits of the template ("20XX年"): the writer types the whole year
    (2025) or only the missing digits (25); either way the whole year prints."""
    fixed = fixed_digits(token)
    if fixed and number.isdigit() and len(fixed) + len(number) == 4:
        number = fixed + number
    if not re.fullmatch(r"\d{4}", number):
        raise ValueProblem("year_format")
    if fixed and not number.startswith(fixed):
        raise ValueProblem("year_prefix", prefix=fixed, digits=4 - len(fixed))
    return number


def normalise_value(kind: SlotKind, unit: str | None, raw: str, *, token: str = "") -> Normalised:
    """The printable form of ``raw`` for a blank of ``kind``; raises :class:`ValueProblem`.

    ``token`` is the blank as written in the template; it matters for a year blank that
    keeps digits ("20XX").
    """
    problem = raw_problem(raw)
    if problem is not None:
        raise problem
    text = raw.strip()
    if not text:
        return Normalised("")
    if holds_a_mark(text):
        raise ValueProblem("placeholder")
    if kind is SlotKind.NAME:
        if "\n" in text or "\r" in text:
            raise ValueProblem("line_break")
        if len(text) > NAME_MAX_CHARS:
            raise ValueProblem("too_long", limit=NAME_MAX_CHARS)
        return Normalised(text)

    folded = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
    folded, stripped = _strip_unit(folded, kind, unit)
    chinese = chinese_number(folded)
    if chinese is not None and (kind is SlotKind.PERCENT or not folded.startswith("百分之")):
        folded = chinese
    try:
        number = _number(folded)
    except ValueProblem:
        raise ValueProblem(
            "not_whole_number" if whole_numbers_only(kind, unit, token) else "not_number"
        ) from None
    if sum(ch.isdigit() for ch in number) > NUMBER_MAX_DIGITS:
        raise ValueProblem("too_many_digits", limit=NUMBER_MAX_DIGITS)
    negative = number.startswith("-")
    is_integer = "." not in number
    if kind in (SlotKind.PERCENT, SlotKind.POINTS):
        pass
    elif kind in (SlotKind.AMOUNT, SlotKind.MEASURE, SlotKind.RATIO, SlotKind.RATE):
        if negative:
            raise ValueProblem("negative")
    elif kind is SlotKind.AGE:
        if negative or float(number) > AGE_MAX:
            raise ValueProblem("age_range", limit=AGE_MAX)
    elif kind is SlotKind.COUNT and not whole_numbers_only(kind, unit, token):
        # "×万余人": 1.2 (万) is a fine count; so is 2.8 in "X.X人" (a mean, say).
        if negative or float(number) == 0:
            raise ValueProblem("not_positive_number")
    elif kind is SlotKind.RANK and not whole_numbers_only(kind, unit, token):
        if negative or float(number) == 0:
            raise ValueProblem("not_positive_number")
    elif kind in (SlotKind.COUNT, SlotKind.RANK):
        if not is_integer or negative or int(number) == 0:
            raise ValueProblem("not_positive_integer")
        number = str(int(number))
    elif kind is SlotKind.MONTH:
        if not is_integer or not 1 <= int(number) <= 12:
            raise ValueProblem("month_range")
        number = str(int(number))
    elif kind is SlotKind.DAY:
        if not is_integer or not 1 <= int(number) <= 31:
            raise ValueProblem("day_range")
        number = str(int(number))
    elif kind is SlotKind.YEAR:
        number = _year(number, token)
    if stripped:
        return Normalised(
            number, notice="unit_stripped", stripped_unit=stripped, from_chinese=bool(chinese)
        )
    return Normalised(number, from_chinese=chinese is not None)
