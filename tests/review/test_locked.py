"""A 定稿 draft's values are locked: the fill page is read-only, and every write path (the fill
form, autosave, sheet import, the values JSON file, the API, 按模板更新, restore, and every
other write URL of the draft) is refused with the same clear message, writing nothing."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from speechapp.core.sheets import HEADERS
from speechapp.drafts.locks import DraftLocked
from speechapp.drafts.models import Draft, DraftState
from speechapp.filling import blanks, earlier, history, lifecycle, saving, stored, updates
from speechapp.speech_templates import template_writes
from tests.urlconf import app_url_patterns

pytestmark = pytest.mark.django_db

LOCKED = "这份讲话稿已定稿，内容已锁定，不能再修改"


def snapshot(draft) -> tuple:
    """Everything a write could change: the values, the revision, the details, the text."""
    row = Draft.objects.get(pk=draft.pk)
    return (
        stored.stored_values(row).raw,
        row.revision,
        row.title,
        row.speaker,
        row.source_text,
        row.overrides,
        row.earlier,
        row.state,
        list(row.variables.values_list("name", "raw")),
    )


def test_the_fill_page_of_a_frozen_draft_is_read_only_for_its_owner(logged_in, frozen):
    page = logged_in.get(reverse("draft_fill", args=[frozen.pk])).content.decode()
    assert LOCKED in page
    assert "js/fill.js" not in page  # no autosave
    assert 'name="save"' in page  # the hidden Enter button only: no 保存 buttons shown
    assert ">保存</button>" not in page
    inputs = re.findall(r"<input[^>]*slot-input[^>]*>", page)
    assert inputs and all(" disabled" in tag for tag in inputs)


def test_the_fill_form_is_refused_with_the_message(logged_in, frozen):
    before = snapshot(frozen)
    response = logged_in.post(
        reverse("draft_fill", args=[frozen.pk]), {"s009": "9.9", "save": "1"}, follow=True
    )
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before


def test_an_autosave_gets_409_and_the_message(logged_in, frozen):
    before = snapshot(frozen)
    response = logged_in.post(
        reverse("slot_save", args=[frozen.pk, "s009"]),
        {"s009": "9.9", "seq": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before


def test_a_returned_sheet_is_refused(logged_in, frozen):
    before = snapshot(frozen)
    sheet = logged_in.get(reverse("sheet_export", args=[frozen.pk]), {"fmt": "xlsx"})
    workbook = load_workbook(io.BytesIO(sheet.content))
    for row in workbook.worksheets[0].iter_rows(min_row=2):
        row[HEADERS.index("填写值")].value = "9.9"
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("sheet.xlsx", out.getvalue())
    response = logged_in.post(
        reverse("sheet_import", args=[frozen.pk]), {"files": [upload]}, follow=True
    )
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before


def test_a_values_json_file_is_refused(logged_in, frozen):
    before = snapshot(frozen)
    upload = SimpleUploadedFile("values.json", json.dumps({"s009": "9.9"}).encode())
    response = logged_in.post(
        reverse("sheet_import", args=[frozen.pk]), {"files": [upload]}, follow=True
    )
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before


def test_the_api_answers_409_with_the_message(logged_in, frozen):
    before = snapshot(frozen)
    csrf = logged_in.get(reverse("draft_fill", args=[frozen.pk])).cookies["csrftoken"].value
    response = logged_in.put(
        reverse("api_draft_values", args=[frozen.pk]),
        json.dumps({"s009": "9.9"}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 409
    assert LOCKED in response.json()["error"]
    assert snapshot(frozen) == before
    # Reading still works.
    assert logged_in.get(reverse("api_draft_values", args=[frozen.pk])).status_code == 200


def test_the_template_update_is_refused(logged_in, frozen):
    template = frozen.template
    template_writes.template_edit_text(
        template=template, source_text=template.source_text.replace("同志们", "各位同志们", 1)
    )
    before = snapshot(frozen)
    assert Draft.objects.get(pk=frozen.pk).template_changed
    # The fill page offers no update to a frozen draft.
    page = logged_in.get(reverse("draft_fill", args=[frozen.pk])).content.decode()
    assert reverse("draft_update", args=[frozen.pk]) not in page
    response = logged_in.post(reverse("draft_update", args=[frozen.pk]), follow=True)
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before
    with pytest.raises(DraftLocked):
        updates.draft_update_to_template(draft=Draft.objects.get(pk=frozen.pk))


def test_a_restore_from_the_history_is_refused(logged_in, frozen):
    before = snapshot(frozen)
    for data in ({"revision": "0"}, {"revision": "1", "slot": "s009"}, {"revision": "1"}):
        response = logged_in.post(reverse("draft_restore", args=[frozen.pk]), data, follow=True)
        assert LOCKED in response.content.decode(), data
    assert snapshot(frozen) == before
    with pytest.raises(DraftLocked):
        history.draft_restore(draft=frozen, revision=0)


def test_every_write_function_on_a_draft_is_refused(frozen, user):
    draft = Draft.objects.get(pk=frozen.pk)
    before = snapshot(frozen)
    writes = [
        lambda: saving.draft_save_values(draft=draft, raw={"s009": "1"}),
        lambda: saving.draft_save_all_or_nothing(draft=draft, raw={"s009": "1"}, how="api"),
        lambda: lifecycle.draft_update_details(draft=draft, title="新标题", speaker="张三"),
        lambda: earlier.draft_set_earlier(draft=draft, earlier=None),
        lambda: earlier.draft_confirm_carried(draft=draft, slot_ids=None),
        lambda: blanks.variable_create(draft=draft, name="区名", slot_ids=[]),
        lambda: blanks.slot_link(draft=draft, slot_id="s009", variable=None),
        lambda: blanks.slot_set_as_text(draft=draft, slot_id="s009", as_text=True, raw=None),
        lambda: updates.orphan_drop(draft=draft, orphan={"id": 1}),
    ]
    for write in writes:
        with pytest.raises(DraftLocked):
            write()
    assert snapshot(frozen) == before


def test_a_save_from_a_page_opened_before_the_freeze_is_refused(frozen):
    """The lock is the database's state, not the one a view read earlier."""
    opened_before = Draft.objects.get(pk=frozen.pk)
    opened_before.state = DraftState.DRAFTING
    with pytest.raises(DraftLocked):
        saving.draft_save_values(draft=opened_before, raw={"s009": "9.9"})
    assert stored.draft_values(frozen)["s009"] != "9.9"


