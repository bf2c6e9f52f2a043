from pathlib import Path

from django.core.management import BaseCommand, CommandError

from operations.backups import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Write a backup of the site to PATH while it keeps running: a "
        "consistent copy of the database (SQLite's backup API, or pg_dump) and "
        "the uploaded files on disk, in one tar archive. Restore it with "
        "`restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory.")
        try:
            backup_site(path)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database and files to {path}.")
        )
