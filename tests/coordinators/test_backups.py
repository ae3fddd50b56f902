"""A backup restored into a fresh database gives the same report as the database it came from."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coordinators.periods import Period
from reports.published import report_for
from reports.renderers import report_json

ROOT = Path(__file__).resolve().parents[2]


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def postgres_url(name):
    conf = connection.settings_dict
    credentials = quote(conf["USER"] or "", safe="")
    if conf["PASSWORD"]:
        credentials += ":" + quote(conf["PASSWORD"], safe="")
    host = f"{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{name}"


@pytest.fixture
def fresh_database(tmp_path):
    """The DATABASE_URL of an empty database that restore_data may fill."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"sasaeai_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# pg_dump reads through its own connection, so the demo must be committed, not held in the
# test's transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_gives_the_same_half_year_report(
    tmp_path, fresh_database, capsys, settings
):
    settings.DEBUG = True  # the demo is for development
    call_command("load_demo")
    # The demo's R6 上半期 is closed: the published version, with its version, who and when.
    shown = report_for(Period.for_half(2024, 1))
    expected = json.loads(json.dumps(report_json(shown.report, shown.published, shown.differences)))
    assert expected["activity_counts"]["total"] == 780
    assert expected["published"]["version"] == 1

    backup = tmp_path / "sasaeai.backup"
    call_command("backup_data", output=str(backup))
    assert f"バックアップを書き出しました: {backup}" in capsys.readouterr().out
    assert backup.stat().st_mode & 0o077 == 0  # personal data: owner only

    manage(fresh_database, "restore_data", str(backup))
    restored = manage(
        fresh_database, "export_report", "--period", "R6上半期", "--format", "json", "--output", "-"
    )
    assert json.loads(restored) == expected

    # The restored database now has data: a second restore is refused without --force.
    refused = subprocess.run(
        [sys.executable, "manage.py", "restore_data", str(backup)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": fresh_database},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "既にデータがあります" in refused.stderr


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"yesterday")
    with pytest.raises(CommandError, match="既にあります"):
        call_command("backup_data", output=str(existing))
    assert existing.read_bytes() == b"yesterday"


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    report = tmp_path / "report.json"
    report.write_text("{}")
    with pytest.raises(CommandError, match=r"バックアップ.*ではありません"):
        call_command("restore_data", str(report))
