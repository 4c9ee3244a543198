#!/usr/bin/env bash
# Serve GreenConnect on 127.0.0.1:$PORT with the search indexer and the job runner beside it.
# The indexer is the only process that writes the search index (tantivy allows one writer);
# web workers only read. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5000}"
FLASK=.venv/bin/flask

# Beside the web server: the search indexer (the only writer of the index) and the periodic jobs
# (claim expiry and reminders, request expiry, daily digests).
$FLASK search sync --follow &
INDEXER=$!
$FLASK jobs follow &
JOBS=$!
trap 'kill $INDEXER $JOBS 2>/dev/null || true; wait $INDEXER $JOBS 2>/dev/null || true' EXIT INT TERM

# Rate limits live in memory unless RATELIMIT_STORAGE_URI points at a shared store (e.g. Redis); several
# worker processes would each keep their own counters, so use one process with threads in that case.
WORKERS=1
case "${RATELIMIT_STORAGE_URI:-memory://}" in redis://*|rediss://*|memcached://*) WORKERS="${WEB_WORKERS:-2}";; esac

echo "GreenConnect: http://127.0.0.1:${PORT}/  (demo logins in README.md; mail goes to instance/mail_outbox/)"
.venv/bin/gunicorn --bind "127.0.0.1:${PORT}" --workers "$WORKERS" --threads 8 --access-logfile - "app:create_app()"
