#!/usr/bin/env bash
# Serve GreenConnect on 127.0.0.1:$PORT with the search indexer beside it.
# The indexer is the only process that writes the search index (tantivy allows one writer);
# web workers only read. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5000}"
FLASK=.venv/bin/flask

if $FLASK search --help >/dev/null 2>&1; then
  $FLASK search sync --follow &
  INDEXER=$!
  trap 'kill $INDEXER 2>/dev/null || true; wait $INDEXER 2>/dev/null || true' EXIT INT TERM
fi

# Rate limits live in memory unless RATELIMIT_STORAGE_URI points at a shared store (e.g. Redis); several
# worker processes would each keep their own counters, so use one process with threads in that case.
WORKERS=1
case "${RATELIMIT_STORAGE_URI:-memory://}" in redis://*|rediss://*|memcached://*) WORKERS="${WEB_WORKERS:-2}";; esac

echo "GreenConnect: http://127.0.0.1:${PORT}/  (demo logins in README.md; mail goes to instance/mail_outbox/)"
.venv/bin/gunicorn --bind "127.0.0.1:${PORT}" --workers "$WORKERS" --threads 8 --access-logfile - "app:create_app()"
