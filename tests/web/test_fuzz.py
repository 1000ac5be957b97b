"""Random bytes, oversized bodies, bad ids and many fields on every URL of the app.

Whoever sends them (the owner, another user, nobody logged in), the answer is never a 500:
another user's draft stays 404 and an anonymous visitor is sent to log in.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from speechapp.drafts.models import Variable
from tests.urlconf import app_url_patterns

pytestmark = pytest.mark.django_db

# Django's own views (login, logout, language, admin) are Django's to harden.
NOT_OURS = {"login", "logout", "set_language"}


def app_patterns() -> list[URLPattern]:
    return [
        p
        for p in app_url_patterns()
        if isinstance(p, URLPattern) and p.name and p.name not in NOT_OURS
    ]


PATTERNS = app_patterns()
# What every user may do with the shared seed: start a draft of it, or copy it as their own.
ANY_USER = {"draft_start", "template_copy"}
DRAFT_URLS = {p.name for p in PATTERNS if "pk" in str(p.pattern) and p.name not in ANY_USER}
API_URLS = {p.name for p in PATTERNS if str(p.pattern).startswith("api/")}
# Pages without a login (login_not_required): an office's link page, whose key is its scope,
# and what a proxy polls (/healthz, /readyz).
PUBLIC_URLS = {
    p.name
    for p in PATTERNS
    if getattr(p.callback, "login_required", True) is False and p.name not in API_URLS
}


def test_the_fuzz_covers_every_url_of_the_app():
    names = {p.name for p in PATTERNS}
    assert {"home", "template_new", "draft_fill", "slot_save", "slot_link", "variable_set"} <= names
    assert "draft_changes" in DRAFT_URLS and "draft_export" in DRAFT_URLS
    # A page open without a login is a decision: each one is named here.
    assert {"healthz", "readyz", "office_page", "office_slot_save"} == PUBLIC_URLS


@pytest.fixture
def world(user, other_user, draft, seed_template):
    variable = Variable.objects.create(draft=draft, name="区名")
    return {"draft": draft, "template": seed_template, "variable": variable}


def url_for(name: str, world, slot_id: str = "s028", ids: dict | None = None) -> str:
    ids = ids or {}
    kwargs = {
        "pk": world["template"].pk
        if name in ANY_USER or name.startswith("template_")
        else world["draft"].pk,
        "orphan_id": 1,
        "slot_id": slot_id,
        "variable_id": world["variable"].pk,
        "fmt": "docx",
    }
    kwargs.update(ids)
    pattern = next(p for p in PATTERNS if p.name == name)
    wanted = set(pattern.pattern.regex.groupindex)
    # Any other id a later URL takes (an import, a share…): one that may well not exist.
    kwargs = {k: 1 for k in wanted} | kwargs
    return reverse(name, kwargs={k: v for k, v in kwargs.items() if k in wanted})


NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            "abc",
            "-1",
            "0",
            "9" * 5000,
            "１２",
            "1e309",
            "NaN",
            "\x00",
            "涧\x01西",
            "\ufffe\uffff",
            "×",
            "x\r\nSet-Cookie: a=b",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "all",
        ]
    ),
)
FIELD_NAMES = st.one_of(
    st.sampled_from(
        [
            "s009",
            "s028",
            "s082",
            "s999",
            "raw",
            "name",
            "text",
            "slot_id",
            "slot_ids",
            "variable",
            "as_text",
            "keep_values",
            "title",
            "speaker",
            "meeting",
            "speech_date",
            "page_numbers",
            "initial-s009",
            "save_next",
        ]
    ),
    st.text(max_size=10),
)
FIELDS_READ = {
    "slot_link": ("variable",),
    "variable_set": ("raw",),
    "variable_create": ("name", "slot_ids", "slot_id"),
    "slot_save": ("{slot}", "initial-{slot}"),
    "slot_as_text": ("{slot}", "as_text", "s009"),
    "draft_fill": ("s009", "initial-s009", "s028", "save_next"),
    "draft_details": ("title", "speaker", "meeting", "speech_date", "page_numbers"),
    "template_new": ("name", "text"),
    "draft_duplicate": ("keep_values",),
}
QUERY_NAMES = st.sampled_from(["since", "section", "slot", "copy", "review", "page", "next"])
SLOT_IDS = st.one_of(
    st.sampled_from(["s028", "s009", "s999", "S028", "0", "s" + "9" * 30]),
    st.text(
        alphabet=st.characters(codec="ascii", exclude_characters="/?#%"), min_size=1, max_size=12
    ),
)
ID_VALUES = st.one_of(st.integers(min_value=0, max_value=2**70), st.just(0))


@st.composite
def requests(draw):
    # Deleting the draft would turn every later example into a plain 404: tested apart.
    name = draw(st.sampled_from(sorted(p.name for p in PATTERNS if p.name != "draft_delete")))
    ids = {}
    if draw(st.integers(0, 4)) == 0:
        ids[draw(st.sampled_from(["pk", "variable_id"]))] = draw(ID_VALUES)
    slot_id = draw(st.one_of(st.sampled_from(["s028", "s009", "s082"]), SLOT_IDS))
    query = draw(st.dictionaries(QUERY_NAMES, NASTY_TEXT, max_size=3))
    method = draw(st.sampled_from(["GET", "POST", "POST", "POST", "PUT"]))
    kind = draw(st.sampled_from(["form", "form", "bytes"]))
    if kind == "form":
        # The fields this URL reads, each maybe present and nasty, and a few random others.
        expected = [f.replace("{slot}", slot_id) for f in FIELDS_READ.get(name, ())]
        body = {f: draw(NASTY_TEXT) for f in expected if draw(st.booleans())}
        body |= draw(st.dictionaries(FIELD_NAMES, NASTY_TEXT, max_size=3))
        content_type = None
    else:
        body = draw(st.binary(max_size=2000))
        content_type = draw(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=BoUnDaRy",
                    "multipart/form-data",
                    "application/json",
                    "text/plain; charset=utf-32",
                ]
            )
        )
    htmx = draw(st.booleans())
    return name, ids, slot_id, query, method, body, content_type, htmx


def send(client, world, request):
    name, ids, slot_id, query, method, body, content_type, htmx = request
    url = url_for(name, world, slot_id, ids)
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(url, query, headers=headers)
    if content_type is None:
        path = url + ("?" + "&".join(f"{k}=1" for k in query) if query else "")
        if method == "POST":
            return client.post(path, body, headers=headers)
        return client.generic(method, path, headers=headers)
    return client.generic(method, url, body, content_type=content_type, headers=headers)


FUZZ = hypothesis_settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@hypothesis_settings(FUZZ, max_examples=300)
@given(request=requests())
def test_the_owner_never_gets_a_500(client, world, request):
    client.force_login(world["draft"].owner)
    response = send(client, world, request)
    assert response.status_code < 500, request


@FUZZ
@given(request=requests())
def test_another_user_never_reaches_the_draft(client, world, other_user, request):
    client.force_login(other_user)
    response = send(client, world, request)
    assert response.status_code < 500, request
    if request[0] in DRAFT_URLS:
        assert response.status_code in (400, 404, 405), request


@FUZZ
@given(request=requests())
def test_an_anonymous_visitor_is_sent_to_log_in(client, world, request):
    response = send(client, world, request)
    if response.status_code == 400:  # a malformed body is refused before anything else
        assert "无法处理这个请求" in response.content.decode()
        return
    if request[0] in API_URLS:  # the API names its user itself: 401 JSON, never a login page
        assert response.status_code in (401, 405), request
        return
    if request[0] in PUBLIC_URLS:  # no login asked; a wrong key or a bad request, no 500
        assert response.status_code < 500 or request[0] == "readyz", request
        assert not response.get("Location", "").startswith(reverse("login")), request
        return
    if request[-1]:  # a script's request (htmx) is told to log in again, not redirected
        assert response.status_code == 401, request
        assert response.content.decode() == "未保存，请重新登录"
        return
    assert response.status_code == 302, request
    assert response.url.startswith(reverse("login")), request


READS_THE_BODY = ("template_new", "slot_save", "draft_fill", "variable_set", "draft_details")


def test_an_oversized_body_never_gets_a_500_and_forms_get_the_400_page(client, world):
    client.force_login(world["draft"].owner)
    big = "涧" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)
    # Delete last: a view that never reads the body (delete, duplicate) may act; none may fail.
    for name in sorted((p.name for p in PATTERNS), key=lambda n: n == "draft_delete"):
        response = client.post(url_for(name, world), {"s028": big, "text": "x"})
        assert response.status_code < 500, name
        if name in READS_THE_BODY:
            assert response.status_code == 400, name
            assert "提交的内容太大或字段太多" in response.content.decode()


def test_too_many_fields_never_get_a_500_and_forms_get_the_400_page(client, world):
    client.force_login(world["draft"].owner)
    count = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10
    body = "&".join(f"f{i}=1" for i in range(count)).encode()
    for name in sorted((p.name for p in PATTERNS), key=lambda n: n == "draft_delete"):
        response = client.generic(
            "POST", url_for(name, world), body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, name
        if name in READS_THE_BODY:
            assert response.status_code == 400, name


def test_an_unknown_or_huge_id_is_404_on_every_url(client, world):
    client.force_login(world["draft"].owner)
    targets = [(name, "pk") for name in sorted(DRAFT_URLS | ANY_USER)]
    for name, key in [*targets, ("variable_set", "variable_id")]:
        for bad_id in (0, 999_999, 2**63, 10**30):
            for method in (client.get, client.post):
                response = method(url_for(name, world, ids={key: bad_id}))
                assert response.status_code in (404, 405), (name, key, bad_id)


def test_bad_ids_in_forms_and_queries_never_get_a_500(client, world):
    client.force_login(world["draft"].owner)
    draft = world["draft"]
    for bad in ("abc", "-5", "1e3", "9" * 40, "", "１", "\x00"):
        for name, data in (
            ("slot_link", {"variable": bad}),
            ("variable_create", {"name": "v" + bad[:5], "slot_ids": bad, "slot_id": bad}),
            ("slot_save", {"s028": bad, "initial-s028": bad}),
            ("slot_as_text", {"s009": bad, "as_text": bad}),
            ("draft_duplicate", {"keep_values": bad}),
        ):
            response = client.post(url_for(name, world), data)
            assert response.status_code < 500, (name, bad)
        for name, query in (
            ("draft_changes", {"since": bad}),
            ("draft_fill", {"section": bad, "slot": bad}),
            ("draft_export", {"copy": bad, "review": bad}),
        ):
            response = client.get(url_for(name, world), query)
            assert response.status_code < 500, (name, bad)
    assert client.post(url_for("slot_link", world), {"variable": "abc"}).status_code == 400
    assert (
        client.get(reverse("draft_changes", args=[draft.pk]), {"since": "abc"}).status_code == 200
    )


def test_a_variable_id_of_thousands_of_digits_is_a_bad_request(client, world):
    client.force_login(world["draft"].owner)
    url = url_for("slot_link", world)
    assert client.post(url, {"variable": "9" * 5000}).status_code == 400
    assert client.post(url, {"variable": "9" * 19}).status_code == 404
