"""Grammar 2: one grammar for every blank mark (marks × compositions × places).

A blank is a *run* of one mark character (×××, ＊＊＊＊, □□, ☆, __, a template's own ◇), or
an empty bracket （　　）, or a date field of spaces (2025年　月　日), or the placeholder N of
第N期. The same compositions apply to every mark alike:

* decimal ``□□.□``, ``＊.＊``, ``X.XX`` and thousands ``X,XXX``, ``□,□□□.□``: one blank;
* a year keeps the digits the template fixed: ``20XX年``, ``20××年``, ``20□□年``, ``20__年``
  are one blank each ("20XX"), and so is the first year of ``20XX—20XX年``;
* dates ``20XX/X/XX``, ``20XX-XX-XX``: one blank per field, each with its role;
* a name may join two runs with a hyphen or a middle dot (``xx-x同志``): one blank.

What looks like a blank but is text comes back as a :class:`~speechapp.core.marks.Miss` with
its reason: a product (3×4), Latin words and codes (X光, iPhone X, N95, a*b), the zero of a
Chinese numeral (二○二四), a line made only of marks (a separator), a bullet at the start of
a line ("● "), a quoted legend (带“＊”的为必报指标), 某些/某种, a lone ○ or _ in a template
that never uses it as a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from speechapp.core.marks import (
    ALL_MARK_CHARS,
    BRACKET,
    CUSTOM,
    DECIMAL,
    MOUMOU,
    RUN_CHARS,
    Miss,
    Token,
    TokenSet,
    X,
    char_after,
    char_before,
    is_digit,
    is_latin,
)

_SPACES = " \u3000\t\u00a0"
_CN_NUMERALS = "〇○零一二三四五六七八九十百千"
# Words that follow a single X and make it a term, not a blank: X光, X射线, X轴, Ｘ型.
_X_TERMS = ("光", "射线", "线", "轴", "染色体", "型")
_LATIN_UNITS = re.compile(r"(?:km|KM|kg|KG|m|t|kW|MW|GW|μg)(?![A-Za-z])")
# After 某, a word, not a blank: 某些, 某种, 某一, 某个…
_MOU_WORDS = "些种一个人方位时处项"
# Marks whose single run needs company: a lone ○ is a zero, a lone _ a typo, unless the
# template writes its blanks with them elsewhere.
_CIRCLES = "○〇"
_UNDERSCORES = "_＿"
_NEEDS_COMPANY = (_CIRCLES, _UNDERSCORES)
# A solid bullet at the start of a line ("●加快项目建设") is a bullet, not a blank, unless a
# place or a name follows ("■市", "●同志").
_BULLETS = "●▲■◆"
_PLACE_OR_NAME = re.compile(r"^(?:省|市|县|区|镇|乡|村|街道|社区|同志|先生|女士)")
# What names follow: a title, or the end of a phrase.
_AFTER_NAME = re.compile(
    r"^(?:同志|先生|女士|书记|主任|局长|部长|区长|县长|市长|镇长|主席|等|[，、。；：:）)」”]|$)"
)
# A legend names a mark instead of using it: 带“＊”的为必报指标, 标有*的, 打“×”者.
_LEGEND_BEFORE = re.compile(r"(?:带有?|标有|标注|标记|注有|打|画|以|用)[“\"'‘「『]?$")
_LEGEND_AFTER = re.compile(r"^[”\"'’」』]?(?:的|者|号|为|表示|处)")
_DATE_SEP = "/-－.．"
_NAME_JOIN = "-‐－·•・"
_BRACKETS = r"[（(【〔［\[][ \u3000\u00a0]*[）)】〕］\]]"
_CLASSIFIERS = "期届次批轮个号条款章节季年位名"


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    kind: str  # "run", "mou", "bracket", "n", "spaces"
    family: str
    group: str  # the run's characters ("XＸ"); "" for the others


def _family_groups(tokens: TokenSet) -> list[tuple[str, str]]:
    groups = [(family, group) for family, gs in RUN_CHARS.items() for group in gs]
    return groups + [(CUSTOM, ch) for ch in tokens.custom]


@lru_cache(maxsize=32)
def _atom_pattern(tokens: TokenSet) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    names: dict[str, tuple[str, str]] = {}
    parts = []
    for i, (family, group) in enumerate(_family_groups(tokens)):
        name = f"g{i}"
        names[name] = (family, group)
        parts.append(f"(?P<{name}>[{re.escape(group)}]+)")
    parts += [
        r"(?P<mou>某+)",
        f"(?P<bracket>{_BRACKETS})",
        rf"(?P<n>(?<=第)[NＮ](?=[{_CLASSIFIERS}]))",
        r"(?P<spaces>[ \u3000\u00a0]+(?=[年月日号]))",
    ]
    # The leading class lets the engine skip ordinary text fast: every atom starts with one
    # of these characters.
    first = "".join(group for _, group in _family_groups(tokens))
    first += "某（(【〔［[NＮ \u3000\u00a0"
    return re.compile(f"(?=[{re.escape(first)}])(?:{'|'.join(parts)})"), names


def _atoms(text: str, tokens: TokenSet) -> list[_Atom]:
    pattern, names = _atom_pattern(tokens)
    atoms = []
    for m in pattern.finditer(text):
        kind = m.lastgroup or ""
        if kind in names:
            family, group = names[kind]
            atoms.append(_Atom(m.start(), m.end(), "run", family, group))
        elif kind == "mou":
            atoms.append(_Atom(m.start(), m.end(), "mou", MOUMOU, ""))
        elif kind == "bracket":
            atoms.append(_Atom(m.start(), m.end(), "bracket", BRACKET, ""))
        elif kind == "n":
            atoms.append(_Atom(m.start(), m.end(), "n", X, ""))
        else:
            atoms.append(_Atom(m.start(), m.end(), "spaces", BRACKET, ""))
    return atoms


def _digits_before(text: str, pos: int) -> int:
    """Where the digits right before ``pos`` start (``pos`` when there are none)."""
    while pos > 0 and is_digit(text[pos - 1]):
        pos -= 1
    return pos


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    family: str
    atom: _Atom  # the first atom
    composed: str = ""  # "decimal", "thousands", "name", "date" or ""
    role: str = ""
    fixed: str = ""


def _next_run(atoms: list[_Atom], i: int, at: int, group: str, length: int = 0) -> bool:
    """Whether atom ``i`` is a run of ``group`` starting exactly at ``at`` (of ``length``)."""
    if i >= len(atoms):
        return False
    a = atoms[i]
    return (
        a.kind == "run"
        and a.group == group
        and a.start == at
        and (not length or a.end - a.start == length)
    )


def _year_shape(text: str, atom: _Atom) -> int | None:
    """Where a year blank starts when ``atom`` with the digits before it makes four
    characters ("20XX", "2□□□", "XXXX"), else None."""
    begin = _digits_before(text, atom.start)
    if atom.end - begin == 4 and not is_latin(char_before(text, begin)):
        return begin
    return None


_YEAR_AFTER = re.compile(r"^[ \u3000]*(?:年|[-—–~～至到]+\S{1,4}年)")


def _compose(text: str, atoms: list[_Atom], decimals: bool) -> list[_Candidate]:
    """Join atoms into blanks: dates, decimals, thousands and hyphenated names (decimals and
    thousands only when the template's set has them: without, "×.×" stays two blanks)."""
    out: list[_Candidate] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if a.kind != "run":
            out.append(_Candidate(a.start, a.end, a.family, a))
            i += 1
            continue
        g = a.group
        # 20XX/X/XX, 20XX-XX-XX: year, month and day, each its own blank
        begin = _year_shape(text, a)
        sep = text[a.end : a.end + 1]
        if begin is not None and sep and sep in _DATE_SEP and _next_run(atoms, i + 1, a.end + 1, g):
            month = atoms[i + 1]
            sep2 = text[month.end : month.end + 1]
            if sep2 == sep and _next_run(atoms, i + 2, month.end + 1, g):
                day = atoms[i + 2]
                fixed = text[begin : a.start]
                out.append(_Candidate(begin, a.end, a.family, a, "date", "year", fixed))
                out.append(_Candidate(month.start, month.end, a.family, month, "date", "month"))
                out.append(_Candidate(day.start, day.end, a.family, day, "date", "day"))
                i += 3
                continue
        end, j, composed = a.end, i + 1, ""
        # thousands: X,XXX / □,□□□ (ASCII comma, groups of exactly three)
        while decimals and text[end : end + 1] == "," and _next_run(atoms, j, end + 1, g, 3):
            end, j, composed = atoms[j].end, j + 1, "thousands"
        # decimal: X.X, □□.□, ＊.＊
        if decimals and text[end : end + 1] in (".", "．") and _next_run(atoms, j, end + 1, g):
            end, j, composed = atoms[j].end, j + 1, composed or "decimal"
        # a name joined by a hyphen or a middle dot: xx-x同志
        if (
            not composed
            and text[end : end + 1] in _NAME_JOIN
            and _next_run(atoms, j, end + 1, g)
            and _AFTER_NAME.match(text[atoms[j].end :].lstrip(_SPACES))
        ):
            end, j, composed = atoms[j].end, j + 1, "name"
        out.append(_Candidate(a.start, end, a.family, a, composed))
        i = j
    return out


def _line_of_marks(text: str) -> bool:
    """A separator: a line made only of marks (and spaces), three or more ("＊＊＊", "* * *")."""
    if not all(ch in ALL_MARK_CHARS or ch in _SPACES for ch in text):
        return False  # stops at the first word, so a line of text costs next to nothing
    marks = [ch for ch in text if ch not in _SPACES]
    return len(marks) >= 3 and len(set(marks)) <= 2


def _judge_run(
    text: str, c: _Candidate, used: frozenset[str], separator: bool
) -> tuple[str | None, int]:
    """Why the run candidate ``c`` is not a blank (None if it is), and where it starts."""
    start, end = c.start, c.end
    a = c.atom
    single = end - start == 1
    left, right = char_before(text, start), char_after(text, end)
    if c.composed:
        # GDPXXX.X亿元: the word GDP, then a blank; but 1X.X, X.Xb, aX.X are codes
        acronym = left.isupper() and (a.family != X or a.end - a.start > 1)
        if (
            is_digit(left)
            or is_digit(right)
            or is_latin(right)
            or (is_latin(left) and c.composed != "name" and not acronym)
        ):
            return "code", start
        return None, start
    if (
        single
        and is_digit(char_before(text, start, _SPACES))
        and is_digit(char_after(text, end, _SPACES))
    ):
        return "multiplication", start  # 3×4, 2 x 3
    if separator:
        return "decoration", start  # the line is made only of marks
    if start == 0 and single and (char_after(text, end) in _SPACES and end < len(text)):
        return "decoration", start  # "* " or "● " as a list bullet
    if start == 0 and single and a.group in _BULLETS and not _PLACE_OR_NAME.match(text[end:]):
        return "decoration", start  # ●加快项目建设
    if (
        single
        and _LEGEND_BEFORE.search(text[max(0, start - 3) : start])
        and _LEGEND_AFTER.match(text[end:])
    ):
        return "legend", start  # 带“＊”的为必报指标, 标有*的
    if a.group == "☆" and text.startswith("级", end):
        return "rating", start  # ☆☆☆级景区, like ★★★★级
    if is_digit(left):
        begin = _year_shape(text, a)
        if begin is not None and _YEAR_AFTER.match(text[end:]):
            return None, begin  # 20XX年, 20××年, 20__年 and 20XX—20XX年
        return "code", start  # 4X4, 5X
    if a.group == _CIRCLES and (
        (left and left in _CN_NUMERALS) or (right and right in _CN_NUMERALS)
    ):
        return "numeral", start  # 二○二四年, 一〇〇
    if a.family == X:
        after_hyphen = char_after(text, end + 1)
        if is_latin(right) or (
            right and right in "-‐" and is_latin(after_hyphen) and after_hyphen not in a.group
        ):
            return "latin", start  # XBOX, XXL, X-ray (but X-X月 is a range of two blanks)
        if is_digit(right):
            return "code", start  # X5
        if is_latin(left):
            if a.group == "XＸ" and not single and left.isupper():
                return None, start  # GDPXX亿元: the word GDP, then a blank
            return "latin", start  # SpaceX, iPhoneX, box
        if single:
            if left in _SPACES and left and is_latin(char_before(text, start, _SPACES)):
                return "latin", start  # iPhone X, Generation X
            after = text[end:].lstrip(_SPACES)
            if (
                right in _SPACES
                and right
                and after
                and is_latin(after[0])
                and not _LATIN_UNITS.match(after)
            ):
                return "latin", start  # X Games
            if text.startswith(_X_TERMS, end):
                return "term", start  # X光, X射线, Ｘ型
    elif is_latin(left) and is_latin(right):
        return "code", start  # a*b, snake__case
    elif a.group == _UNDERSCORES and (is_latin(left) or is_latin(right)):
        return "code", start  # __init__
    if single and a.group in _NEEDS_COMPANY and a.group not in used:
        return "single", start  # a lone ○ in a template that never uses ○ for a blank
    return None, start


def _judge(
    text: str, c: _Candidate, used: frozenset[str], separator: bool
) -> tuple[str | None, int]:
    kind = c.atom.kind
    if kind == "run":
        return _judge_run(text, c, used, separator)
    if kind == "mou":
        if c.end - c.start == 1:
            word = char_after(text, c.end)
            return ("word" if word and word in _MOU_WORDS else "single"), c.start
        return None, c.start
    if kind == "bracket":
        if is_latin(char_before(text, c.start)):
            return "code", c.start  # f(), list[ ]
        return None, c.start
    if kind == "spaces":
        return _judge_spaces(text, c.start, c.end), c.start
    return None, c.start  # 第N期


def _judge_spaces(text: str, start: int, end: int) -> str | None:
    """A date field written as spaces: 2025年　月　日, （　　年　　月　　日）."""
    left, unit = char_before(text, start), text[end]
    if unit == "月":
        return None if left == "年" else "spacing"
    if unit in "日号":
        return None if left == "月" else "spacing"
    # 年: a year of spaces only when a month of spaces follows ("　　年　　月")
    year_of_spaces = re.match(r"^年[ \u3000\u00a0]+月", text[end:]) is not None
    if year_of_spaces and not is_digit(left) and (not left or left not in _CN_NUMERALS):
        return None
    return "spacing"


def scan_v2(
    text: str, token_set: TokenSet, used: frozenset[str] = frozenset()
) -> tuple[tuple[Token, ...], tuple[Miss, ...]]:
    """The blanks of one line under ``token_set`` (grammar 2), and the look-alikes left alone.

    ``used`` names the run characters the template writes blanks with elsewhere (see
    :func:`company`): a lone ○ or _ is a blank only where its mark is used so.
    """
    found: list[Token] = []
    missed: list[Miss] = []
    last_end = 0
    candidates = _compose(text, _atoms(text, token_set), DECIMAL in token_set.families)
    separator = bool(candidates) and _line_of_marks(text)
    for c in candidates:
        reason, start = _judge(text, c, used, separator)
        family = DECIMAL if c.composed in ("decimal", "thousands") else c.family
        # a decimal needs its mark in the set too: "X.X" is no blank of a set without "X"
        enabled = all(f == CUSTOM or f in token_set.families for f in {family, c.family})
        if reason is None and not enabled:
            reason = "not_in_set"
        if reason == "spacing":
            continue  # ordinary spaces, nothing that looks like a blank
        if reason is not None:
            missed.append(Miss(start, c.end, text[start : c.end], family, reason))
            continue
        start = max(start, last_end)
        fixed = c.fixed or (text[start : c.atom.start] if start < c.atom.start else "")
        found.append(Token(start, c.end, text[start : c.end], family, fixed, c.role))
        last_end = c.end
    return tuple(found), tuple(missed)


def company(tokens: tuple[Token, ...]) -> frozenset[str]:
    """The run characters among ``tokens`` that need company to count alone (○, _): a
    template that writes "○○县" makes "全市○个县" a blank too."""
    used = set()
    for token in tokens:
        for group in _NEEDS_COMPANY:
            if len(token.text) > 1 and all(ch in group for ch in token.text):
                used.add(group)
    return frozenset(used)
