#!/usr/bin/env bash
# The installer's pages as a team leader sees them, for the README: the installer of
# `make windows` run under Wine on a virtual 1366x768 screen (Xvfb), each page photographed,
# then Enter to go on. Writes docs/screenshots/windows-setup-*.png.
#
#   bash build/windows/screenshots.sh        (after make windows; needs xvfb, xdotool, imagemagick)
set -euo pipefail
cd "$(dirname "$0")/../.."
. build/windows/common.sh

need_system_packages
for tool in xdotool:xdotool import:imagemagick; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || apt_install "${tool#*:}"
done
VERSION=$(python_version_of_app)
SETUP=$PWD/dist/windows/SoTayCNS-$VERSION-setup.exe
[ -f "$SETUP" ] || die "no installer at $SETUP: run make windows first"
OUT=$PWD/docs/screenshots

make_work shots
start_xvfb "$WORK"
export DISPLAY=$DISPLAY_NUMBER

export USER="Nguyễn Văn Đức"
prepare_prefix "$WORK/prefix"
export WINEPREFIX=$WORK/prefix

# The page on screen now: the installer's window alone, framed by Wine's own decorations.
shot() {
  local name=$1 window="" _
  sleep 2  # the page drawn whole
  for _ in $(seq 30); do  # the installer checks itself before its first window
    window=$(xdotool search --onlyvisible --name "$2" 2>/dev/null | tail -1 || true)
    [ -n "$window" ] && break
    sleep 1
  done
  [ -n "$window" ] || { say "no window named '$2' for $name"; return 1; }
  import -window "$window" "$OUT/windows-setup-$name.png"
  say "docs/screenshots/windows-setup-$name.png"
}
press() { xdotool key --clearmodifiers "$1"; }

wine "$SETUP" >/dev/null 2>&1 &
shot 1-language "Sổ tay CNS"
press Return
shot 2-welcome "Sổ tay CNS"
press Return
shot 3-components "Sổ tay CNS"
press Return
sleep 15  # the files
shot 4-finish "Sổ tay CNS"
press Return  # "Open Sổ tay CNS" is ticked: the app's first start
sleep 25
wineserver -k || true
sleep 2
# The app's first start at Windows' 150 % scale (no window manager here: no title bars).
wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 144 /f >/dev/null 2>&1
wine "C:\\users\\$USER\\AppData\\Local\\Programs\\SoTayCNS\\sotay-cns.exe" 2>&1 | cat >/dev/null &
sleep 25
import -window root "$OUT/windows-first-start-150.png"
say "docs/screenshots/windows-first-start-150.png"
wineserver -k || true
sleep 2
wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 96 /f >/dev/null 2>&1

wine "C:\\users\\$USER\\AppData\\Local\\Programs\\SoTayCNS\\uninstall.exe" >/dev/null 2>&1 &
shot 5-uninstall "Sổ tay CNS"
press Escape
wineserver -w
