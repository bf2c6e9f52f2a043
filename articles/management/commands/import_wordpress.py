import dataclasses
from functools import partial
from pathlib import Path

from django.core.management import CommandError

from articles.importers import wordpress
from articles.importers.command import ImportCommand
from articles.importers.media import MediaSource


class Command(ImportCommand):
    help = """Import posts from WordPress export files (Tools → Export, WXR).
    Posts become articles with their title, slug, body (sanitised), excerpt as
    standfirst, author, tags, publication time and status: published and
    scheduled posts stay so, drafts, pending and private posts become drafts;
    pages and trashed posts are skipped and listed. Pictures (attachments,
    featured images, pictures in bodies) go into the image library, read from
    --media-dir or fetched from their addresses (public ones only, within
    NEWSROOM_IMPORT_FETCH_SECONDS each); each one that cannot come along is
    listed with its post. The first
    category becomes the section (created if missing); posts without one go to
    --section, else to "Uncategorized", as WordPress files them. The post's GUID and
    address are kept, so a re-import updates the same articles and old links can
    be redirected. Entity declarations are refused (no XML bombs, no external
    files). Each file is imported whole or not at all: a bad or truncated file
    is reported, the other files are still imported, and the command then exits
    with an error."""
    parse = staticmethod(wordpress.parse_wxr)
    section_help = (
        "Slug of the section for posts that have no category (default: "
        "Uncategorized, created if missing)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--media-dir",
            type=Path,
            metavar="DIR",
            help="A copy of the old site's wp-content/uploads folder: pictures "
            "are read from it instead of fetched.",
        )
        parser.add_argument(
            "--pages-section",
            metavar="SLUG",
            help="Import pages too, as articles of this section (which must "
            "exist); their old /?page_id=N links then lead to them.",
        )

    def import_options(self, options):
        folder = options["media_dir"]
        if folder is not None and not folder.is_dir():
            raise CommandError(f"--media-dir {folder} is not a folder.")
        if options["pages_section"]:
            # The parser is told; the section must exist, as --section's does.
            self.section(options["pages_section"])
            self.parse = partial(
                wordpress.parse_wxr, pages_section=options["pages_section"]
            )
        return dataclasses.replace(
            super().import_options(options),
            media=MediaSource(folder=folder),
            fallback_section=wordpress.UNCATEGORIZED,
        )
