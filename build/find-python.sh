#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (PySide6 on 3.11 crashes after a few thousand calls).
for c in python3.13 python3.12 python3.14 python3 \
         "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
         /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.12 /usr/bin/python3.13; do
  p=$(command -v "$c" 2>/dev/null) || continue
  if "$p" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    "$p" -c 'import sys; print(sys.executable)'; exit 0
  fi
done
echo "No Python 3.12 or newer found. Install one, e.g. 'sudo apt-get install python3.12 python3.12-venv'." >&2
exit 1
