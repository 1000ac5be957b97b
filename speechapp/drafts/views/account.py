"""The writer's own settings (the pace the speaking time is worked out at)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import WriterSettingsForm
from ..length import speaking_rate


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@require_http_methods(["GET", "POST"])
def writer_settings(request):
    initial = {"chars_per_minute": speaking_rate(request.user)}
    form = WriterSettingsForm(request.POST or None, initial=initial)
    back = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        services.writer_settings_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("已保存"))
        return redirect(back or "home")
    return render(request, "drafts/writer_settings.html", {"form": form, "next": back})
