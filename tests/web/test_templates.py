"""Importing a template: pasted, .txt in any encoding, or .docx; bad input explained in place."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from speechapp.drafts.models import SpeechTemplate

pytestmark = pytest.mark.django_db

TEXT = "在全区工作会上的讲话\n同志们：\n一、工作回顾\n全区生产总值同比增长×%，位居全市第×位。\n"


def upload(client, **data):
    return client.post(reverse("template_new"), data)


def test_a_pasted_template_is_imported_with_its_blank_count(logged_in, user):
    response = upload(logged_in, name="", text=TEXT)
    assert response.status_code == 302
    template = SpeechTemplate.objects.get(owner=user)
    assert (template.name, template.slot_count) == ("在全区工作会上的讲话", 2)


def test_a_gbk_text_file_is_imported(logged_in, user):
    file = SimpleUploadedFile("模板.txt", TEXT.encode("gbk"), content_type="text/plain")
    response = upload(logged_in, name="季度会", file=file)
    assert response.status_code == 302
    assert SpeechTemplate.objects.get(owner=user).source_text == TEXT


def test_a_docx_file_is_imported(logged_in, user):
    document = Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    file = SimpleUploadedFile("模板.docx", buffer.getvalue())
    assert upload(logged_in, file=file).status_code == 302
    assert SpeechTemplate.objects.get(owner=user).slot_count == 2


def test_a_text_without_blanks_is_refused_and_kept_in_the_box(logged_in):
    response = upload(logged_in, name="无空", text="只有文字，没有空。")
    html = response.content.decode()
    assert response.status_code == 200
    assert "模板中没有找到空：请用 × X X.X * □ ○○ 某某 __ 之一标出" in html
    assert "只有文字，没有空。" in html
    assert not SpeechTemplate.objects.exists()


def test_an_old_doc_file_gets_a_clear_message(logged_in):
    file = SimpleUploadedFile("旧模板.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    html = upload(logged_in, name="x", file=file).content.decode()
    assert "另存为 .docx" in html


def test_an_oversized_upload_is_refused(logged_in, settings):
    settings.SPEECHAPP_MAX_UPLOAD_BYTES = 1024
    file = SimpleUploadedFile("big.txt", ("×" * 2000).encode())
    html = upload(logged_in, name="大", file=file).content.decode()
    assert "文件太大" in html
    assert not SpeechTemplate.objects.exists()


def test_an_empty_form_asks_for_a_template(logged_in):
    html = upload(logged_in, name="", text="").content.decode()
    assert "请粘贴模板全文或上传文件" in html


def test_my_template_is_not_shown_to_other_users(client, user, other_user):
    client.force_login(user)
    upload(client, name="我的模板", text=TEXT)
    client.force_login(other_user)
    assert "我的模板" not in client.get(reverse("home")).content.decode()
