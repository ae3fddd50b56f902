#!/usr/bin/env bash
# `make load`: 50 simulated users against gunicorn + PostgreSQL on 127.0.0.1 for a bounded time,
# then percentiles per page, error rate, and every acknowledged write checked in the database.
#   LOAD_ACTIVITIES (1000000)  benchmark activities in the database
#   LOAD_USERS (50), LOAD_RUN_TIME (6m), LOAD_WAIT (15,45: think time between two actions of
#   a user, in seconds: reading the week, typing an entry)
#   LOAD_WORKERS (3 gunicorn sync workers, as deploy/sasaeai-log.service)
#   LOAD_PGDIR                 keep the cluster there and reuse its data next time
source "$(dirname "$0")/common.sh"

LOAD_USERS="${LOAD_USERS:-50}"
LOAD_RUN_TIME="${LOAD_RUN_TIME:-6m}"
export LOAD_WAIT="${LOAD_WAIT:-15,45}"

start_stack
echo "== $LOAD_USERS users, one more each second, think time $LOAD_WAIT s, for $LOAD_RUN_TIME" \
  "(results in $LOAD_OUT; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# One login a second: a login hashes the password on purpose, and a burst of 50 would queue
# everything else behind it; percentiles are taken once everyone is in.
$PY tests/load/cpu.py "$LOAD_OUT/gunicorn.pid" "$PGTMP/data/postmaster.pid" -- \
  .venv/bin/locust -f tests/load/locustfile.py --headless --host "$LOAD_HOST" \
  --users "$LOAD_USERS" --spawn-rate 1 --run-time "$LOAD_RUN_TIME" --only-summary \
  --loglevel WARNING >"$LOAD_OUT/locust.log" 2>&1 || true
grep "^CPU" "$LOAD_OUT/locust.log" || true
$PY tests/load/summary.py "$LOAD_OUT"
