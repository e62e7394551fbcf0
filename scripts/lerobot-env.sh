#!/usr/bin/env bash
# Build LeRobot's own environment (.venv-lerobot): LeRobot needs Python >= 3.12 and brings a large torch that
# conflicts with the `local` extra's pin, so it never goes into .venv. Pinned exactly by requirements/lerobot.txt.
set -euo pipefail
VENV="${1:-.venv-lerobot}"
find_python() {
  local c
  for c in "${PYTHON312:-}" python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}
PY="$(find_python)" || { echo "lerobot-env: no Python 3.12 found (set PYTHON312=/path/to/python3.12)" >&2; exit 2; }
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -c requirements/lerobot.txt -e ".[lerobot,rerun]"
touch "$VENV/.installed"
echo "lerobot-env: $VENV ready ($("$VENV/bin/python" -c 'import lerobot; print("lerobot", lerobot.__version__)'))"
