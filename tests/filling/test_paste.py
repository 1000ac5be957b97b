"""A column pasted from Excel: a preview of which line goes where, then the blanks filled."""

from django.urls import reverse

from speechapp.filling import saving, stored

COLUMN = "5.2\r\n若干\r\n\r\n12.5\r\n"


def paste(client, draft, slot_id, text, **extra):
    return client.post(reverse("slot_paste", args=[draft.pk, slot_id]), {"text": text, **extra})


def test_the_preview_shows_which_line_goes_where_and_saves_nothing(logged_in, draft):
    saving.draft_save_values(draft=draft, raw={"s010": "1.3"})
    response = paste(logged_in, draft, "s009", COLUMN, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    # s010 is filled: the lines go to s009, s011, s012, s013 (the empty cell leaves s012 open).
    assert [row.slot.id for row in response.context["plan"].rows] == [
        "s009",
        "s011",
        "s012",
        "s013",
    ]
    assert "请输入整数，例如 12" in text  # 若干 is no rank: said before anything is saved
    assert "（空行，不填）" in text
    assert stored.draft_values(draft) == {"s010": "1.3"}


def test_confirming_fills_the_blanks_in_order(logged_in, draft):
    response = paste(logged_in, draft, "s009", "5.2\n1.3\n3\n", confirm="1")
    assert response.status_code == 302
    assert stored.draft_values(draft) == {"s009": "5.2", "s010": "1.3", "s011": "3"}


def test_lines_beyond_the_section_are_left_out_and_said_so(logged_in, draft):
    section = [
        s.id for s in draft.speech.slots if s.section_block == draft.speech.slots[8].section_block
    ]
    text = "\n".join(["7"] * (len(section) + 2))
    page = paste(logged_in, draft, section[-1], text).content.decode()
    assert "还有" in page and "不会填入" in page
    paste(logged_in, draft, section[-1], text, confirm="1")
    assert list(stored.draft_values(draft)) == [section[-1]]


def test_another_user_cannot_paste_into_a_draft(client, other_user, draft):
    client.force_login(other_user)
    assert paste(client, draft, "s009", COLUMN, confirm="1").status_code == 404
    assert stored.draft_values(draft) == {}
