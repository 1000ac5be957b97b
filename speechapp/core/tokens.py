"""The marks writers use to blank out a figure or a name, and the one scanner that finds them.

Every path that asks "is this a blank?" comes here: the parser (slots), the value check (a
mark left in a typed value), the kind lookahead (through the parser's spans) and the upload
form ("no blanks found").

Families of marks (name, how it is written):

=========== ================================================================
cross       × and ×× (the seed's dialect); not between numbers (3×4)
x           X, XX, XXX… (ASCII and full-width Ｘ), x and xx; "20XX年" is one
            year blank covering the fixed digits
decimal     X.X, XX.X, ×.×: one decimal blank, not two
star        * and ＊, single or doubled
square      □ runs
circle      ○○ and longer runs (a single ○ is the zero of 二○二四)
moumou      某某 (the doubled form only; 某些/某种/某一/某个 are words)
underscore  two or more _ or ＿
=========== ================================================================

A template's *token set* names the families it uses and may add its own mark characters
("△"): see :func:`parse_token_set`. Candidates the scanner saw but did not take (X光, XBOX,
3×4, 某些…) come back as :class:`Miss` with a reason code, so a preview can show them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CROSS = "cross"
X = "x"
DECIMAL = "decimal"
STAR = "star"
SQUARE = "square"
CIRCLE = "circle"
MOUMOU = "moumou"
UNDERSCORE = "underscore"
CUSTOM = "custom"

# Canonical order; also the order of alternatives at one position (X.X before X).
FAMILIES: tuple[str, ...] = (DECIMAL, CROSS, X, STAR, SQUARE, CIRCLE, MOUMOU, UNDERSCORE)
# How each family is written, for messages and the import form; also accepted as its name.
EXAMPLES: dict[str, str] = {
    CROSS: "×",
    X: "X",
    DECIMAL: "X.X",
    STAR: "*",
    SQUARE: "□",
    CIRCLE: "○○",
    MOUMOU: "某某",
    UNDERSCORE: "__",
}
_ALIASES: dict[str, str] = {
    **{name: name for name in FAMILIES},
    **{example: name for name, example in EXAMPLES.items()},
    "××": CROSS,
    "XX": X,
    "Ｘ": X,
    "XX.X": DECIMAL,
    "＊": STAR,
    "**": STAR,
    "＿＿": UNDERSCORE,
    "____": UNDERSCORE,
    "□□": SQUARE,
    "○": CIRCLE,
    "某": MOUMOU,
    "_": UNDERSCORE,
    "＿": UNDERSCORE,
}

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
# The characters a template may add as its own mark must be symbols (△, ■, ☆…), never
# letters, digits or punctuation that real text is made of.
_MAX_CUSTOM = 8


class TokenSetError(ValueError):
    """A token set that names an unknown family or an unusable character."""

    def __init__(self, code: str, item: str):
        self.code = code  # "unknown" or "not_symbol"
        self.item = item
        super().__init__(f"{code}: {item}")


@dataclass(frozen=True, slots=True)
class TokenSet:
    """The families a template's blanks are written in, plus its own mark characters."""

    families: frozenset[str]
    custom: str = ""  # extra mark characters, each a run of it is one blank: "△"

    @property
    def spec(self) -> str:
        """Canonical text form, as stored on a template: "cross,x,decimal,△"."""
        names = [name for name in FAMILIES_ORDERED if name in self.families]
        return ",".join(names + list(self.custom))

    @property
    def examples(self) -> str:
        """How the set reads to a writer: "× X X.X △"."""
        names = [name for name in FAMILIES_ORDERED if name in self.families]
        return " ".join([EXAMPLES[name] for name in names] + list(self.custom))

    def __str__(self) -> str:
        return self.spec


# The order writers read them in (the seed's × first); FAMILIES is the matching order.
FAMILIES_ORDERED: tuple[str, ...] = (CROSS, X, DECIMAL, STAR, SQUARE, CIRCLE, MOUMOU, UNDERSCORE)
DEFAULT_TOKENS = TokenSet(frozenset(FAMILIES))
# The set every template had before the parser knew other marks: old rows keep it, so their
# slot ids never shift.
LEGACY_TOKENS = TokenSet(frozenset({CROSS}))
DEFAULT_SPEC = DEFAULT_TOKENS.spec


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch).startswith("S") and ch not in "%％‰+＋=＝<>＜＞$￥¥"


