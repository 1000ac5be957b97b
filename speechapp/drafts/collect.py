"""Collecting the figures: what a data-request sheet holds, and what returned sheets propose.

The sheets themselves are read and written by ``speechapp.core.sheets``; here each returned
value is checked by the one value rule (``values.check_values``), so an import proposes
exactly what the fill page would store. Used by the import pages and by ``import_sheet``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _

from speechapp.core.model import Speech
from speechapp.core.sheets import (
    ReturnedRow,
    ReturnedSheet,
    SheetError,
    SheetMarker,
    blank_context,
    template_fingerprint,
)
from speechapp.core.values_json import ValuesJsonError, read_values
from speechapp.drafts.values import VALUE_MESSAGES, check_values, effective_slots

SHEET_MESSAGES = {
    "too_big": _("文件太大（%(size)s），上限为 %(limit)s"),
    "encrypted": _("工作簿设有密码：请在 Excel 中去掉密码，另存后再导入"),
    "old_excel": _("这是旧版 .xls 文件：请在 Excel 中另存为 .xlsx 后再导入"),
    "not_spreadsheet": _("这不是电子表格：请上传数据征集表（.xlsx 或 .csv）"),
    "missing_columns": _("表中缺少“%(columns)s”列：请使用从本系统导出的数据征集表"),
    "other_template": _("这张表来自另一份模板，与本讲话稿的空对不上"),
    "other_draft": _("这张表来自另一份讲话稿，请导入为本讲话稿导出的表"),
    "no_rows": _("表中没有任何空的行"),
    "unknown_number": _("编号“%(number)s”不是本讲话稿的空"),
    "other_context": _("上下文与本讲话稿不符"),
    "formula": _("填写值是公式，请直接填写数值"),
    "json_not_json": _("这不是有效的 JSON 文件（第 %(line)s 行有误）"),
    "json_not_object": _('JSON 文件应是一个对象，写明各空的编号和填写值，例如 {"s001": "5.2"}'),
    "json_bad_value": _("“%(key)s”的值应是文字或数字"),
    "json_empty": _("JSON 文件中没有任何值"),
}


def problem_text(code: str, params: Mapping[str, object] | None = None) -> str:
    """The Chinese (translated) message of a sheet or value problem code."""
    message = SHEET_MESSAGES.get(code) or VALUE_MESSAGES[code]
    return str(message) % params if params else str(message)


class SheetFileError(ValueError):
    """One uploaded file that cannot be imported at all; nothing is read from any file."""

    def __init__(self, name: str, code: str, params: Mapping[str, object] | None = None):
        self.name, self.code, self.params = name, code, dict(params or {})
        super().__init__(f"{name}: {code}")

    @property
    def message(self) -> str:
        return f"{self.name}：{problem_text(self.code, self.params)}"


@dataclass(frozen=True)
class Change:
    slot: str
    context: str
    old: str  # what the blank prints now ("" when open)
    raw: str  # the text to store
    value: str  # what it will print
    where: str


@dataclass(frozen=True)
class Rejected:
    slot: str
    where: str
    raw: str
    code: str
    params: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return problem_text(self.code, self.params)


@dataclass(frozen=True)
class Option:
    raw: str
    value: str
    where: str


@dataclass(frozen=True)
class Conflict:
    slot: str
    context: str
    old: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Proposal:
    """What returned sheets would change, before the writer accepts any of it."""

    files: tuple[str, ...]
    changes: tuple[Change, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unchanged: int = 0  # rows that give a blank the value it already prints

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping) -> Proposal:
        return cls(
            files=tuple(data["files"]),
            changes=tuple(Change(**c) for c in data["changes"]),
            rejected=tuple(Rejected(**r) for r in data["rejected"]),
            conflicts=tuple(
                Conflict(
                    slot=c["slot"],
                    context=c["context"],
                    old=c["old"],
                    options=tuple(Option(**o) for o in c["options"]),
                )
                for c in data["conflicts"]
            ),
            unchanged=data.get("unchanged", 0),
        )


def rejected_in_context(proposal: Proposal, speech: Speech) -> list[tuple[Rejected, str]]:
    """The refused rows, each with the sentence of its blank ("" when 编号 is none of ours)."""
    slots = {slot.id: slot for slot in speech.slots}
    return [
        (row, blank_context(speech, slots[row.slot]) if row.slot in slots else "")
        for row in proposal.rejected
    ]


def sheet_marker(*, source_text: str, token_set: str, draft_id: int | None) -> SheetMarker:
    return SheetMarker(
        draft="" if draft_id is None else str(draft_id),
        template=template_fingerprint(source_text, token_set),
    )


def check_file(sheet: ReturnedSheet, speech: Speech, marker: SheetMarker) -> None:
    """Raises SheetFileError when ``sheet`` was not made for this draft and template."""
    if sheet.marker is not None:
        if sheet.marker.template != marker.template:
            raise SheetFileError(sheet.name, "other_template")
        if marker.draft and sheet.marker.draft and sheet.marker.draft != marker.draft:
            raise SheetFileError(sheet.name, "other_draft")
    if not sheet.rows:
        raise SheetFileError(sheet.name, "no_rows")
    if sheet.marker is None and not sheet.by_id:
        # Without a marker (a CSV re-saved by hand) the sentences tell: none of ours, not ours.
        contexts = {blank_context(speech, slot) for slot in speech.slots}
        if not any(row.context in contexts for row in sheet.rows):
            raise SheetFileError(sheet.name, "other_template")


def propose(
    speech: Speech,
    sheets: Sequence[ReturnedSheet],
    *,
    marker: SheetMarker,
    printed: Mapping[str, str],
    as_text: frozenset[str] = frozenset(),
) -> Proposal:
    """The changes, rejected rows and conflicts that ``sheets`` bring to a draft holding
    ``printed``. Raises SheetFileError for the first file that is not ours at all."""
    for sheet in sheets:
        check_file(sheet, speech, marker)
    slots = effective_slots(speech, as_text)
    by_id = {slot.id: slot for slot in speech.slots}
    rejected: list[Rejected] = []
    offered: dict[str, list[Option]] = {}
    for sheet in sheets:
        for row in sheet.rows:
            where = f"{sheet.name} · {row.where}"
            slot = by_id.get(row.number)
            if slot is None:
                rejected.append(Rejected(row.number, where, row.raw, "unknown_number",
                                         {"number": row.number}))  # fmt: skip
                continue
            # Without a marker only the sentence tells the row belongs to this blank.
            if not (sheet.marker or sheet.by_id) and row.context != blank_context(speech, slot):
                rejected.append(Rejected(slot.id, where, row.raw, "other_context"))
                continue
            if row.formula:
                rejected.append(Rejected(slot.id, where, row.raw, "formula"))
                continue
            if not row.raw.strip():
                continue  # a blank cell never erases a value
            check = check_values(slots, {slot.id: row.raw}, printed)[slot.id]
            if check.problem is not None:
                problem = check.problem
                rejected.append(Rejected(slot.id, where, row.raw, problem.code,
                                         dict(problem.params)))  # fmt: skip
                continue
            options = offered.setdefault(slot.id, [])
            if all(o.value != check.value for o in options):
                options.append(Option(row.raw.strip(), check.value, where))
    changes, conflicts, unchanged = [], [], 0
    for slot in speech.slots:
        options = offered.get(slot.id)
        if not options:
            continue
        context = blank_context(speech, slot)
        old = printed.get(slot.id, "")
        if len(options) > 1:
            conflicts.append(Conflict(slot.id, context, old, tuple(options)))
        elif options[0].value == old:
            unchanged += 1
        else:
            option = options[0]
            changes.append(Change(slot.id, context, old, option.raw, option.value, option.where))
    # A day is checked against its month as the form checks it: with the months these sheets
    # bring (accepted or not yet), so a "2月30日" across two rows is caught here too.
    typed = {c.slot: c.raw for c in changes}
    after = {**printed, **{c.slot: c.value for c in changes}}
    checks = check_values(slots, typed, after)
    kept = []
    for change in changes:
        problem = checks[change.slot].problem
        if problem is None:
            kept.append(change)
        else:
            rejected.append(Rejected(change.slot, change.where, change.raw, problem.code,
                                     dict(problem.params)))  # fmt: skip
    return Proposal(
        files=tuple(sheet.name for sheet in sheets),
        changes=tuple(kept),
        rejected=tuple(rejected),
        conflicts=tuple(conflicts),
        unchanged=unchanged,
    )


def _file_sizes(params: Mapping[str, object]) -> dict[str, str]:
    from django.template.defaultfilters import filesizeformat

    return {k: filesizeformat(v) for k, v in params.items()}


def read_files(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> list[ReturnedSheet]:
    """Each uploaded file read as a sheet (a .json values file too); SheetFileError for the
    first that is none."""
    from speechapp.core.sheets import read_sheet

    sheets = []
    for name, data in files:
        if name.lower().endswith(".json"):
            sheets.append(values_sheet(data, name, max_bytes=max_bytes))
            continue
        try:
            sheets.append(read_sheet(data, name, max_bytes=max_bytes))
        except SheetError as exc:
            params = _file_sizes(exc.params) if exc.code == "too_big" else exc.params
            raise SheetFileError(name, exc.code, params) from None
    return sheets


def values_sheet(data: bytes, name: str, *, max_bytes: int) -> ReturnedSheet:
    """A JSON values file (the draft's download, render_speech's --values) read as a sheet
    whose rows are named by blank id; SheetFileError when it is not a values object."""
    try:
        values = read_values(data, max_bytes=max_bytes)
    except ValuesJsonError as exc:
        if exc.code == "too_big":
            raise SheetFileError(name, "too_big", _file_sizes(exc.params)) from None
        raise SheetFileError(name, f"json_{exc.code}", exc.params) from None
    if not values:
        raise SheetFileError(name, "json_empty")
    rows = tuple(
        ReturnedRow(where=key, number=key, context="", raw=value or "")
        for key, value in values.items()
    )
    return ReturnedSheet(name, None, rows, by_id=True)


@dataclass(frozen=True)
class SheetFile:
    content: bytes
    filename: str
    content_type: str


SHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def sheet_file(
    speech: Speech,
    *,
    marker: SheetMarker,
    printed: Mapping[str, str],
    offices: Mapping[str, str],
    chosen,
    fmt: str,
    per_office: bool = False,
    title: str = "",
) -> SheetFile:
    """A data-request sheet as .xlsx (one sheet, or one per office) or CSV."""
    from speechapp.core.sheets import sheet_rows, write_csv, write_xlsx

    rows = sheet_rows(speech, printed, offices, chosen)
    if fmt == "csv":
        content = write_csv(rows, marker)
    else:
        if per_office:
            sheets: dict[str, list] = {}
            for row in rows:
                sheets.setdefault(row.office or str(_("未分配")), []).append(row)
            sheets = sheets or {str(_("数据征集表")): []}
        else:
            sheets = {chosen.office or str(_("数据征集表")): rows}
        content = write_xlsx(sheets, marker)
    name = f"{title or speech.title}-{_('数据征集表')}"
    if chosen.office:
        name += f"-{chosen.office}"
    return SheetFile(content, f"{name}.{fmt}", SHEET_TYPES[fmt])


def draft_sheet(draft, *, fmt: str, chosen, per_office: bool) -> SheetFile:
    """The data-request sheet of a draft, with its values and offices."""
    from speechapp.drafts import selectors
    from speechapp.drafts.renders import file_title

    speech = draft.speech
    printed = selectors.draft_values(draft)
    return sheet_file(
        speech,
        marker=sheet_marker(
            source_text=draft.source_text, token_set=draft.tokens, draft_id=draft.pk
        ),
        printed=printed,
        offices=selectors.draft_slot_offices(draft),
        chosen=chosen,
        fmt=fmt,
        per_office=per_office,
        title=file_title(draft, speech, printed),
    )


def draft_marker(draft) -> SheetMarker:
    """The marker of a draft's sheets: this draft, and the template text it was started from."""
    return sheet_marker(source_text=draft.source_text, token_set=draft.tokens, draft_id=draft.pk)
