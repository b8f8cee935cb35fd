#!/usr/bin/env bash
# A real Isso comment server for the Isso tests, in its own virtual environment (.venv-isso at
# the repository's root), so its pins (werkzeug, misaka, bleach...) never meet agora's venv.
# Idempotent; about 20 s on a fresh machine. The tests find it there (tests/isso/server.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
ISSO_VERSION="0.14.0"
if [ -x .venv-isso/bin/isso ] && .venv-isso/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('isso') != '$ISSO_VERSION')" 2>/dev/null; then
    exit 0
fi
python3 -m venv .venv-isso
.venv-isso/bin/pip install --quiet "isso==$ISSO_VERSION"
.venv-isso/bin/isso --version
