"""The values API (GET/PUT /api/drafts/<id>/values/): a key or the session with CSRF, the
fill page's value rule, all or nothing, and 404 for another user's draft."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from speechapp.api import tokens
from speechapp.drafts.models import Access, ApiToken, ChangeHow
from speechapp.filling import history, lifecycle, saving
from speechapp.filling.stored import stored_values

pytestmark = pytest.mark.django_db

NOT_NUMBER = "请输入数字，例如 5.2"  # what the fill page says beside a percent blank


@pytest.fixture
def key(user):
    return tokens.api_token_create(user=user, name="统计系统")[1]


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("colleague", password="s3cret-pass")


def url(draft):
    return reverse("api_draft_values", args=[draft.pk])


def get(client, draft, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(url(draft), headers=headers)


def put(client, draft, body, key=None, **headers):
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.put(url(draft), data, content_type="application/json", headers=headers)


def stored(draft):
    return dict(stored_values(draft).printed)


def test_a_key_reads_the_printed_values_of_the_filled_blanks(client, draft, user, key):
    saving.draft_save_values(draft=draft, raw={"s009": "5.2%", "s010": ""}, user=user)
    response = get(client, draft, key)
    assert response.status_code == 200
    assert response.json() == {"s009": "5.2"}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_key_sets_values_and_the_answer_is_every_value_after_the_save(client, draft, user, key):
    saving.draft_save_values(draft=draft, raw={"s010": "3"}, user=user)
    response = put(client, draft, {"s009": 6.5, "s011": "7"}, key)
    assert response.status_code == 200, response.content
    assert response.json() == {"s009": "6.5", "s010": "3", "s011": "7"}
    assert stored(draft) == {"s009": "6.5", "s010": "3", "s011": "7"}


def test_an_empty_string_or_null_clears_a_blank_and_absent_keys_stay(client, draft, user, key):
    saving.draft_save_values(draft=draft, raw={"s009": "5", "s010": "3", "s011": "7"})
    response = put(client, draft, {"s009": "", "s010": None}, key)
    assert response.status_code == 200
    assert response.json() == {"s011": "7"}
    assert stored(draft) == {"s011": "7"}


def test_a_value_the_form_refuses_is_answered_with_the_forms_message_and_nothing_saved(
    client, draft, user, key
):
    saving.draft_save_values(draft=draft, raw={"s010": "3"}, user=user)
    revision = type(draft).objects.get(pk=draft.pk).revision
    response = put(client, draft, {"s009": "很多", "s010": "4", "s011": "8"}, key)
    assert response.status_code == 400
    assert response.json() == {"errors": {"s009": NOT_NUMBER}}
    assert stored(draft) == {"s010": "3"}  # not even the valid keys of the same body
    assert stored_values(draft).raw.get("s009") is None
    assert type(draft).objects.get(pk=draft.pk).revision == revision


def test_the_write_is_in_the_history_as_the_api_by_the_keys_user(client, draft, user, key):
    put(client, draft, {"s009": "5.2"}, key)
    row = history.draft_history(draft, "s009").first()
    assert (row.history_change_reason, row.history_user, row.value) == (ChangeHow.API, user, "5.2")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"s9999": "5"}, "这些编号不是本讲话稿的空：s9999"),
        ("{not json", "请求体不是有效的 JSON"),
        ('["s009", "5"]', "请求体应是一个对象"),
        ({"s009": [5]}, "“s009”的值应是文字、数字或 null"),
        ({"s009": True}, "“s009”的值应是文字、数字或 null"),
        ({f"s{n:04}": "1" for n in range(4200)}, "请求体中的值太多（4200 个，上限为 4100 个）"),
        ({"s009": "五" * 2001}, "“s009”的值超过 2000 个字"),
    ],
)
def test_a_body_that_is_not_values_of_this_draft_gets_400_and_its_reason(
    client, draft, key, body, message
):
    response = put(client, draft, body, key)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert stored(draft) == {}


def test_without_a_key_or_session_the_answer_is_401(client, draft):
    response = get(client, draft)
    assert response.status_code == 401
    assert "接口密钥" in response.json()["error"]
    assert put(client, draft, {"s009": "5"}).status_code == 401
    assert stored(draft) == {}


def test_a_wrong_key_gets_401_even_with_a_session(logged_in, draft, key):
    response = get(logged_in, draft, key + "x")
    assert response.status_code == 401
    assert response.json()["error"] == "接口密钥无效或已撤销"


def test_a_revoked_key_gets_401(client, draft, user, key):
    assert get(client, draft, key).status_code == 200
    tokens.api_token_revoke(token=ApiToken.objects.get(user=user))
    assert get(client, draft, key).status_code == 401
    assert put(client, draft, {"s009": "5"}, key).status_code == 401
    assert stored(draft) == {}


def test_another_users_draft_is_404_by_key_and_by_session(client, draft, other_user):
    other_key = tokens.api_token_create(user=other_user, name="x")[1]
    assert get(client, draft, other_key).status_code == 404
    response = put(client, draft, {"s009": "5"}, other_key)
    assert response.status_code == 404
    assert response.json()["error"] == "没有这份讲话稿"
    client.force_login(other_user)
    assert get(client, draft).status_code == 404
    assert put(client, draft, {"s009": "5"}).status_code == 404
    assert stored(draft) == {}


def test_a_draft_that_does_not_exist_is_404(client, key):
    response = client.get("/api/drafts/999999/values/", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 404


def test_a_session_put_needs_the_csrf_token(user, draft):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert get(browser, draft).status_code == 200  # reading needs none
    refused = put(browser, draft, {"s009": "5"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]
    assert stored(draft) == {}
    browser.get(reverse("writer_settings"))  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = put(browser, draft, {"s009": "5"}, **{"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    assert stored(draft) == {"s009": "5"}


def test_a_key_needs_no_csrf_token(user, draft, key):
    browser = Client(enforce_csrf_checks=True)
    assert put(browser, draft, {"s009": "5"}, key).status_code == 200


def test_a_reader_reads_but_cannot_write_and_an_editor_writes(client, draft, colleague):
    lifecycle.draft_share(draft=draft, user=colleague, role=Access.READ)
    reader_key = tokens.api_token_create(user=colleague, name="x")[1]
    assert get(client, draft, reader_key).status_code == 200
    refused = put(client, draft, {"s009": "5"}, reader_key)
    assert refused.status_code == 403
    assert "只共享给你查看" in refused.json()["error"]
    assert stored(draft) == {}
    lifecycle.draft_share(draft=draft, user=colleague, role=Access.EDIT)
    assert put(client, draft, {"s009": "5"}, reader_key).status_code == 200
    assert stored(draft) == {"s009": "5"}


def test_a_body_over_the_limit_gets_413_and_its_message(client, draft, key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = put(client, draft, {"s009": "5" * 2000}, key)
    assert response.status_code == 413
    assert "请求体太大" in response.json()["error"]


def test_a_proxys_basic_login_header_leaves_the_session_to_name_the_user(logged_in, draft):
    response = logged_in.get(url(draft), headers={"Authorization": "Basic d3JpdGVyOng="})
    assert response.status_code == 200


def test_other_methods_are_not_allowed(client, draft, key):
    response = client.post(url(draft), {}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 405


def test_a_push_from_an_older_read_is_refused_with_412_and_changes_nothing(
    client, draft, user, key
):
    read = get(client, draft, key)
    version = read["ETag"]
    # Meanwhile the writer types a figure on the fill page.
    saving.draft_save_values(draft=draft, raw={"s009": "5.2"}, user=user)
    response = put(client, draft, {"s009": "9.9"}, key, **{"If-Match": version})
    assert response.status_code == 412
    assert response.json()["error"] == "讲话稿在你读取之后已有改动，请重新读取后再提交"
    assert stored(draft) == {"s009": "5.2"}
    # Read again: the new version is accepted, and the answer carries the next one.
    fresh = get(client, draft, key)["ETag"]
    assert fresh != version
    response = put(client, draft, {"s009": "9.9"}, key, **{"If-Match": fresh})
    assert response.status_code == 200
    assert stored(draft) == {"s009": "9.9"}
    assert response["ETag"] not in (fresh, version)


def test_a_401_names_the_bearer_scheme(client, draft):
    response = get(client, draft, "no-such-key")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_notes_are_read_and_written_with_the_values(client, draft, user, key):
    saving.draft_save_values(
        draft=draft, raw={"s009": "5.2", "s010": "3"}, user=user, notes={"s009": ("快报数", "")}
    )
    assert get(client, draft, key).json() == {
        "s009": "5.2",
        "s010": "3",
        "_notes": {"s009": {"note": "快报数"}},
    }
    body = {"s010": "4", "_notes": {"s010": {"note": "初步核算", "source": "统计局月报"}}}
    response = put(client, draft, body, key)
    assert response.status_code == 200, response.content
    assert response.json()["_notes"] == {
        "s009": {"note": "快报数"},
        "s010": {"note": "初步核算", "source": "统计局月报"},
    }
    assert stored_values(draft).notes["s010"] == ("初步核算", "统计局月报")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"s009": "5.2", "_notes": {"s009": "备注"}}, "“s009”的备注应写成"),
        ({"s009": "5.2", "_notes": {"s999": {"note": "x"}}}, "不是本讲话稿的空：s999"),
        ({"s009": "5.2", "_notes": {"s010": {"note": "x"}}}, "备注只能随值一起提交：s010"),
    ],
)
def test_notes_that_do_not_fit_get_400_and_nothing_is_saved(client, draft, key, body, message):
    response = put(client, draft, body, key)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert stored(draft) == {}
