"""Screenshots of sync in the real app, at 1366x768, against a real central service: the
connect dialog, the status bar once synced, and a conflict in the attention list.

QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python build/screenshots_sync.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from conftest import Admin, Laptop  # the tests' real laptop profile and admin operations
    from servers import Central

    from desktop import app as app_module
    from desktop.paths import Paths
    from desktop.settings import Settings
    from desktop.store import commands, queries, syncdata
    from desktop.store.demo import fill_demo
    from desktop.ui import theme
    from desktop.ui.sync import AttentionDialog, ConnectDialog

    OUT.mkdir(parents=True, exist_ok=True)
    lang = sys.argv[1] if len(sys.argv) > 1 else "vi"
    work = Path(tempfile.mkdtemp(prefix="sotay-sync-shots-"))
    server = Central(work / "central").start()
    admin = Admin(server)
    team = admin.team("Tổ công nghệ số cộng đồng khu phố 3", 331)

    # The leader's laptop: months of work recorded offline (demo data, made connectable).
    leader_dir = work / "leader"
    seed = Laptop(leader_dir)
    seed.write(lambda db: fill_demo(db, residents=400, trainings=20, assists=150))
    seed.write(lambda db: db.conn.execute("DELETE FROM sync_state WHERE key = 'demo'"))
    seed.write(syncdata.queue_everything)
    leader_id = seed.read(queries.load_roster).members[0].id
    seed.close()

    app = QApplication(sys.argv[:1])
    settings = Settings(language=lang, member_id=leader_id)
    theme.UI_FAMILY = theme.load_fonts() or theme.UI_FAMILY
    theme.apply(app, settings, theme.UI_FAMILY)
    controller = app_module.Controller(app, Paths(leader_dir), settings)
    controller.install_translators()
    controller.start()
    deputy = Laptop(work / "deputy")

    def grab(widget, name: str) -> None:
        widget.grab().save(str(OUT / f"{name}-{lang}.png"))
        print("saved", name, flush=True)

    def wait(predicate, then, timeout_ms: int = 60000) -> None:
        left = [timeout_ms]

        def poll() -> None:
            if predicate():
                then()
            elif left[0] <= 0:
                print("timed out", flush=True)
                app.exit(1)
            else:
                left[0] -= 100
                QTimer.singleShot(100, poll)

        poll()

    def connect() -> None:
        window = controller.window
        window.resize(1366, 740)
        dialog = ConnectDialog(controller.sync, parent=window)
        dialog.address.setText(server.url.removeprefix("http://"))
        dialog.code.setText(admin.code(team.id))
        dialog.show()
        dialog.check_button.click()

        def found() -> None:
            grab(dialog, "connect")
            dialog.connect_button.click()
            wait(lambda: "Đã đồng bộ" in window.sync_label.text() or "Synced" in
                 window.sync_label.text(), synced)  # fmt: skip

        wait(lambda: dialog.found.isVisible(), found)

    def synced() -> None:
        window = controller.window
        grab(window, "synced")
        deputy.connect(server.url, admin.code(team.id))
        deputy.sync.run_once()
        person = deputy.read(queries.search_residents, "a")[0]
        theirs = deputy.read(queries.get_resident, person.id)
        theirs.phone, theirs.note = "0912345670", "Đã kích hoạt VNeID mức 2"
        deputy.write(commands.save_resident, theirs, None)
        deputy.sync.run_once()
        mine = controller.store.read(queries.get_resident, person.id).result()
        mine.phone = "0987654321"
        controller.store.write(commands.save_resident, mine, leader_id).result()
        controller.sync.sync_now()
        wait(lambda: controller.sync.status.attention > 0, conflict)

    def conflict() -> None:
        window = controller.window
        grab(window, "attention-status")
        dialog = AttentionDialog(controller.store, window.roster, window)
        dialog.show()

        def shown() -> None:
            grab(dialog, "attention")
            app.exit(0)

        wait(lambda: dialog.table.rowCount() > 0 and dialog.detail.rowCount() > 0, shown)

    wait(lambda: controller.window.isEnabled() and controller.sync is not None, connect)
    code = app.exec()
    deputy.close()
    controller.stop_sync()
    controller.store.close()
    server.stop()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
