"""System checks: warn when PDFs would be slow (no HarfBuzz subsetter) or show boxes (no CJK
fonts)."""

from django.core.checks import Warning, register

from speechapp.core.rendering.fonts import harfbuzz_subset_available, missing_cjk_fonts

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
    return problems
