import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speechapp.core.rendering.slim import SlimFontError, build_slim_fonts, slim_sources


class Command(BaseCommand):
    help = (
        "Make slim TrueType copies (GB 2312) of the installed stand-in fonts in "
        "SPEECHAPP_SLIM_FONTS_DIR, so PDFs are made faster. Copies that are up to date are kept."
    )
    requires_system_checks = []  # W003 would warn about the very copies this command makes

    def handle(self, *args, **options):
        target = settings.SPEECHAPP_SLIM_FONTS_DIR
        sources = slim_sources()
        if not sources:
            raise CommandError(
                "no stand-in font is installed: apt-get install fonts-noto-cjk fonts-lxgw-wenkai"
            )
        start = time.perf_counter()
        try:
            made = build_slim_fonts(target, sources)
        except (SlimFontError, OSError) as exc:
            raise CommandError(f"cannot make the slim fonts: {exc}") from None
        if not made:
            self.stdout.write(f"slim fonts in {target} are up to date")
            return
        for source in made:
            roles = ", ".join(role.value for role in source.roles)
            self.stdout.write(f"made {source.family} ({roles}) from {source.source}")
        self.stdout.write(f"{len(made)} slim fonts in {time.perf_counter() - start:.1f} s")
