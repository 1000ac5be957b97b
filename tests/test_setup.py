"""Setup installs every system package the tests use: a fresh machine passes `make test`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.system import needs_package, require

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "scripts" / "setup.sh"
NEEDS = re.compile(r'needs_package\(\s*"([^"]+)",\s*path=(?:"([^"]+)"|([A-Z_]+))')


def setup_packages() -> set[str]:
    """The packages in setup's two lists, as bash reads them."""
    lists = "\n".join(
        line for line in SETUP.read_text().splitlines() if line.startswith(("PACKAGES=", "TEST_"))
    )
    out = subprocess.run(
        ["bash", "-c", lists + '\necho "${PACKAGES[@]} ${TEST_PACKAGES[@]}"'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def needed_packages() -> dict[str, str]:
    """package -> file, for every ``needs_package`` in the tests."""
    source = (ROOT / "tests" / "system.py").read_text()
    constants = dict(re.findall(r'^([A-Z_]+) = "([^"]+)"', source, re.MULTILINE))
    needed = {}
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name == Path(__file__).name:
            continue  # its own markers below name packages on purpose absent
        for name, literal, constant in NEEDS.findall(path.read_text()):
            needed[name] = literal or constants[constant]
    return needed


def test_the_tests_name_the_packages_they_need():
    needed = needed_packages()
    assert {"fonts-liberation", "libreoffice-writer-nogui", "fonts-noto-cjk"} <= set(needed)


def test_setup_installs_every_package_a_test_needs():
    assert set(needed_packages()) - setup_packages() == set()
    # The browser tests drive Debian's chromium (tests/browser/conftest.py).
    assert "chromium" in setup_packages()


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian machine")
def test_each_needed_file_comes_from_the_package_named_for_it():
    for name, path in needed_packages().items():
        if not Path(path).exists():
            continue  # skipped or failed by the test that needs it
        owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True).stdout
        assert owner.split(":")[0] == name, (path, owner)


ABSENT = needs_package("no-such-package", path="/nonexistent/file").mark


def test_a_missing_package_skips_the_test_on_a_developer_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-package"):
        require([ABSENT])


def test_a_missing_package_fails_the_test_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-package missing"):
        require([ABSENT])


def test_a_present_package_lets_the_test_run(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require([needs_package("bash", path="/bin/bash").mark])