# Writes a frozen draft still allows: they do not touch its values (sharing, a copy, a new
# version, deleting it, and the review's own pages).
ALLOWED = {
    "draft_sharing",
    "share_revoke",
    "draft_duplicate",
    "draft_new_version",
    "draft_delete",
    "draft_transition",
    "draft_freeze",
    "offices_save",
}


def test_no_write_url_of_the_draft_changes_a_frozen_draft(logged_in, frozen):
    """Walks every URL of the app that names a draft and POSTs to it as the owner."""
    before = snapshot(frozen)
    posted = {"s009": "9.9", "name": "x", "title": "x", "raw": "x", "revision": "0"}
    tried = 0
    for pattern in app_url_patterns():
        names = set(pattern.pattern.regex.groupindex)
        if "pk" not in names or str(pattern.pattern).startswith(("templates/", "^templates")):
            continue
        if pattern.name in ALLOWED:
            continue
        kwargs = {"pk": frozen.pk}
        for name in names - {"pk"}:
            kwargs[name] = {"slot_id": "s009", "fmt": "docx"}.get(name, 1)
        url = reverse(pattern.name, kwargs=kwargs)
        response = logged_in.post(url, posted)
        assert response.status_code in (200, 302, 400, 404, 405, 409), (pattern.name, url)
        assert snapshot(frozen) == before, (pattern.name, url)
        tried += 1
    assert tried >= 25


