"""Every page a user can reach passes axe-core's WCAG 2.0/2.1 A and AA rules, in Chinese and in
English: the writer's pages (in each state worth seeing: figures to check, a blank in error, a
paste to confirm, blanks missing or none), the colleague's read-only view and 403, an office's
link page on a phone and on a desktop with its submitted, revoked, expired and locked pages, the
login and lock-out pages, 404 and 400. Every named URL of the app is either visited here or
listed in tests/browser/axe_scan.py as no page, and each listed one is checked to be so."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from speechapp.api.tokens import api_token_create
from speechapp.collection.offices import office_assign
from speechapp.collection.rounds import link_key, link_revoke, round_lock, round_start
from speechapp.drafts.access import Transition
from speechapp.drafts.models import Access, Draft, DraftState, SpeechTemplate, Variable
from speechapp.filling.lifecycle import draft_share, draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.review.comments import comment_add
from speechapp.review.states import draft_transition
from tests.browser.axe_scan import (
    FILES,
    FRAGMENTS,
    NOT_PAGES,
    POST_ONLY,
    REDIRECTS,
    Walk,
    app_url_names,
)
from tests.browser.pages import PASSWORD
from tests.samples import SHORT_TEXT, filled_values
from tests.urlconf import app_url_patterns

pytestmark = pytest.mark.browser

STATS, FINANCE = "县统计局", "县财政局"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture
def world(user, seed_template, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", password=PASSWORD)
    last = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=last, raw=filled_values(last.speech, s009="7.7"), user=user)
    draft = draft_start(owner=user, template=seed_template, earlier=last)
    # 6月 to 3月: a figure to check; two saves of s009: a history and something changed.
    draft_save_values(draft=draft, raw={"s046": "6", "s047": "3", "s009": "5.2"}, user=user)
    draft_save_values(draft=draft, raw={"s009": "5.3"}, user=user)
    draft.orphans = [
        {"id": 1, "raw": "42", "before": "增长", "token": "×", "after": "%", "section": ""}
    ]
    draft.save(update_fields=["orphans"])
    variable = Variable.objects.create(draft=draft, name="区名")
    share = draft_share(draft=draft, user=colleague, role=Access.READ)
    office_assign(
        draft=draft,
        by_section={},
        by_slot={"s009": STATS, "s012": STATS, "s001": FINANCE, "s002": FINANCE},
    )
    now = timezone.now()
    open_round = round_start(
        draft=draft, user=user, offices=[STATS, FINANCE], deadline=now + timedelta(days=3)
    )
    late_round = round_start(draft=draft, user=user, offices=[STATS], deadline=now)
    late_round.deadline = now - timedelta(days=1)
    late_round.save(update_fields=["deadline"])
    closed_round = round_start(
        draft=draft, user=user, offices=[STATS, FINANCE], deadline=now + timedelta(days=3)
    )
    link_revoke(link=closed_round.links.get(office=STATS))
    round_lock(round_=closed_round)
    full = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=full, raw=filled_values(full.speech), user=user)
    # Review: a 审核 colleague with a comment on a figure, the draft sent to them; and a 定稿
    # draft, whose pages are read-only.
    reviewer = django_user_model.objects.create_user("kezhang", password=PASSWORD)
    draft_share(draft=draft, user=reviewer, role=Access.REVIEW)
    comment = comment_add(
        draft=draft,
        author=reviewer,
        access=Access.REVIEW,
        slot_id="s009",
        text="请核实统计口径",
        sentence=False,
    )
    draft_transition(
        draft=draft,
        user=user,
        access=Access.OWN,
        transition=Transition.SUBMIT,
        message="请审阅",
        reviewer=reviewer,
    )
    final = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=final, raw=filled_values(final.speech), user=user)
    Draft.objects.filter(pk=final.pk).update(state=DraftState.FINAL)
    token, _ = api_token_create(user=user, name="统计系统")
    return {
        "draft": draft,
        "full": full,
        "final": final,
        "comment": comment,
        "variable": variable,
        "share": share,
        "token": token,
        "open": {link.office: link_key(link) for link in open_round.links.all()},
        "expired": link_key(late_round.links.get()),
        "revoked": link_key(closed_round.links.get(office=STATS)),
        "locked": link_key(closed_round.links.get(office=FINANCE)),
        "round": open_round,
        "link": open_round.links.get(office=STATS),
    }


def log_in(page, username: str = "writer") -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))


def log_out(page) -> None:
    page.goto("/")
    page.locator("form[action$='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def in_language(context, live_server, language: str) -> None:
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def writer_pages(walk: Walk, world) -> None:
    page, draft, full = walk.page, world["draft"], world["full"]
    log_in(page)
    walk.scan("home")
    page.locator("[data-bs-toggle=dropdown]").first.click()
    expect(page.locator(".dropdown-menu.show")).to_be_visible()
    walk.scan("home, a draft's menu open")
    page.goto("/fonts/")
    walk.scan("fonts")
    page.goto("/settings/")
    walk.scan("settings, with an API key")
    page.locator("form[action$='/settings/keys/'] input[name=name]").fill("新密钥")
    page.locator("form[action$='/settings/keys/'] button").click()
    expect(page.locator(".new-api-key")).to_be_visible()
    walk.scan("settings, a new key shown")

    # Templates: import, its preview, the corrections page, delete
    page.goto("/templates/new/")
    walk.scan("template import")
    page.locator("#id_name").fill("半年经济形势")
    page.locator("#id_text").fill(SHORT_TEXT)
    page.locator("main form button.btn-primary").click()
    expect(page.locator("[data-marks-form]")).to_be_visible()
    walk.scan("template import preview")
    page.locator("button[name=refresh]:not(#mark-button)").click()
    expect(page).to_have_url(re.compile(r"/templates/new/preview/$"))
    walk.scan("template import preview, refreshed")
    page.locator("button[name=save]:not(#mark-button)").click()
    expect(page.locator("main [role=status]").first).to_be_visible()
    walk.scan("home, a template imported")
    template = SpeechTemplate.objects.get(name="半年经济形势")
    page.goto(f"/templates/{template.pk}/")
    walk.scan("template corrections")
    page.goto(f"/templates/{template.pk}/delete/")
    walk.scan("template delete")

    # The fill page: as it opens, figures to check, a blank in error, a paste, all sections
    page.goto(f"/drafts/{draft.pk}/")
    page.wait_for_function("() => window.htmx !== undefined")
    walk.scan("fill")
    page.goto(f"/drafts/{draft.pk}/?section=7")
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator("#figure-warnings .figure-warnings")).to_be_visible()
    page.locator("#field-s048").fill("abc")
    page.locator("#field-s048").blur()
    expect(page.locator("#row-s048.has-error, #feedback-s048 .slot-error").first).to_be_visible()
    walk.scan("fill, figures to check and a blank in error (autosave)")
    walk.post(f"/drafts/{draft.pk}/", {"section": "7", "s048": "abc", "save": "1"})
    expect(page.locator("#row-s048.has-error")).to_be_visible()
    walk.scan("fill, a blank in error (plain form)")
    page.goto(f"/drafts/{draft.pk}/?section=5")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData("text/plain", "5.2\\n1.3\\n");
          const input = document.getElementById("field-s010");
          input.focus();
          input.dispatchEvent(new ClipboardEvent("paste",
            {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    expect(page.locator("#paste-s010 tbody tr")).to_have_count(2)
    walk.scan("fill, a pasted column to confirm")
    walk.post(f"/drafts/{draft.pk}/slots/s010/paste/", {"text": "5.2\n1.3\n"})
    walk.scan("paste preview without JavaScript")
    page.goto(f"/drafts/{draft.pk}/?section=all")
    walk.scan("fill, all sections")

    for path, label in [
        ("details/", "details"),
        ("delete/", "delete"),
        ("earlier/", "上期数值"),
        ("preview/", "preview, blanks missing"),
        ("download/", "download, blanks missing"),
        ("history/", "history"),
        ("compare/?since=0", "what changed (修改对比)"),
        ("sharing/", "sharing"),
        ("review/", "review page, sent to a reviewer"),
        ("sheets/", "数据征集 with rounds and boards"),
        ("sheets/export/?fmt=pdf", "数据征集, the sheet export in error"),
    ]:
        page.goto(f"/drafts/{draft.pk}/{path}")
        walk.scan(label)
    page.goto(f"/drafts/{full.pk}/preview/")
    walk.scan("preview, all filled")
    page.goto(f"/drafts/{full.pk}/download/")
    walk.scan("download, all filled")
    final = world["final"]
    for path, label in [("", "fill, 定稿 (locked)"), ("download/", "download, 定稿")]:
        page.goto(f"/drafts/{final.pk}/{path}")
        walk.scan(label)


def reviewer_pages(walk: Walk, world) -> None:
    """The 审核 colleague: what waits for them, the draft with its comment, the review page."""
    page, draft = walk.page, world["draft"]
    log_out(page)
    log_in(page, "kezhang")
    walk.scan("home, 待我审核")
    page.goto(f"/drafts/{draft.pk}/?slot=s009")
    walk.scan("fill, as the reviewer, with a comment")
    page.goto(f"/drafts/{draft.pk}/review/")
    walk.scan("review page, as the reviewer")
    log_out(page)
    log_in(page)


def office_pages(walk: Walk, world) -> None:
    """The office's link page (no login) on a desktop and a phone, in error, submitted; the
    closed links' pages."""
    page = walk.page
    office = f"/o/{world['open'][STATS]}/"
    page.goto(office)
    walk.scan("office page, desktop")
    page.set_viewport_size(PHONE)
    page.goto(office)
    walk.scan("office page, phone")
    page.locator("#value-s009").fill("abc")
    page.locator("#value-s009").blur()
    expect(page.locator("#feedback-s009 .text-danger")).to_be_visible()
    walk.scan("office page, phone, a value in error (autosave)")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("main .alert-info")).to_be_visible()
    expect(page.locator("#feedback-s009 .text-danger")).to_be_visible()
    walk.scan("office page, phone, a value in error (plain form)")
    page.locator("#value-s009").fill("5.2")
    page.locator("#value-s012").fill("12.5")
    page.locator("#id_name").fill("张三")
    page.locator("#id_phone").fill("0571-12345678")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".office-submitted")).to_be_visible()
    walk.scan("office page, phone, submitted")
    page.set_viewport_size(DESKTOP)
    page.reload()
    walk.scan("office page, desktop, submitted")
    for state in ("revoked", "expired", "locked"):
        page.goto(f"/o/{world[state]}/")
        expect(page.locator(f'.office-closed-reason[data-reason="{state}"]')).to_be_visible()
        walk.scan(f"office link {state}")
    page.goto("/o/no-such-key/")
    walk.scan("office link unknown (404)")


