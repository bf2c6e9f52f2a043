"""Online backups and restores of the site's database, on SQLite and PostgreSQL.

SQLite uses its backup API, which copies a consistent snapshot while the site
keeps writing (a plain file copy during writes can miss commits or tear
pages). PostgreSQL uses pg_dump, which reads one transaction-consistent
snapshot, and pg_restore.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def backup_database(destination: Path, *, using="default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _sqlite_copy(connection.connection, destination_path=destination)
    elif connection.vendor == "postgresql":
        _run_postgres_tool(
            "pg_dump", "--format=custom", f"--file={destination}", connection=connection
        )
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")


def restore_database(source: Path, *, using="default") -> None:
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _sqlite_restore(source, connection.connection)
    elif connection.vendor == "postgresql":
        _run_postgres_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing, so a bad file leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
            connection=connection,
        )
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")


def _sqlite_copy(source, *, destination_path):
    partial = destination_path.with_name(destination_path.name + ".partial")
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copy failed SQLite's integrity check.")
    finally:
        target.close()
    # Only a finished, checked copy takes the destination's name.
    partial.replace(destination_path)


def _sqlite_restore(source_path, live):
    backup = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source_path} failed SQLite's integrity check.")
        # An empty file is a valid, empty SQLite database: restoring it would
        # wipe the site, so ask for the tables every Django database has.
        tables = backup.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'"
        ).fetchone()[0]
        if not tables:
            raise BackupError(f"{source_path} holds no Newsroom database.")
        # The backup API replaces the live database's pages in one step.
        backup.backup(live)
    except sqlite3.DatabaseError as error:
        message = f"{source_path} is not a usable SQLite backup: {error}"
        raise BackupError(message) from error
    finally:
        backup.close()


def _run_postgres_tool(program, *arguments, connection):
    settings = connection.settings_dict
    environment = os.environ | {
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"] or "",
        "PGPASSWORD": settings["PASSWORD"] or "",
        "PGDATABASE": settings["NAME"],
    }
    try:
        result = subprocess.run(
            [program, *arguments], env=environment, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed.") from None
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{program} failed.")
