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

# A release key made for this check alone (the project's own never leaves its release
# machine): the previous release trusts it, and this build's installer is signed with it, so
# the laptop can update itself through the commune's server (README, "Updates").
say "a release key for this check, and this build's installer signed with it"
export SOTAY_RELEASE_KEY_PASSPHRASE=""
.venv/bin/python -m sotay.releases keygen "$WORK/check-release.pem" >"$WORK/check-release.pub"
ln -f "$SETUP" "$WORK/"
.venv/bin/python -m sotay.releases sign "$WORK/$(basename "$SETUP")" --version "$VERSION" \
  --notes "resources/release-notes/$VERSION.txt" --key "$WORK/check-release.pem" >/dev/null
# The commune's server checks a release's signature too: it takes the check's key.
export SOTAY_CENTRAL_RELEASE_KEYS=$WORK/check-release.pub
export SOTAY_SIGNED_SETUP=$WORK/$(basename "$SETUP") SOTAY_CHECK_RELEASE_KEY=$WORK/check-release.pem

# The previous release, as far as a fresh clone can have one: the same bundle, saying it is
# 0.0.9 and trusting the check's key, packed quickly, to install first and update from.
say "packing a stand-in for the previous release (0.0.9)"
PREVIOUS=$WORK/previous-bundle
cp -al "$PWD/dist/windows/sotay-cns" "$PREVIOUS"  # links: only the two files below differ
rm "$PREVIOUS/_internal/desktop/VERSION" "$PREVIOUS/_internal/sotay/release_keys.txt"
echo "0.0.9" >"$PREVIOUS/_internal/desktop/VERSION"
cat sotay/release_keys.txt "$WORK/check-release.pub" >"$PREVIOUS/_internal/sotay/release_keys.txt"
makensis -V1 -INPUTCHARSET UTF8 -DFAST -DVERSION=0.0.9 -DBUNDLE="$PREVIOUS" \
  -DCENTRAL="$PWD/dist/windows/sotay-central" \
  -DOUTFILE="$WORK/SoTayCNS-0.0.9-setup.exe" build/windows/installer.nsi

export USER="Nguyễn Văn Đức"  # Wine names the Windows profile folder after $USER
say "a fresh Windows 10 prefix for $USER"
prepare_prefix "$WORK/prefix"

export WINEPREFIX=$WORK/prefix SOTAY_WINDOWS_USER=$USER SOTAY_SETUP=$SETUP
export SOTAY_PREVIOUS_SETUP=$WORK/SoTayCNS-0.0.9-setup.exe SOTAY_VERSION=$VERSION
export SOTAY_WINDOWS_CHECK=1 SOTAY_WINDOWS_DISPLAY=$DISPLAY_NUMBER
.venv/bin/python -m pytest tests/windows -p no:cacheprovider -v "$@"
