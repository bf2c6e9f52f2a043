from pathlib import Path

from django.core.management import BaseCommand, CommandError

from operations.backups import BackupError, restore_site


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `backup`, and "
        "put back the uploaded files it holds. All current content is "
        "overwritten, so --yes is required. The database's restore is all or "
        "nothing: a bad file leaves it as it was."
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
            restore_site(path)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored the database and files from {path}.")
        )