def test_text_confirmed_on_the_template_leaves_a_frozen_drafts_text_alone(user):
    """A writer confirming a leftover as text on the template carries it into every draft up
    to date with the template, but not into a 定稿 one: its text stays as frozen."""
    from speechapp.filling.leftovers import draft_leftovers, leftover_confirm
    from tests.filling.test_leftovers import filled_draft, make_template

    template = make_template(user)
    frozen_one, open_one = filled_draft(user, template), filled_draft(user, template)
    Draft.objects.filter(pk=frozen_one.pk).update(state=DraftState.FINAL)
    before = snapshot(frozen_one)
    (left,) = draft_leftovers(open_one)
    leftover_confirm(draft=open_one, key=left.key, user=user)
    assert draft_leftovers(Draft.objects.get(pk=open_one.pk)) == ()
    assert snapshot(frozen_one) == before
    with pytest.raises(DraftLocked):
        leftover_confirm(draft=Draft.objects.get(pk=frozen_one.pk), key=left.key, user=user)


def test_the_details_of_a_frozen_draft_are_shown_read_only_and_a_post_is_refused(logged_in, frozen):
    url = reverse("draft_details", args=[frozen.pk])
    page = logged_in.get(url).content.decode()
    assert LOCKED in page and ">保存</button>" not in page
    before = snapshot(frozen)
    response = logged_in.post(url, {"title": "改过的标题", "speaker": "张三"}, follow=True)
    assert LOCKED in response.content.decode()
    assert snapshot(frozen) == before


def test_an_office_link_of_a_frozen_draft_is_closed_and_writes_nothing(logged_in, draft):
    from django.test import Client

    from speechapp.drafts.models import OfficeValue
    from tests.collection.rounds_helpers import STATS, assign, office_url, slot_url, start_round

    assign(draft)
    stats = start_round(logged_in, draft).links.get(office=STATS)
    office = Client()
    assert office.get(office_url(stats)).status_code == 200
    Draft.objects.filter(pk=draft.pk).update(state=DraftState.FINAL)
    page = office.get(office_url(stats))
    assert page.status_code == 410
    assert "数值已锁定" in page.content.decode()
    office.get(office_url(stats))  # the CSRF cookie, as a browser holds it
    saved = office.post(
        slot_url(stats, "s009"),
        {"value-s009": "5.2"},
        headers={"X-CSRFToken": office.cookies["csrftoken"].value},
    )
    assert saved.status_code == 410
    assert not OfficeValue.objects.exists()


def test_a_frozen_draft_takes_no_new_comment_or_reply_and_shows_its_old_ones(
    logged_in, reviewer_client, complete, reviewer
):
    from speechapp.drafts.models import Comment
    from tests.review.conftest import move

    reviewer_client.post(
        reverse("comment_add", args=[complete.pk]), {"slot": "s009", "text": "核实增速"}
    )
    thread = Comment.objects.get()
    move(logged_in, complete, "submit", reviewer=reviewer.pk, message="请审核")
    move(reviewer_client, complete, "approve", message="同意")
    move(logged_in, complete, "freeze")
    complete.refresh_from_db()
    assert complete.state == DraftState.FINAL
    for client in (reviewer_client, logged_in):
        page = client.post(
            reverse("comment_add", args=[complete.pk]),
            {"slot": "s009", "text": "再看一下"},
            follow=True,
        ).content.decode()
        assert LOCKED in page
        page = client.post(
            reverse("comment_reply", args=[complete.pk, thread.pk]), {"text": "好"}, follow=True
        ).content.decode()
        assert LOCKED in page
    assert list(Comment.objects.values_list("text", flat=True)) == ["核实增速"]
    url = reverse("draft_fill", args=[complete.pk]) + "?slot=s009"
    page = reviewer_client.get(url).content.decode()
    assert "核实增速" in page  # kept, read-only
    assert reverse("comment_add", args=[complete.pk]) not in page
    assert reverse("comment_reply", args=[complete.pk, thread.pk]) not in page
