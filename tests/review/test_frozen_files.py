"""The files of a 定稿 draft: its official DOCX and PDF are rendered once when it is frozen and
kept with their SHA-256; downloads serve those bytes exactly, even after the render code or the
fonts change; the version is in the files' properties and, with the hashes, on every page of
the review copy."""

import hashlib
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from speechapp.core.rendering import docx as docx_renderer
from speechapp.core.rendering import pdf as pdf_renderer
from speechapp.drafts.models import Access, Draft, DraftState, FrozenFile
from speechapp.filling import saving
from speechapp.outputs import files, freezing, render_cache
from speechapp.review import states

pytestmark = pytest.mark.django_db


def download(client, draft, fmt, **params) -> bytes:
    response = client.get(reverse("draft_export", args=[draft.pk, fmt]), params)
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_freezing_keeps_the_official_docx_and_pdf_with_their_sha256(logged_in, frozen):
    kept = {f.fmt: f for f in FrozenFile.objects.filter(draft=frozen)}
    assert set(kept) == {"docx", "pdf"}
    for fmt, file in kept.items():
        content = download(logged_in, frozen, fmt)
        assert content == bytes(file.content)
        assert hashlib.sha256(content).hexdigest() == file.sha256
    page = logged_in.get(reverse("draft_download", args=[frozen.pk])).content.decode()
    assert kept["pdf"].sha256 in page and kept["docx"].sha256 in page


def test_the_frozen_files_are_served_byte_for_byte_after_the_renderer_and_fonts_change(
    logged_in, frozen, monkeypatch
):
    before = {fmt: download(logged_in, frozen, fmt) for fmt in ("docx", "pdf")}

    def changed(*args, **kwargs):
        raise AssertionError("a frozen draft's official file was rendered again")

    monkeypatch.setattr(docx_renderer, "render_docx", changed)
    monkeypatch.setattr(pdf_renderer, "render_pdf", changed)
    monkeypatch.setattr(render_cache, "code_fingerprint", lambda: "new code")
    monkeypatch.setattr(render_cache, "font_fingerprint", lambda *a: ["new fonts"])
    from django.core.cache import cache

    cache.clear()
    after = {fmt: download(logged_in, frozen, fmt) for fmt in ("docx", "pdf")}
    assert after == before


def test_the_version_is_in_the_files_properties(logged_in, frozen):
    docx = Document(io.BytesIO(download(logged_in, frozen, "docx")))
    assert docx.core_properties.version == "第1版"
    pdf = PdfReader(io.BytesIO(download(logged_in, frozen, "pdf")))
    assert "第1版" in str(pdf.metadata.get("/Keywords"))


def test_the_review_copy_of_a_frozen_draft_says_its_version_and_the_hashes_on_every_page(
    logged_in, frozen
):
    kept = {f.fmt: f.sha256 for f in FrozenFile.objects.filter(draft=frozen)}
    docx = Document(io.BytesIO(download(logged_in, frozen, "docx", review="1")))
    footer = "\n".join(p.text for p in docx.sections[0].footer.paragraphs)
    assert "第1版（定稿）" in footer
    assert kept["pdf"] in footer and kept["docx"] in footer
    pdf = PdfReader(io.BytesIO(download(logged_in, frozen, "pdf", review="1")))
    for page in pdf.pages:
        assert "第1版" in page.extract_text()


def test_a_draft_not_frozen_has_no_note_and_no_version(logged_in, complete):
    docx = Document(io.BytesIO(download(logged_in, complete, "docx", review="1")))
    assert "定稿" not in "\n".join(p.text for p in docx.sections[0].footer.paragraphs)
    assert not docx.core_properties.version


def approved(complete, logged_in, reviewer, reviewer_client):
    from tests.review.conftest import move

    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    move(reviewer_client, complete, "approve")
    complete.refresh_from_db()
    return complete


def test_a_second_freeze_is_refused_and_the_files_are_kept_once(
    complete, logged_in, reviewer, reviewer_client
):
    draft = approved(complete, logged_in, reviewer, reviewer_client)
    stale = Draft.objects.get(pk=draft.pk)
    freezing.draft_freeze(draft=draft, user=draft.owner, access=Access.OWN)
    with pytest.raises(states.TransitionRefused, match="定稿"):
        freezing.draft_freeze(draft=stale, user=draft.owner, access=Access.OWN)
    assert FrozenFile.objects.filter(draft=draft).count() == 2


def test_a_save_made_while_the_files_render_stops_the_freeze(
    complete, logged_in, reviewer, reviewer_client, monkeypatch
):
    """What is kept is what was rendered: an edit that lands between the render and the
    transition leaves the draft approved, with no files kept."""
    draft = approved(complete, logged_in, reviewer, reviewer_client)
    render = files.draft_render

    def render_then_edit(**kwargs):
        rendered = render(**kwargs)
        if kwargs["fmt"] == "pdf":
            saving.draft_save_values(draft=Draft.objects.get(pk=draft.pk), raw={"s009": "8.8"})
        return rendered

    monkeypatch.setattr(files, "draft_render", render_then_edit)
    with pytest.raises(states.TransitionRefused, match="刚刚又有改动"):
        freezing.draft_freeze(draft=draft, user=draft.owner, access=Access.OWN)
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED
    assert not FrozenFile.objects.filter(draft=draft).exists()
