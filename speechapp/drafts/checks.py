"""System checks: warn when PDFs would be slow (no HarfBuzz subsetter, no slim font copies),
show boxes (no CJK fonts) or break lines elsewhere than Word (no Times New Roman metrics)."""

from django.conf import settings
from django.core.checks import Warning, register

from speechapp.core.rendering.probe import (
    harfbuzz_subset_available,
    latin_metric_face,
    missing_cjk_fonts,
)
from speechapp.core.rendering.slim import outdated_slim_fonts

APT_LINE = (
    "apt-get install -y libharfbuzz-subset0 fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-gkai00mp"
)


@register()
def pdf_dependencies(app_configs, **kwargs):
    problems = []
    if not harfbuzz_subset_available():
        problems.append(
            Warning(
                "HarfBuzz subsetting (libharfbuzz-subset0) is not installed: "
                "WeasyPrint falls back to fontTools and every PDF takes about 10× longer.",
                hint=APT_LINE,
                id="speechapp.W001",
            )
        )
    missing = missing_cjk_fonts()
    if missing:
        problems.append(
            Warning(
                "No font for these Chinese roles is installed: "
                + ", ".join(missing)
                + ". PDFs would show empty boxes instead of characters.",
                hint=APT_LINE,
                id="speechapp.W002",
            )
        )
    outdated = outdated_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR) if not missing else []
    if outdated:
        problems.append(
            Warning(
                "The slim copies of the stand-in fonts are missing or out of date ("
                + ", ".join(source.family for source in outdated)
                + "): every PDF takes about 40% longer.",
                hint="python manage.py prepare_fonts",
                id="speechapp.W003",
            )
        )
    if latin_metric_face() is None:
        problems.append(
            Warning(
                'No font with the metrics of "Times New Roman" is installed: digits and Latin '
                "letters print in a wider face, so PDF lines and pages break elsewhere than in "
                "Word.",
                hint="apt-get install -y fonts-liberation",
                id="speechapp.W004",
            )
        )
    return problems
