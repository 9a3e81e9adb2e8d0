"""Child of tests/test_update.py: `sotay-cns --update` as a frozen Windows build runs it, but
trusting the test's release key and updating as the test's platform.

    python tests/update_child.py KEYS_FILE PLATFORM --data-dir PROFILE --update

KEYS_FILE holds the test's public key (the build's own keys file is replaced); PLATFORM is what
`current_platform()` answers (a checkout answers None: it does not update itself).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    keys, platform, *args = sys.argv[1:]
    import desktop.update
    from sotay import releases

    releases.KEYS_FILE = Path(keys)
    desktop.update.current_platform = lambda: platform
    from desktop.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
