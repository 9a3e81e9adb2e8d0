#!/usr/bin/env bash
# Set-up used by `make run` / `make test`: Qt's system libraries and a Python 3.12+ venv.
# Idempotent and quiet when everything is already there.
set -euo pipefail

need_libs=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
           libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
           libxcb-xkb1 libxcb-shape0 libxcb-randr0 libglib2.0-0)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${need_libs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing system libraries for Qt: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  # Names differ across releases (libglib2.0-0 vs libglib2.0-0t64): install what exists.
  avail=()
  for p in "${missing[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then avail+=("$p");
    elif apt-cache show "${p}t64" >/dev/null 2>&1; then avail+=("${p}t64"); fi
  done
  [ ${#avail[@]} -gt 0 ] && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${avail[@]}" >/dev/null
fi

# The venv: Debian/Ubuntu split ensurepip into pythonX.Y-venv; install it when missing.
if [ ! -x .venv/bin/python ]; then
  py=$(bash build/find-python.sh)
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "bootstrap: installing python${ver}-venv"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "python${ver}-venv" >/dev/null
    "$py" -m venv .venv
  fi
fi
