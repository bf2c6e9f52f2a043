import io
import zipfile

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError

from images.models import Image, Rendition

# Everything an article needs, in the order loaddata can read it back. Library
# images keep their ids (lead images and portraits name them); their files are
# the media folder's, in the archive that --archive writes.
EXPORTED_MODELS = [
    "images.image",
    "images.rendition",
    "articles.section",
    "articles.author",
    "articles.authorlink",
    "taggit.tag",
    "articles.article",
    "articles.taggedarticle",
    "articles.correction",
    "articles.articleredirect",
]
# Rows that keep their database ids as well as their natural keys: an
# article's feed entry ID is made from its id, so an archive read into an
# empty site must not give subscribers new entries.
KEEP_IDS = {"images.image", "images.rendition", "articles.article"}
# In an archive (--archive): the rows, and each picture's files under their
# names in the media storage, which the rows name (load_archive reads it).
ARCHIVE_ROWS = "articles.json"
ARCHIVE_MEDIA = "media/"


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
            help="Write a zip of the rows and every picture's files (its master "
            "and renditions), which `manage.py load_archive` reads back.",
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
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(ARCHIVE_ROWS, rows.getvalue())
                for name in picture_files():
                    with default_storage.open(name, "rb") as file:
                        # Pictures are compressed already.
                        archive.writestr(
                            ARCHIVE_MEDIA + name, file.read(), zipfile.ZIP_STORED
                        )
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from None

    def write(self, stream, indent):
        """One JSON array, written model by model as the database gives it."""
        stream.write("[")
        first = True
        for label in EXPORTED_MODELS:
            model = apps.get_model(label)
            serializer = serializers.get_serializer("json")()
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


def picture_files():
    """The stored names of every library image's master and renditions."""
    for model in (Image, Rendition):
        yield from model.objects.order_by("pk").values_list("file", flat=True)
