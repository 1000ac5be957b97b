"""Opening the app's DOCX in an office suite, as a writer on a domestic Linux desktop does.

LibreOffice converts it to PDF headless, with its own throw-away profile, so parallel or
repeated runs never share (or lock) the user's profile.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# On PATH wherever libreoffice-writer-nogui is installed (the tests that call this need it).
SOFFICE = shutil.which("soffice") or "soffice"
# A cold start with a fresh profile takes a few seconds; a loaded shared machine much longer.
TIMEOUT_S = 240


def libreoffice_pdf(docx: bytes, workdir: Path) -> bytes:
    """The PDF LibreOffice lays out from ``docx``; ``workdir`` holds the files and profile."""
    return libreoffice_convert(docx, workdir, "pdf")


def libreoffice_convert(docx: bytes, workdir: Path, fmt: str) -> bytes:
    """``docx`` as LibreOffice reopens and saves it in ``fmt`` ("pdf", "odt")."""
    source = workdir / "speech.docx"
    source.write_bytes(docx)
    out_dir = workdir / fmt
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    target = out_dir / f"speech.{fmt}"
    if not target.is_file():
        raise AssertionError(f"LibreOffice made no {fmt} ({result.returncode}): {result.stderr}")
    return target.read_bytes()
