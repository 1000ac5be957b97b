#!/usr/bin/env bash
# Set up everything speechapp needs on a Debian/Ubuntu machine. Idempotent, and
# quick (about a second) when everything is already there.
#
#   scripts/setup.sh        system packages for running the app + .venv
#   scripts/setup.sh test   the same, plus what the tests need (chromium, poppler-utils,
#                           LibreOffice)
#   scripts/setup.sh bench  the same as plain, plus LibreOffice and python3-uno for the
#                           comparison in `make bench`
#   scripts/setup.sh cluster  the same as plain, plus Redis and nginx for `make cluster`
#                           and `make load LOAD_TARGET=cluster` (PostgreSQL: scripts/postgres.sh)
#
# 1. System packages: missing ones are installed with apt-get when run as root;
#    otherwise the apt-get line to run is printed and the script exits 1.
# 2. Python: .venv is created with Python >= 3.11, and `pip install -e '.[test]'`
#    runs only when pyproject.toml is newer than .venv/.installed.
#
# Environment:
#   PYTHON=/path/to/python3.X    use this interpreter to create .venv
#   SETUP_EXTRA_PACKAGES="a b"   more apt packages to require
#   SETUP_FORCE_NONROOT=1        behave as if not root (to test the non-root path)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

MODE="${1:-run}"
case "$MODE" in
    run | test | bench | cluster) ;;
    *)
        echo "usage: $0 [test|bench|cluster]" >&2
        exit 2
        ;;
esac

VENV=.venv
STAMP="$VENV/.installed"

# WeasyPrint's libraries (the HarfBuzz subsetter makes PDFs ~10x faster), the
# fonts the PDFs are typeset in (fonts-liberation: Liberation Serif has the metrics
# of Times New Roman, the Latin font; it is only a Recommends, which
# --no-install-recommends skips), fontconfig's fc-match (which font prints each
# role), and gettext for compilemessages.
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-gkai00mp fonts-liberation gettext)
# Browser tests drive Debian's chromium; PDF tests use pdftotext/pdftoppm; the
# office-suite test converts the DOCX with LibreOffice's Writer; DejaVu is the
# face without Times's metrics that the W004 check is tested against; the shared render
# cache of several app servers is tested against a real Redis (redis-server); `manage.py
# backup` and `restore` on PostgreSQL use pg_dump and pg_restore (postgresql-client); the
# deployed nginx site is checked with `nginx -t`, and the slow cluster test runs nginx too.
# tests/test_setup.py checks that every package a test needs is listed here.
TEST_PACKAGES=(chromium poppler-utils libreoffice-writer-nogui fonts-dejavu-core redis-server postgresql-client nginx)
# `make bench` compares with LibreOffice, cold and kept warm by unoserver (which runs in its
# own venv on Debian's Python with python3-uno).
BENCH_PACKAGES=(libreoffice-writer-nogui python3-uno python3-venv)
# `make cluster` and its load: the shared cache (Redis) and the proxy in front (nginx);
# scripts/postgres.sh installs PostgreSQL itself.
CLUSTER_PACKAGES=(redis-server nginx)

say() { printf 'setup: %s\n' "$*" >&2; }
die() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

is_root() {
    [ "${SETUP_FORCE_NONROOT:-0}" != 1 ] && [ "$(id -u)" -eq 0 ]
}

is_ubuntu() {
    [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*ubuntu' /etc/os-release
}

# Prints the packages among "$@" that dpkg does not have fully installed.
missing_packages() {
    local p status
    for p in "$@"; do
        status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
        [ "$status" = "install ok installed" ] || printf '%s\n' "$p"
    done
}

# Succeeds when "$1" is a Python >= 3.11 that runs.
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

# Prints the first usable Python >= 3.11.
find_python() {
    local c candidates
    if [ -n "${PYTHON:-}" ]; then
        candidates=("$PYTHON")
    else
        candidates=(python3 python3.14 python3.13 python3.12 python3.11)
    fi
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

py_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

# The Debian package with the venv/ensurepip modules for interpreter "$1".
venv_package() {
    local ver default
    ver="$(py_version "$1")"
    default="$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
    if [ "$ver" = "$default" ]; then
        echo python3-venv
    else
        echo "python$ver-venv"
    fi
}

# --- what is needed -----------------------------------------------------------

wanted=("${PACKAGES[@]}")
if [ "$MODE" = test ]; then
    wanted+=("${TEST_PACKAGES[@]}")
elif [ "$MODE" = bench ]; then
    wanted+=("${BENCH_PACKAGES[@]}")
elif [ "$MODE" = cluster ]; then
    wanted+=("${CLUSTER_PACKAGES[@]}")
fi
# shellcheck disable=SC2206  # word splitting wanted
wanted+=(${SETUP_EXTRA_PACKAGES:-})
if is_ubuntu; then
    # Ubuntu has no "chromium" package; its browser comes as chromium-browser.
    for i in "${!wanted[@]}"; do
        if [ "${wanted[$i]}" = chromium ]; then wanted[i]=chromium-browser; fi
    done
fi

venv_ok=0
if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python"; then
    venv_ok=1
fi

python=""
if [ "$venv_ok" = 0 ]; then
    if python="$(find_python)"; then
        if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            case "$python" in
                /usr/bin/*) wanted+=("$(venv_package "$python")") ;;
                *) die "$python cannot create a virtual environment (no venv/ensurepip module)." ;;
            esac
        fi
    elif [ -n "${PYTHON:-}" ]; then
        die "PYTHON=$PYTHON is not a working Python >= 3.11."
    elif command -v python3 >/dev/null 2>&1; then
        die "speechapp needs Python >= 3.11, but python3 is $(py_version python3) and no python3.11+ was found.
  On Ubuntu 22.04: sudo apt-get install -y python3.11 python3.11-venv   (then run this again)
  Or point PYTHON at one: PYTHON=/path/to/python3.11 make run"
    else
        wanted+=(python3 python3-venv)
    fi
fi

# --- 1. system packages -------------------------------------------------------

if command -v dpkg-query >/dev/null 2>&1; then
    mapfile -t missing < <(missing_packages "${wanted[@]}")
    if [ "${#missing[@]}" -gt 0 ]; then
        if is_root; then
            say "installing system packages: ${missing[*]}"
            apt-get update -q
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
        else
            echo "setup: these system packages are missing: ${missing[*]}" >&2
            echo "setup: install them, then run this again:" >&2
            echo "sudo apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
    fi
else
    say "no dpkg here (not Debian/Ubuntu): make sure the equivalents of these are installed: ${wanted[*]}"
fi

# --- 2. Python virtual environment --------------------------------------------

if [ "$venv_ok" = 0 ]; then
    if [ -z "$python" ]; then
        python="$(find_python)" || die "no Python >= 3.11 found even after installing python3."
    fi
    if [ -e "$VENV" ]; then
        say "$VENV is broken or too old; recreating it"
        rm -rf "$VENV"
    fi
    say "creating $VENV with $python ($(py_version "$python"))"
    "$python" -m venv "$VENV" || {
        rm -rf "$VENV"
        die "'$python -m venv $VENV' failed."
    }
fi

if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    say "installing Python packages into $VENV (pip install -e '.[test]')"
    "$VENV/bin/python" -m pip install --progress-bar off -e '.[test]'
    touch "$STAMP"
fi
