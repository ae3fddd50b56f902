"""Run a command and say where the machine's CPU went meanwhile: gunicorn, PostgreSQL, the
command itself (locust) and everything else, so a run on a shared machine can be judged.

    .venv/bin/python tests/load/cpu.py GUNICORN_PIDFILE POSTMASTER_PIDFILE -- COMMAND …
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return fields


def _tree_seconds(root):
    """CPU seconds of a process, its live descendants and the children it has reaped."""
    total = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            fields = _stat(pid)
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        pending += [int(child) for child in children]
    return total / TICKS


def _machine():
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICKS, sum(values[:8]) / TICKS


def _sample(gunicorn, postgres):
    busy, total = _machine()
    return {"gunicorn": _tree_seconds(gunicorn), "postgres": _tree_seconds(postgres)}, busy, total


def main():
    split = sys.argv.index("--")
    gunicorn_file, postmaster_file = sys.argv[1:split]
    command = sys.argv[split + 1 :]
    gunicorn = int(Path(gunicorn_file).read_text().split()[0])
    postgres = int(Path(postmaster_file).read_text().split()[0])
    before, busy_before, total_before = _sample(gunicorn, postgres)
    started = time.time()
    returncode = subprocess.call(command)
    after, busy_after, total_after = _sample(gunicorn, postgres)
    seconds = time.time() - started
    cores = (total_after - total_before) / seconds
    used = {name: (after[name] - before[name]) / seconds for name in before}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    used["locust"] = (children.ru_utime + children.ru_stime) / seconds
    busy = (busy_after - busy_before) / seconds
    used["other"] = max(0.0, busy - sum(used.values()))
    parts = ", ".join(f"{name} {value:.2f}" for name, value in used.items())
    print(f"CPU in cores over {seconds:.0f} s: {parts}; idle {cores - busy:.2f} of {cores:.0f}")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
