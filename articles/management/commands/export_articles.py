from django.apps import apps
from django.core import serializers
from django.core.management import BaseCommand

# Everything an article needs, in the order loaddata can read it back. Library
# images keep their ids (lead images and portraits name them); their files are
# the media folder's, copied beside the archive.
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
            "--indent", type=int, default=2, help="Spaces per level (default 2)."
        )

    def handle(self, *args, **options):
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as stream:
                self.write(stream, options["indent"])
        else:
            self.write(self.stdout, options["indent"])

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
