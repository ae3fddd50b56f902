#!/usr/bin/env bash
# `make faults`: the fault scenarios of tests/load/faults.py against gunicorn + PostgreSQL on
# 127.0.0.1: import-kill, db-restart, close (all three when none is named).
#   FAULTS="close" make faults, or tests/load/faults.sh close
#   LOAD_ACTIVITIES (1000000), LOAD_WORKERS (3), LOAD_IMPORT_ROWS (500), LOAD_PGDIR as load.sh
source "$(dirname "$0")/common.sh"

start_stack
$PY tests/load/faults.py "$@"
