from pathlib import Path

from django.core.management import BaseCommand, CommandError

from articles.importers.archive import ArchiveRefused, load_archive


class Command(BaseCommand):
    help = """Read an archive written by `export_articles --archive` into an
    empty site: the pictures' files into the media storage under their names,
    then the rows (as loaddata does). All or nothing: one transaction, and if
    the rows cannot be loaded the files it wrote are removed again. An archive
    from a newer schema than this site's is refused, as is a site that already
    has articles or library pictures (unless --replace)."""

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE.zip")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete this site's articles (with what other apps keep about "
            "them: live stories, placements on fronts, embeds), sections, "
            "authors, tags and library pictures first, in the same transaction: "
            "the site becomes the archive's.",
        )

    def handle(self, *args, **options):
        try:
            result = load_archive(options["archive"], replace=options["replace"])
        except ArchiveRefused as refused:
            raise CommandError(str(refused)) from None
        kept = len(result.contents.files) - result.files_written
        self.stdout.write(
            f"Loaded {options['archive']}: {result.contents.lines()[0]}"
            + (f" ({kept} were in the media storage already)" if kept else "")
        )
