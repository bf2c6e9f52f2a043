from pathlib import Path

from django.core.management import BaseCommand, CommandError

from operations.backups import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `backup`. All "
        "current content is overwritten, so --yes is required. The restore is "
        "all or nothing: a bad file leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that current data goes."
        )

    def handle(self, *args, path, yes, **options):
        if not yes:
            raise CommandError(
                "Restoring overwrites everything in the database; add --yes."
            )
        try:
            restore_database(path)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {path}."))
