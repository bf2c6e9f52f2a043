from django.core.management import BaseCommand, call_command

# Everything an article needs, in the order loaddata can read it back.
EXPORTED_MODELS = [
    "articles.section",
    "articles.author",
    "articles.authorlink",
    "taggit.tag",
    "articles.article",
    "articles.taggedarticle",
]


class Command(BaseCommand):
    help = """Write all sections, authors, tags and articles (with their bylines,
    tags, previous/next links and source addresses) as JSON. Rows are named by
    natural keys (slugs, tag names) rather than database ids, so
    `manage.py loaddata FILE` reads the file into another, even empty, database
    with nothing lost, and loading it twice changes nothing."""

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write here instead of stdout."
        )
        parser.add_argument(
            "--indent", type=int, default=2, help="Spaces per level (default 2)."
        )

    def handle(self, *args, **options):
        call_command(
            "dumpdata",
            *EXPORTED_MODELS,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            indent=options["indent"],
            output=options["output"],
            stdout=self.stdout,
            verbosity=options["verbosity"],
        )
