"""Comments on a blank or a sentence: a 审核 reviewer or an editor writes one, the writer sees it
beside the field, replies and resolves it; open ones are counted on the draft and listed on the
download page; the review copy (审校稿) DOCX carries them as Word comments, which LibreOffice
finds when it reopens the file."""

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from speechapp.drafts.models import Access, Comment
from speechapp.filling import lifecycle
from tests.office import libreoffice_convert
from tests.system import needs_libreoffice

pytestmark = pytest.mark.django_db

S009_SENTENCE = "规上工业增加值同比增长"  # the sentence around s009 starts so


def add(client, draft, slot="s009", text="5.2 请核实统计口径", sentence=False):
    data = {"slot": slot, "text": text}
    if sentence:
        data["sentence"] = "1"
    return client.post(reverse("comment_add", args=[draft.pk]), data, follow=True)


def fill_page(client, draft, slot="s009") -> str:
    return client.get(reverse("draft_fill", args=[draft.pk]), {"slot": slot}).content.decode()


def test_a_reviewer_comments_on_a_blank_and_the_writer_sees_it_beside_the_field(
    reviewer_client, logged_in, complete
):
    page = add(reviewer_client, complete).content.decode()
    assert "批注已添加" in page
    comment = Comment.objects.get()
    assert (comment.slot_id, comment.author.username, comment.quote) == ("s009", "kezhang", "")
    writer = fill_page(logged_in, complete)
    row = writer[writer.index('id="row-s009"') :]
    row = row[: row.index('id="feedback-s009"')]
    assert "5.2 请核实统计口径" in row and "kezhang" in row
    assert "1 条批注未解决" in writer


def test_a_comment_on_the_sentence_keeps_the_sentence(reviewer_client, complete):
    add(reviewer_client, complete, text="这句话太长", sentence=True)
    assert S009_SENTENCE in Comment.objects.get().quote


def test_the_writer_replies_and_resolves_and_the_count_goes(reviewer_client, logged_in, complete):
    add(reviewer_client, complete)
    comment = Comment.objects.get()
    logged_in.post(reverse("comment_reply", args=[complete.pk, comment.pk]), {"text": "已核实"})
    reply = Comment.objects.get(parent=comment)
    assert reply.author.username == "writer" and reply.slot_id == "s009"
    home = logged_in.get(reverse("home")).content.decode()
    assert "1 条批注" in home
    page = logged_in.post(
        reverse("comment_resolve", args=[complete.pk, comment.pk]), {"resolved": "1"}, follow=True
    )
    assert "批注已解决" in page.content.decode()
    comment.refresh_from_db()
    assert comment.resolved_at is not None and comment.resolved_by.username == "writer"
    assert "条批注" not in logged_in.get(reverse("home")).content.decode()
    # A second click on the same button changes nothing and says so.
    again = logged_in.post(
        reverse("comment_resolve", args=[complete.pk, comment.pk]), {"resolved": "1"}, follow=True
    )
    assert "刚刚已被处理过" in again.content.decode()


def test_a_reader_may_not_comment_and_a_reviewer_may_not_resolve_anothers_comment(
    logged_in, complete, django_user_model, reviewer_client
):
    reader = django_user_model.objects.create_user("reader", password="s3cret-pass")
    lifecycle.draft_share(draft=complete, user=reader, role=Access.READ)
    client = Client()
    client.force_login(reader)
    assert add(client, complete).status_code == 403
    assert "添加批注" not in fill_page(client, complete)
    logged_in.post(reverse("comment_add", args=[complete.pk]), {"slot": "s009", "text": "自查"})
    mine = Comment.objects.get()
    response = reviewer_client.post(reverse("comment_resolve", args=[complete.pk, mine.pk]))
    assert response.status_code == 403
    assert Comment.objects.get().resolved_at is None


def test_an_empty_comment_or_an_unknown_blank_gets_a_message(reviewer_client, complete):
    assert "请写下批注的内容" in add(reviewer_client, complete, text="  ").content.decode()
    assert "这份讲话稿没有这个空" in add(reviewer_client, complete, slot="s999").content.decode()
    assert not Comment.objects.exists()


def test_the_download_page_lists_the_open_comments(reviewer_client, logged_in, complete):
    add(reviewer_client, complete, text="第三位的排名请再核")
    page = logged_in.get(reverse("draft_download", args=[complete.pk])).content.decode()
    assert "1 条批注未解决" in page and "第三位的排名请再核" in page


def review_docx(client, draft) -> bytes:
    response = client.get(reverse("draft_export", args=[draft.pk, "docx"]), {"review": "1"})
    assert response.status_code == 200
    return response.content


