"""Which font prints each role in the PDF on this machine."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from speechapp.core.rendering.fonts import FontRole
from speechapp.core.rendering.probe import font_report, harfbuzz_subset_available
from speechapp.core.rendering.slim import load_slim_fonts

# What each role prints, in the words of a settings page.
ROLE_LABELS = {
    FontRole.TITLE: _("标题"),
    FontRole.BODY: _("正文、三级和四级标题"),
    FontRole.HEADING1: _("一级标题（一、）"),
    FontRole.HEADING2: _("二级标题（（一））、署名行"),
    FontRole.PAGE_NUMBER: _("页码"),
    FontRole.LATIN: _("西文字母和数字"),
}


@require_GET
def fonts(request):
    """Which font prints each role in the PDF, and where a free stand-in is used."""
    report = font_report(
        settings.SPEECHAPP_FONTS_DIR, load_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR)
    )
    return render(
        request,
        "drafts/fonts.html",
        {
            "rows": [(ROLE_LABELS[status.role], status) for status in report],
            "fonts_dir": settings.SPEECHAPP_FONTS_DIR,
            "harfbuzz": harfbuzz_subset_available(),
            "needs_slim": any(status.wants_slim_copy for status in report),
        },
    )
