"""Collecting the figures: offices, the data-request sheet out, returned sheets in, undo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from speechapp.collection.offices import draft_slot_offices, office_assign
from speechapp.core.parsing import parse_speech
from speechapp.core.sheets import HEADERS, SheetMarker, sheet_rows, write_xlsx
from speechapp.drafts.models import SheetImport, SheetImportStatus
from speechapp.filling import lifecycle, saving, stored
from tests.samples import SHORT_TEXT, filled_values

FILL = HEADERS.index("填写值")


def export(client, draft, **params) -> bytes:
    response = client.get(reverse("sheet_export", args=[draft.pk]), {"fmt": "xlsx", **params})
    assert response.status_code == 200, response.content[:500]
    return response.content


def fill(data: bytes, values: dict[str, object], name: str = "sheet.xlsx") -> SimpleUploadedFile:
    """The workbook with ``values`` typed into 填写值 by 编号, as an office would send it back."""
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[0].value in values:
                row[FILL].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, draft, *files):
    return client.post(reverse("sheet_import", args=[draft.pk]), {"files": list(files)})


def review(client, draft, response, **data):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    posted = client.post(response["Location"], data)
    return page, posted


def test_a_filled_sheet_comes_back_into_the_draft_after_the_writer_accepts_it(logged_in, draft):
    values = filled_values(draft.speech)
    data = export(logged_in, draft)
    response = upload(logged_in, draft, fill(data, values))
    assert response.status_code == 302
    page = logged_in.get(response["Location"])
    assert "改动（178）" in page.content.decode()
    assert stored.draft_values(draft) == {}  # nothing saved before the writer said so
    posted = logged_in.post(response["Location"], {"action": "accept_all"})
    assert posted.status_code == 302
    assert stored.draft_values(draft) == values
    record = SheetImport.objects.get(draft=draft)
    assert record.status == SheetImportStatus.APPLIED and record.files == ["sheet.xlsx"]
    assert len(record.applied) == 178
    docx = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "同比增长5.2%" in text and "×" not in text


def test_the_fill_page_links_to_the_sheets(logged_in, draft):
    page = logged_in.get(reverse("draft_fill", args=[draft.pk]))
    assert reverse("draft_sheets", args=[draft.pk]) in page.content.decode()
    assert logged_in.get(reverse("draft_sheets", args=[draft.pk])).status_code == 200


def test_the_writer_can_reject_a_change_one_by_one(logged_in, draft):
    data = export(logged_in, draft)
    response = upload(logged_in, draft, fill(data, {"s009": "6.6", "s012": "12.5"}))
    review(logged_in, draft, response, action="accept", accept=["s012"])
    assert stored.draft_values(draft) == {"s012": "12.5"}


def test_values_are_checked_by_the_form_s_rule_and_bad_rows_are_listed(logged_in, draft):
    data = export(logged_in, draft)
    month = next(s.id for s in draft.speech.slots if str(s.kind) == "month")
    sheet = fill(data, {"s009": "若干", month: 13, "s012": "=1+1", "s011": "１，２００"})
    page, _ = review(logged_in, draft, upload(logged_in, draft, sheet), action="accept_all")
    text = page.content.decode()
    assert "请输入数字，例如 5.2" in text
    assert "请输入 1–12 之间的月份" in text
    assert "填写值是公式，请直接填写数值" in text
    assert stored.draft_values(draft) == {"s011": "1200"}  # full-width, with a comma


def test_blank_cells_never_erase_and_the_same_sheet_twice_changes_nothing(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2", "s010": "1.3"})
    data = export(logged_in, draft)
    sheet = fill(data, {"s009": "6.6"}).read()
    review(logged_in, draft, upload(logged_in, draft, SimpleUploadedFile("a.xlsx", sheet)),
           action="accept_all")  # fmt: skip
    revision = type(draft).objects.get(pk=draft.pk).revision
    page, _ = review(
        logged_in, draft, upload(logged_in, draft, SimpleUploadedFile("a.xlsx", sheet)),
        action="accept_all",
    )  # fmt: skip
    assert "改动（0）" in page.content.decode()
    assert stored.draft_values(draft) == {"s009": "6.6", "s010": "1.3"}
    assert type(draft).objects.get(pk=draft.pk).revision == revision


def test_two_sheets_that_disagree_ask_the_writer_to_choose(logged_in, draft):
    data = export(logged_in, draft)
    first = fill(data, {"s009": "5.2", "s012": "12"}, "统计局.xlsx")
    second = fill(data, {"s009": "5.3", "s012": 12.0}, "发改委.xlsx")  # same figure
    response = upload(logged_in, draft, first, second)
    page, _ = review(logged_in, draft, response, action="accept_all", **{"choice-s009": "5.3"})
    text = page.content.decode()
    assert "冲突（1）" in text and "统计局.xlsx" in text and "发改委.xlsx" in text
    assert stored.draft_values(draft) == {"s009": "5.3", "s012": "12"}


def test_an_import_can_be_undone_as_a_whole(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"})
    data = export(logged_in, draft)
    review(logged_in, draft, upload(logged_in, draft, fill(data, {"s009": "6.6", "s012": "9"})),
           action="accept_all")  # fmt: skip
    record = SheetImport.objects.get(draft=draft)
    history = logged_in.get(reverse("draft_sheets", args=[draft.pk])).content.decode()
    assert "5.2 → 6.6" in history
    logged_in.post(reverse("sheet_undo", args=[draft.pk, record.pk]))
    assert stored.draft_values(draft) == {"s009": "5.2"}
    record.refresh_from_db()
    assert record.status == SheetImportStatus.UNDONE


def test_undo_keeps_a_value_changed_again_after_the_import(logged_in, draft):
    data = export(logged_in, draft)
    review(logged_in, draft, upload(logged_in, draft, fill(data, {"s009": "6.6", "s012": "9"})),
           action="accept_all")  # fmt: skip
    saving.draft_save_values(draft=draft, raw={"s012": "10"})
    record = SheetImport.objects.get(draft=draft)
    response = logged_in.post(reverse("sheet_undo", args=[draft.pk, record.pk]), follow=True)
    assert "s012 导入后又改过" in response.content.decode()
    assert stored.draft_values(draft) == {"s012": "10"}


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def other_template_sheet() -> bytes:
    speech = parse_speech(SHORT_TEXT)
    data = write_xlsx({"表": sheet_rows(speech, {}, {})}, SheetMarker("", "0123456789abcdef"))
    return fill(data, {"s001": "5.2"}).read()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("speech.pdf", b"%PDF-1.7\n\x00\x01binary", "这不是电子表格"),
        ("notes.csv", "随便写的一段话\n".encode(), "这不是电子表格"),
        ("cols.xlsx", xlsx_bytes([("编号", "数值"), ("s009", 5)]), "表中缺少“上下文、填写值”列"),
        ("other.xlsx", other_template_sheet(), "这张表来自另一份模板"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "工作簿设有密码"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_sheet_of_this_draft_is_refused_and_changes_nothing(
    logged_in, draft, name, content, message
):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"})
    response = upload(logged_in, draft, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SheetImport.objects.exists()
    assert stored.draft_values(draft) == {"s009": "5.2"}


def test_a_sheet_of_another_draft_is_refused(logged_in, draft, user, seed_template):
    other = lifecycle.draft_start(owner=user, template=seed_template)
    sheet = fill(export(logged_in, other), {"s009": "6.6"})
    response = upload(logged_in, draft, sheet)
    assert "这张表来自另一份讲话稿" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_an_unknown_number_is_listed_with_its_reason(logged_in, draft):
    wb = load_workbook(io.BytesIO(export(logged_in, draft)))
    wb.worksheets[0].append(("s999", "", "", "", "", "", "7"))
    out = io.BytesIO()
    wb.save(out)
    page, _ = review(logged_in, draft, upload(logged_in, draft, SimpleUploadedFile("a.xlsx", out.getvalue())), action="discard")  # fmt: skip
    assert "编号“s999”不是本讲话稿的空" in page.content.decode()
    assert SheetImport.objects.get().status == SheetImportStatus.DISCARDED


def test_a_file_over_the_size_limit_is_refused(logged_in, draft, settings):
    settings.SPEECHAPP_MAX_UPLOAD_BYTES = 1000
    response = upload(logged_in, draft, SimpleUploadedFile("big.csv", b"x" * 2000))
    assert response.status_code == 400
    assert "文件太大" in response.content.decode()


def test_a_csv_in_gb18030_is_read(logged_in, draft):
    response = logged_in.get(reverse("sheet_export", args=[draft.pk]), {"fmt": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    lines = text.split("\r\n")
    cells = lines[9].split(",")  # s009
    assert cells[0] == "s009"
    cells[FILL] = "7.7"
    lines[9] = ",".join(cells)
    sheet = SimpleUploadedFile("back.csv", "\r\n".join(lines).encode("gb18030"))
    review(logged_in, draft, upload(logged_in, draft, sheet), action="accept_all")
    assert stored.draft_values(draft) == {"s009": "7.7"}


def test_offices_by_section_or_blank_name_the_sheets_and_are_copied(logged_in, draft):
    sections = {
        s.title: s.key
        for s in __import__("speechapp.core.outline", fromlist=["x"]).speech_sections(draft.speech)
    }
    key = next(k for t, k in sections.items() if t.startswith("一、"))
    response = logged_in.post(
        reverse("offices_save", args=[draft.pk]),
        {f"section-{key}": "统计局", "slot-s012": "财政局"},
    )
    assert response.status_code == 302
    offices = draft_slot_offices(draft)
    assert offices["s009"] == "统计局" and offices["s012"] == "财政局"
    wb = load_workbook(io.BytesIO(export(logged_in, draft, per_office="on")))
    assert {"统计局", "财政局"} <= set(wb.sheetnames)
    only = load_workbook(io.BytesIO(export(logged_in, draft, office="财政局")))
    assert [r[0] for r in only.worksheets[0].iter_rows(min_row=2, values_only=True)] == ["s012"]
    copy = lifecycle.draft_duplicate(draft=draft, keep_values=False, title="下季度")
    assert draft_slot_offices(copy) == offices


def test_another_user_s_draft_and_import_are_not_found(client, other_user, draft):
    client.force_login(other_user)
    assert client.get(reverse("draft_sheets", args=[draft.pk])).status_code == 404
    assert client.get(reverse("sheet_export", args=[draft.pk])).status_code == 404
    pending = SheetImport.objects.create(draft=draft, owner=draft.owner, proposal={})
    assert client.post(reverse("sheet_undo", args=[draft.pk, pending.pk])).status_code == 404


def test_the_sheets_pages_speak_english_when_asked(logged_in, draft):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = logged_in.get(reverse("draft_sheets", args=[draft.pk])).content.decode()
    assert "Export a data request sheet" in page and "导出数据征集表" not in page
    response = upload(logged_in, draft, SimpleUploadedFile("x.csv", "随便\n".encode()))
    assert "This is not a spreadsheet" in response.content.decode()


# session, user, draft, the offices, the online rounds, the imports with their writers
SHEETS_PAGE_QUERIES = 6


def test_the_sheets_page_costs_the_same_with_many_imports(
    logged_in, draft, django_assert_num_queries
):
    office_assign(draft=draft, by_section={}, by_slot={"s009": "统计局", "s012": "财政局"})
    for n in range(3):
        SheetImport.objects.create(draft=draft, owner=draft.owner, files=[f"{n}.xlsx"],
                                   status=SheetImportStatus.APPLIED, applied={"s009": {"old": "", "new": "1"}})  # fmt: skip
    url = reverse("draft_sheets", args=[draft.pk])
    logged_in.get(url)
    with django_assert_num_queries(SHEETS_PAGE_QUERIES):
        page = logged_in.get(url)
    assert page.content.decode().count("撤销这次导入") == 3


def test_a_csv_without_its_marker_is_matched_by_its_sentences(logged_in, draft):
    response = logged_in.get(reverse("sheet_export", args=[draft.pk]), {"fmt": "csv"})
    lines = response.content.decode("utf-8-sig").split("\r\n")
    lines = [line for line in lines if not line.startswith("#speechapp")]
    s009, s012 = lines[9].split(","), lines[12].split(",")
    s009[0], s009[FILL] = "S009", "7.7"  # typed in capitals by hand
    s012[2], s012[FILL] = "别的句子【　】", "9"
    lines[9], lines[12] = ",".join(s009), ",".join(s012)
    sheet = SimpleUploadedFile("hand.csv", "\r\n".join(lines).encode("utf-8"))
    page, _ = review(logged_in, draft, upload(logged_in, draft, sheet), action="accept_all")
    assert "上下文与本讲话稿不符" in page.content.decode()
    assert stored.draft_values(draft) == {"s009": "7.7"}


def test_a_sheet_bomb_is_refused_with_a_message_and_changes_nothing(logged_in, draft):
    from tests.core.test_sheet_bombs import one_string, row, workbook

    # A 100 MB shared string in a file of about 100 KB.
    bomb = SimpleUploadedFile("返回表.xlsx", workbook([row(2)], one_string(100_000_000)))
    assert len(bomb) < 2 * 1024 * 1024
    response = upload(logged_in, draft, bomb)
    assert response.status_code == 400
    assert "工作簿解压后过大或压缩异常" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_too_many_rows_for_the_blank_limit_are_refused_where_they_start(logged_in, draft, settings):
    from tests.core.test_sheet_bombs import row, workbook

    settings.SPEECHAPP_MAX_TEMPLATE_BLANKS = 10  # 2 × 10 + 100 rows may come back
    response = upload(
        logged_in, draft, SimpleUploadedFile("a.xlsx", workbook(row(n) for n in range(2, 200)))
    )
    assert response.status_code == 400
    assert "表中行数超过上限（120 行" in response.content.decode()


def test_a_sheet_import_on_a_machine_whose_render_slots_are_all_taken_says_so(
    logged_in, draft, settings, tmp_path
):
    """The read waits for a slot only while its request's budget leaves it time to run (it
    used to wait its whole time bound, and then run as long again: past the web server's
    timeout), then says the server is busy."""
    from speechapp.core.rendering.host_slots import host_slot

    settings.SPEECHAPP_RENDER_WORKERS = 1
    settings.SPEECHAPP_RENDER_HOST_SLOTS = 1
    settings.SPEECHAPP_RENDER_SLOTS_DIR = str(tmp_path)
    settings.SPEECHAPP_REQUEST_BUDGET_S = 3.2  # 0.2 s of waiting, 3 s for the read
    sheet = fill(export(logged_in, draft), {"s009": "6.6"})
    with host_slot(tmp_path, 1, wait_s=1):
        response = upload(logged_in, draft, sheet)
    assert response.status_code == 400
    assert "服务器正忙，这张表还没有读取" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_a_sheet_read_past_the_time_or_memory_bound_is_a_message(logged_in, draft, monkeypatch):
    from speechapp.collection import sheet_files
    from speechapp.core.rendering.bounded import RenderLimitError

    def too_heavy(*args, **kwargs):
        raise RenderLimitError("time", 20)

    monkeypatch.setattr(sheet_files, "run_bounded", too_heavy)
    response = upload(logged_in, draft, fill(export(logged_in, draft), {"s009": "6.6"}))
    assert response.status_code == 400
    assert "读取这张表用时过长或占用内存过多" in response.content.decode()
    assert not SheetImport.objects.exists()
