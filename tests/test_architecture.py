"""The shape of the code (speechapp/ARCHITECTURE.md), held by tests: the layers of
[tool.importlinter] with nothing ignored, no import circle, no catch-all module, no module
over 400 lines."""

import tomllib
from pathlib import Path

import grimp
from importlinter import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "speechapp"
MAX_LINES = 400


def test_the_layers_hold_with_nothing_ignored():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert all("ignore_imports" not in contract for contract in config["contracts"])
    assert cli.lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph("speechapp", exclude_type_checking_imports=True)
    circles = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if b.startswith("speechapp.") and graph.chain_exists(importer=b, imported=a)
    )
    assert circles == []


def test_modules_are_named_for_what_they_own_and_stay_short():
    modules = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    assert not [p for p in modules if p.stem in ("services", "selectors", "utils", "helpers")]
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
