"""The last look before a download: text that still looks like a blank is listed on the
download page, 标为空 or 这是正文 deals with it, and no finished copy leaves while one is left.

The templates here use only × (tokens "cross"): whatever the grammar later takes as a blank,
"（　　）" stays outside this set, so it stays a leftover."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from speechapp.drafts.models import Access, Draft, SpeechTemplate
from speechapp.filling import leftovers, updates
from speechapp.filling.lifecycle import draft_share, draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.outputs import prerender
from speechapp.speech_templates import template_reads
from speechapp.speech_templates.template_writes import template_correct, template_create
from tests.samples import filled_values

pytestmark = pytest.mark.django_db

TEXT = "在全区工作会上的讲话\n同志们：\n今年全区生产总值增长×%。共发放（　　）万元，惠及×户群众。\n"


def make_template(owner, text=TEXT) -> SpeechTemplate:
    return template_create(owner=owner, name="", source_text=text, tokens="cross")


def filled_draft(owner, template) -> Draft:
    draft = draft_start(owner=owner, template=template)
    draft_save_values(draft=draft, raw=filled_values(draft.speech) | {"s002": "8"})
    return draft


@pytest.fixture
def template(user):
    return make_template(user)


@pytest.fixture
def finished(user, template):
    """Every blank filled, one leftover: （　　）."""
    return filled_draft(user, template)


def download_page(client, draft) -> str:
    return client.get(reverse("draft_download", args=[draft.pk])).content.decode()


def export(client, draft, fmt, query=""):
    return client.get(reverse("draft_export", args=[draft.pk, fmt]) + query)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def confirm(client, draft, key):
    return client.post(reverse("leftover_confirm", args=[draft.pk]), {"key": key})


def the_leftover(draft):
    (left,) = leftovers.draft_leftovers(draft)
    return left


def test_the_download_page_lists_a_leftover_with_its_sentence_as_printed(logged_in, finished):
    html = download_page(logged_in, finished)
    assert "这些文字看起来还像没填的空" in html
    assert (
        '这里看起来还有一个空：……共发放<mark class="leftover">（　　）</mark>万元，惠及8户群众。……'
        in html
    )
    assert "所有的空都已填好" not in html
    assert "下载 Word" not in html and "讲台版（PDF）" not in html
    assert "审校模式（Word）" in html and "下载草稿副本（PDF）" in html


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_finished_download_is_refused_while_a_leftover_is_unconfirmed(logged_in, finished, fmt):
    response = export(logged_in, finished, fmt)
    assert response.status_code == 302
    assert response.url == reverse("draft_download", args=[finished.pk])
    (message,) = messages_of(response)
    assert "还有 1 处文字看起来像没填的空，不能下载定稿" in message


def test_the_podium_copy_is_refused_too(logged_in, finished):
    response = export(logged_in, finished, "pdf", "?layout=podium")
    assert response.status_code == 302
    assert "不能下载定稿" in messages_of(response)[0]


def test_no_finished_copy_is_rendered_ahead_while_a_leftover_is_unconfirmed(finished, monkeypatch):
    assert not leftovers.draft_is_complete(finished)
    rendered = []
    monkeypatch.setattr("speechapp.outputs.files.draft_render", lambda **kw: rendered.append(kw))
    assert (
        prerender.prerender_draft.call(finished.pk, prerender.edit_stamp(finished)) == "incomplete"
    )
    assert rendered == []


def test_the_review_copy_highlights_the_leftover(logged_in, finished):
    response = export(logged_in, finished, "docx", "?review=1")
    assert response.status_code == 200
    runs = [r for p in Document(io.BytesIO(response.content)).paragraphs for r in p.runs]
    (run,) = [r for r in runs if r.text == "（　　）"]
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW


def test_the_preview_beside_the_form_highlights_the_leftover(logged_in, finished):
    html = logged_in.get(reverse("draft_preview", args=[finished.pk])).content.decode()
    assert '<mark class="leftover">（　　）</mark>' in html


def test_this_is_text_removes_it_and_the_finished_download_then_works(logged_in, finished):
    response = confirm(logged_in, finished, the_leftover(finished).key)
    assert response.status_code == 302
    assert response.url == reverse("draft_download", args=[finished.pk])
    assert "已确认“（　　）”是正文" in messages_of(response)[0]
    html = download_page(logged_in, finished)
    assert "这些文字看起来还像没填的空" not in html and "所有的空都已填好" in html
    response = export(logged_in, finished, "docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "共发放（　　）万元，惠及8户群众" in text


def test_this_is_text_is_remembered_for_the_template_and_its_next_drafts(user, finished, template):
    assert template_reads.template_leftovers(template)
    services_confirm(finished, user)
    template.refresh_from_db()
    assert template_reads.template_leftovers(template) == ()
    assert leftovers.draft_leftovers(draft_start(owner=user, template=template)) == ()


def test_a_draft_up_to_date_with_the_template_takes_the_confirmation_and_stays_so(user, template):
    first, second = filled_draft(user, template), filled_draft(user, template)
    services_confirm(first, user)
    second.refresh_from_db()
    assert leftovers.draft_leftovers(second) == ()
    assert not updates.draft_behind_template(second)


def test_a_writer_who_cannot_correct_the_template_confirms_for_their_draft_only(client, other_user):
    shared = make_template(None)  # a shared template: only staff correct it
    draft = filled_draft(other_user, shared)
    client.force_login(other_user)
    html = download_page(client, draft)
    assert "?mark=" not in html  # no 标为空: the template is not theirs to correct
    assert "这个模板由管理员维护" in html
    confirm(client, draft, the_leftover(draft).key)
    draft.refresh_from_db()
    shared.refresh_from_db()
    assert leftovers.draft_leftovers(draft) == ()
    assert template_reads.template_leftovers(shared)
    assert export(client, draft, "docx").status_code == 200


def test_a_reader_of_a_shared_draft_cannot_confirm(client, finished, other_user):
    draft_share(draft=finished, user=other_user, role=Access.READ)
    client.force_login(other_user)
    html = download_page(client, finished)
    assert "（　　）" in html
    assert reverse("leftover_confirm", args=[finished.pk]) not in html  # no 这是正文
    assert confirm(client, finished, the_leftover(finished).key).status_code == 403
    finished.refresh_from_db()
    assert leftovers.draft_leftovers(finished)


def test_an_editor_of_a_shared_draft_may_confirm(client, finished, other_user):
    draft_share(draft=finished, user=other_user, role=Access.EDIT)
    client.force_login(other_user)
    assert "这是正文" in download_page(client, finished)
    confirm(client, finished, the_leftover(finished).key)
    finished.refresh_from_db()
    assert leftovers.draft_leftovers(finished) == ()


def test_confirming_a_place_that_is_no_leftover_says_so_and_stores_nothing(logged_in, finished):
    response = confirm(logged_in, finished, "2:0:3")
    assert "已不在待确认的列表中" in messages_of(response)[0]
    finished.refresh_from_db()
    assert leftovers.draft_leftovers(finished)


def test_mark_as_blank_leads_to_the_correction_page_with_the_text_filled_in(logged_in, finished):
    left = the_leftover(finished)
    html = download_page(logged_in, finished)
    url = reverse("template_edit", args=[finished.template_id])
    assert f'href="{url}?mark=' in html
    response = logged_in.get(url, {"mark": left.text, "at": left.key, "draft": finished.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["mark_text"].value() == "（　　）"
    assert form["mark_at"].value() == left.key
    page = response.content.decode()
    assert 'value="（　　）"' in page
    assert reverse("draft_download", args=[finished.pk]) in page  # the way back


def test_marked_as_blank_the_leftover_becomes_a_blank_of_the_draft(logged_in, finished):
    left = the_leftover(finished)
    template = finished.template
    kept = [f"{s.block}:{s.start}:{s.end}" for s in template.speech.slots]
    response = logged_in.post(
        reverse("template_marks", args=[template.pk]),
        {"blank": kept, "mark_text": left.text, "mark_at": left.key, "draft": finished.pk},
    )
    assert response.status_code == 302
    assert response.url == reverse("template_edit", args=[template.pk]) + f"?draft={finished.pk}"
    finished.refresh_from_db()
    updates.draft_update_to_template(draft=finished)
    finished.refresh_from_db()
    assert [s.token for s in finished.speech.slots] == ["×", "（　　）", "×"]
    assert leftovers.draft_leftovers(finished) == ()
    draft_save_values(draft=finished, raw={"s002": "12"})
    text = export(logged_in, finished, "docx").content
    paragraphs = [p.text for p in Document(io.BytesIO(text)).paragraphs]
    assert any("共发放12万元，惠及8户群众" in p for p in paragraphs)


def test_a_date_field_of_spaces_can_be_marked_from_its_place(logged_in, user):
    template = make_template(user, "标题\n时间：2025年　月　日。增长×%。\n")
    draft = filled_draft(user, template)
    month = leftovers.draft_leftovers(draft)[0]
    assert month.text == "\u3000"
    kept = [f"{s.block}:{s.start}:{s.end}" for s in template.speech.slots]
    logged_in.post(
        reverse("template_marks", args=[template.pk]),
        {"blank": kept, "mark_text": month.text, "mark_at": month.key},
    )
    template.refresh_from_db()
    assert [s.token for s in template.speech.slots] == ["\u3000", "×"]


def test_corrections_keep_the_text_confirmed_on_the_template(user, finished, template):
    services_confirm(finished, user)
    template.refresh_from_db()
    marks = template.speech  # unchanged blanks, saved again from the ticks page
    from speechapp.core.overrides import Overrides, overrides_of

    template_correct(template=template, overrides=Overrides())
    template.refresh_from_db()
    assert overrides_of(template.overrides).texts
    assert template.speech.slots == marks.slots


def test_updating_to_the_template_keeps_what_the_writer_confirmed_on_the_draft(other_user):
    shared = make_template(None)
    draft = filled_draft(other_user, shared)
    services_confirm(draft, other_user)  # the draft's own: the shared template is staff's
    shared.source_text = "前言。\n" + shared.source_text
    shared.save()
    draft.template_changed = True
    draft.save()
    updates.draft_update_to_template(draft=draft)
    draft.refresh_from_db()
    assert leftovers.draft_leftovers(draft) == ()


def test_the_import_preview_lists_what_looks_like_a_blank_but_is_not_one(logged_in):
    response = logged_in.post(reverse("template_new"), {"text": TEXT, "tokens": "×"})
    html = response.content.decode()
    assert "看起来像空但未识别" in html
    assert '……共发放<mark class="leftover">（　　）</mark>万元，惠及×户群众。……' in html
    assert "这是正文" not in html


def services_confirm(draft, user):
    from speechapp.filling.leftovers import leftover_confirm

    leftover_confirm(draft=draft, key=the_leftover(draft).key, user=user)


def test_the_list_and_the_refusal_read_in_english_too(logged_in, finished):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = download_page(logged_in, finished)
    assert "This still looks like a blank" in html and "This is text" in html
    assert "这里看起来还有一个空" not in html
    message = messages_of(export(logged_in, finished, "pdf"))[0]
    assert message.startswith("1 piece of text still looks like an unfilled blank")


def test_a_title_line_the_speech_no_longer_prints_is_no_leftover(user):
    template = make_template(user, "在20XX年工作会议上的讲话\n增长×%。\n")
    draft = filled_draft(user, template)
    assert [x.text for x in leftovers.draft_leftovers(draft)] == ["20XX"]
    draft.title = "在2025年工作会议上的讲话"  # the writer's own title prints instead
    draft.save()
    assert leftovers.draft_leftovers(draft) == ()


def test_a_copy_named_after_the_title_line_still_prints_it_and_its_leftover(user):
    template = make_template(user, "在20XX年工作会议上的讲话\n增长×%。\n")
    draft = filled_draft(user, template)
    draft.title += "（下期）"  # a copy's note: the title line still prints
    draft.save()
    assert [x.text for x in leftovers.draft_leftovers(draft)] == ["20XX"]