@lru_cache(maxsize=256)
def parse_token_set(spec: str | None) -> TokenSet:
    """A token set from text: family names or how they are written, separated by commas,
    spaces or 、 ("×,X,X.X", "cross x star", "× X △").

    "default" stands for every family; an item with a leading "-" removes a family, and a
    list of removals only starts from the default set ("-star,-x"). A single symbol that
    is no family's mark (△, ■, ☆) becomes the template's own mark. Empty means the default.
    Raises :class:`TokenSetError`.
    """
    items = [item for item in re.split(r"[,，、;；\s]+", spec or "") if item]
    if not items:
        return DEFAULT_TOKENS
    only_removals = all(item.startswith("-") and len(item) > 1 for item in items)
    families: set[str] = set(FAMILIES) if only_removals else set()
    custom: list[str] = []
    for item in items:
        remove = item.startswith("-") and len(item) > 1
        word = item[1:] if remove else item
        if word.lower() in ("default", "all"):
            names = set(FAMILIES)
        elif word.lower() in _ALIASES or word in _ALIASES:
            names = {_ALIASES.get(word.lower(), _ALIASES.get(word))}
        elif len(word) == 1 and _is_symbol(word) and not remove:
            if word not in custom:
                custom.append(word)
            continue
        elif len(word) == 1:
            raise TokenSetError("not_symbol", item)
        else:
            raise TokenSetError("unknown", item)
        families = families - names if remove else families | names
    if len(custom) > _MAX_CUSTOM:
        raise TokenSetError("unknown", "".join(custom))
    return TokenSet(frozenset(families), "".join(sorted(custom)))


def token_set_of(value: TokenSet | str | None) -> TokenSet:
    return value if isinstance(value, TokenSet) else parse_token_set(value)


@dataclass(frozen=True, slots=True)
class Token:
    """A blank found in one line: ``text[start:end]``."""

    start: int
    end: int
    text: str
    family: str
    fixed: str = ""  # digits of the text kept in the blank: "20" of "20XX年"


@dataclass(frozen=True, slots=True)
class Miss:
    """Something that looks like a blank but was left alone, with the reason why."""

    start: int
    end: int
    text: str
    family: str
    # multiplication (3×4), latin (XBOX, iPhone X), term (X光), code (X5, 4X4),
    # numeral (二○○八), word (某些), single (某市), decoration (***, "* " bullet), code (a*b,
    # __init__),
    # not_in_set (a family this template does not use)
    reason: str


@lru_cache(maxsize=32)
def _pattern(tokens: TokenSet) -> re.Pattern[str]:
    # Enabled families first so that, at one position, a disabled family never hides an
    # enabled one (×.× stays two × blanks when X.X is not in the set).
    enabled = [f for f in FAMILIES if f in tokens.families]
    disabled = [f for f in FAMILIES if f not in tokens.families]
    parts = [f"(?P<{f}>{_CANDIDATES[f]})" for f in enabled]
    if tokens.custom:
        parts.append(f"(?P<{CUSTOM}>{'|'.join(re.escape(c) + '+' for c in tokens.custom)})")
    parts += [f"(?P<{f}>{_CANDIDATES[f]})" for f in disabled]
    # The leading class lets the engine skip ordinary text fast (a parse stays ~2 ms).
    first = re.escape("×XＸxｘ*＊□○某_＿" + tokens.custom)
    return re.compile(f"(?=[{first}])(?:{'|'.join(parts)})")


def _latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("ａ" <= ch <= "ｚ") or ("Ａ" <= ch <= "Ｚ")


def _digit(ch: str) -> bool:
    return ("0" <= ch <= "9") or ("０" <= ch <= "９")


def _is(ch: str, chars: str) -> bool:
    """``ch in chars`` that is False for "" (the edge of the text)."""
    return bool(ch) and ch in chars


def _left(text: str, pos: int, skip_spaces: bool = False) -> str:
    while skip_spaces and pos > 0 and text[pos - 1] in _SPACES:
        pos -= 1
    return text[pos - 1] if pos > 0 else ""


