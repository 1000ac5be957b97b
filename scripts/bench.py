"""`make bench`: how fast the app is on the filled seed speech (medians, in seconds).

Prints a table and writes bench.json with the keys parse_s, fill_page_s, autosave_s, docx_s,
pdf_s, pdf_full_fonts_s (the PDF without the slim font copies, for comparison) and
libreoffice_pdf_s (null when soffice is absent). A benchmark, not a test: the
numbers depend on the machine; compare ratios measured in one run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = Path(tempfile.mkdtemp(prefix="speechapp-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechapp.settings")
os.environ["SPEECHAPP_VAR_DIR"] = str(VAR)
# The slim font copies made by `manage.py prepare_fonts` (the Makefile runs it first).
os.environ.setdefault("SPEECHAPP_SLIM_FONTS_DIR", str(ROOT / "var" / "fonts"))
os.environ["DJANGO_DEBUG"] = "1"
# The test client's host; no setup_test_environment(), whose template instrumentation would
# slow every render and measure the harness instead of the app.
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"


def median_time(work: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def libreoffice_pdf(docx: bytes, runs: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    work_dir = Path(tempfile.mkdtemp(prefix="speechapp-lo-"))
    source = work_dir / "speech.docx"
    source.write_bytes(docx)
    profile = (work_dir / "profile").as_uri()

    def convert() -> None:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    return median_time(convert, runs)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from speechapp.core.parsing import _parse_cached, parse_speech
    from speechapp.core.rendering import RenderOptions
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf
    from speechapp.drafts.models import SpeechTemplate
    from speechapp.drafts.services import draft_save_values, draft_start
    from tests.samples import SEED_PATH, filled_values

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    seed_text = SEED_PATH.read_text("utf-8")
    speech = parse_speech(seed_text)
    values = filled_values(speech)

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench", password="bench-pass-123")
    draft = draft_start(owner=user, template=SpeechTemplate.objects.get())
    draft_save_values(draft=draft, raw=values)
    client = Client()
    client.force_login(user)
    fill_url = reverse("draft_fill", args=[draft.pk]) + "?section=all"
    save_url = reverse("slot_save", args=[draft.pk, "s009"])
    assert client.get(fill_url).status_code == 200

    from django.conf import settings

    from speechapp.core.rendering.slim import load_slim_fonts

    # What the app renders with: licensed fonts if any, the slim copies of the stand-ins.
    options = RenderOptions(
        fonts_dir=settings.SPEECHAPP_FONTS_DIR, slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR
    )
    full_fonts = RenderOptions(fonts_dir=settings.SPEECHAPP_FONTS_DIR)
    slim_faces = load_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR)
    docx = render_docx(speech, values, options)
    results = {
        "parse_s": median_time(lambda: _parse_cached.__wrapped__(seed_text), runs=50),
        "fill_page_s": median_time(lambda: client.get(fill_url), runs=9),
        "autosave_s": median_time(lambda: client.post(save_url, {"s009": "5.3"}), runs=21),
        "docx_s": median_time(lambda: render_docx(speech, values, options), runs=9),
        "pdf_s": median_time(lambda: render_pdf(speech, values, options), runs=9),
        "pdf_full_fonts_s": median_time(lambda: render_pdf(speech, values, full_fonts), runs=5),
        "libreoffice_pdf_s": libreoffice_pdf(docx, runs=5),
    }
    from pypdf import PdfReader

    pdf_pages = len(PdfReader(io.BytesIO(render_pdf(speech, values, options))).pages)

    print(f"speechapp bench — the seed speech, {len(speech.slots)} slots filled")
    print(f"{'work':<34}{'median':>12}")
    labels = {
        "parse_s": "parse the template",
        "fill_page_s": "fill page, all 178 slots (server)",
        "autosave_s": "autosave one field (server)",
        "docx_s": "DOCX render",
        "pdf_s": "PDF render (in-process)",
        "pdf_full_fonts_s": "  the same without slim fonts",
        "libreoffice_pdf_s": "LibreOffice DOCX → PDF",
    }
    for key, label in labels.items():
        value = results[key]
        shown = "absent" if value is None else f"{value * 1000:9.1f} ms"
        print(f"{label:<34}{shown:>12}")
    if results["libreoffice_pdf_s"] is None:
        print("soffice not found: the LibreOffice comparison is skipped.")
    else:
        print(
            f"PDF is {results['libreoffice_pdf_s'] / results['pdf_s']:.1f}× faster than LibreOffice"
        )
    print(f"PDF pages: {pdf_pages}")
    if slim_faces:
        print(f"slim font copies in use for {len(slim_faces)} roles")
    else:
        print("no slim font copies: run `manage.py prepare_fonts` (make bench does)")
    (ROOT / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    print("wrote bench.json")
    shutil.rmtree(VAR, ignore_errors=True)


if __name__ == "__main__":
    main()
