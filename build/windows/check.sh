#!/usr/bin/env bash
# `make windows-check`: the installer of `make windows` in a fresh Wine prefix that says it is
# Windows 10, for a user whose name has Vietnamese letters; then tests/windows/ drives the
# installed app as a team leader and the commune's IT person would (see that file).
#
# The prefix gets what Windows 10 has and Wine lacks (README, "The Windows installer"), and
# only the prefix: the installer never carries such a stand-in.
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

export WINEPREFIX=$WORK/prefix SOTAY_WINDOWS_USER=$USER SOTAY_SETUP=$SETUP
export SOTAY_PREVIOUS_SETUP=$WORK/SoTayCNS-0.0.9-setup.exe SOTAY_VERSION=$VERSION
export SOTAY_WINDOWS_CHECK=1 SOTAY_WINDOWS_DISPLAY=$DISPLAY_NUMBER
.venv/bin/python -m pytest tests/windows -p no:cacheprovider -v "$@"
