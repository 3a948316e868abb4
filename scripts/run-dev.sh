#!/usr/bin/env bash
# The development server with its helpers: the background-task worker and the
# scheduled-publishing loop. All three stop together on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PORT="${PORT:-8000}"

# Wagtail's Site follows BASE_URL (by default http://127.0.0.1:$PORT), so the
# API's links point to this server.
$PY manage.py set_site_from_base_url
mkdir -p var
$PY manage.py work >>var/worker.log 2>&1 &
WORKER=$!
( while true; do $PY manage.py publish_scheduled >/dev/null 2>&1 || true; sleep 60; done ) &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM

echo "Tòa Soạn: http://127.0.0.1:${PORT}/  (admin: http://127.0.0.1:${PORT}/admin/)"
echo "Background-task worker log: var/worker.log"
$PY manage.py runserver "127.0.0.1:${PORT}"
