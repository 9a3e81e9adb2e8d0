#!/usr/bin/env bash
# The dashboard's screenshots in docs/screenshots/ (1366x768 and a 390x844 phone), taken by
# its browser tests against a real central service with a team's synced year of work.
set -euo pipefail
cd "$(dirname "$0")/.."
SOTAY_SCREENSHOTS="$PWD/docs/screenshots" QT_QPA_PLATFORM=offscreen \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_dashboard_browser.py
