"""How much a file from outside that names blanks may hold: a returned sheet, a values file.

Each bound follows from the largest template the app takes (the web app's setting
``SPEECHAPP_MAX_TEMPLATE_BLANKS``, whose default is ``MAX_BLANKS``): a file of ours has one
row per blank, so a file past these bounds is none of ours, and is refused before its size
costs the server anything.
"""

from __future__ import annotations

MAX_BLANKS = 2000  # SPEECHAPP_MAX_TEMPLATE_BLANKS's default
# The longest text read from one cell or value. A blank's sentence (上下文) is the longest text
# a sheet of ours holds: about 100 characters in real speeches, 20 times that is no sentence.
MAX_CELL_CHARS = 2000
# Columns a sheet row may have: a sheet of ours has 9; Excel's old .xls format held 256.
MAX_COLUMNS = 256


def max_rows(max_blanks: int = MAX_BLANKS) -> int:
    """Rows a returned sheet (or entries a values file) may hold for templates of up to
    ``max_blanks`` blanks: a row per blank, a header per sheet (a workbook made per office can
    have a sheet per blank), and room for a few lines of notes."""
    return 2 * max_blanks + 100


MAX_ROWS = max_rows()
