"""Data-request sheets: the blanks a speech needs, sent out as .xlsx or CSV and read back.

Pure: building the rows (``rows``: with the sentence around each blank shown as 【　】),
writing them (``writing``), and reading a returned sheet into rows by 编号 with the problems
of each file (``reading``). Checking a value against its blank is not done here: the one value
rule lives with the drafts (``filling.value_rules.check_value``), and
``collection.proposals`` applies it to what is read here.
"""

from speechapp.core.sheets.reading import (
    MAX_SHEET_BYTES,
    ReturnedRow,
    ReturnedSheet,
    SheetError,
    read_sheet,
    read_sheet_in_worker,
)
from speechapp.core.sheets.rows import (
    BLANK_MARK,
    CSV_MARKER,
    FILL_COLUMN,
    HEADERS,
    KIND_LABELS,
    MARKER_SHEET,
    NOTE_COLUMN,
    OPENING,
    REQUIRED_HEADERS,
    SOURCE_COLUMN,
    SheetFilter,
    SheetMarker,
    SheetRow,
    blank_context,
    sheet_rows,
    slot_offices,
    template_fingerprint,
)
from speechapp.core.sheets.writing import sheet_title, write_csv, write_xlsx

__all__ = [
    "BLANK_MARK",
    "CSV_MARKER",
    "FILL_COLUMN",
    "HEADERS",
    "KIND_LABELS",
    "MARKER_SHEET",
    "MAX_SHEET_BYTES",
    "NOTE_COLUMN",
    "SOURCE_COLUMN",
    "OPENING",
    "REQUIRED_HEADERS",
    "ReturnedRow",
    "ReturnedSheet",
    "SheetError",
    "SheetFilter",
    "SheetMarker",
    "SheetRow",
    "blank_context",
    "read_sheet",
    "read_sheet_in_worker",
    "sheet_rows",
    "sheet_title",
    "slot_offices",
    "template_fingerprint",
    "write_csv",
    "write_xlsx",
]
