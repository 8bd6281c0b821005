#!/usr/bin/env bash
# Install (first time) and start Frontline Screening. Arguments go to the app, e.g. --vault DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh runtime
scripts/venv.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run: no display found; starting the app on a virtual X server (xvfb-run)." >&2
  exec xvfb-run -a .venv/bin/frontline-screening "$@"
fi
exec .venv/bin/frontline-screening "$@"
