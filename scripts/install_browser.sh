#!/usr/bin/env bash
# Installs Debian's chromium for the admin portal's browser tests, only when it is missing.
# Playwright's own browser download cannot work here, so the tests drive /usr/bin/chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium
