"""The home page (templates and drafts) and the writer's settings page (speaking pace, API keys)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from speechapp.api import tokens
from speechapp.api.forms import ApiTokenForm
from speechapp.drafts import access
from speechapp.drafts.http import token_for
from speechapp.filling import lifecycle, listing
from speechapp.filling.forms import EarlierForm, WriterSettingsForm
from speechapp.filling.length import speaking_rate
from speechapp.filling.listing import with_names
from speechapp.review import states


@require_GET
def home(request):
    templates = list(access.templates_for(request.user))
    # 上期 beside each 开始填写: the drafts of that template (any other readable draft can be
    # chosen on the draft's 上期数值 page). The choices are read once.
    field = EarlierForm(request.user).fields["earlier"]
    by_template: dict[int | None, list] = {}
    for earlier in with_names(field.queryset):
        by_template.setdefault(earlier.template_id, []).append(
            (earlier.pk, field.label_from_instance(earlier))
        )
    for template in templates:
        template.earlier_choices = [("", field.empty_label), *by_template.get(template.pk, [])]
    return render(
        request,
        "drafts/home.html",
        {
            "templates": templates,
            "drafts": with_names(listing.drafts_for(request.user)),
            "shared": with_names(listing.drafts_shared_with(request.user)),
            "to_review": with_names(states.drafts_to_review(request.user)),
        },
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@require_http_methods(["GET", "POST"])
def writer_settings(request):
    form = WriterSettingsForm(
        request.POST or None, initial={"chars_per_minute": speaking_rate(request.user)}
    )
    back = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        lifecycle.writer_settings_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("已保存"))
        return redirect(back or "home")
    return settings_page(request, form=form, next=back)


# The key just created waits here for the page after the redirect, which shows it once.
NEW_KEY_SESSION = "speechapp.new_api_key"


def settings_page(request, *, form=None, status: int = 200, **context):
    """The settings page: the pace form, and the API keys (a new key shown once)."""
    new = request.session.pop(NEW_KEY_SESSION, None)
    if new:
        context["new_key"] = new["key"]
        context["new_token"] = tokens.user_api_tokens(request.user).filter(pk=new["id"]).first()
    initial = {"chars_per_minute": speaking_rate(request.user)}
    context["form"] = form if form is not None else WriterSettingsForm(initial=initial)
    context.setdefault("token_form", ApiTokenForm())
    context["tokens"] = tokens.user_api_tokens(request.user)
    return render(request, "drafts/writer_settings.html", context, status=status)


@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return settings_page(request, token_form=form, status=400)
    token, key = tokens.api_token_create(user=request.user, name=form.cleaned_data["name"])
    # Post, redirect, show once: the session holds the key until the next page takes it, so
    # a reload neither creates a second key nor shows this one again.
    request.session[NEW_KEY_SESSION] = {"id": token.pk, "key": key}
    return redirect("writer_settings")


@require_POST
def api_token_revoke(request, token_id: int):
    tokens.api_token_revoke(token=token_for(request, token_id))
    messages.success(request, _("密钥已撤销，用它的请求将被拒绝"))
    return redirect("writer_settings")
