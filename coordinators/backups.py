"""Whole-database backup and restore for the backup_data and restore_data commands.

PostgreSQL goes through pg_dump/pg_restore (custom format); SQLite through its online backup API,
which copies a consistent database even while the app writes. The files hold personal data:
they are written readable by their owner only.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils import timezone

from coordinators.models import Center

PG_DUMP_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _vendor():
    if connection.vendor not in ("postgresql", "sqlite"):
        raise CommandError(
            f"このデータベース（{connection.vendor}）のバックアップには対応していません。"
        )
    return connection.vendor


def _connect():
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise CommandError(f"データベースに接続できません: {error}") from None


def default_backup_path():
    suffix = ".dump" if _vendor() == "postgresql" else ".sqlite3"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / f"sasaeai-{stamp}{suffix}"


def server_major():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path):
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None


def pg_tool(name):
    """The pg_dump or pg_restore of the server's major version: an older client cannot dump a
    newer server, and a newer client writes archives the server's own pg_restore cannot read."""
    major = server_major()
    variable = name.upper()  # PG_DUMP, PG_RESTORE
    if os.environ.get(variable):
        candidates = [os.environ[variable]]
    else:
        candidates = [f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name)]
    seen = []
    for path in filter(None, candidates):
        if not os.access(path, os.X_OK):
            continue
        found = _tool_major(path)
        if found == major:
            return path
        seen.append(f"{path}（バージョン {found or '不明'}）")
    tried = f"見つかったもの: {'、'.join(seen)}。" if seen else ""
    raise CommandError(
        f"PostgreSQL {major} の {name} が見つかりません。{tried}"
        f"postgresql-client-{major} を入れるか、環境変数 {variable} にその場所を指定してください。"
    )


def _pg_connection():
    """Command-line arguments and environment for the configured database; the password goes
    through PGPASSWORD so it never appears in the process list."""
    conf = connection.settings_dict
    args = ["--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if conf.get(key):
            args += [option, str(conf[key])]
    args += ["--dbname", conf["NAME"]]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    sslmode = conf.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        name = Path(command[0]).name
        raise CommandError(
            f"{name} が失敗しました（終了コード {result.returncode}）: {result.stderr.strip()}"
        )


def backup(path):
    """Write the whole configured database to path; nothing is left behind on failure."""
    vendor = _vendor()
    name = connection.settings_dict["NAME"]
    # Connecting to a missing SQLite file would create it and back up an empty database.
    if vendor == "sqlite" and not connection.is_in_memory_db() and not Path(name).exists():
        raise CommandError(f"データベース {name} が見つかりません。")
    _connect()
    path = Path(path)
    if path.exists():
        raise CommandError(f"{path} は既にあります。別の名前を指定してください。")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if vendor == "postgresql":
            args, env = _pg_connection()
            _run([pg_tool("pg_dump"), "--format=custom", "--file", str(partial), *args], env)
        else:
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        partial.chmod(0o600)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def database_is_empty():
    """No login and no 所属: a new database, or one that was only migrated."""
    _connect()
    tables = set(connection.introspection.table_names())
    return not any(
        model._meta.db_table in tables and model.objects.exists() for model in (User, Center)
    )


def restore(path):
    """Replace the configured database's contents with the backup at path."""
    vendor = _vendor()
    _connect()
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"{path} が見つかりません。")
    with path.open("rb") as file:
        header = file.read(len(SQLITE_MAGIC))
    if vendor == "postgresql":
        if not header.startswith(PG_DUMP_MAGIC):
            raise CommandError(
                f"{path} は PostgreSQL のバックアップ（pg_dump --format=custom）ではありません。"
            )
        args, env = _pg_connection()
        pg_restore = pg_tool("pg_restore")
        # One transaction: a restore that fails half-way leaves the database as it was.
        command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl"]
        _run([*command, "--single-transaction", *args, str(path)], env)
    else:
        if header != SQLITE_MAGIC:
            raise CommandError(f"{path} は SQLite のバックアップではありません。")
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()


def size_label(path):
    size = Path(path).stat().st_size
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB"
