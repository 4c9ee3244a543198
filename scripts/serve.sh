#!/usr/bin/env bash
# Serve GreenConnect on 127.0.0.1:$PORT with the search indexer and the job runner beside it, under a small
# supervisor (scripts/supervise.py, processes listed in ./Procfile): a crashed or killed indexer or job
# runner is restarted with backoff and the restart is logged. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-5000}"
export FLASK_APP="${FLASK_APP:-app:create_app}"

# Rate limits live in memory unless RATELIMIT_STORAGE_URI points at a shared store (e.g. Redis); several
# worker processes would each keep their own counters, so use one process with threads in that case.
WORKERS=1
case "${RATELIMIT_STORAGE_URI:-memory://}" in redis://*|rediss://*|memcached://*) WORKERS="${WEB_WORKERS:-2}";; esac
export WEB_WORKERS="$WORKERS"

echo "GreenConnect: http://127.0.0.1:${PORT}/  (demo logins in README.md; mail goes to instance/mail_outbox/)"
exec .venv/bin/python scripts/supervise.py --procfile Procfile
