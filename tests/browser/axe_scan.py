"""axe-core (from axe-playwright-python, which ships axe.min.js: nothing is fetched) run on a
page with the WCAG 2.0 / 2.1 A and AA rules, and the app's URL names a walk must cover."""

from __future__ import annotations

from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

from tests.urlconf import app_url_patterns

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# Every named URL of the app that is not a page a person looks at, and why. Each one is checked
# to answer a GET as it says (tests/browser/test_every_page_accessible.py), so that a new page
# cannot hide here: it must be visited by the walk or listed with a reason that holds.
POST_ONLY = {
    "api_token_create", "api_token_revoke",
    "template_marks", "template_text", "template_rename", "template_copy",
    "draft_start", "draft_duplicate", "draft_update", "orphan_place", "orphan_drop",
    "earlier_take_all", "earlier_confirm_all", "slot_take_earlier", "slot_confirm_carried",
    "leftover_confirm", "share_revoke", "draft_restore", "slot_save", "group_apply",
    "slot_link", "slot_as_text", "variable_create", "variable_set", "offices_save",
    "sheet_import", "sheet_undo", "round_create", "round_action", "link_action",
    "office_slot_save", "logout", "comment_add", "comment_reply", "comment_resolve",
    "draft_transition", "draft_freeze", "draft_new_version",
}  # fmt: skip
# Downloads and data, never HTML (sheet_export too, but with a bad query it answers the 数据征集
# page with the form's error: the walk visits it so).
FILES = {
    "draft_export", "draft_values_file", "draft_compare_docx",
    "api_draft_values", "healthz", "readyz",
}  # fmt: skip
# The fill page's parts its script fetches (htmx fragments, JSON).
FRAGMENTS = {"fill_summary", "draft_changes", "preview_fragment"}
# Django's set_language: a POST sets the language; a GET only redirects back (302).
REDIRECTS = {"set_language"}
NOT_PAGES = POST_ONLY | FILES | FRAGMENTS | REDIRECTS


def app_url_names() -> set[str]:
    return {p.name for p in app_url_patterns() if p.name}


def url_name(url: str) -> str | None:
    try:
        return resolve(urlparse(url).path).url_name
    except Resolver404:
        return None


class Walk:
    """Runs axe on each page it is shown; remembers the URL names seen and every violation."""

    def __init__(self, page, language: str):
        self.page = page
        self.language = language
        self.axe = Axe()
        self.visited: set[str] = set()
        self.scanned: list[str] = []
        self.violations: list[str] = []

    def scan(self, label: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        name = url_name(page.url)
        if name:
            self.visited.add(name)
        where = f"[{self.language}] {label} ({urlparse(page.url).path})"
        self.scanned.append(where)
        # Colours are read once transitions end (a button's just pressed, a fading alert).
        page.wait_for_function(
            "() => document.getAnimations().every((a) => a.playState !== 'running')"
        )
        # What a click shows is checked too: every <details> open.
        page.evaluate(
            """() => document.querySelectorAll("details").forEach((d) => { d.open = true; })"""
        )
        results = self.axe.run(page, options=AXE_OPTIONS)
        # WCAG 2.0/2.1's 4.1.1 (Parsing) asks for unique ids; axe 4.12 dropped its rule for it.
        duplicates = page.evaluate(
            """() => {
              const seen = {};
              document.querySelectorAll("[id]").forEach((el) => { seen[el.id] = (seen[el.id] || 0) + 1; });
              return Object.keys(seen).filter((id) => seen[id] > 1);
            }"""
        )
        for duplicate in duplicates:
            self.violations.append(f"{where}: duplicate-id at #{duplicate}: the id is not unique")
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                why = "; ".join(c["message"] for c in node["any"] + node["all"] + node["none"])
                self.violations.append(f"{where}: {violation['id']} at {target}: {why}")

    def post(self, url: str, fields: dict[str, str | list[str]]) -> int:
        """Submit a plain form the page builds (with its CSRF token), as a browser would;
        the answer's status."""
        with self.page.expect_navigation() as navigation:
            self.page.evaluate(
                """([url, fields]) => {
              const form = document.createElement("form");
              form.method = "post";
              form.action = url;
              const token = document.querySelector("[name=csrfmiddlewaretoken]");
              const all = Object.entries(fields).flatMap(([k, v]) =>
                (Array.isArray(v) ? v : [v]).map((one) => [k, one]));
              if (token) all.push(["csrfmiddlewaretoken", token.value]);
              for (const [name, value] of all) {
                const input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                input.value = value;
                form.append(input);
              }
              document.body.append(form);
              form.submit();
            }""",
                [url, fields],
            )
        return navigation.value.status
