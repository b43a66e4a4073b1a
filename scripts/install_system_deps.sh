#!/usr/bin/env bash
# Installs, only when missing, the Debian packages tests use: chromium (portal browser tests)
# and sip-tester (sipp). Needs root; without it, those tests skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "not root: skipping install of ${missing[*]} (their tests will skip)" >&2
    exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
