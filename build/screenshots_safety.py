"""Screenshots of the screens that keep work safe (issue 7), in Vietnamese, from a demo profile:
the 'unsaved changes' question, both versions of a record changed meanwhile, the restore list,
the missing-file offer.

QT_QPA_PLATFORM=offscreen .venv/bin/python build/screenshots_safety.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from concurrent.futures import ThreadPoolExecutor

    from desktop.app import Controller
    from desktop.paths import Paths
    from desktop.settings import Settings
    from desktop.store import commands, queries
    from desktop.store.demo import fill_demo
    from desktop.store.store import Store
    from desktop.ui import theme
    from desktop.ui.forms import ConflictDialog
    from desktop.ui.residents import ResidentDialog
    from desktop.ui.restore import RestoreDialog
    from desktop.ui.trainings import TrainingDialog

    app = QApplication(sys.argv[:1])
    profile = Path(tempfile.mkdtemp(prefix="sotay-safety-"))
    paths = Paths(profile)
    settings = Settings(language="vi")
    theme.UI_FAMILY = theme.load_fonts() or theme.UI_FAMILY
    theme.apply(app, settings, theme.UI_FAMILY)
    controller = Controller(app, paths, settings)
    controller.install_translators()
    store = Store(paths.db, paths.backups)
    store.write(fill_demo).result()
    store.backup_now("daily").result()
    store.backup_now().result()
    roster = store.read(queries.load_roster).result()
    actor = roster.members[0].id
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(widget: QWidget, name: str) -> None:
        widget.grab().save(str(OUT / f"{name}.png"))
        print("saved", name, widget.size().toTuple())

    # 1. A training changed, then Esc: the question over the form.
    first = store.read(
        lambda c: c.execute("SELECT id FROM training ORDER BY day DESC LIMIT 1").fetchone()[0]
    ).result()
    training, people = store.read(queries.get_training, first).result()
    form = TrainingDialog(store, roster, actor, training, people)
    form.show()
    from PySide6.QtCore import Qt

    form.roll.table.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
    form.reject()
    app.processEvents()
    question = form.findChild(QMessageBox, "unsavedChanges")
    shot(question, "unsaved-vi")
    question.done(0)
    form.discard()

    # 2. One resident changed in another window meanwhile: both versions.
    rid = store.read(lambda c: c.execute("SELECT id FROM resident LIMIT 1").fetchone()[0]).result()
    resident = store.read(queries.get_resident, rid).result()
    window = ResidentDialog(store, roster, actor, resident)
    window.show()
    changed = store.read(queries.get_resident, rid).result()
    changed.phone = "0912345678"
    store.write(commands.save_resident, changed, actor).result()
    window.name.setText(resident.full_name + " Anh")
    mine, theirs = window.describe(window.mine()), window.describe(changed)
    both = ConflictDialog(theirs, mine, window)
    both.resize(760, 440)
    both.show()
    app.processEvents()
    shot(both, "changed-meanwhile-vi")
    both.done(0)
    window.discard()

    # 3. The restore list, once every backup is read.
    reading = ThreadPoolExecutor(1)  # as the main window hands it
    restore = RestoreDialog(paths.backups, reading)
    restore.resize(900, 420)
    restore.show()
    done = {"n": 0}

    def wait_for_restore() -> None:
        done["n"] += 1
        app.processEvents()
        if done["n"] < 40:
            QTimer.singleShot(100, wait_for_restore)
            return
        shot(restore, "restore-vi")
        restore.close()
        store.close()
        app.quit()

    QTimer.singleShot(100, wait_for_restore)
    app.exec()
    reading.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
