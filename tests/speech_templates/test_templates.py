"""Importing a template: pasted, .txt in any encoding, or .docx; bad input explained in place."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from speechapp.drafts.models import SpeechTemplate
from tests.importing import import_template

pytestmark = pytest.mark.django_db

TEXT = "在全区工作会上的讲话\n同志们：\n一、工作回顾\n全区生产总值同比增长×%，位居全市第×位。\n"


def upload(client, **data):
    return import_template(client, data)


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
    assert "模板中没有找到空：请用 × X X.X * □ ○○ 某某 __ ☆ （） 之一标出" in html
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


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def bomb_upload(inflated_mb: int) -> SimpleUploadedFile:
    """A .docx whose document.xml inflates to ``inflated_mb`` MB of empty paragraphs."""
    import zipfile

    buffer = io.BytesIO()
    chunk = b"<w:p/>" * 100_000
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        member.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
        for _ in range(inflated_mb * 1024 * 1024 // len(chunk)):
            member.write(chunk)
        member.write(b"</w:body></w:document>")
    return SimpleUploadedFile("炸弹.docx", buffer.getvalue())


def field_errors(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_a_zip_bomb_is_refused_beside_the_file_field(logged_in):
    response = upload(logged_in, name="炸弹", file=bomb_upload(200))
    assert response.status_code == 200
    assert field_errors(response, "file") == [
        "这个 Word 文件解压后太大或结构异常，无法读取；请另存为 .txt 后再上传"
    ]
    assert "解压后太大" in response.content.decode()
    assert not SpeechTemplate.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "无法打开这个 Word 文件"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 64,
            "设有密码",
        ),
    ],
    ids=["not-a-zip", "password-protected"],
)
def test_an_unreadable_docx_is_explained_beside_the_file_field(logged_in, data, message):
    response = upload(logged_in, file=SimpleUploadedFile("模板.docx", data))
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response, "file"))


def test_a_text_file_with_a_utf16_mark_then_invalid_bytes_gets_a_message(logged_in):
    file = SimpleUploadedFile("模板.txt", b"\xff\xfe\x00\xd8\x41\x00")
    response = upload(logged_in, file=file)
    assert response.status_code == 200
    assert field_errors(response, "file") == ["无法识别文件的文字编码，请另存为 UTF-8 文本后再上传"]


def test_a_template_with_too_many_blanks_is_refused_and_kept_in_the_box(logged_in, settings):
    settings.SPEECHAPP_MAX_TEMPLATE_BLANKS = 3
    text = TEXT + "新增企业×家，引进项目×个。\n"
    response = upload(logged_in, text=text)
    assert response.status_code == 200
    assert field_errors(response, "text") == ["模板中的空太多（4 个），最多 3 个，请分成几份导入"]
    assert "引进项目×个" in response.content.decode()
    assert not SpeechTemplate.objects.exists()


def test_a_template_longer_than_the_limit_is_refused_beside_the_file(logged_in, settings):
    settings.SPEECHAPP_MAX_TEMPLATE_CHARS = 20
    file = SimpleUploadedFile("模板.txt", TEXT.encode())
    response = upload(logged_in, file=file)
    assert field_errors(response, "file") == [
        f"模板太长（{len(TEXT)} 字），最多 20 字，请分成几份导入"
    ]
    assert not SpeechTemplate.objects.exists()


def test_the_service_guards_the_blank_limit_for_every_caller(user, settings):
    from django.core.exceptions import ValidationError

    from speechapp.speech_templates.template_writes import template_create

    settings.SPEECHAPP_MAX_TEMPLATE_BLANKS = 1
    with pytest.raises(ValidationError) as excinfo:
        template_create(owner=user, name="x", source_text=TEXT)
    assert excinfo.value.code == "too_many_blanks"
    assert not SpeechTemplate.objects.exists()


def test_control_characters_in_a_pasted_template_are_removed_with_a_notice(logged_in, user):
    text = TEXT.replace("同志们", "同志\x0c们\x01")
    response = import_template(logged_in, {"text": text}, follow=True)
    assert SpeechTemplate.objects.get(owner=user).source_text == TEXT.strip()
    assert "已去掉模板中 2 个看不见的控制字符" in response.content.decode()


def test_a_control_character_in_the_template_name_is_refused(logged_in):
    response = upload(logged_in, name="季度\x07会", text=TEXT)
    assert response.status_code == 200
    assert field_errors(response, "name") == [
        "含有看不见的控制字符（常见于从其他软件复制的文字），请删去后重新输入"
    ]


def test_a_five_megabyte_paste_gets_a_clear_400_page_in_chinese(logged_in):
    response = upload(logged_in, text="同比增长×%。" * (5 * 1024 * 1024 // 10))
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交的内容太大或字段太多" in html
    assert "模板全文最多 200,000 字" in html


def test_a_form_with_too_many_fields_gets_a_clear_400_page(logged_in, settings):
    data = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = logged_in.post(reverse("template_new"), data)
    assert response.status_code == 400
    assert "提交的内容太大或字段太多" in response.content.decode()


def test_a_file_far_past_the_limit_is_refused_before_it_is_stored(logged_in, settings):
    from speechapp.web.uploads import request_ceiling

    data = b"x" * (request_ceiling() + 1)
    file = SimpleUploadedFile("巨大.txt", data)
    response = upload(logged_in, name="x", file=file)
    assert response.status_code == 400
    assert "提交的内容太大或字段太多" in response.content.decode()
    assert not SpeechTemplate.objects.exists()


def test_a_file_just_past_the_limit_is_explained_beside_the_field(logged_in, settings):
    data = b"x" * (settings.SPEECHAPP_MAX_UPLOAD_BYTES + 1)
    response = upload(logged_in, name="x", file=SimpleUploadedFile("大.txt", data))
    assert response.status_code == 200
    assert "文件太大" in field_errors(response, "file")[0]


def test_under_debug_a_five_megabyte_paste_still_gets_the_400_page(logged_in, settings):
    settings.DEBUG = True
    response = upload(logged_in, text="同比增长×%。" * (5 * 1024 * 1024 // 10))
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交的内容太大或字段太多" in html
    assert "Traceback" not in html


def test_a_template_stored_before_the_limits_cannot_start_a_draft(logged_in, user, settings):
    template = SpeechTemplate.objects.create(owner=user, name="旧", source_text=TEXT)
    settings.SPEECHAPP_MAX_TEMPLATE_BLANKS = 1
    response = logged_in.post(reverse("draft_start", args=[template.pk]), follow=True)
    assert "模板中的空太多（2 个），最多 1 个" in response.content.decode()
    assert not user.draft_set.exists()
