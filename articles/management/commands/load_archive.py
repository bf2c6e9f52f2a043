import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from .export_articles import ARCHIVE_MEDIA, ARCHIVE_ROWS


class Command(BaseCommand):
    help = """Read an archive written by `export_articles --archive`: the
    pictures' files into the media storage under their names, then the rows
    (as loaddata does). All or nothing: if the rows cannot be loaded, the
    files it wrote are removed again."""

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE.zip")

    def handle(self, *args, **options):
        try:
            archive = zipfile.ZipFile(options["archive"])
        except (OSError, zipfile.BadZipFile) as error:
            raise CommandError(
                f"{options['archive']} is not an archive: {error}"
            ) from None
        written = []
        with archive, tempfile.TemporaryDirectory() as temporary:
            if ARCHIVE_ROWS not in archive.namelist():
                raise CommandError(f"The archive has no {ARCHIVE_ROWS}.")
            rows = Path(temporary) / ARCHIVE_ROWS
            rows.write_bytes(archive.read(ARCHIVE_ROWS))
            try:
                with transaction.atomic():
                    for member in archive.namelist():
                        if member.startswith(ARCHIVE_MEDIA) and not member.endswith(
                            "/"
                        ):
                            name = stored_name(member)
                            if not default_storage.exists(name):
                                content = ContentFile(archive.read(member))
                                written.append(default_storage.save(name, content))
                    call_command("loaddata", str(rows), verbosity=0)
            except BaseException:
                for name in written:
                    default_storage.delete(name)
                raise
        self.stdout.write(
            f"Loaded {options['archive']}: {len(written)} picture files written."
        )


def media_members(archive):
    return [
        member
        for member in archive.namelist()
        if member.startswith(ARCHIVE_MEDIA) and not member.endswith("/")
    ]


def stored_name(member: str) -> str:
    name = PurePosixPath(member.removeprefix(ARCHIVE_MEDIA))
    if name.is_absolute() or ".." in name.parts:
        raise CommandError(f"The archive names a file outside its media: {member}")
    return str(name)
