"""The Windows installer and the installed app, under Wine, as a team leader and the commune's
IT person meet them. Run by `make windows-check` (build/windows/check.sh), which makes a fresh
Windows 10 prefix for the user "Nguyễn Văn Đức" and packs the same bundle as a stand-in for the
previous release (0.0.9); `make test` does not collect this folder.

The tests run in order: each step starts from what the one before left, as on a real laptop.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

APP_DIR = "AppData/Local/Programs/SoTayCNS"
DATA_DIR = "AppData/Local/SoTayCNS"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SoTayCNS"
WIN_TIMEOUT = 180
IDLE_TIMEOUT = 90  # the prefix idle: at most this long after the last kill or install


@dataclass
class Windows:
    prefix: Path
    user: str

    @property
    def home(self) -> Path:
        return self.prefix / "drive_c" / "users" / self.user

    @property
    def app(self) -> Path:
        return self.home / APP_DIR / "sotay-cns.exe"

    @property
    def cmd(self) -> Path:
        """The console twin, for a Command Prompt (the IT person's --connect and --sync)."""
        return self.app.with_name("sotay-cns-cmd.exe")

    @property
    def data(self) -> Path:
        return self.home / DATA_DIR

    def env(self, display: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        # The Linux test session's settings must not reach the Windows app: it picks its own
        # keyring (Credential Manager) and its own platform plugin.
        env.pop("PYTHON_KEYRING_BACKEND", None)
        env["WINEDEBUG"] = "-all"
        if display:  # Qt's own `windows` plugin, on Wine's windows on that X display
            env.pop("QT_QPA_PLATFORM", None)
            env["DISPLAY"] = display
        else:  # no display: Qt's offscreen plugin (it ships in the wheel)
            env["QT_QPA_PLATFORM"] = "offscreen"
            env.pop("DISPLAY", None)
        return env

    def run(
        self, *args: str | Path, timeout: float = WIN_TIMEOUT, display: str | None = None
    ) -> subprocess.CompletedProcess:
        """A Windows program; its output through a pipe (Windows Python cannot use a Linux
        file as its standard stream)."""
        return subprocess.run(
            ["wine", *map(str, args)],
            env=self.env(display),
            capture_output=True,
            timeout=timeout,
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def start(self, *args: str | Path) -> subprocess.Popen:
        return subprocess.Popen(
            ["wine", *map(str, args)],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def path(self, linux: Path) -> str:
        """The Windows name of a file here. `winepath` under load once answered nothing: the
        app, given an empty folder, saved into the folder the check ran from."""
        for _ in range(3):
            done = subprocess.run(
                ["winepath", "-w", str(linux)], env=self.env(), capture_output=True, text=True
            )
            if done.returncode == 0 and done.stdout.strip():
                return done.stdout.strip()
            time.sleep(1)
        raise AssertionError(f"winepath gave no Windows name for {linux}: {done.stderr}")

    def reg_query(self, key: str, value: str) -> str | None:
        return self.reg_values(key).get(value)

    def reg_values(self, key: str) -> dict[str, str]:
        """A key's string values, read from `reg export` (UTF-16): `reg query` prints through
        the ANSI code page, where "Sổ" becomes "S?". Empty when the key does not exist.
        One export for all of a key's values, and an export that wrote nothing tried again:
        a loaded run once read no DisplayName from the export right after DisplayVersion's
        (the cause inside Wine's reg.exe is not known)."""
        out = self.prefix / "query.reg"
        for _attempt in range(3):
            out.unlink(missing_ok=True)
            self.run("reg", "export", key, self.path(out), "/y", timeout=60)
            if out.is_file():
                break
            self.wait_idle()
        else:
            return {}
        values = {}
        for line in out.read_bytes().decode("utf-16").splitlines():
            name, _, data = line.partition("=")
            if name.startswith('"') and data.startswith('"'):
                values[name[1:-1]] = data[1:-1].replace("\\\\", "\\")
        return values

    def reg_add(self, key: str, value: str, data: str, kind: str = "REG_SZ") -> None:
        done = self.run("reg", "add", key, "/v", value, "/t", kind, "/d", data, "/f", timeout=60)
        assert done.returncode == 0, done.stdout

    def set_version(self, version: str) -> None:
        self.reg_add(r"HKCU\Software\Wine", "Version", version)

    def wait_idle(self) -> None:
        """Until every process of the prefix has ended. On a loaded CI machine one outlived the
        update test's kills (stop 29), and every later test then waited out its own timeout:
        what is left is named in the output, then stopped, so one stuck process fails nothing
        after it. A test that needs its own processes gone checks that itself."""
        try:
            subprocess.run(["wineserver", "-w"], env=self.env(), timeout=IDLE_TIMEOUT)
        except subprocess.TimeoutExpired:
            left = ", ".join(self.processes()) or "none of its own"
            # A warning, so that the run's summary shows it even when the test passes.
            message = f"the prefix was still busy after {IDLE_TIMEOUT} s: {left}; stopped"
            warnings.warn(message, stacklevel=2)
            subprocess.run(["wineserver", "-k"], env=self.env(), timeout=60)
            subprocess.run(["wineserver", "-w"], env=self.env(), timeout=WIN_TIMEOUT)

    def processes(self) -> list[str]:
        """The command lines of the processes running in this prefix (Wine's own included)."""
        mine = f"WINEPREFIX={self.prefix}".encode()
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if mine in (proc / "environ").read_bytes().split(b"\0"):
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
        return [line.strip() for line in found]


@pytest.fixture(scope="module")
def win() -> Iterator[Windows]:
    w = Windows(Path(os.environ["WINEPREFIX"]), os.environ["SOTAY_WINDOWS_USER"])
    assert w.home.is_dir(), w.home
    yield w
    subprocess.run(["wineserver", "-k"], env=w.env())


def setup(kind: str) -> Path:
    return Path(os.environ["SOTAY_SETUP" if kind == "current" else "SOTAY_PREVIOUS_SETUP"])


def lines(done: subprocess.CompletedProcess) -> str:
    return f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


def self_test(
    win: Windows, *extra: str | Path, display: str | None = None
) -> subprocess.CompletedProcess:
    done = win.run(win.app, "--self-test", *extra, display=display)
    assert done.returncode == 0, lines(done)
    assert "self-test: ok" in done.stdout, lines(done)
    return done


# --- the installer --------------------------------------------------------------------------


def test_windows_7_and_8_are_told_plainly_and_nothing_is_installed(win: Windows) -> None:
    for old in ("win7", "win81"):
        win.set_version(old)
        done = win.run(setup("previous"), "/S")
        assert done.returncode == 3, lines(done)
    win.set_version("win10")
    assert not win.app.exists()


def test_silent_install_for_this_user_only(win: Windows) -> None:
    done = win.run(setup("previous"), "/S")
    assert done.returncode == 0, lines(done)
    assert win.app.is_file()
    # Per user, under %LOCALAPPDATA%\Programs: no administrator rights were needed.
    assert (win.app.parent / "uninstall.exe").is_file()
    # Windows 10 has its own icuuc.dll: the Wine prefix's stand-in never ships.
    assert not [p for p in win.app.parent.rglob("*") if p.name.lower().startswith("icuuc")]
    entry = win.reg_values(UNINSTALL_KEY)  # "Apps & features"
    assert entry.get("DisplayVersion") == "0.0.9", entry
    assert entry.get("DisplayName") == "Sổ tay CNS", entry
    assert entry.get("Publisher") == "Sổ tay CNS", entry
    start_menu = win.home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    assert (start_menu / "Sổ tay CNS.lnk").is_file()
    assert (win.home / "Desktop" / "Sổ tay CNS.lnk").is_file()
    # A windowed program: started from a shortcut, no console window opens. Its twin is a
    # console program, which a Command Prompt waits for.
    assert pe_subsystem(win.app) == WINDOWS_GUI
    assert pe_subsystem(win.cmd) == WINDOWS_CONSOLE


WINDOWS_GUI, WINDOWS_CONSOLE = 2, 3  # IMAGE_SUBSYSTEM_WINDOWS_GUI, _CUI


def pe_subsystem(exe: Path) -> int:
    import struct

    data = exe.read_bytes()[:4096]
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe : pe + 4] == b"PE\0\0"
    return struct.unpack_from("<H", data, pe + 24 + 68)[0]  # OptionalHeader.Subsystem


# --- the installed app ----------------------------------------------------------------------


def test_self_test_with_printing_and_files_saved_to_documents(win: Windows) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    documents = win.home / "Documents"
    done = self_test(win, "--self-test-files", win.path(documents))
    assert f"self-test: documents C:/users/{win.user}/Documents" in done.stdout, done.stdout
    assert "keyring.backends.Windows.WinVaultKeyring" in done.stdout, done.stdout
    # QtPdf opened the page it printed (pdfium needs ProcessPrng: the prefix's stand-in).
    assert "self-test: ok" in done.stdout
    pdf = PdfReader(documents / "sotay-self-test.pdf")
    text = pdf.pages[0].extract_text()
    assert "DANH SÁCH" in text and "Đặng Thị Hương" in text, text
    fonts = {
        str(f["/BaseFont"])
        for f in pdf.pages[0]["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
    }
    assert any("LiberationSerif" in f for f in fonts), fonts
    book = load_workbook(documents / "sotay-self-test.xlsx")
    assert book.sheetnames
    assert not list(documents.glob("*.partial"))


def test_documents_moved_to_onedrive(win: Windows) -> None:
    """Windows often moves Documents into OneDrive: the app's save folder follows it."""
    folders = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
    onedrive = win.home / "OneDrive" / "Documents"
    onedrive.mkdir(parents=True)
    win.reg_add(folders, "Personal", r"%USERPROFILE%\OneDrive\Documents", "REG_EXPAND_SZ")
    try:
        done = self_test(win, "--self-test-files", win.path(onedrive))
        assert f"self-test: documents C:/users/{win.user}/OneDrive/Documents" in done.stdout
        # What the app said it saved, and what the folder holds.
        found = sorted(p.name for p in onedrive.iterdir())
        assert (onedrive / "sotay-self-test.pdf").is_file(), (found, lines(done))
    finally:
        win.reg_add(folders, "Personal", r"%USERPROFILE%\Documents", "REG_EXPAND_SZ")


def test_profile_under_a_vietnamese_user_name_and_a_second_start(win: Windows) -> None:
    """The first start makes the profile in %LOCALAPPDATA%\\SoTayCNS; a second start hands
    over to the open app (its named pipe) and exits."""
    first = win.start(win.app)
    try:
        log = win.data / "logs" / "sotay.log"
        deadline = time.monotonic() + WIN_TIMEOUT
        while time.monotonic() < deadline and not (
            log.is_file() and "listening for a second start" in log.read_text("utf-8", "replace")
        ):
            assert first.poll() is None, first.stdout.read() if first.stdout else ""
            time.sleep(0.5)
        assert (win.data / "sotay.sqlite3").is_file()
        second = win.run(win.app)
        assert second.returncode == 0, lines(second)
        assert "already running: brought the open window to the front" in second.stdout
        assert first.poll() is None  # the first one goes on
    finally:
        win.run("taskkill", "/F", "/IM", "sotay-cns.exe", timeout=60)
        first.wait(60)
        if first.stdout:  # not communicate(): Wine's server, started by it, may hold the pipe
            first.stdout.close()
        win.wait_idle()


def record_offline(profile: Path) -> None:
    """What a leader records before the laptop is connected: the team and one resident."""
    from desktop.store import commands
    from desktop.store.store import Store
    from sotay.domain.models import Gender, Resident
    from tests.helpers import set_up_team

    store = Store(profile / "sotay.sqlite3", profile / "backups")
    try:
        store.opened.result(timeout=60)
        set_up_team(store)
        hương = Resident(full_name="Đặng Thị Hương", birth_year=1950, gender=Gender.FEMALE)
        store.write(commands.save_resident, hương, None).result(timeout=60)
    finally:
        store.close()


@pytest.mark.parametrize(("dpi", "scale"), [(120, "1.25"), (144, "1.5")])
def test_windows_display_scaling_on_a_1366x768_screen(win: Windows, dpi: int, scale: str) -> None:
    """Qt's own `windows` plugin on a real (virtual) 1366x768 screen, at Windows' 125 % and
    150 %: the scale reaches Qt, and the app starts and passes its self-test. (Wine 8 needs
    the prefix's mscms stand-in for this: README, "The Windows installer".)"""
    display = os.environ["SOTAY_WINDOWS_DISPLAY"]
    win.reg_add(r"HKCU\Control Panel\Desktop", "LogPixels", str(dpi), "REG_DWORD")
    win.wait_idle()
    try:
        done = self_test(win, display=display)
    finally:
        win.reg_add(r"HKCU\Control Panel\Desktop", "LogPixels", "96", "REG_DWORD")
        win.wait_idle()
    assert f"at scale {scale}" in done.stdout, done.stdout


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)  # the service on the Linux side
def test_connect_to_the_commune_keeps_the_key_in_credential_manager(
    win: Windows, central: Any
) -> None:
    team = central.admin_ops.team()
    # The leader recorded before connecting (as a new laptop does, offline): a team and a
    # resident in the profile the installed app made.
    record_offline(win.data)

    done = win.run(win.cmd, "--connect", central.url, central.admin_ops.code(team.id))
    assert done.returncode == 0, lines(done)
    assert "Trình quản lý thông tin xác thực của Windows" in done.stdout, done.stdout
    assert "Đã đồng bộ: 0 thay đổi chờ gửi" in done.stdout, done.stdout
    assert not (win.data / "sync-token").exists()  # the key is in the vault, not in a file
    count = central.admin_ops.scalar(
        "SELECT count(*) FROM record WHERE team_id = :t AND entity = 'resident'", t=team.id
    )
    assert count == 1
    # A second process reads the key back from Credential Manager.
    again = win.run(win.cmd, "--sync")
    assert again.returncode == 0, lines(again)


def residents(win: Windows) -> list[str]:
    with closing(sqlite3.connect(win.data / "sotay.sqlite3")) as db:
        return [r[0] for r in db.execute("SELECT full_name FROM resident")]


def wait_for_version(win: Windows, version: str) -> None:
    """The installer an update started runs on its own, after the app that started it ended."""
    deadline = time.monotonic() + WIN_TIMEOUT
    while win.reg_query(UNINSTALL_KEY, "DisplayVersion") != version:
        assert time.monotonic() < deadline, win.reg_values(UNINSTALL_KEY)
        time.sleep(2)
    win.wait_idle()


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_the_laptop_updates_itself_through_the_communes_server(
    win: Windows, central: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 0.0.9 (trusting the check's release key: build/windows/check.sh), connected to
    the commune, learns of this build through the server, refuses what the project did not
    sign, then downloads, checks, backs up and installs this build, and starts on it with its
    data and its connection."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sotay import releases

    version = os.environ["SOTAY_VERSION"]
    signed = Path(os.environ["SOTAY_SIGNED_SETUP"])
    before = residents(win)
    assert before == ["Đặng Thị Hương"]
    done = win.run(win.cmd, "--update")
    assert done.returncode == 0 and "update: none" in done.stdout, lines(done)

    # An installer signed by another key. The server was told to take that key too (a
    # mistake, or an attacker at the server); the laptop refuses it and downloads nothing.
    other = Ed25519PrivateKey.generate()
    forged = tmp_path / "SoTayCNS-0.0.10-setup.exe"
    os.link(signed, forged)
    releases.write_manifest(forged, releases.sign(forged, "0.0.10", "Bản giả.", other))
    keys = tmp_path / "keys.txt"
    keys.write_text(
        Path(os.environ["SOTAY_CENTRAL_RELEASE_KEYS"]).read_text()
        + releases.public_text(other.public_key())
        + "\n"
    )
    monkeypatch.setenv("SOTAY_CENTRAL_RELEASE_KEYS", str(keys))
    central.admin("release", "publish", str(forged))
    done = win.run(win.cmd, "--update")
    assert "update: refused signature" in done.stdout, lines(done)
    assert not list((win.data / "updates").glob("*.exe*"))
    central.admin("release", "hold", "0.0.10")

    # This build, signed with the check's key: the leader says yes (the console twin here).
    central.admin("release", "publish", str(signed))
    try:
        done = win.run(win.cmd, "--update", "--install", timeout=600)
        assert f"update: ready {version}" in done.stdout, lines(done)
        assert f"update: installing {version}" in done.stdout, lines(done)
        wait_for_version(win, version)
        assert residents(win) == before
        assert [p for p in (win.data / "backups").iterdir() if p.stem.endswith("-preupdate")]
        started = self_test(win, "--data-dir", win.path(win.data))  # the laptop's profile
        assert f"self-test: updated {version}" in started.stdout, started.stdout
        assert not list((win.data / "updates").glob("*.exe"))  # installed: cleaned up
        again = win.run(win.cmd, "--update")  # the connection kept; nothing newer now
        assert again.returncode == 0 and "update: none" in again.stdout, lines(again)
    finally:
        central.admin("release", "hold", version)


def starts_listening(win: Windows) -> int:
    log = win.data / "logs" / "sotay.log"
    return log.read_text("utf-8", "replace").count("listening for a second start")


def test_an_update_waits_for_the_app_to_close_then_opens_it_again(win: Windows) -> None:
    """What the leader's "Update now" starts (`/S /UPDATE /RELAUNCH`): the installer waits
    while the app is still closing (a plain `/S` gives up at once, exit 4), installs, and
    opens the app again from the new files."""
    before = starts_listening(win)
    first = win.start(win.app)
    installer: subprocess.Popen | None = None
    try:
        deadline = time.monotonic() + WIN_TIMEOUT
        while starts_listening(win) == before:
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.5)
        installer = win.start(setup("current"), "/S", "/UPDATE", "/RELAUNCH")
        time.sleep(8)
        assert installer.poll() is None  # waiting for the app, not refusing
        win.run("taskkill", "/F", "/IM", "sotay-cns.exe", timeout=60)  # the app has closed
        first.wait(60)
        assert installer.wait(WIN_TIMEOUT) == 0
        deadline = time.monotonic() + WIN_TIMEOUT
        while starts_listening(win) < before + 2:  # opened again by the installer
            assert time.monotonic() < deadline, "the app was not opened again"
            time.sleep(0.5)
    finally:
        win.run("taskkill", "/F", "/IM", "sotay-cns.exe", timeout=60)
        for process in (first, installer):
            if process is not None:
                process.wait(60)
                if process.stdout:
                    process.stdout.close()
        win.wait_idle()
    assert residents(win) == ["Đặng Thị Hương"]


def test_the_communes_server_on_a_windows_pc(win: Windows, tmp_path: Path) -> None:
    """The installer's optional part on the commune's PC (`/S /SERVER`): its admin commands,
    the service started as its shortcut starts it, and a laptop syncing to it."""
    import re

    import requests

    from tests.servers import free_port

    done = win.run(setup("current"), "/S", "/SERVER")
    assert done.returncode == 0, lines(done)
    server = win.app.parent / "central" / "sotay-central.exe"
    assert server.is_file()
    start_menu = win.home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    assert (start_menu / "Sổ tay CNS - máy chủ xã.lnk").is_file()
    data = win.prefix / "drive_c/ProgramData/SoTayCNS-central"
    assert data.is_dir()
    here = r"C:\ProgramData\SoTayCNS-central"

    made = win.run(server, "--data-dir", here, "team", "add", "--commune", "4", "--name", "Tổ 5")
    assert made.returncode == 0, lines(made)
    match = re.search(r"team (\S+)", made.stdout)
    assert match, made.stdout
    team_id = match.group(1)
    issued = win.run(server, "--data-dir", here, "code", team_id)
    code = re.search(r"enrolment code: (\S+)", issued.stdout)
    assert code, lines(issued)

    port = free_port()
    log = tmp_path / "central.log"
    service = subprocess.Popen(
        [
            "bash",
            "-c",
            'wine "$@" 2>&1 | cat > "$LOG"',
            "wine",
            str(server),
            "--data-dir",
            here,
            "serve",
            "--port",
            str(port),
        ],
        env={**win.env(), "LOG": str(log)},
    )
    try:
        deadline = time.monotonic() + WIN_TIMEOUT
        while True:
            assert service.poll() is None, log.read_text("utf-8", "replace")
            assert time.monotonic() < deadline, log.read_text("utf-8", "replace")
            try:
                if requests.get(f"http://127.0.0.1:{port}/v1/ping", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(1)
        laptop = win.home / "AppData/Local/SoTayCNS-to-5"
        record_offline(laptop)
        url = f"http://127.0.0.1:{port}"
        done = win.run(win.cmd, "--data-dir", win.path(laptop), "--connect", url, code.group(1))
        assert done.returncode == 0, lines(done) + log.read_text("utf-8", "replace")
        assert "Đã đồng bộ: 0 thay đổi chờ gửi" in done.stdout, done.stdout
    finally:
        win.run("taskkill", "/F", "/IM", "sotay-central.exe", timeout=60)
        service.wait(60)
        win.wait_idle()
    with closing(sqlite3.connect(data / "central.sqlite3")) as db:
        records = db.execute(
            "SELECT count(*) FROM record WHERE team_id = ? AND entity = 'resident'", (team_id,)
        ).fetchone()[0]
    assert records == 1


def test_uninstall_keeps_the_teams_data(win: Windows) -> None:
    uninstaller = win.app.parent / "uninstall.exe"
    done = win.run(uninstaller, "/S")
    assert done.returncode == 0, lines(done)
    # NSIS's uninstaller works from a copy in the temp folder: wait for it.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and win.app.parent.exists():
        time.sleep(0.5)
    win.wait_idle()
    assert not win.app.parent.exists()
    assert win.reg_query(UNINSTALL_KEY, "DisplayVersion") is None
    assert not (win.home / "Desktop" / "Sổ tay CNS.lnk").exists()
    start_menu = win.home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    assert not (start_menu / "Sổ tay CNS.lnk").exists()
    assert residents(win) == ["Đặng Thị Hương"]
    assert list((win.data / "backups").iterdir())
    # The commune's server: its program gone, its data kept.
    assert not (start_menu / "Sổ tay CNS - máy chủ xã.lnk").exists()
    assert (win.prefix / "drive_c/ProgramData/SoTayCNS-central/central.sqlite3").is_file()
