"""The commune's service installed the way a province's IT person would: `pip install` of the
project's wheel with the `central` extra into a fresh venv, run from a folder that is not a
checkout. Its commune report (PDF) must come out with the printed page's own font: the fonts
are the shared core's package data, not files of a checkout's `resources/`."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.servers import Central
from tests.webclient import Browser

ROOT = Path(__file__).resolve().parent.parent
COMMUNE = 25  # Phường Giảng Võ (Hà Nội)
PASSWORD = "mật khẩu dài đủ 12"

pytestmark = pytest.mark.slow


# Nothing of the checkout or of the test run's own venv may leak into the fresh one.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=540, env=ENV
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel and the central extra's dependencies: its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the sources: setuptools builds in the tree it is given (build/lib).
    source = work / "source"
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    for package in ("sotay", "desktop", "central"):
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", source,
        cwd=work)  # fmt: skip
    (wheel,) = (work / "dist").glob("sotay_cns-*.whl")
    run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    bin_dir = work / "venv" / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
        f"{wheel}[central]", cwd=work)  # fmt: skip
    return bin_dir


def test_the_installed_service_prints_the_communes_report(installed: Path, tmp_path: Path):
    # What the wheel's code is made of: the installed packages, no checkout, no Qt.
    where = run(installed / "python", "-c", (
        "import sys, central.cli, central.web.export, sotay.printing.fonts as f;"
        "assert not any(m.split('.')[0] in ('desktop', 'PySide6') for m in sys.modules);"
        "print(f.FOLDER)"
    ), cwd=tmp_path).strip()  # fmt: skip
    assert "site-packages" in where and not where.startswith(str(ROOT))
    assert (Path(where) / "LiberationSerif-Regular.ttf").is_file()

    central = Central(
        tmp_path / "central-data", program=[str(installed / "sotay-central")], cwd=tmp_path, env=ENV
    )
    central.admin("team", "add", "--commune", str(COMMUNE), "--name", "Tổ khu phố 1")
    central.admin("account", "add", "chuyenvien", "--commune", str(COMMUNE), "--password-stdin",
                  stdin=f"{PASSWORD}\n")  # fmt: skip
    central.start()
    try:
        me = Browser(central.url)
        assert me.login("chuyenvien", PASSWORD).status_code == 200
        answer = me.get(f"/commune/{COMMUNE}/report.pdf?p=2026")
        assert answer.status_code == 200, answer.text[:500]
        assert answer.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(answer.content))
        text = "".join(page.extract_text() for page in reader.pages)
        assert "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG" in text and "Tổ khu phố 1" in text
        fonts = {
            str(font["/BaseFont"])
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("LiberationSerif" in f for f in fonts), fonts
    finally:
        central.stop()
