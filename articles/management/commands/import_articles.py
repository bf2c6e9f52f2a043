from django.core.management import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.importers import plaintext
from articles.importers.command import ImportCommand
from articles.importers.writer import ImportOptions
from articles.models import Article


class Command(ImportCommand):
    help = f"""Import plain-text articles (UTF-8 .txt files; a directory means
    the .txt files in it). The first line is the title. Blocks of text are
    separated by blank lines, and the lines of a block form one paragraph;
    lines of only spaces or non-breaking spaces count as blank. A block of one
    short line (at most {plaintext.SUBHEADING_MAX_LENGTH} characters) that does
    not end in closing punctuation (. ! ? … : ; , before any closing quote) and
    is followed by a paragraph becomes a subheading. A final "Previous" block
    followed by a title, and/or "Next" followed by a title, sets the article's
    previous/next links to the articles with those titles; titles not found are
    reported. Re-importing a file updates the article with the same slug in the
    section. Each file is imported whole or not at all: a bad file (empty,
    binary, not UTF-8, no title) is reported and skipped, the other files are
    still imported, and the command then exits with an error."""
    parse = staticmethod(plaintext.read_plaintext)
    section_help = "Slug of the section the articles go into (required)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--status",
            choices=Article.Status.values,
            help="Status of the articles. Without it, new articles are drafts "
            "and re-imported ones keep their status.",
        )
        parser.add_argument(
            "--published-at",
            metavar="WHEN",
            help="Publication time, e.g. 2023-05-02T14:00Z; a future time "
            "schedules. Without it, publishing means now.",
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            dest="tags",
            metavar="NAME",
            help="Add this tag to every article; repeat for more tags.",
        )

    def import_options(self, options):
        if options["section"] is None:
            raise CommandError("Give the section with --section SLUG.")
        return ImportOptions(
            section=self.section(options["section"]),
            status=options["status"],
            published_at=self.published_at(options["published_at"]),
            tags=tuple(options["tags"]),
            dry_run=options["dry_run"],
            revision_comment=self.command_name(),
        )

    def files(self, paths):
        files = []
        for path in paths:
            found = sorted(path.glob("*.txt")) if path.is_dir() else [path]
            files += [(str(found_path), found_path) for found_path in found]
        return files

    @staticmethod
    def published_at(text):
        if text is None:
            return None
        try:
            when = parse_datetime(text)
        except ValueError:
            when = None
        if when is None:
            raise CommandError(
                f"--published-at “{text}” is not a date and time like "
                "2023-05-02T14:00Z."
            )
        return when if timezone.is_aware(when) else timezone.make_aware(when)
