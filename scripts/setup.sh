#!/usr/bin/env bash
# Install everything motcua needs on a Debian/Ubuntu machine with Python 3.11+:
# system libraries (PDF rendering, fonts, gettext; chromium for browser
# tests), the locked Python packages in .venv, and the front-end packages.
# Usage: scripts/setup.sh [run|test|bench]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"
PYTHON="${PYTHON:-python3}"
UV_VERSION="0.13.9"

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi tinos || need+=(fonts-croscore)
command -v msgfmt >/dev/null || need+=(gettext)
command -v npm >/dev/null || need+=(npm)
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
if [ "$purpose" = bench ]; then
  command -v wrk >/dev/null || need+=(wrk)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "motcua needs these system packages. Run:" >&2
    echo "  sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "motcua needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
  "$PYTHON" -m venv .venv
fi
if [ "$(.venv/bin/uv --version 2>/dev/null | awk '{print $2}')" != "$UV_VERSION" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
.venv/bin/uv sync --frozen --quiet --python .venv/bin/python
npm ci --no-audit --no-fund --loglevel=error
if [ "$purpose" = test ]; then
  # Lighthouse for the citizen pages' accessibility score (e2e/test_page_quality.py);
  # installed again only when its lock file changes.
  stamp=scripts/audit/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ scripts/audit/package-lock.json -nt "$stamp" ]; then
    npm ci --prefix scripts/audit --no-audit --no-fund --loglevel=error
  fi
fi
mkdir -p var
