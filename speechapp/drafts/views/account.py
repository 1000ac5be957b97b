"""The writer's own settings (the pace the speaking time is worked out at)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import WriterSettingsForm


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@require_http_methods(["GET", "POST"])
def writer_settings(request):
    form = WriterSettingsForm(
        request.POST or None, instance=services.writer_settings_for(request.user)
    )
    back = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect(back or "home")
    return render(request, "drafts/writer_settings.html", {"form": form, "next": back})
