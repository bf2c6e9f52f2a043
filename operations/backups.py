"""Online backups and restores of the site: its database, on SQLite and
PostgreSQL, and the files of its storages on disk (uploaded photos, their
renditions, the originals kept), in one tar archive.

SQLite uses its backup API, which copies a consistent snapshot while the site
keeps writing (a plain file copy during writes can miss commits or tear
pages). PostgreSQL uses pg_dump, which reads one transaction-consistent
snapshot, and pg_restore. Files are copied after the database: a photo
uploaded meanwhile is an extra file, harmless, as stored names are never
reused. Storages elsewhere (S3) are the bucket's to keep.
"""

import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

DATABASE_MEMBER = "database"
FILES_FOLDER = "files"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def stored_file_roots():
    """Each storage kept on this machine's disk, by alias, with its folder."""
    return {
        alias: Path(storages[alias].location)
        for alias in settings.STORAGES
        if alias != "staticfiles" and isinstance(storages[alias], FileSystemStorage)
    }


def backup_site(destination: Path, *, using="default") -> None:
    """The database and the stored files, as one archive at `destination`."""
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        database = Path(work) / DATABASE_MEMBER
        backup_database(database, using=using)
        with tarfile.open(partial, "w") as archive:
            archive.add(database, arcname=DATABASE_MEMBER)
            for alias, root in stored_file_roots().items():
                if root.is_dir():
                    archive.add(root, arcname=f"{FILES_FOLDER}/{alias}")
    # Only a finished archive takes the destination's name.
    partial.replace(destination)


def restore_site(source: Path, *, using="default") -> None:
    """Put back the database, all or nothing, then every stored file the
    backup holds; files added since stay. A bare database file (a backup
    from before files were included) restores the database alone."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if not tarfile.is_tarfile(source):
        restore_database(source, using=using)
        return
    roots = stored_file_roots()
    try:
        with tarfile.open(source) as archive, tempfile.TemporaryDirectory() as work:
            if DATABASE_MEMBER not in archive.getnames():
                raise BackupError(f"{source} holds no database.")
            files = files_to_restore(archive, roots)
            archive.extract(DATABASE_MEMBER, work, filter="data")
            restore_database(Path(work) / DATABASE_MEMBER, using=using)
            for member, root in files:
                archive.extract(member, root, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} could not be read: {error}") from error


def files_to_restore(archive, roots):
    """Each stored file of the archive with the folder it goes to, all
    checked before anything is restored: tarfile's "data" filter refuses
    absolute paths, paths out of the folder, links out and device files."""
    files = []
    for member in archive.getmembers():
        folder, _, name = member.name.partition("/")
        alias, _, path = name.partition("/")
        if folder == FILES_FOLDER and alias in roots and path:
            member = member.replace(name=path, deep=False)
            files.append((tarfile.data_filter(member, roots[alias]), roots[alias]))
    return files


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
