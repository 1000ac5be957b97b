"""The one scanner that finds blanks: every path that asks "is this a blank?" comes here.

The parser (slots), the value check (a mark left in a typed value), the kind lookahead
(through the parser's spans), the upload form ("no blanks found") and the last look before a
download. The marks and token sets are in :mod:`speechapp.core.marks`; the grammar in
:mod:`speechapp.core.grammar` (grammar 1, for templates stored before it, in
:mod:`speechapp.core.legacy_marks`). Candidates the scanner saw but did not take (X光, XBOX,
3×4, 某些…) come back as :class:`Miss` with a reason code, so a preview can show them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from speechapp.core.grammar import company, scan_v2
from speechapp.core.legacy_marks import scan_v1
from speechapp.core.marks import (  # noqa: F401  (the public names of the token vocabulary)
    ALL_MARK_CHARS,
    DEFAULT_SPEC,
    DEFAULT_TOKENS,
    EXAMPLES,
    FAMILIES,
    FAMILIES_ORDERED,
    LATEST_GRAMMAR,
    LEGACY_TOKENS,
    Miss,
    Token,
    TokenSet,
    TokenSetError,
    parse_token_set,
    token_set_of,
)


def scan(
    text: str, tokens: TokenSet | str | None = None, used: frozenset[str] = frozenset()
) -> tuple[tuple[Token, ...], tuple[Miss, ...]]:
    """The blanks of one line (or any text) under ``tokens``, and the near-misses left alone.

    ``used``: the marks the whole template uses for blanks (:func:`marks_in_use`), so a lone
    ○ counts where "○○" does elsewhere.
    """
    token_set = token_set_of(tokens)
    if token_set.grammar < LATEST_GRAMMAR:
        return scan_v1(text, token_set)
    return scan_v2(text, token_set, used)


def marks_in_use(lines: Iterable[str], tokens: TokenSet | str | None = None) -> frozenset[str]:
    """The marks a template writes blanks with that a single one of elsewhere is a blank too."""
    token_set = token_set_of(tokens)
    if token_set.grammar < LATEST_GRAMMAR:
        return frozenset()
    found: list[Token] = []
    for line in lines:
        if "○" in line or "〇" in line or "_" in line or "＿" in line:
            found += scan_v2(line, token_set)[0]
    return company(tuple(found))


def find_tokens(text: str, tokens: TokenSet | str | None = None) -> tuple[Token, ...]:
    return scan(text, tokens)[0]


def has_blank(text: str, tokens: TokenSet | str | None = None) -> bool:
    """Whether ``text`` holds at least one blank."""
    return bool(scan(text, tokens)[0])


def holds_a_mark(value: str) -> bool:
    """Whether a typed value still holds a blank mark: a blank as a template line would have
    it, or nothing but marks ("____", "＊＊＊", which on a line of their own are a separator)."""
    found, missed = scan(value)
    rest = value
    for m in missed:
        if m.reason == "decoration":
            rest = rest.replace(m.text, "")
    return bool(found) or (rest != value and not rest.strip(" \u3000\t"))


def count_blanks(text: str, tokens: TokenSet | str | None = None) -> dict[str, int]:
    """How many blanks of each family ``text`` holds, line by line as the parser reads it."""
    lines = [line.strip() for line in text.splitlines()]
    used = marks_in_use(lines, tokens)
    counts: dict[str, int] = {}
    for line in lines:
        for token in scan(line, tokens, used)[0]:
            counts[token.family] = counts.get(token.family, 0) + 1
    return counts


def fixed_digits(token: str) -> str:
    """The digits a year blank keeps from the template: "20" of "20XX", "" of "XXXX"."""
    m = re.match(r"[0-9０-９]+", token)
    return unicodedata.normalize("NFKC", m.group(0)) if m else ""


_DECIMAL_SHAPE = re.compile(r"[^0-9０-９.．,]+(?:,[^0-9０-９.．,]{3})*[.．][^0-9０-９.．,]+")


def is_decimal_token(token: str) -> bool:
    """Whether a blank is written with a decimal point ("X.X", "□□.□", "X,XXX.X"): it takes
    a decimal whatever its unit."""
    return _DECIMAL_SHAPE.fullmatch(token) is not None
