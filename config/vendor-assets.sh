#!/bin/sh
# Re-download the pinned front-end libraries from the npm registry, check each tarball's
# sha256 and copy their minified dist files (and licences) into app/static/vendor/.
# Silkhub serves every asset itself: the floor may have no internet.
# Usage: config/vendor-assets.sh            (needs npm; writes only app/static/vendor/)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/app/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# package@version  sha256 of the npm tarball  file in the tarball -> name in vendor/
fetch() {
    spec=$1 sum=$2
    shift 2
    (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
    tgz=$(ls "$WORK"/*.tgz)
    echo "$sum  $tgz" | sha256sum -c - >/dev/null || {
        echo "sha256 mismatch for $spec" >&2
        exit 1
    }
    mkdir -p "$WORK/x"
    tar xzf "$tgz" -C "$WORK/x"
    while [ $# -gt 1 ]; do
        cp "$WORK/x/package/$1" "$DEST/$2"
        shift 2
    done
    rm -rf "$WORK/x" "$tgz"
    echo "ok $spec"
}

mkdir -p "$DEST"
fetch uplot@1.6.32 4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d \
    dist/uPlot.iife.min.js uplot-1.6.32.min.js \
    dist/uPlot.min.css uplot-1.6.32.min.css \
    LICENSE uplot-1.6.32.LICENSE
fetch alpinejs@3.14.9 97dad7c0c81e659cfc8e7700055da9770f8186187cb9a8a76efb57e00d5ce52a \
    dist/cdn.min.js alpinejs-3.14.9.min.js
