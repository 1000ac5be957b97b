"""Data-request sheets as files: the sheet of a draft to send out, and the files that come
back read into sheets (bounded, in the worker pool) with the Chinese message of each
problem."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from speechapp.collection import offices
from speechapp.core.limits import max_rows
from speechapp.core.model import Speech
from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.core.rendering.host_slots import NoSlotError
from speechapp.core.sheets import (
    ReturnedRow,
    ReturnedSheet,
    SheetError,
    SheetMarker,
    read_sheet_in_worker,
    sheet_rows,
    template_fingerprint,
    write_csv,
    write_xlsx,
)
from speechapp.core.values_json import ValuesJsonError, read_values_file
from speechapp.drafts.bounded_work import request_deadline, run_bounded
from speechapp.drafts.titles import file_title
from speechapp.filling import stored
from speechapp.filling.value_rules import VALUE_MESSAGES

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
    "xlsx_too_big": _("工作簿解压后过大或压缩异常，无法读取：请上传从本系统导出的数据征集表"),
    "too_many_rows": _(
        "表中行数超过上限（%(limit)s 行，到 %(where)s 为止）：请删去多余的行后再导入"
    ),
    "cell_too_long": _("%(where)s 有单元格超过 %(limit)s 个字：请检查是否粘贴了多余内容"),
    "too_many_columns": _("%(where)s 的列数超过 %(limit)s 列：请使用从本系统导出的数据征集表"),
    "json_too_many_values": _("JSON 文件中的值太多（%(count)s 个，上限为 %(limit)s 个）"),
    "json_value_too_long": _("“%(key)s”的值超过 %(limit)s 个字"),
    "json_bad_notes": _(
        '“%(key)s”的备注应写成 {"note": "备注", "source": "来源/口径"}，每项都是文字'
    ),
    "sheet_too_heavy": _("读取这张表用时过长或占用内存过多：请只保留数据征集表本身，另存后再导入"),
    "server_busy": _("服务器正忙，这张表还没有读取：请过一会儿再导入"),
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


def _file_sizes(params: Mapping[str, object]) -> dict[str, str]:
    from django.template.defaultfilters import filesizeformat

    return {k: filesizeformat(v) for k, v in params.items()}


def read_files(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> list[ReturnedSheet]:
    """Each uploaded file read as a sheet (a .json values file too); SheetFileError for the
    first that is none. All of them within one request's budget (bounded_work)."""
    rows = max_rows(settings.SPEECHAPP_MAX_TEMPLATE_BLANKS)
    deadline = request_deadline()
    sheets = []
    for name, data in files:
        if name.lower().endswith(".json"):
            sheets.append(values_sheet(data, name, max_bytes=max_bytes))
            continue
        try:
            # In a worker with the render bounds: a workbook that would take seconds or
            # gigabytes to read stops there, not in the web worker.
            sheets.append(
                run_bounded(read_sheet_in_worker, data, name, max_bytes, rows, deadline=deadline)
            )
        except RenderLimitError:
            raise SheetFileError(name, "sheet_too_heavy") from None
        except NoSlotError:  # the machine too busy for the request's time
            raise SheetFileError(name, "server_busy") from None
        except SheetError as exc:
            params = _file_sizes(exc.params) if exc.code == "too_big" else exc.params
            raise SheetFileError(name, exc.code, params) from None
    return sheets


def values_sheet(data: bytes, name: str, *, max_bytes: int) -> ReturnedSheet:
    """A JSON values file (the draft's download, render_speech's --values) read as a sheet
    whose rows are named by blank id; SheetFileError when it is not a values object."""
    try:
        read = read_values_file(
            data,
            max_bytes=max_bytes,
            max_values=max_rows(settings.SPEECHAPP_MAX_TEMPLATE_BLANKS),
        )
    except ValuesJsonError as exc:
        if exc.code == "too_big":
            raise SheetFileError(name, "too_big", _file_sizes(exc.params)) from None
        raise SheetFileError(name, f"json_{exc.code}", exc.params) from None
    if not read.values:
        raise SheetFileError(name, "json_empty")
    rows = tuple(
        ReturnedRow(
            where=key,
            number=key,
            context="",
            raw=value or "",
            note=read.notes.get(key, ("", ""))[0],
            source=read.notes.get(key, ("", ""))[1],
        )
        for key, value in read.values.items()
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
    notes: Mapping[str, tuple[str, str]] | None = None,
) -> SheetFile:
    """A data-request sheet as .xlsx (one sheet, or one per office) or CSV."""

    rows = sheet_rows(speech, printed, offices, chosen, notes)
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

    speech = draft.speech
    values = stored.stored_values(draft)
    printed = dict(values.printed)
    return sheet_file(
        speech,
        notes=values.notes,
        marker=sheet_marker(
            source_text=draft.source_text, token_set=draft.tokens, draft_id=draft.pk
        ),
        printed=printed,
        offices=offices.draft_slot_offices(draft),
        chosen=chosen,
        fmt=fmt,
        per_office=per_office,
        title=file_title(draft, speech, printed),
    )


def draft_marker(draft) -> SheetMarker:
    """The marker of a draft's sheets: this draft, and the template text it was started from."""
    return sheet_marker(source_text=draft.source_text, token_set=draft.tokens, draft_id=draft.pk)


def sheet_marker(*, source_text: str, token_set: str, draft_id: int | None) -> SheetMarker:
    return SheetMarker(
        draft="" if draft_id is None else str(draft_id),
        template=template_fingerprint(source_text, token_set),
    )
