"""The draft's values as a JSON file: downloaded in render_speech's format (the file renders
unchanged), and uploaded on the import page, reviewed like a returned sheet."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from speechapp.core.sheets import blank_context
from speechapp.drafts.models import ChangeHow, SheetImport
from speechapp.filling import history, lifecycle, saving, stored
from tests.samples import SEED_PATH, filled_values

pytestmark = pytest.mark.django_db


def download(client, draft):
    return client.get(reverse("draft_values_file", args=[draft.pk]))


def upload(client, draft, content, name="数值.json"):
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    file = SimpleUploadedFile(name, data, content_type="application/json")
    return client.post(reverse("sheet_import", args=[draft.pk]), {"files": [file]})


def test_the_downloaded_file_renders_with_render_speech_unchanged(logged_in, draft, tmp_path):
    values = filled_values(draft.speech, s009="6.6%")
    saving.draft_save_values(draft=draft, raw=values)
    response = download(logged_in, draft)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "-%E6%95%B0%E5%80%BC.json" in response["Content-Disposition"]  # …-数值.json
    assert "东城" in response.content.decode("utf-8")  # Chinese as itself, not \u escapes
    values_file = tmp_path / "values.json"
    values_file.write_bytes(response.content)
    out = tmp_path / "speech.docx"
    call_command("render_speech", str(SEED_PATH), values=str(values_file), format="docx",
                 output=str(out), stdout=io.StringIO())  # fmt: skip
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "同比增长6.6%" in text and "×" not in text  # the printed value: no doubled "%"


def test_the_file_holds_the_printed_values_of_filled_blanks_only(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "6.6%", "s010": "很多", "s011": ""})
    assert json.loads(download(logged_in, draft).content) == {"s009": "6.6"}


def test_the_download_page_and_the_sheets_page_link_the_file(logged_in, draft):
    link = reverse("draft_values_file", args=[draft.pk])
    assert link in logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert link in logged_in.get(reverse("draft_sheets", args=[draft.pk])).content.decode()


def test_a_reader_may_download_it_and_a_stranger_gets_404(client, draft, other_user):
    client.force_login(other_user)
    assert download(client, draft).status_code == 404
    lifecycle.draft_share(draft=draft, user=other_user, role=1)
    assert download(client, draft).status_code == 200


def test_an_uploaded_file_is_reviewed_then_applied(logged_in, draft, user):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"})
    response = upload(logged_in, draft, {"s009": 6.6, "s010": "1.3", "s011": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = logged_in.get(response["Location"]).content.decode()
    assert "改动（2）" in page
    assert stored.draft_values(draft) == {"s009": "5.2"}  # nothing before the writer says so
    logged_in.post(response["Location"], {"action": "accept_all"})
    assert stored.draft_values(draft) == {"s009": "6.6", "s010": "1.3"}
    assert SheetImport.objects.get().files == ["数值.json"]
    row = history.draft_history(draft, "s010").first()
    assert (row.history_change_reason, row.history_user) == (ChangeHow.SHEET, user)


def test_a_blank_value_never_erases(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"})
    response = upload(logged_in, draft, {"s009": "", "s010": None, "s011": "7"})
    logged_in.post(response["Location"], {"action": "accept_all"})
    assert stored.draft_values(draft) == {"s009": "5.2", "s011": "7"}


def test_a_bad_value_and_an_unknown_id_are_listed_as_rejected_with_their_reason(logged_in, draft):
    response = upload(logged_in, draft, {"s009": "若干", "s9999": "5", "s011": "7"})
    page = logged_in.get(response["Location"]).content.decode()
    assert "未采用的行（2）" in page
    assert "请输入数字，例如 5.2" in page  # the fill page's message
    assert "编号“s9999”不是本讲话稿的空" in page
    logged_in.post(response["Location"], {"action": "accept_all"})
    assert stored.draft_values(draft) == {"s011": "7"}


def test_a_file_with_nothing_new_says_so_and_offers_only_the_way_back(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s011": "7"})
    response = upload(logged_in, draft, {"s009": "若干", "s011": "7"})
    page = logged_in.get(response["Location"]).content.decode()
    assert "表中没有可以导入的新值，讲话稿不会有改动。" in page
    assert 'value="accept_all"' not in page and "返回数据征集" in page
    # The refused row shows the sentence of its blank, not its id alone.
    rejected = page[page.index('class="table table-sm sheet-rejected"') :]
    sentence = blank_context(draft.speech, draft.speech.slots[8])
    assert sentence in rejected and "若干" in rejected
    back = logged_in.post(response["Location"], {"action": "discard"})
    assert back["Location"] == reverse("draft_sheets", args=[draft.pk])
    assert stored.draft_values(draft) == {"s011": "7"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"s009,5.2\n", "这不是有效的 JSON 文件（第 1 行有误）"),
        (b'["s009", "5.2"]', "JSON 文件应是一个对象"),
        (b'{"s009": {"value": "5.2"}}', "“s009”的值应是文字或数字"),
        (b"{}", "JSON 文件中没有任何值"),
    ],
)
def test_a_file_that_is_not_a_values_object_gets_its_message_and_changes_nothing(
    logged_in, draft, content, message
):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"})
    response = upload(logged_in, draft, content)
    assert response.status_code == 400
    assert f"数值.json：{message}" in response.content.decode()
    assert not SheetImport.objects.exists()
    assert stored.draft_values(draft) == {"s009": "5.2"}


def test_notes_go_out_in_the_file_and_come_back_in_through_the_review(logged_in, draft, user):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"}, notes={"s009": ("快报数", "月报")})
    content = download(logged_in, draft).content
    assert json.loads(content)["_notes"] == {"s009": {"note": "快报数", "source": "月报"}}
    # Another draft takes the file: the values arrive with their notes.
    other = lifecycle.draft_start(owner=user, template=draft.template)
    response = upload(logged_in, other, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = logged_in.get(response["Location"]).content.decode()
    assert "快报数" in page
    logged_in.post(response["Location"], {"action": "accept_all"})
    assert stored.stored_values(other).notes["s009"] == ("快报数", "月报")
