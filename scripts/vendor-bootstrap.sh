#!/usr/bin/env bash
# Re-vendor Bootstrap from the npm registry into static/vendor/bootstrap/.
# Usage: scripts/vendor-bootstrap.sh [version-range]   (default: 5.3, i.e. the latest 5.3.x)
# Needs npm. Not run by `make`: the vendored files are committed.
set -euo pipefail

range="${1:-5.3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/static/vendor/bootstrap"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "bootstrap@$range" >/dev/null
tar xzf bootstrap-*.tgz
version="$(node -p 'require("./package/package.json").version')"

mkdir -p "$dest/css" "$dest/js"
# Drop the sourceMappingURL comments: the .map files are not vendored, and
# ManifestStaticFilesStorage (whitenoise) fails on references to missing files.
sed '/^\/\*# sourceMappingURL=.*\*\/$/d' package/dist/css/bootstrap.min.css >"$dest/css/bootstrap.min.css"
sed '/^\/\/# sourceMappingURL=/d' package/dist/js/bootstrap.bundle.min.js >"$dest/js/bootstrap.bundle.min.js"
cp package/LICENSE "$dest/LICENSE"

if grep -q sourceMappingURL "$dest/css/bootstrap.min.css" "$dest/js/bootstrap.bundle.min.js"; then
    echo "vendor-bootstrap: a sourceMappingURL comment is left" >&2
    exit 1
fi
echo "Vendored Bootstrap $version into $dest"
echo "Update the version in static/vendor/README.md."
