from pathlib import Path

from django.core.management import BaseCommand, CommandError

from operations.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database to PATH while the site keeps "
        "running: SQLite's backup API on SQLite, pg_dump (custom format) on "
        "PostgreSQL. Restore it with `restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory.")
        try:
            backup_database(path)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path}."))
