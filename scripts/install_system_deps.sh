#!/usr/bin/env bash
# Installs, only when missing, the Debian packages tests use: chromium (portal browser tests),
# sip-tester (sipp), Kamailio with its PostgreSQL and presence modules (the scale-out tests) and coturn
# (the app's media through a TURN relay). Needs root; without it, those tests skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v kamailio >/dev/null 2>&1 || missing+=(kamailio)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/db_postgres.so ] || missing+=(kamailio-postgres-modules)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/presence.so ] || missing+=(kamailio-presence-modules)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "not root: skipping install of ${missing[*]} (their tests will skip)" >&2
    exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts the packaged Kamailio on every address's port 5060 where systemd runs; the
# tests start their own on their own addresses, and the single-switch tests need 5060.
if command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now kamailio >/dev/null 2>&1 || true
    systemctl disable --now coturn >/dev/null 2>&1 || true
fi