def test_the_review_copy_carries_the_open_comments_as_word_comments(
    reviewer_client, logged_in, complete
):
    add(reviewer_client, complete, text="请核实统计口径")
    add(reviewer_client, complete, slot="s010", text="这句话太长", sentence=True)
    add(reviewer_client, complete, slot="s011", text="已经解决的")
    done = Comment.objects.get(text="已经解决的")
    logged_in.post(reverse("comment_resolve", args=[complete.pk, done.pk]))
    first = Comment.objects.get(text="请核实统计口径")
    logged_in.post(reverse("comment_reply", args=[complete.pk, first.pk]), {"text": "已核实"})
    content = review_docx(logged_in, complete)
    reopened = Document(io.BytesIO(content))  # python-docx reads Word's comments part
    assert sorted((c.author, c.text) for c in reopened.comments) == [
        ("kezhang", "请核实统计口径\nwriter：已核实"),
        ("kezhang", "这句话太长"),
    ]
    package = zipfile.ZipFile(io.BytesIO(content))
    comments = package.read("word/comments.xml").decode()
    assert "请核实统计口径" in comments and "writer：已核实" in comments
    assert "这句话太长" in comments and "已经解决的" not in comments
    assert 'w:author="kezhang"' in comments
    document = package.read("word/document.xml").decode()
    assert document.count("<w:commentRangeStart") == 2
    assert document.count("<w:commentRangeEnd") == 2
    assert document.count("<w:commentReference") == 2
    # The official copy has none.
    official = logged_in.get(reverse("draft_export", args=[complete.pk, "docx"])).content
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(official)).namelist()


def test_a_blank_comment_spans_the_figure_and_a_sentence_comment_the_sentence(
    reviewer_client, logged_in, complete
):
    add(reviewer_client, complete, text="数字")
    add(reviewer_client, complete, text="整句", sentence=True)
    document = zipfile.ZipFile(io.BytesIO(review_docx(logged_in, complete))).read(
        "word/document.xml"
    )
    text = document.decode()

    def spanned(comment_id: int) -> str:
        start = text.index(f'<w:commentRangeStart w:id="{comment_id}"/>')
        end = text.index(f'<w:commentRangeEnd w:id="{comment_id}"/>')
        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", text[start:end]))

    # The open comments are numbered in the order they were written: the figure's first.
    assert spanned(0) == "5.2"
    sentence = spanned(1)
    assert sentence.startswith(S009_SENTENCE) and sentence.endswith(("；", "。"))


@needs_libreoffice
def test_libreoffice_reopens_the_review_copy_and_finds_the_comments(
    reviewer_client, logged_in, complete, tmp_path
):
    add(reviewer_client, complete, text="请核实统计口径")
    first = Comment.objects.get()
    logged_in.post(reverse("comment_reply", args=[complete.pk, first.pk]), {"text": "已核实"})
    add(reviewer_client, complete, slot="s010", text="这句话太长", sentence=True)
    odt = libreoffice_convert(review_docx(logged_in, complete), "odt", tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    annotations = re.findall(r"<office:annotation[ >].*?</office:annotation>", content, re.S)
    assert len(annotations) == 2
    assert any("请核实统计口径" in a and "已核实" in a and "kezhang" in a for a in annotations)
    assert any("这句话太长" in a for a in annotations)
    assert len(re.findall(r"<office:annotation-end", content)) == 2


def test_the_reviewers_fill_page_says_they_may_read_and_comment(reviewer_client, complete):
    page = fill_page(reviewer_client, complete)
    assert "你可以查看和批注" in page and "添加批注" in page


def test_the_home_page_counts_open_comments_without_changing_the_progress(
    reviewer_client, logged_in, complete
):
    add(reviewer_client, complete, text="一")
    add(reviewer_client, complete, slot="s010", text="二")
    home = logged_in.get(reverse("home")).content.decode()
    assert "2 条批注" in home
    assert "178 / 178" in home


@needs_libreoffice
def test_the_review_copy_carries_each_values_note_and_source_beside_its_figure(
    reviewer_client, logged_in, complete, tmp_path
):
    from speechapp.filling import saving

    saving.draft_save_values(
        draft=complete,
        raw={"s009": "5.2", "s010": "8"},
        notes={"s009": ("快报数，待正式公布", "县统计局月报"), "s010": ("", "财政局")},
    )
    add(reviewer_client, complete, text="请核实统计口径")
    content = review_docx(logged_in, complete)
    reopened = Document(io.BytesIO(content))
    assert sorted((c.author, c.text) for c in reopened.comments) == [
        ("kezhang", "请核实统计口径"),
        ("备注", "备注：快报数，待正式公布\n来源/口径：县统计局月报"),
        ("备注", "来源/口径：财政局"),
    ]
    # LibreOffice shows them in the margin beside their figures.
    odt = libreoffice_convert(content, "odt", tmp_path)
    text = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    notes = re.findall(r"<office:annotation[ >].*?</office:annotation>", text, re.S)
    assert sum("快报数，待正式公布" in n for n in notes) == 1
    # The official copy and the PDF carry no notes.
    official = logged_in.get(reverse("draft_export", args=[complete.pk, "docx"])).content
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(official)).namelist()