def _right(text: str, pos: int, skip_spaces: bool = False) -> str:
    while skip_spaces and pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return text[pos] if pos < len(text) else ""


def _between_numbers(text: str, start: int, end: int) -> bool:
    return _digit(_left(text, start, True)) and _digit(_right(text, end, True))


def _judge_x(text: str, start: int, end: int) -> tuple[str | None, int]:
    """Reason the X run ``text[start:end]`` is not a blank (None if it is), and its start
    (moved back over fixed year digits: "20XX年")."""
    run = text[start:end]
    left, right = _left(text, start), _right(text, end)
    upper = run[0] in "XＸ"
    if _latin(right) or (_is(right, "-‐") and _latin(_right(text, end + 1))):
        return "latin", start  # XBOX, XXL, X-ray
    if _digit(right):
        return "code", start  # X5
    if _digit(left):
        digits = start
        while digits > 0 and _digit(text[digits - 1]):
            digits -= 1
        # "20XX年", and the first year of a range "20XX—20XX年"
        after = text[end:].lstrip(_SPACES)
        year_follows = after[:1] == "年" or _YEAR_RANGE.match(after) is not None
        if upper and year_follows and end - digits == 4 and not _latin(_left(text, digits)):
            return None, digits  # 20XX年, 202X年
        return "code", start  # 4X4, 5X
    if _latin(left):
        if upper and len(run) > 1 and left.isupper():
            return None, start  # GDPXX亿元: the word GDP, then a blank
        return "latin", start  # SpaceX, iPhoneX, box
    if len(run) == 1:
        if _between_numbers(text, start, end):
            return "multiplication", start  # 3 x 4
        if _is(left, _SPACES) and _latin(_left(text, start, True)):
            return "latin", start  # iPhone X, Generation X
        after = text[end:].lstrip(_SPACES)
        if _is(right, _SPACES) and after[:1] and _latin(after[0]) and not _LATIN_UNITS.match(after):
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
        left, right = _left(text, start), _right(text, end)
        if _latin(left) or _latin(right) or _digit(left) or _digit(right):
            return "code", start
    elif family == STAR:
        if len(run) > 2:
            return "decoration", start  # *** as a separator
        if start == 0 and _is(_right(text, end), _SPACES):
            return "decoration", start  # "* " as a list bullet
        if _latin(_left(text, start)) and _latin(_right(text, end)):
            return "code", start  # a*b
    elif family == CIRCLE:
        if _is(_left(text, start), _CN_NUMERALS) or _is(_right(text, end), _CN_NUMERALS):
            return "numeral", start  # 二○○八年
    elif family == UNDERSCORE:
        if _latin(_left(text, start)) or _latin(_right(text, end)):
            return "code", start  # __init__, snake__case
    elif family == MOUMOU and len(run) == 1:
        return ("word" if _is(_right(text, end), _MOU_WORDS) else "single"), start
    return None, start


def scan(
    text: str, tokens: TokenSet | str | None = None
) -> tuple[tuple[Token, ...], tuple[Miss, ...]]:
    """The blanks of one line (or any text) under ``tokens``, and the near-misses left alone."""
    token_set = token_set_of(tokens)
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


def find_tokens(text: str, tokens: TokenSet | str | None = None) -> tuple[Token, ...]:
    return scan(text, tokens)[0]


def has_blank(text: str, tokens: TokenSet | str | None = None) -> bool:
    """Whether ``text`` holds at least one blank (a mark left in a typed value, say)."""
    return bool(scan(text, tokens)[0])


def count_blanks(text: str, tokens: TokenSet | str | None = None) -> dict[str, int]:
    """How many blanks of each family ``text`` holds, line by line as the parser reads it."""
    counts: dict[str, int] = {}
    for line in text.splitlines():
        for token in find_tokens(line.strip(), tokens):
            counts[token.family] = counts.get(token.family, 0) + 1
    return counts


def fixed_digits(token: str) -> str:
    """The digits a year blank keeps from the template: "20" of "20XX", "" of "XXXX"."""
    m = re.match(r"[0-9０-９]+", token)
    return unicodedata.normalize("NFKC", m.group(0)) if m else ""