def review_and_errors(walk: Walk, world) -> None:
    page, draft = walk.page, world["draft"]
    page.goto(f"/drafts/{draft.pk}/sheets/")
    walk.scan("数据征集, an office submitted")
    page.locator(
        f'#round-{world["round"].pk} tr[data-office="{STATS}"] form[action$="/review/"] button'
    ).click()
    expect(page).to_have_url(re.compile(r"/sheets/imports/\d+/$"))
    walk.scan("an office's values to review")
    assert page.goto(f"/drafts/{draft.pk + 1000}/").status == 404
    walk.scan("404")
    too_many = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10
    assert walk.post("/templates/new/", {f"f{i}": "x" for i in range(too_many)}) == 400
    walk.scan("400")


def colleague_pages(walk: Walk, world) -> None:
    page, draft = walk.page, world["draft"]
    log_out(page)
    log_in(page, "colleague")
    walk.scan("home, a draft shared with me")
    page.goto(f"/drafts/{draft.pk}/")
    walk.scan("fill, read only")
    assert walk.post(f"/drafts/{draft.pk}/details/", {"title": "x"}) == 403
    walk.scan("403")
    log_out(page)
    walk.scan("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("colleague")
        page.locator("#id_password").fill("wrong-password")
        page.locator("#id_password").press("Enter")
        page.wait_for_load_state("load")
    expect(page.locator("main .alert-warning")).to_be_visible()
    walk.scan("login locked out")


def check_not_pages(walk: Walk, world) -> None:
    """Each URL listed as no page answers a GET as no page: 405, a file, or a fragment."""
    draft, full, link = world["draft"], world["full"], world["link"]
    ids = {
        "pk": draft.pk,
        "slot_id": "s009",
        "token_id": world["token"].pk,
        "share_id": world["share"].pk,
        "orphan_id": 1,
        "variable_id": world["variable"].pk,
        "import_id": 1,
        "round_id": world["round"].pk,
        "link_id": link.pk,
        "action": "lock",
        "comment_id": world["comment"].pk,
        "key": world["open"][STATS],
        "fmt": "docx",
    }
    wrong = []
    for pattern in app_url_patterns():
        if pattern.name not in NOT_PAGES:
            continue
        kwargs = {k: ids[k] for k in pattern.pattern.regex.groupindex}
        if pattern.name in FILES and "pk" in kwargs:
            kwargs["pk"] = full.pk
        if pattern.name.startswith("template_"):
            kwargs["pk"] = SpeechTemplate.objects.filter(owner=None).get().pk
        response = walk.page.request.get(reverse(pattern.name, kwargs=kwargs), max_redirects=0)
        kind = response.headers.get("content-type", "")
        body = response.text() if "html" in kind else ""
        if pattern.name in POST_ONLY and response.status != 405:
            wrong.append(f"{pattern.name}: GET answers {response.status}, not 405")
        elif pattern.name in FILES and (response.status in (404, 405) or "html" in kind):
            wrong.append(f"{pattern.name}: GET answers {response.status} {kind}")
        elif pattern.name in REDIRECTS and response.status != 302:
            wrong.append(f"{pattern.name}: GET answers {response.status}, not a redirect")
        elif pattern.name in FRAGMENTS and (response.status != 200 or "<html" in body):
            wrong.append(f"{pattern.name}: GET answers {response.status}, a whole page")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_passes_axe_wcag_a_and_aa(context, page, world, live_server, language):
    in_language(context, live_server, language)
    # Offline: axe-core comes from the package, never a CDN; any request off the live server
    # is refused and named.
    outside = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(re.compile("^(?!" + re.escape(live_server.url) + ")"), refuse)
    walk = Walk(page, language)
    writer_pages(walk, world)
    reviewer_pages(walk, world)
    office_pages(walk, world)
    review_and_errors(walk, world)
    if language == "zh-hans":
        check_not_pages(walk, world)
    colleague_pages(walk, world)

    assert not outside, f"requests off the app's own server: {outside}"
    names = app_url_names()
    assert names >= NOT_PAGES, f"listed as no page but no such URL: {NOT_PAGES - names}"
    forgotten = names - NOT_PAGES - walk.visited
    assert not forgotten, f"pages no test scans (visit them, or list them in axe_scan): {forgotten}"
    assert not walk.violations, (
        f"{len(walk.violations)} axe violations on {len(walk.scanned)} pages:\n"
        + "\n".join(walk.violations)
    )
