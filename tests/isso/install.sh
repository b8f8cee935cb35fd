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
if ! .venv-isso/bin/pip install --quiet "isso==$ISSO_VERSION"; then
    # misaka (an Isso dependency) may need building: a C compiler and Python's headers.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3-dev libffi-dev
        .venv-isso/bin/pip install --quiet "isso==$ISSO_VERSION"
    else
        echo "tests/isso/install.sh: installing Isso failed (it needs a C compiler)" >&2
        exit 1
    fi
fi
.venv-isso/bin/isso --version
