# Shared by load.sh and faults.sh (sourced, not run): a private PostgreSQL cluster filled with the
# benchmark data, and gunicorn on 127.0.0.1 in front of it. Everything listens on loopback only
# and is stopped by the EXIT trap that start_stack installs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

PY=.venv/bin/python
LOAD_ACTIVITIES="${LOAD_ACTIVITIES:-1000000}"
LOAD_WORKERS="${LOAD_WORKERS:-3}"
LOAD_APP_PORT="${LOAD_APP_PORT:-8765}"
PGPORT="${LOAD_PG_PORT:-55433}"
# A kept directory (LOAD_PGDIR) is reused with its data by the next run: filling a million
# activities takes minutes. Without it the cluster lives in a temporary directory.
if [ -n "${LOAD_PGDIR:-}" ]; then
  PGTMP="$LOAD_PGDIR"
  KEEP_PGDIR=1
  mkdir -p "$PGTMP"
else
  PGTMP="$(mktemp -d /tmp/sasaeai-load.XXXXXX)"
  KEEP_PGDIR=0
fi
LOAD_OUT="${LOAD_OUT:-$(mktemp -d /tmp/sasaeai-load-out.XXXXXX)}"
mkdir -p "$LOAD_OUT"
chmod 755 "$PGTMP"
GUNICORN_PID=""

export LOAD_PASSWORD="${LOAD_PASSWORD:-load-run-$(date +%s)-passphrase}"
export DEBUG=0
export SECRET_KEY="load-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
# The load logins sign in with a password only (production asks the division for a TOTP code).
export REQUIRE_2FA_FOR=
export DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-60}"
export LOG_LEVEL="${LOG_LEVEL:-ERROR}"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/sasaeai"
export LOAD_HOST="http://127.0.0.1:$LOAD_APP_PORT"
export LOAD_OUT PGPORT PGTMP

as_pg() {
  # initdb refuses to run as root; the Debian package provides the postgres user for that.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Commit timestamps let the close scenario tell when each row version was committed.
export PG_OPTIONS="-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c shared_buffers=1GB \
-c max_connections=100 -c track_commit_timestamp=on"

pg_start() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 120 -o "$PG_OPTIONS" \
    start >/dev/null
}

pg_stop() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null
}

psql_q() {
  "$PGBIN/psql" -X -q -t -A -h 127.0.0.1 -p "$PGPORT" -U postgres -d sasaeai -c "$1"
}

stop_stack() {
  if [ -n "$GUNICORN_PID" ]; then
    kill "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [ -n "${PGBIN:-}" ] && [ -f "$PGTMP/data/postmaster.pid" ]; then pg_stop || true; fi
  if [ "$KEEP_PGDIR" = 0 ]; then rm -rf "$PGTMP"; fi
}

start_stack() {
  trap stop_stack EXIT
  trap 'exit 130' INT TERM
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  export PGBIN
  [ "$(id -u)" = 0 ] && chown postgres "$PGTMP"
  if [ ! -f "$PGTMP/data/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  pg_start
  "$PGBIN/psql" -X -tAq -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = 'sasaeai'" | grep -q 1 \
    || "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres sasaeai
  echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT ($PGTMP)"

  $PY manage.py migrate --noinput >/dev/null
  $PY manage.py collectstatic --noinput >/dev/null
  echo "== benchmark data: $LOAD_ACTIVITIES activities (reused when already there)"
  # The benchmark's own timing requests go through the test client as host "localhost".
  ALLOWED_HOSTS=127.0.0.1,localhost $PY manage.py benchmark_reports \
    --activities "$LOAD_ACTIVITIES" --reuse --json >"$LOAD_OUT/benchmark.json"
  $PY tests/load/prepare.py
  psql_q "VACUUM ANALYZE" >/dev/null

  # As deploy/sasaeai-log.service runs it (3 workers, 60 s), with DB_CONN_MAX_AGE=60 as in
  # the README's Production section.
  .venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$LOAD_APP_PORT" \
    --workers "$LOAD_WORKERS" --timeout 60 --pid "$LOAD_OUT/gunicorn.pid" >"$LOAD_OUT/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "$LOAD_HOST/login/" && break
    sleep 0.2
  done
  echo "== gunicorn $($PY -c 'import gunicorn; print(gunicorn.__version__)'), $LOAD_WORKERS sync workers on $LOAD_HOST"
}
