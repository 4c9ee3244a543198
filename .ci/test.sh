#!/usr/bin/env bash
# Every suite, as `make test` runs it:
#   1. unit/integration/API tests on SQLite (includes the search contract tests: tantivy + osmem-server),
#   2. the same suite on PostgreSQL (the machine's server, or a throwaway cluster), beside the first,
#   3. browser tests (Playwright driving Debian's Chromium).
# pytest's exit code 5 ("no tests ran") fails the run like any other failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export APP_ENV=test PYTHONDONTWRITEBYTECODE=1
STATUS=0

need_apt=()
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need_apt+=(fonts-noto-core)
if (( ${#need_apt[@]} )); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "[test] installing Debian packages: ${need_apt[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "[test] ERROR: missing Debian packages (${need_apt[*]}) and not root to install them" >&2; exit 1
  fi
fi

run_suite() {  # name, then pytest args
  local name=$1; shift
  echo "=============================== $name ==============================="
  local start=$SECONDS
  $PY -m pytest "$@"
  local rc=$?
  echo "[test] $name: $((SECONDS - start)) s"
  if [[ $rc -eq 5 ]]; then echo "[test] $name: NO TESTS RAN — failing" >&2; fi
  if [[ $rc -ne 0 ]]; then STATUS=1; echo "[test] $name FAILED (exit $rc)" >&2; fi
}

# The SQLite and PostgreSQL suites run side by side, one per core (they share nothing: temporary
# directories, free ports, a database per run); the PostgreSQL suite's output is printed when it ends.
PG_THROWAWAY_FILE=$(mktemp); export PG_THROWAWAY_FILE
PG_LOG=$(mktemp); PG_PID=
if PG_URL=$(bash .ci/postgres.sh); then
  ( TEST_DATABASE_URL="$PG_URL" run_suite "PostgreSQL" -q -m "not browser" -p no:cacheprovider --ignore=tests/search
    exit $STATUS ) >"$PG_LOG" 2>&1 &
  PG_PID=$!
else
  echo "[test] ERROR: no PostgreSQL available — the PostgreSQL suite could not run" >&2; STATUS=1
fi

run_suite "SQLite" -q -m "not browser" -p no:cacheprovider

if [[ -n "$PG_PID" ]]; then
  wait "$PG_PID"; PG_RC=$?
  cat "$PG_LOG"
  [[ $PG_RC -eq 0 ]] || { STATUS=1; echo "[test] PostgreSQL FAILED" >&2; }
fi
rm -f "$PG_LOG"
if [[ -s "$PG_THROWAWAY_FILE" ]]; then
  DIR=$(cat "$PG_THROWAWAY_FILE")
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null; else "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null; fi
  rm -rf "$DIR"
fi
rm -f "$PG_THROWAWAY_FILE"

run_suite "Browser (Playwright + Chromium)" -q -m browser -p no:cacheprovider tests/browser

exit $STATUS
