"""The marks writers use to blank out a figure or a name, and a template's *token set*.

Families of marks (name, how it is written):

=========== ================================================================
cross       × ✕ runs; not between numbers (3×4)
x           X/Ｘ and x/ｘ runs; the placeholder N of 第N期
decimal     X.X, □□.□, ＊.＊: one decimal blank (every mark alike)
star        * and ＊ runs
square      □ runs
circle      ○ / 〇 runs (a single one where the template uses it as a blank elsewhere);
            never the zero of 二○二四
moumou      某某 (the doubled form only; 某些/某种/某一/某个 are words)
underscore  _ and ＿ runs of two or more (one where the template uses it elsewhere)
shape       ☆ △ ▲ ■ ● runs
bracket     empty brackets （　　） ( ) 【 】 〔 〕, and date fields of spaces (2025年　月　日)
=========== ================================================================

A token set names the families a template uses, may add the template's own mark characters
("◇"), and carries the *grammar* it was parsed with: grammar 2 (this one, every composition
for every mark: decimals, thousands, years with fixed digits, dates, names with a hyphen) is
the default; grammar 1 is the scanner templates and drafts stored before it were parsed with,
kept so their slot ids never shift (their stored set says so with a trailing "v1").
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
SHAPE = "shape"
BRACKET = "bracket"
CUSTOM = "custom"

# The families grammar 1 knew, in its matching order (X.X before X at one position).
V1_FAMILIES: tuple[str, ...] = (DECIMAL, CROSS, X, STAR, SQUARE, CIRCLE, MOUMOU, UNDERSCORE)
FAMILIES: tuple[str, ...] = V1_FAMILIES + (SHAPE, BRACKET)
# The order writers read them in (the seed's × first).
FAMILIES_ORDERED: tuple[str, ...] = (
    CROSS,
    X,
    DECIMAL,
    STAR,
    SQUARE,
    CIRCLE,
    MOUMOU,
    UNDERSCORE,
    SHAPE,
    BRACKET,
)
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
    SHAPE: "☆",
    BRACKET: "（）",
}
_ALIASES: dict[str, str] = {
    **{name: name for name in FAMILIES},
    **{example: name for name, example in EXAMPLES.items()},
    "××": CROSS,
    "✕": CROSS,
    "XX": X,
    "Ｘ": X,
    "XX.X": DECIMAL,
    "＊": STAR,
    "**": STAR,
    "＿＿": UNDERSCORE,
    "____": UNDERSCORE,
    "□□": SQUARE,
    "○": CIRCLE,
    "〇〇": CIRCLE,
    "某": MOUMOU,
    "_": UNDERSCORE,
    "＿": UNDERSCORE,
    "☆☆": SHAPE,
    "△": SHAPE,
    "▲": SHAPE,
    "■": SHAPE,
    "●": SHAPE,
    "（　）": BRACKET,
    "（ ）": BRACKET,
    "()": BRACKET,
    "( )": BRACKET,
    "【】": BRACKET,
    "〔〕": BRACKET,
}
# The characters of each family's runs under grammar 2 (a run is one character repeated,
# the members of one entry count as the same character: X and Ｘ).
RUN_CHARS: dict[str, tuple[str, ...]] = {
    CROSS: ("×✕",),
    X: ("XＸ", "xｘ"),
    STAR: ("*＊",),
    SQUARE: ("□",),
    CIRCLE: ("○〇",),
    UNDERSCORE: ("_＿",),
    SHAPE: ("☆", "△", "▲", "■", "●"),
}
LATEST_GRAMMAR = 2
_LEGACY_GRAMMAR_ITEM = "v1"
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
    custom: str = ""  # extra mark characters, each a run of it is one blank: "◇"
    grammar: int = LATEST_GRAMMAR

    @property
    def spec(self) -> str:
        """Canonical text form, as stored on a template: "cross,x,decimal,◇"."""
        names = [name for name in FAMILIES_ORDERED if name in self.families]
        legacy = [_LEGACY_GRAMMAR_ITEM] if self.grammar < LATEST_GRAMMAR else []
        return ",".join(names + list(self.custom) + legacy)

    @property
    def examples(self) -> str:
        """How the set reads to a writer: "× X X.X ◇"."""
        names = [name for name in FAMILIES_ORDERED if name in self.families]
        return " ".join([EXAMPLES[name] for name in names] + list(self.custom))

    def __str__(self) -> str:
        return self.spec


DEFAULT_TOKENS = TokenSet(frozenset(FAMILIES))
# The set every template had before the parser knew other marks: old rows keep it, so their
# slot ids never shift.
LEGACY_TOKENS = TokenSet(frozenset({CROSS}), grammar=1)
DEFAULT_SPEC = DEFAULT_TOKENS.spec
# Every mark character of grammar 2, for a quick "may this text hold a blank?" test.
ALL_MARK_CHARS = "".join("".join(group) for groups in RUN_CHARS.values() for group in groups)


DIGITS = "0123456789０１２３４５６７８９"


def is_digit(ch: str) -> bool:
    """An ASCII or full-width digit; False for "" (the edge of a line)."""
    return bool(ch) and ch in DIGITS


def is_latin(ch: str) -> bool:
    """An ASCII or full-width Latin letter; False for ""."""
    return bool(ch) and (
        "a" <= ch <= "z" or "A" <= ch <= "Z" or "ａ" <= ch <= "ｚ" or "Ａ" <= ch <= "Ｚ"
    )


def char_before(text: str, pos: int, skip: str = "") -> str:
    """The character before ``pos``, past any of ``skip`` (spaces, say); "" at the start."""
    while skip and pos > 0 and text[pos - 1] in skip:
        pos -= 1
    return text[pos - 1] if pos > 0 else ""


def char_after(text: str, pos: int, skip: str = "") -> str:
    """The character at ``pos``, past any of ``skip``; "" at the end."""
    while skip and pos < len(text) and text[pos] in skip:
        pos += 1
    return text[pos] if pos < len(text) else ""


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch).startswith("S") and ch not in "%％‰+＋=＝<>＜＞$￥¥"


@lru_cache(maxsize=256)
def parse_token_set(spec: str | None) -> TokenSet:
    """A token set from text: family names or how they are written, separated by commas,
    spaces or 、 ("×,X,X.X", "cross x star", "× X ◇").

    "default" stands for every family; an item with a leading "-" removes a family, and a
    list of removals only starts from the default set ("-star,-x"). A single symbol that
    is no family's mark (◇, ◆) becomes the template's own mark. "v1" (stored sets of
    templates from before grammar 2) keeps the old scanner. Empty means the default.
    Raises :class:`TokenSetError`.
    """
    items = [item for item in re.split(r"[,，、;；\s]+", spec or "") if item]
    grammar = LATEST_GRAMMAR
    if _LEGACY_GRAMMAR_ITEM in items:
        grammar = 1
        items = [item for item in items if item != _LEGACY_GRAMMAR_ITEM]
    if not items:
        return TokenSet(frozenset(FAMILIES if grammar > 1 else V1_FAMILIES), grammar=grammar)
    everything = set(FAMILIES if grammar > 1 else V1_FAMILIES)
    only_removals = all(item.startswith("-") and len(item) > 1 for item in items)
    families: set[str] = set(everything) if only_removals else set()
    custom: list[str] = []
    for item in items:
        remove = item.startswith("-") and len(item) > 1
        word = item[1:] if remove else item
        if word.lower() in ("default", "all"):
            names = set(everything)
        elif (name := _ALIASES.get(word.lower(), _ALIASES.get(word))) in everything:
            names = {name}
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
    return TokenSet(frozenset(families), "".join(sorted(custom)), grammar)


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
    # The field of a date the blank stands for, where its shape says so ("20XX/X/XX"):
    # "year", "month", "day"; "" when the words around tell (speechapp.core.kinds).
    role: str = ""


@dataclass(frozen=True, slots=True)
class Miss:
    """Something that looks like a blank but was left alone, with the reason why."""

    start: int
    end: int
    text: str
    family: str
    # multiplication (3×4), latin (XBOX, iPhone X), term (X光), code (X5, 4X4),
    # numeral (二○○八), word (某些), single (某市, a lone ○), decoration (a line of ***, a
    # "● " bullet), legend (带“＊”的), rating (☆☆☆级), not_in_set (a family this template
    # does not use)
    reason: str
