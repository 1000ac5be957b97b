"""备注 and 来源/口径 are kept with the value: from a returned sheet (no longer dropped), shown
beside the field on the fill page, written into the sheet export."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from speechapp.core.sheets import HEADERS
from speechapp.drafts.models import SlotValue
from speechapp.filling import saving
from tests.collection.test_sheets import export, review, upload

FILL, NOTE, SOURCE = (HEADERS.index(h) for h in ("填写值", "备注", "来源/口径"))


def filled(data: bytes, rows: dict[str, tuple[str, str, str]]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[0].value in rows:
                row[FILL].value, row[NOTE].value, row[SOURCE].value = rows[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("back.xlsx", out.getvalue())


def test_a_sheet_note_and_source_come_in_and_show_on_the_fill_page(logged_in, draft):
    data = export(logged_in, draft)
    sheet = filled(data, {"s009": ("5.2", "快报数，待正式公布", "统计快报")})
    page, _posted = review(logged_in, draft, upload(logged_in, draft, sheet), action="accept_all")
    assert "快报数，待正式公布" in page.content.decode()  # in the review
    row = SlotValue.objects.get(draft=draft, slot_id="s009")
    assert (row.raw, row.note, row.source) == ("5.2", "快报数，待正式公布", "统计快报")
    fill = logged_in.get(reverse("draft_fill", args=[draft.pk]), {"slot": "s009"})
    html = fill.content.decode()
    assert "快报数，待正式公布" in html and "统计快报" in html


def test_the_sheet_export_carries_the_notes(logged_in, draft):
    saving.draft_save_values(
        draft=draft, raw={"s009": "5.2"}, notes={"s009": ("快报数", "统计局")}, user=draft.owner
    )
    ws = load_workbook(io.BytesIO(export(logged_in, draft))).worksheets[0]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "s009")
    assert (row[NOTE], row[SOURCE]) == ("快报数", "统计局")


def test_a_writer_save_keeps_the_note(draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"}, notes={"s009": ("快报数", "")})
    saving.draft_save_values(draft=draft, raw={"s009": "5.3"})
    assert SlotValue.objects.get(draft=draft, slot_id="s009").note == "快报数"
