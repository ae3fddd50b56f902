"""Fault runs against the stack of common.sh, one scenario per argument:

    import-kill  SIGKILL the gunicorn worker that is importing a workbook through the web
    db-restart   stop PostgreSQL for a while under load, then start it again
    close        close a half-year while staff are writing into it

Each prints what it observed and exits non-zero when the application did not hold up.
Run through tests/load/faults.sh, which provides the environment.

The scenarios live in faults_import_kill.py, faults_db_restart.py and faults_close.py; what they
share (the environment, sql, pg_ctl, start_locust, verdict) in faults_common.py.
"""

import sys

from faults_close import close_during_load
from faults_db_restart import db_restart
from faults_import_kill import import_kill

SCENARIOS = {"import-kill": import_kill, "db-restart": db_restart, "close": close_during_load}

if __name__ == "__main__":
    names = sys.argv[1:] or list(SCENARIOS)
    failed = 0
    for name in names:
        print(f"\n== fault: {name}")
        failed |= SCENARIOS[name]()
    sys.exit(failed)
