"""The office's page behind its private link: no login; only that office's blanks; rate
limited per link and per address (django-ratelimit); never stored by a browser or proxy and
never sending a Referer to another site; a dead link gets a page saying why, never a 500."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from speechapp.collection import office_page as page
from speechapp.collection.office_forms import OfficeSubmitForm, OfficeValuesForm
from speechapp.collection.rounds import (
    LinkState,
    closes_at,
    key_hash,
    link_by_key,
    link_state,
    office_slot_ids,
)

CLOSED_STATUS = 410


def rate_limited(request, exception=None):
    response = render(request, "drafts/office_closed.html", {"reason": "rate"}, status=429)
    response["Retry-After"] = "60"
    return response


def _limited(request, key: str) -> bool:
    """Counts this request per link and per address; True past either limit."""
    per_key = is_ratelimited(
        request,
        group="office-link-key",
        key=lambda _group, _request: key_hash(key),
        rate=settings.SPEECHAPP_OFFICE_RATE_PER_KEY,
        increment=True,
    )
    per_address = is_ratelimited(
        request,
        group="office-link-address",
        key="ip",
        rate=settings.SPEECHAPP_OFFICE_RATE_PER_ADDRESS,
        increment=True,
    )
    return per_key or per_address


def office_view(view):
    """No login; rate limits first; the link found by its key (404 for none); private headers
    on every answer."""

    @login_not_required
    @wraps(view)
    def wrapped(request, key: str, *args, **kwargs):
        if _limited(request, key):
            response = rate_limited(request)
        else:
            link = link_by_key(key)
            if link is None:
                response = render(
                    request, "drafts/office_closed.html", {"reason": "unknown"}, status=404
                )
            else:
                try:
                    response = view(request, link, *args, **kwargs)
                except Http404:
                    response = render(
                        request, "drafts/office_closed.html", {"reason": "unknown"}, status=404
                    )
        add_never_cache_headers(response)  # Cache-Control: no-store, …
        # No Referer to any other site. Not "no-referrer": with it Chromium posts the page's
        # forms with "Origin: null", which the CSRF check must refuse.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def closed_page(request, link, state: LinkState):
    context = {"reason": state.value, "link": link, "closes_at": closes_at(link.round)}
    return render(request, "drafts/office_closed.html", context, status=CLOSED_STATUS)


def page_context(link, form=None, submit_form=None, saved=False):
    if form is not None:
        office = page.office_page(link, typed=form.typed(), errors=form.slot_errors())
    else:
        office = page.office_page(link)
    return {
        "page": office,
        "link": link,
        "round": link.round,
        "closes_at": closes_at(link.round),
        "form": form,
        "submit_form": submit_form
        or OfficeSubmitForm(initial={"name": link.submitted_name, "phone": link.submitted_phone}),
        "saved": saved,
    }


@office_view
@require_http_methods(["GET", "POST"])
def office_page(request, link):
    """GET: the office's blanks. POST: the plain form (no JavaScript): save, or save and 提交."""
    state = link_state(link)
    if state is not LinkState.OPEN:
        return closed_page(request, link, state)
    if request.method == "GET":
        page.office_opened(link)
        return render(request, "drafts/office_page.html", page_context(link))
    form = OfficeValuesForm(office_slot_ids(link), request.POST)
    form.is_valid()
    try:
        page.office_save(link=link, values=form.values())
    except page.LinkClosed as closed:
        return closed_page(request, link, closed.state)
    submit_form = None
    if request.POST.get("action") == "submit":
        submit_form = OfficeSubmitForm(request.POST)
        if submit_form.is_valid() and not form.errors:
            page.office_submit(
                link=link,
                name=submit_form.cleaned_data["name"],
                phone=submit_form.cleaned_data["phone"],
            )
            return redirect("office_page", key=request.resolver_match.kwargs["key"])
    if form.errors or (submit_form is not None and submit_form.errors):
        context = page_context(link, form=form, submit_form=submit_form)
        return render(request, "drafts/office_page.html", context, status=400)
    return render(request, "drafts/office_page.html", page_context(link, saved=True))


@office_view
@require_POST
def office_slot_save(request, link, slot_id: str):
    """An autosave of one blank (htmx): its value, 备注 and 来源; answers the feedback beside
    it. A blank that is not this office's is 404."""
    ids = office_slot_ids(link)
    if slot_id not in ids:
        raise Http404("not this office's blank")
    form = OfficeValuesForm([slot_id], request.POST)
    form.is_valid()
    try:
        checks = page.office_save(link=link, values=form.values())
    except page.LinkClosed as closed:
        return closed_page(request, link, closed.state)
    problem, notice = page.check_message(checks.get(slot_id))
    errors = form.slot_errors().get(slot_id, [])
    status = 400 if errors else 200
    context = {
        "slot_id": slot_id,
        "problem": problem,
        "notice": notice,
        "errors": errors,
        "saved": not errors,
        "after_submit": link.submitted_at is not None,
    }
    return render(request, "drafts/_office_feedback.html", context, status=status)
