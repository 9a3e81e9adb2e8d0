#!/usr/bin/env bash
# System packages the tests need beyond the app's: PostgreSQL's server (the central service is
# tested on it too; the tests start their own throw-away cluster). Quiet when already there.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "test set-up: installing the PostgreSQL server"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
# As root (CI), the tests run the server as the `postgres` user, which needs `runuser`.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "test set-up: no 'postgres' user: reinstall the postgresql package" >&2
  exit 1
fi
# The dashboard's browser tests drive Debian's chromium (through Playwright, which then needs
# no browser download of its own).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "test set-up: installing chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium-browser >/dev/null
fi
