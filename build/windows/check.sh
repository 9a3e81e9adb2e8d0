#!/usr/bin/env bash
# `make windows-check`: the installer of `make windows` in a fresh Wine prefix that says it is
# Windows 10, for a user whose name has Vietnamese letters; then tests/windows/ drives the
# installed app as a team leader and the commune's IT person would (see that file).
#
# The prefix gets what Windows 10 has and Wine lacks (README, "Windows under Wine"), and only
# the prefix: the installer never carries such a shim.
set -euo pipefail
cd "$(dirname "$0")/../.."
. build/windows/common.sh

need_system_packages
VERSION=$(python_version_of_app)
SETUP=$PWD/dist/windows/SoTayCNS-$VERSION-setup.exe
[ -f "$SETUP" ] || die "no installer at $SETUP: run make windows first"

make_work check
# A 1366x768 screen for the checks of Qt's own `windows` plugin (display scaling).
start_xvfb "$WORK"

# The previous release, as far as a fresh clone can have one: the same bundle packed as 0.0.9
# (quickly), to install first and upgrade from.
say "packing a stand-in for the previous release (0.0.9)"
makensis -V1 -INPUTCHARSET UTF8 -DFAST -DVERSION=0.0.9 -DBUNDLE="$PWD/dist/windows/sotay-cns" \
  -DCENTRAL="$PWD/dist/windows/sotay-central" \
  -DOUTFILE="$WORK/SoTayCNS-0.0.9-setup.exe" build/windows/installer.nsi

export USER="Nguyễn Văn Đức"  # Wine names the Windows profile folder after $USER
say "a fresh Windows 10 prefix for $USER"
prepare_prefix "$WORK/prefix"

# Is QtPdf's abort under Wine still there? Shown outside the app, with the build's Python.
PYDIR=$(prepare_windows_python)
if WINEPREFIX=$WORK/prefix wine_run "$PYDIR/python.exe" build/windows/qtpdf_under_wine.py \
  "$(WINEPREFIX=$WORK/prefix winepath -w "$WORK/qtpdf.pdf")" >"$WORK/qtpdf.log" 2>&1; then
  say "QtPdf opens a PDF under this Wine: the self-test's Wine exception (desktop/app.py) can go"
else
  say "QtPdf under Wine: a 10-line script outside the app stops inside Qt6Pdf (a Wine gap:" \
    "$(grep -o 'Unhandled exception [0-9a-fx]*' "$WORK/qtpdf.log" | head -1 || echo 'no page count')" \
    "); the app's self-test checks its PDF's structure there, and says so"
fi

export WINEPREFIX=$WORK/prefix SOTAY_WINDOWS_USER=$USER SOTAY_SETUP=$SETUP
export SOTAY_PREVIOUS_SETUP=$WORK/SoTayCNS-0.0.9-setup.exe SOTAY_VERSION=$VERSION
export SOTAY_WINDOWS_CHECK=1 SOTAY_WINDOWS_DISPLAY=$DISPLAY_NUMBER
.venv/bin/python -m pytest tests/windows -p no:cacheprovider -v "$@"
