"""Plumbing shared by the fault scenarios of faults.py: the stack's environment (from
common.sh), queries on a fresh PostgreSQL connection, pg_ctl, gunicorn's workers, a locust run
in the background and the verdict line.
"""

import os
import subprocess
from pathlib import Path

import psycopg2

HOST = os.environ["LOAD_HOST"]
PASSWORD = os.environ["LOAD_PASSWORD"]
OUT = Path(os.environ["LOAD_OUT"])
DIVISION = "load_division_1"
ROOT = Path(__file__).resolve().parents[2]


def sql(statement, params=()):
    """One query on a fresh connection: the server may have been restarted in between."""
    connection = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def pg_ctl(*args):
    command = [f"{os.environ['PGBIN']}/pg_ctl", "-D", f"{os.environ['PGTMP']}/data", *args]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def start_locust(out, users, seconds, classes=(), **env):
    out.mkdir(parents=True, exist_ok=True)
    command = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "tests/load/locustfile.py"),
        "--headless",
        "--host",
        HOST,
        "--users",
        str(users),
        "--spawn-rate",
        "2",
        "--run-time",
        f"{seconds}s",
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    log = (out / "locust.log").open("w")
    return subprocess.Popen(
        command, env={**os.environ, "LOAD_OUT": str(out), **env}, stdout=log, stderr=log
    )


def verdict(problems):
    print("verdict: " + ("held up" if not problems else "FAILED: " + "; ".join(problems)))
    return 1 if problems else 0


def gunicorn_workers():
    master = int((OUT / "gunicorn.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]
