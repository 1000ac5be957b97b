"""Characters no input may carry: C0 controls (but tab and line breaks), NUL, U+FFFE, U+FFFF.

They print as nothing, break XML (a .docx refuses them) and PostgreSQL refuses NUL, so every
value is checked against this one definition.
"""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_control_chars(text: str) -> bool:
    return CONTROL_CHARS.search(text) is not None


def strip_control_chars(text: str) -> tuple[str, int]:
    """``text`` without control characters, and how many were removed."""
    return CONTROL_CHARS.subn("", text)
