"""Steps the browser tests share: logging in, opening the fill page."""

from __future__ import annotations

import re

PASSWORD = "s3cret-pass"


def log_in(page, username: str = "writer", password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the home page."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的讲话稿")).to_be_visible()


def open_fill(page, draft, section: str | None = None) -> None:
    """Open the fill page of ``draft`` (optionally one section) and wait for its script."""
    url = f"/drafts/{draft.pk}/" + (f"?section={section}" if section else "")
    page.goto(url)
    wait_for_fill_script(page)


def wait_for_fill_script(page) -> None:
    page.wait_for_function("() => window.htmx !== undefined")


def draft_pk_from(url: str) -> int:
    match = re.search(r"/drafts/(\d+)/", url)
    assert match, url
    return int(match.group(1))


def select_text(page, block: int, words: str) -> None:
    """Select ``words`` in line ``block`` of a template's marked-up text, as a mouse would
    (the page's script hears the selection change)."""
    page.wait_for_selector("[data-marks-form][data-ready]", state="attached")
    page.evaluate(
        """([block, words]) => {
          const line = document.querySelector(`[data-marks-text] [data-block="${block}"]`);
          const span = Array.from(line.querySelectorAll("[data-off]"))
            .find((s) => s.textContent.includes(words));
          const node = span.firstChild;
          const start = node.textContent.indexOf(words);
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + words.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        [block, words],
    )
