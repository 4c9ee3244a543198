#!/usr/bin/env bash
# Print a PostgreSQL URL for the test suite (a server database the tests create their own DB in).
#   1. $TEST_DATABASE_URL when set;
#   2. the machine's server on 127.0.0.1:5432 when it answers;
#   3. otherwise (or with GC_PG_THROWAWAY=1) install Debian's postgresql (if needed) and start a throwaway cluster on a spare
#      port in a temp dir; its directory is written to $PG_THROWAWAY_FILE so .ci/test.sh stops it.
# Everything else goes to stderr; exit 1 (loudly) when no PostgreSQL can be had.
set -euo pipefail
log() { echo "[postgres] $*" >&2; }

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  echo "$TEST_DATABASE_URL"; exit 0
fi
# GC_PG_THROWAWAY=1 forces step 3 (used to test that path on machines that do have a server).
if [[ -z "${GC_PG_THROWAWAY:-}" ]] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 \
   && psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  log "using the running server on 127.0.0.1:5432"
  echo "postgresql://postgres@127.0.0.1:5432/postgres"; exit 0
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    log "ERROR: PostgreSQL is not installed and this user cannot apt-get install it."
    log "Install Debian's 'postgresql' package or set TEST_DATABASE_URL."; exit 1
  fi
  log "installing Debian's postgresql…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

DIR=$(mktemp -d /tmp/greenconnect-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
RUN=()
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DIR"; RUN=(runuser -u postgres --); fi
log "starting a throwaway cluster in $DIR on port $PORT"
"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2
[[ -n "${PG_THROWAWAY_FILE:-}" ]] && echo "$DIR" > "$PG_THROWAWAY_FILE"
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
