import io
from datetime import datetime

from django.apps import apps
from django.core.management import BaseCommand, CommandError
from django.core.serializers import json

from articles.importers.archive import EXPORTED_MODELS, write_archive

# Rows that keep their database ids as well as their natural keys: an
# article's feed entry ID is made from its id, so an archive read into an
# empty site must not give subscribers new entries.
KEEP_IDS = {"images.image", "images.rendition", "articles.article"}


class Serializer(json.Serializer):
    """Django's JSON with times to the microsecond, not the millisecond: the
    sitemap's and Atom feed's times show them, and must read back the same."""

    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime):
            return value.isoformat()
        return super()._value_from_field(obj, field)


class Command(BaseCommand):
    help = """Write all library images (their rows; copy MEDIA_ROOT for their
    files), sections, authors, tags and articles (with their bylines, tags,
    previous/next links, source addresses, corrections and old addresses) as
    JSON. Rows refer to each other by natural keys (slugs, tag names), and
    articles keep their ids, so `manage.py loaddata FILE` reads the file into
    an empty database as the same site, with the same feed entries, and
    loading it twice changes nothing."""

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write here instead of stdout."
        )
        parser.add_argument(
            "--archive",
            metavar="FILE.zip",
            help="Write a zip of the rows, every picture's files (its master "
            "and renditions) and the schema version that wrote them, which "
            "`manage.py load_archive` (or the admin's archive page) reads back.",
        )
        parser.add_argument(
            "--indent", type=int, default=2, help="Spaces per level (default 2)."
        )

    def handle(self, *args, **options):
        if options["archive"]:
            self.write_archive(options["archive"], options["indent"])
        elif options["output"]:
            with open(options["output"], "w", encoding="utf-8") as stream:
                self.write(stream, options["indent"])
        else:
            self.write(self.stdout, options["indent"])

    def write_archive(self, path, indent):
        rows = io.StringIO()
        self.write(rows, indent)
        try:
            write_archive(path, rows.getvalue())
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from None

    def write(self, stream, indent):
        """One JSON array, written model by model as the database gives it."""
        stream.write("[")
        first = True
        for label in EXPORTED_MODELS:
            model = apps.get_model(label)
            serializer = Serializer()
            for row in model._default_manager.order_by("pk").iterator(2000):
                text = serializer.serialize(
                    [row],
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=label not in KEEP_IDS,
                    indent=indent,
                )
                stream.write(("\n" if first else ",\n") + text.strip()[1:-1].strip())
                first = False
        stream.write("\n]\n")
