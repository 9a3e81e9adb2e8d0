"""The PyInstaller bundle: build/pyinstaller.spec builds, and the frozen app starts.

The bundle is built into pytest's tmp folder (never dist/ or .pyinstaller-work/ in the repo)
with the same command as `make bundle`; the compiled translations (i18n/*.qm, `make i18n`)
must exist first. To test an existing build instead, point SOTAY_BUNDLE_DIR at it
(e.g. SOTAY_BUNDLE_DIR=dist/sotay-cns). The build time is printed (`pytest -s`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "pyinstaller.spec"
NAME = "sotay-cns"
EXE = NAME + (".exe" if sys.platform == "win32" else "")
QM_NAMES = ("sotay_vi.qm", "qtbase_vi.qm")  # the two translators desktop/app.py installs
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 120
# Python and Qt settings of the test run that must not leak into the frozen app.
LEAKY_ENV = (
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "VIRTUAL_ENV",
    "LD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
)

pytestmark = pytest.mark.slow


def build(tmp: Path) -> Path:
    dist, work = tmp / "dist", tmp / "work"
    command = [
        *(sys.executable, "-m", "PyInstaller"),
        *("--noconfirm", "--clean", "--workpath", str(work), "--distpath", str(dist)),
        str(SPEC.relative_to(ROOT)),
    ]
    log = tmp / "pyinstaller.log"
    started = time.monotonic()
    with log.open("wb") as out:
        done = subprocess.run(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=BUILD_TIMEOUT
        )
    seconds = time.monotonic() - started
    print(f"\nbundle: built in {seconds:.0f} s ({dist / NAME})")
    tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
    assert done.returncode == 0, f"pyinstaller failed (exit {done.returncode}):\n{tail}"
    return dist / NAME


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip(
        "PyInstaller", reason="pyinstaller is not installed (pip install -e .[dev])"
    )
    given = os.environ.get("SOTAY_BUNDLE_DIR")
    if given:
        folder = Path(given).resolve()
        if (folder / NAME / EXE).is_file():  # the --distpath folder instead of the bundle
            folder = folder / NAME
        if not (folder / EXE).is_file():
            pytest.fail(f"SOTAY_BUNDLE_DIR={given}: no {EXE} in it; unset it to build afresh")
        return folder
    return build(tmp_path_factory.mktemp("bundle"))


def contents(bundle: Path) -> Path:
    """Where the data files are: sys._MEIPASS of the frozen app."""
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


def test_bundle_holds_fonts_and_translations(bundle: Path) -> None:
    inside = contents(bundle)
    # The screens' font in resources/, the printed page's beside the shared core's code.
    for folder in ("resources/fonts", "sotay/printing/ttf"):
        fonts = sorted((ROOT / folder).glob("*.ttf"))
        licences = sorted((ROOT / folder).glob("*.txt"))
        assert fonts and licences, folder
        for source in fonts + licences:
            copy = inside / folder / source.name
            assert copy.is_file(), f"{folder}/{source.name} is missing from the bundle"
            assert copy.read_bytes() == source.read_bytes(), f"{copy} differs from {source}"
    for name in QM_NAMES:
        copy, source = inside / "i18n" / name, ROOT / "i18n" / name
        assert copy.is_file() and copy.stat().st_size > 0, f"i18n/{name} is missing from the bundle"
        if source.is_file():
            assert copy.read_bytes() == source.read_bytes(), f"{copy} is older than {source}"
    data = inside / "vietnam_provinces" / "data"
    assert sorted(p.name for p in data.glob("*.json")), "vietnam_provinces data files missing"
    guide = [
        p for p in sorted((ROOT / "resources" / "guide").iterdir()) if p.suffix in (".html", ".png")
    ]
    assert any(p.name == "index.html" for p in guide)
    for source in guide:  # the user guide (F1) and its pictures
        copy = inside / "resources" / "guide" / source.name
        assert copy.is_file(), f"resources/guide/{source.name} is missing from the bundle"
        assert copy.read_bytes() == source.read_bytes(), f"{copy} differs from {source}"


def test_bundle_leaves_out_unused_qt(bundle: Path) -> None:
    unused = ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt63D", "Qt6Multimedia")
    found = [p.name for p in bundle.rglob("*") if any(u in p.name for u in unused)]
    assert not found, f"unused Qt libraries in the bundle: {found}"


def test_bundle_holds_lazy_imports(bundle: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(bundle / EXE)).open_embedded_archive("PYZ.pyz").toc)
    for name in (
        "desktop.app",
        "desktop.ui.main_window",
        "desktop.store.demo",
        "sotay.domain.phone",
        "sotay.domain.units",
        "sqlite_utils.db",
        "sqlite_utils.migrations",
        "vietnam_provinces",
        "phonenumbers",
        "phonenumbers.data.region_VN",
        "platformdirs",
        "desktop.sync.service",
        "desktop.sync.client",
        "desktop.ui.sync",
        "requests",
        "keyring",
        "keyring.backends.Windows",
    ):
        assert name in modules, f"{name} is not in the bundle"
    # The central service and its dependencies never go to a laptop.
    server = ("central", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg")
    carried = sorted(m for m in modules if m.split(".")[0] in server)
    assert not carried, f"server packages in the laptop's bundle: {carried[:10]}"


@pytest.mark.parametrize("extra", [[], ["--demo"]], ids=["plain", "demo"])
def test_frozen_self_test(bundle: Path, tmp_path: Path, extra: list[str]) -> None:
    """`--self-test` opens the main window in a throw-away profile, in Vietnamese (both
    translators must load); `--demo` also fills it, which runs sqlite_utils and the
    vietnam_provinces data inside the bundle."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
    )
    (tmp_path / "run").mkdir(mode=0o700)
    home.mkdir()
    done = subprocess.run(
        [str(bundle / EXE), "--self-test", "--lang", "vi", *extra],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=RUN_TIMEOUT,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"exit {done.returncode}:\n{output}"
    assert "self-test: ok" in done.stdout, output
