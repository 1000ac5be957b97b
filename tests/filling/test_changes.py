"""What changed: the speech with its changed values struck through and underlined, the list of
changed blanks with who changed them, between two points of the history, since 上期, or since
the reader last looked; and the same as a Word document with tracked changes."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from speechapp.drafts.models import Access
from speechapp.filling.lifecycle import draft_share, draft_start
from speechapp.filling.saving import draft_save_values
from tests.office import libreoffice_convert
from tests.system import needs_libreoffice

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("kezhang", password="s3cret-pass")


@pytest.fixture
def edited(draft, user, colleague):
    """Three saves: the writer fills two blanks, the 科长 corrects the growth rate, the
    writer changes the amount. Returns the revisions of the three saves."""
    draft_share(draft=draft, user=colleague, role=Access.EDIT)
    first = draft_save_values(draft=draft, raw={"s009": "5.2", "s018": "117"}, user=user)
    second = draft_save_values(draft=draft, raw={"s009": "5.1"}, user=colleague)
    third = draft_save_values(draft=draft, raw={"s018": "123"}, user=user)
    return first.revision, second.revision, third.revision


def compare(client, draft, **query):
    url = reverse("draft_compare", args=[draft.pk])
    return client.get(url, query)


def speech_part(html: str) -> str:
    return html[html.index('class="speech-preview speech-changes"') : html.index("</article>")]


def changed_rows(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr class="changed-blank" id="change-(s\d+)"[^>]*>(.*?)</tr>', html, re.S)
    return {slot_id: re.sub(r"\s+", " ", row) for slot_id, row in rows}


def test_the_changes_since_the_first_save_are_struck_through_and_underlined(
    logged_in, draft, edited
):
    first, _second, third = edited
    html = compare(logged_in, draft, since=first).content.decode()
    text = speech_part(html)
    assert "<del>5.2</del><ins>5.1</ins>" in text
    assert "<del>117</del><ins>123</ins>" in text
    assert f"从第 {first} 版到第 {third} 版，2 个空有修改" in html
    rows = changed_rows(html)
    assert set(rows) == {"s009", "s018"}
    assert "kezhang" in rows["s009"] and "writer" not in rows["s009"]
    assert "writer" in rows["s018"]
    assert "+6（+5.1%）" in rows["s018"]


def test_between_two_points_only_what_changed_in_between(logged_in, draft, edited):
    first, second, _third = edited
    html = compare(logged_in, draft, since=first, until=second).content.decode()
    assert set(changed_rows(html)) == {"s009"}
    # The text as it was then: the amount still 117, unmarked.
    text = speech_part(html)
    assert "<ins>123</ins>" not in text and ">117<" in text


def test_from_the_start_every_filled_blank_is_new(logged_in, draft, edited):
    html = compare(logged_in, draft, since=0).content.decode()
    assert "<ins>5.1</ins>" in speech_part(html)
    assert "<del>" not in speech_part(html)


def test_against_last_quarter_the_page_shows_how_far_each_figure_moved(
    logged_in, user, seed_template
):
    last = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=last, raw={"s018": "117", "s009": "7.7"}, user=user)
    draft = draft_start(owner=user, template=seed_template, earlier=last)
    draft_save_values(draft=draft, raw={"s018": "123", "s009": "7.7"}, user=user)
    html = compare(logged_in, draft).content.decode()  # 上期 is the default
    assert "与上期相比，1 个空的内容不同" in html
    rows = changed_rows(html)
    assert set(rows) == {"s018"}
    assert "<del>117</del>" in rows["s018"] and "<ins>123</ins>" in rows["s018"]
    assert "+6（+5.1%）" in rows["s018"]


def test_since_i_last_looked_shows_only_what_came_after(client, draft, edited, colleague, user):
    _first, _second, third = edited
    client.force_login(colleague)
    preview_url = reverse("draft_preview", args=[draft.pk])
    assert "seen-changes" not in client.get(preview_url).content.decode()
    # The writer changes the growth rate again after the 科长 looked.
    now = draft_save_values(draft=draft, raw={"s009": "5.0"}, user=user).revision
    preview = client.get(preview_url).content.decode()
    link = re.search(r'href="([^"]*)">查看自我上次查看以来的修改', preview).group(1)
    assert link.endswith(f"?since={third}")
    html = client.get(link).content.decode()
    assert set(changed_rows(html)) == {"s009"}
    assert "<del>5.1</del><ins>5.0</ins>" in speech_part(html)
    # Having looked, nothing is new for the 科长: "since I last looked" starts now.
    assert "seen-changes" not in client.get(preview_url).content.decode()
    response = compare(client, draft, since="seen")
    assert response.status_code == 302 and response.url.endswith(f"?since={now}")
    assert "这期间没有空的内容改变" in client.get(response.url).content.decode()


def test_each_reader_has_their_own_last_look(client, draft, edited, colleague, user):
    client.force_login(colleague)
    client.get(reverse("draft_preview", args=[draft.pk]))
    draft_save_values(draft=draft, raw={"s009": "5.0"}, user=user)
    client.force_login(user)  # the writer never opened the preview
    response = compare(client, draft, since="seen")
    assert response.status_code == 302
    assert "你还没有看过这份讲话稿" in client.get(response.url).content.decode()


def test_a_page_opened_without_a_point_starts_where_the_reader_last_looked(
    client, draft, edited, colleague, user
):
    client.force_login(colleague)
    client.get(reverse("draft_preview", args=[draft.pk]))
    draft_save_values(draft=draft, raw={"s018": "124"}, user=user)
    response = compare(client, draft)
    assert response.status_code == 302 and f"?since={edited[2]}" in response.url


def test_a_point_that_is_no_revision_is_a_message_not_an_error(logged_in, draft, edited):
    response = compare(logged_in, draft, since="yesterday")
    assert response.status_code == 302
    html = logged_in.get(response.url).content.decode()
    assert "没有这个版本，已显示全部修改" in html


def test_the_page_and_its_word_file_follow_the_drafts_read_access(
    client, draft, edited, other_user
):
    client.force_login(other_user)
    assert compare(client, draft, since=0).status_code == 404
    assert client.get(reverse("draft_compare_docx", args=[draft.pk])).status_code == 404
    draft_share(draft=draft, user=other_user, role=Access.READ)
    assert compare(client, draft, since=0).status_code == 200


def test_the_history_page_links_each_save_to_its_changes(logged_in, draft, edited):
    _first, second, _third = edited
    html = logged_in.get(reverse("draft_history", args=[draft.pk])).content.decode()
    assert f"?since={second - 1}&amp;until={second}" in html


def tracked_changes(docx: bytes) -> list[tuple[str, str, str, str]]:
    """(w:ins or w:del, author, date, text) of each tracked change in the document body."""
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    found = []
    for tag, attrs, inner in re.findall(r"<w:(ins|del) ([^>]*)>(.*?)</w:\1>", xml, re.S):
        author = re.search(r'w:author="([^"]*)"', attrs).group(1)
        date = re.search(r'w:date="([^"]*)"', attrs).group(1)
        text = "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", inner))
        found.append((tag, author, date, text))
    return found


def test_the_word_file_holds_each_change_as_a_tracked_change_with_author_and_date(
    logged_in, draft, edited
):
    first, _second, _third = edited
    response = logged_in.get(reverse("draft_compare_docx", args=[draft.pk]), {"since": first})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    changes = tracked_changes(response.content)
    assert [(tag, author, text) for tag, author, _date, text in changes] == [
        ("del", "kezhang", "5.2"),
        ("ins", "kezhang", "5.1"),
        ("del", "writer", "117"),
        ("ins", "writer", "123"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date) for *_, date, _ in changes)


@needs_libreoffice
def test_the_tracked_changes_survive_a_libreoffice_round_trip(logged_in, draft, edited, tmp_path):
    first, _second, _third = edited
    docx = logged_in.get(reverse("draft_compare_docx", args=[draft.pk]), {"since": first}).content
    odt = libreoffice_convert(docx, "odt", tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    regions = re.findall(r"<text:changed-region .*?</text:changed-region>", content, re.S)
    assert len(regions) == 4
    assert sum("<text:deletion>" in r for r in regions) == 2
    assert sum("<text:insertion>" in r for r in regions) == 2
    assert sum("<dc:creator>kezhang</dc:creator>" in r for r in regions) == 2
    deleted = [re.sub(r"<[^>]+>", "", r.split("</office:change-info>")[1]) for r in regions]
    assert "5.2" in deleted and "117" in deleted


def test_the_page_reads_in_english(logged_in, draft, edited):
    first, _second, third = edited
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = compare(logged_in, draft, since=first).content.decode()
    assert f"From version {first} to version {third}, 2 blanks changed" in html
    assert "Download Word (tracked changes)" in html


def test_a_point_beyond_now_is_now(logged_in, draft, edited, user):
    _first, _second, third = edited
    html = compare(logged_in, draft, since=10**17, until=10**17).content.decode()
    assert "这期间没有空的内容改变" in html
    # What the writer saw is now, not a point that does not exist yet.
    draft_save_values(draft=draft, raw={"s009": "4.9"}, user=user)
    response = compare(logged_in, draft, since="seen")
    assert response.url.endswith(f"?since={third}")


def test_the_word_file_against_last_quarter_tracks_the_moved_figures(
    logged_in, user, seed_template
):
    last = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=last, raw={"s018": "117"}, user=user)
    draft = draft_start(owner=user, template=seed_template, earlier=last)
    draft_save_values(draft=draft, raw={"s018": "123"}, user=user)
    url = reverse("draft_compare_docx", args=[draft.pk])
    changes = tracked_changes(logged_in.get(url, {"since": "earlier"}).content)
    assert [(tag, author, text) for tag, author, _date, text in changes] == [
        ("del", "writer", "117"),
        ("ins", "writer", "123"),
    ]


def test_the_page_costs_the_same_queries_however_many_blanks_changed(
    logged_in, draft, edited, user, django_assert_max_num_queries
):
    draft_save_values(draft=draft, raw={f"s{i:03d}": "7" for i in range(2, 9)}, user=user)
    with django_assert_max_num_queries(11):
        assert compare(logged_in, draft, since=0).status_code == 200
