#!/usr/bin/env bash
# Install the Debian packages named on the command line that are missing (as root),
# or tell a non-root user which ones to install. Never fails the build by itself:
# the tests that need a package say so clearly.
set -u
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}" >&2
else
  echo "please install these Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
fi
exit 0
