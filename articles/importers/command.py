"""What the import commands share: arguments, progress, the summary, the exit."""

import sys
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from articles.models import Section

from .progress import ProgressBar
from .writer import ImportOptions, Parser, import_files


class ImportCommand(BaseCommand):
    parse: Parser
    section_help: str

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--section", metavar="SLUG", help=self.section_help)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would change, writing nothing.",
        )

    def import_options(self, options) -> ImportOptions:
        return ImportOptions(
            section=self.section(options["section"]),
            dry_run=options["dry_run"],
            revision_comment=self.command_name(),
        )

    def command_name(self) -> str:
        """The name the command is run by, which revisions record as author."""
        return type(self).__module__.rsplit(".", 1)[-1]

    def files(self, paths: list[Path]) -> list[tuple[str, Path]]:
        return [(str(path), path) for path in paths]

    def handle(self, *args, **options):
        files = self.files(options["paths"])
        import_options = self.import_options(options)
        progress = ProgressBar(
            sum(path.stat().st_size for _, path in files if path.is_file()),
            sys.stderr,
        )
        summary = import_files(
            files,
            self.parse,
            import_options,
            on_progress=progress,
            log=self.stdout.write if options["verbosity"] > 1 else None,
        )
        progress.close()
        lines = summary.lines()
        if summary.outcomes and options["verbosity"] > 0:
            lines += ["Each item:", *summary.item_lines()]
        for line in lines:
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(
                f"{len(summary.failed)} of {summary.files} files could not be "
                "imported; nothing was written from them."
            )

    @staticmethod
    def section(slug: str | None) -> Section | None:
        if slug is None:
            return None
        try:
            return Section.objects.get(slug=slug)
        except Section.DoesNotExist:
            known = ", ".join(Section.objects.values_list("slug", flat=True))
            raise CommandError(
                f"No section has the slug “{slug}”. Sections: {known or 'none yet'}."
            ) from None
