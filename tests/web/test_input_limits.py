"""Bad input is refused with a message where it was typed, never a 500 and never stored."""

import io

import pytest
from django.urls import reverse
from docx import Document

from speechapp.drafts.models import Draft, SlotValue, Variable

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "含有看不见的控制字符（常见于从其他软件复制的文字），请删去后重新输入"


def autosave(client, draft, slot_id, text):
    return client.post(reverse("slot_save", args=[draft.pk, slot_id]), {slot_id: text})


def stored(draft, slot_id):
    return SlotValue.objects.filter(draft=draft, slot_id=slot_id).first()


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\ufffe", "\uffff"])
def test_a_control_character_in_a_blank_is_refused_and_not_stored(logged_in, draft, control):
    response = autosave(logged_in, draft, "s028", f"涧{control}西")
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存" in html
    assert CONTROL_MESSAGE in html or "空字符" in html  # Django's own NUL message
    assert stored(draft, "s028") is None


def test_a_huge_autosave_is_refused_and_not_stored(logged_in, draft):
    response = autosave(logged_in, draft, "s028", "涧" * 700_000)  # about 2.1 MB
    assert response.status_code == 200
    assert "未保存" in response.content.decode()
    assert stored(draft, "s028") is None


def test_a_long_value_still_in_its_column_is_kept_to_be_corrected(logged_in, draft):
    autosave(logged_in, draft, "s028", "涧" * 50)
    row = stored(draft, "s028")
    assert (row.raw, row.value) == ("涧" * 50, "")


@pytest.mark.parametrize(
    ("digits", "message"),
    [(40, "数字太长，最多 30 位"), (200, "数字太长，最多 30 位"), (5000, "最多 200 个字")],
)
def test_a_number_with_too_many_digits_gets_a_message(logged_in, draft, digits, message):
    response = autosave(logged_in, draft, "s009", "9" * digits)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存" in html and message in html
    assert not (stored(draft, "s009") and stored(draft, "s009").value)


def test_a_control_character_in_the_title_is_refused_beside_the_field(logged_in, draft):
    response = logged_in.post(
        reverse("draft_details", args=[draft.pk]),
        {"title": "三季度\x08讲话", "speaker": "张明", "page_numbers": "center"},
    )
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].errors["title"]] == [CONTROL_MESSAGE]
    assert Draft.objects.get(pk=draft.pk).title == draft.title


def test_a_control_character_in_the_speaker_or_meeting_is_refused(logged_in, draft):
    response = logged_in.post(
        reverse("draft_details", args=[draft.pk]),
        {"title": "讲话", "speaker": "张\x1f明", "meeting": "会\x02", "page_numbers": "center"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"speaker", "meeting"}


def test_a_control_character_in_a_variable_name_is_refused(logged_in, draft):
    response = logged_in.post(
        reverse("variable_create", args=[draft.pk]),
        {"name": "区\x03名", "slot_ids": "s028", "slot_id": "s028"},
        follow=True,
    )
    assert CONTROL_MESSAGE in response.content.decode()
    assert not Variable.objects.exists()


@pytest.fixture
def variable(logged_in, draft):
    logged_in.post(
        reverse("variable_create", args=[draft.pk]), {"name": "区名", "slot_ids": "s028,s107"}
    )
    return Variable.objects.get(draft=draft)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("区" * 201, "最多 200 个字"), ("涧\x01西", CONTROL_MESSAGE)],
    ids=["longer-than-its-column", "control-character"],
)
def test_a_bad_variable_value_is_refused_with_a_message(logged_in, draft, variable, raw, message):
    url = reverse("variable_set", args=[draft.pk, variable.pk])
    response = logged_in.post(url, {"raw": raw}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存" in html and message in html
    response = logged_in.post(url, {"raw": raw}, follow=True)
    assert message in response.content.decode()
    assert Variable.objects.get(pk=variable.pk).raw == ""
    assert stored(draft, "s028").value == ""


def test_a_200_digit_number_through_a_variable_is_not_printed(logged_in, draft):
    logged_in.post(
        reverse("variable_create", args=[draft.pk]), {"name": "增速", "slot_ids": "s009"}
    )
    variable = Variable.objects.get(draft=draft)
    response = logged_in.post(
        reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": "9" * 200}
    )
    assert response.status_code == 302
    assert stored(draft, "s009").value == ""


def test_a_200_digit_number_as_words_is_not_printed(logged_in, draft):
    response = logged_in.post(
        reverse("slot_as_text", args=[draft.pk, "s009"]), {"s009": "9" * 200, "as_text": "1"}
    )
    assert response.status_code == 302
    assert stored(draft, "s009").value == ""


@pytest.mark.parametrize("variable_id", ["abc", "-1", "1e3", "１２", "9" * 40])
def test_slot_link_with_a_bad_variable_id_answers_400_or_404(logged_in, draft, variable_id):
    response = logged_in.post(
        reverse("slot_link", args=[draft.pk, "s028"]), {"variable": variable_id}
    )
    assert response.status_code in (400, 404)


def test_a_bad_id_gets_the_400_page_in_chinese(logged_in, draft):
    response = logged_in.post(reverse("slot_link", args=[draft.pk, "s028"]), {"variable": "abc"})
    assert response.status_code == 400
    assert "请求中有无效的数据，没有保存" in response.content.decode()


def test_an_unknown_slot_as_the_return_target_of_a_new_variable_is_ignored(logged_in, draft):
    response = logged_in.post(
        reverse("variable_create", args=[draft.pk]),
        {"name": "区名", "slot_ids": "s028", "slot_id": "x\r\nSet-Cookie: a=b"},
    )
    assert response.status_code == 302
    assert response.url == reverse("draft_fill", args=[draft.pk])


def test_a_draft_whose_stored_data_has_control_characters_still_downloads(logged_in, draft):
    SlotValue.objects.create(draft=draft, slot_id="s028", raw="涧\x01西", value="涧\x01西")
    Draft.objects.filter(pk=draft.pk).update(title="讲话\x07稿", speaker="张\x0b明")
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "讲话稿" in text and "张明" in text and "涧西" in text
