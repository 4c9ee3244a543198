#!/usr/bin/env bash
# Serve GreenConnect on 127.0.0.1:$PORT with the search indexer and the job runner beside it, under a small
# supervisor (scripts/supervise.py, processes listed in ./Procfile): a crashed or killed indexer or job
# runner is restarted with backoff and the restart is logged. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-5000}"
export FLASK_APP="${FLASK_APP:-app:create_app}"

# One gunicorn worker process per core (WEB_WORKERS overrides; WEB_THREADS threads each). Rate-limit counters
# are shared by the workers (app/ratelimit.py: RATELIMIT_STORAGE_URI, else a local Redis that answers, else
# an embedded SQLite file in the instance directory); only an explicit memory:// store forces one process.
CORES="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
WORKERS="${WEB_WORKERS:-$(( CORES > 2 ? CORES : 2 ))}"
case "${RATELIMIT_STORAGE_URI:-}" in memory://*) WORKERS=1;; esac
export WEB_WORKERS="$WORKERS"
export WEB_THREADS="${WEB_THREADS:-4}"

echo "GreenConnect: http://127.0.0.1:${PORT}/  (${WEB_WORKERS} worker processes × ${WEB_THREADS} threads; demo logins in README.md; mail goes to instance/mail_outbox/)"
exec .venv/bin/python scripts/supervise.py --procfile Procfile
