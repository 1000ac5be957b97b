"""Grammar 1: the scanner templates stored before grammar 2 were parsed with.

Kept unchanged so a stored template or draft whose token set says "v1" keeps exactly the
blanks (and so the slot ids) its values were saved against. New templates use
:mod:`speechapp.core.grammar`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from speechapp.core.marks import (
    CIRCLE,
    CROSS,
    CUSTOM,
    DECIMAL,
    MOUMOU,
    SQUARE,
    STAR,
    UNDERSCORE,
    V1_FAMILIES,
    Miss,
    Token,
    TokenSet,
    X,
    char_after,
    char_before,
    is_digit,
    is_latin,
)

_CANDIDATES: dict[str, str] = {
    DECIMAL: r"[XＸ×]+[.．][XＸ×]+|[xｘ]+[.．][xｘ]+",
    CROSS: r"×+",
    X: r"[XＸ]+|[xｘ]+",
    STAR: r"[*＊]+",
    SQUARE: r"□+",
    CIRCLE: r"○{2,}",
    MOUMOU: r"某+",
    UNDERSCORE: r"[_＿]{2,}",
}

# Words that follow a single X and make it a term, not a blank: X光, X射线, X轴.
_X_TERMS = ("光", "射线", "线", "轴", "染色体", "型")
# After 某, a word, not a blank: 某些, 某种, 某一, 某个…
_MOU_WORDS = "些种一个人方位时处项"
_CN_NUMERALS = "〇零一二三四五六七八九十"
_LATIN_UNITS = re.compile(r"(?:km|KM|kg|KG|m|t|kW|MW|GW|μg)(?![A-Za-z])")
_SPACES = " \u3000\t"
_YEAR_RANGE = re.compile(r"[-—–~～至到]+[0-9０-９]{1,3}[XＸ]{1,3}年")


@lru_cache(maxsize=32)
def _pattern(tokens: TokenSet) -> re.Pattern[str]:
    # Enabled families first so that, at one position, a disabled family never hides an
    # enabled one (×.× stays two × blanks when X.X is not in the set).
    enabled = [f for f in V1_FAMILIES if f in tokens.families]
    disabled = [f for f in V1_FAMILIES if f not in tokens.families]
    parts = [f"(?P<{f}>{_CANDIDATES[f]})" for f in enabled]
    if tokens.custom:
        parts.append(f"(?P<{CUSTOM}>{'|'.join(re.escape(c) + '+' for c in tokens.custom)})")
    parts += [f"(?P<{f}>{_CANDIDATES[f]})" for f in disabled]
    # The leading class lets the engine skip ordinary text fast (a parse stays ~2 ms).
    first = re.escape("×XＸxｘ*＊□○某_＿" + tokens.custom)
    return re.compile(f"(?=[{first}])(?:{'|'.join(parts)})")


def _is(ch: str, chars: str) -> bool:
    """``ch in chars`` that is False for "" (the edge of the text)."""
    return bool(ch) and ch in chars


def _between_numbers(text: str, start: int, end: int) -> bool:
    return is_digit(char_before(text, start, _SPACES)) and is_digit(char_after(text, end, _SPACES))


def _judge_x(text: str, start: int, end: int) -> tuple[str | None, int]:
    """Reason the X run ``text[start:end]`` is not a blank (None if it is), and its start
    (moved back over fixed year digits: "20XX年")."""
    run = text[start:end]
    left, right = char_before(text, start), char_after(text, end)
    upper = run[0] in "XＸ"
    if is_latin(right) or (_is(right, "-‐") and is_latin(char_after(text, end + 1))):
        return "latin", start  # XBOX, XXL, X-ray
    if is_digit(right):
        return "code", start  # X5
    if is_digit(left):
        digits = start
        while digits > 0 and is_digit(text[digits - 1]):
            digits -= 1
        # "20XX年", and the first year of a range "20XX—20XX年"
        after = text[end:].lstrip(_SPACES)
        year_follows = after[:1] == "年" or _YEAR_RANGE.match(after) is not None
        if upper and year_follows and end - digits == 4 and not is_latin(char_before(text, digits)):
            return None, digits  # 20XX年, 202X年
        return "code", start  # 4X4, 5X
    if is_latin(left):
        if upper and len(run) > 1 and left.isupper():
            return None, start  # GDPXX亿元: the word GDP, then a blank
        return "latin", start  # SpaceX, iPhoneX, box
    if len(run) == 1:
        if _between_numbers(text, start, end):
            return "multiplication", start  # 3 x 4
        if _is(left, _SPACES) and is_latin(char_before(text, start, _SPACES)):
            return "latin", start  # iPhone X, Generation X
        after = text[end:].lstrip(_SPACES)
        if (
            _is(right, _SPACES)
            and after[:1]
            and is_latin(after[0])
            and not _LATIN_UNITS.match(after)
        ):
            return "latin", start  # X Games
        if text.startswith(_X_TERMS, end):
            return "term", start  # X光, X射线
    return None, start


def _judge(family: str, text: str, start: int, end: int) -> tuple[str | None, int]:
    run = text[start:end]
    if family in (CROSS, STAR) and _between_numbers(text, start, end):
        return "multiplication", start
    if family == X:
        return _judge_x(text, start, end)
    if family == DECIMAL:
        left, right = char_before(text, start), char_after(text, end)
        if is_latin(left) or is_latin(right) or is_digit(left) or is_digit(right):
            return "code", start
    elif family == STAR:
        if len(run) > 2:
            return "decoration", start  # *** as a separator
        if start == 0 and _is(char_after(text, end), _SPACES):
            return "decoration", start  # "* " as a list bullet
        if is_latin(char_before(text, start)) and is_latin(char_after(text, end)):
            return "code", start  # a*b
    elif family == CIRCLE:
        if _is(char_before(text, start), _CN_NUMERALS) or _is(char_after(text, end), _CN_NUMERALS):
            return "numeral", start  # 二○○八年
    elif family == UNDERSCORE:
        if is_latin(char_before(text, start)) or is_latin(char_after(text, end)):
            return "code", start  # __init__, snake__case
    elif family == MOUMOU and len(run) == 1:
        return ("word" if _is(char_after(text, end), _MOU_WORDS) else "single"), start
    return None, start


def scan_v1(text: str, token_set: TokenSet) -> tuple[tuple[Token, ...], tuple[Miss, ...]]:
    """The blanks of one line (or any text) under ``tokens``, and the near-misses left alone."""
    found: list[Token] = []
    missed: list[Miss] = []
    last_end = 0
    for m in _pattern(token_set).finditer(text):
        family = m.lastgroup or CUSTOM
        start, end = m.start(), m.end()
        reason, start = (None, start) if family == CUSTOM else _judge(family, text, start, end)
        if reason is None and family != CUSTOM and family not in token_set.families:
            reason = "not_in_set"  # a blank in a dialect this template does not use
        if reason is not None:
            missed.append(Miss(start, end, text[start:end], family, reason))
            continue
        start = max(start, last_end)
        fixed = text[start : m.start()]
        found.append(Token(start, end, text[start:end], family, fixed))
        last_end = end
    return tuple(found), tuple(missed)
