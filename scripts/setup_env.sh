#!/usr/bin/env bash
# Create .venv with the exact versions of requirements.lock, then install the project (editable).
# uv creates the venv and installs the stack in seconds: it is used when on PATH, or fetched from
# PyPI into .tools/ with the system Python's pip (not into the venv, which `uv pip sync` empties of
# everything the lock does not list); `python -m venv` and pip are the fallback when uv cannot be
# had. Usage: scripts/setup_env.sh PYTHON VENV
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}
UV=$(command -v uv || true)
if [ -z "$UV" ] && { test -x .tools/bin/uv || "$PYTHON" -m pip install --quiet --target .tools uv >/dev/null 2>&1; }; then
  UV=.tools/bin/uv
fi
if [ -n "$UV" ]; then
  test -x "$VENV/bin/python" || "$UV" venv --quiet --python "$PYTHON" "$VENV"
  VIRTUAL_ENV="$VENV" "$UV" pip sync --quiet requirements.lock
  VIRTUAL_ENV="$VENV" "$UV" pip install --quiet --no-deps -e .
else
  echo "uv not available: installing with pip (about a minute)" >&2
  test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet -r requirements.lock
  "$VENV/bin/python" -m pip install --quiet --no-deps -e .
fi
