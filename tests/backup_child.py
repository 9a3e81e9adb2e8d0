"""Child of tests/test_shared_backups.py: one of two processes on one profile, each making
backups and reading the backups there as the restore offer does, until ROUNDS are done.

    python tests/backup_child.py DB BACKUPS ROUNDS

Both open the profile without the app's instance lock, as two processes do when one was left
running (hung) and the lock taken over. Prints "ok <backups made>" and exits 0; any exception
ends it with its traceback on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    from desktop.store import backup, health
    from desktop.store.db import DatabaseDamaged
    from desktop.store.store import Store

    db, backups, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = Store(db, backups)  # its daily backup, if due, and the other's at the same time
    try:
        store.opened.result()
        made = 0
        for _ in range(rounds):
            store.backup_now("manual").result()
            made += 1
            for path in backup.list_backups(backups):  # what the restore dialog reads
                try:
                    health.read_backup(path)
                except (DatabaseDamaged, FileNotFoundError):
                    if path.exists():  # one the other process rotated out is no damage
                        raise
            backup.newest_good_backup(backups)  # what the offer after damage looks for
    finally:
        store.close()
    print("ok", made, flush=True)


if __name__ == "__main__":
    main()
