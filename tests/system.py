"""The Debian packages the tests rely on, each named with a file it installs.

`make test` (scripts/setup.sh test) installs every one of them, and
tests/test_setup.py checks that setup's package lists name each package used here. A test that
needs one is marked with its marker below: where the file is missing the test is skipped on a
developer's machine, but fails under ``CI=true``, where a missing package means setup forgot it
(see ``pytest_runtest_setup`` in tests/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

MARKER = "needs_package"


def needs_package(package: str, *, path: str) -> pytest.MarkDecorator:
    """Mark a test as needing the Debian ``package``, which installs ``path``."""
    return getattr(pytest.mark, MARKER)(package, path=path)


def require(markers: Iterable[pytest.Mark]) -> None:
    """Skip (or, under ``CI=true``, fail) unless every package the markers name is here."""
    absent = sorted({m.args[0] for m in markers if not Path(m.kwargs["path"]).exists()})
    if not absent:
        return
    names = " ".join(absent)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{names} missing: scripts/setup.sh installs it for `make test`", False)
    pytest.skip(f"{names} not installed (`make test` installs it)")


# Metric twin of Times New Roman: Latin letters and digits print with its widths.
LIBERATION_SERIF = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
needs_liberation = needs_package("fonts-liberation", path=LIBERATION_SERIF)
# A free Kai face, standing in for 楷体_GB2312.
GKAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
needs_gkai = needs_package("fonts-arphic-gkai00mp", path=GKAI)
# The CJK stand-ins (宋/黑) and their bold title face.
NOTO_SERIF_CJK = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
needs_noto_cjk = needs_package("fonts-noto-cjk", path=NOTO_SERIF_CJK)
# A face without Times's metrics, for the check that warns when it is all there is.
DEJAVU_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
needs_dejavu = needs_package("fonts-dejavu-core", path=DEJAVU_SERIF)
needs_fontconfig = needs_package("fontconfig", path="/usr/bin/fc-match")
needs_poppler = needs_package("poppler-utils", path="/usr/bin/pdftotext")
# LibreOffice's Writer with its Word (DOCX) import filter, for the office-suite layout test.
needs_libreoffice = needs_package(
    "libreoffice-writer-nogui", path="/usr/lib/libreoffice/program/libmswordlo.so"
)
# A real Redis, the cache several app servers share (SPEECHAPP_CACHE_URL).
REDIS_SERVER = "/usr/bin/redis-server"
needs_redis = needs_package("redis-server", path=REDIS_SERVER)
