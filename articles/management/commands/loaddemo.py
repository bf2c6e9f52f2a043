import reversion
from django.core.management import BaseCommand, call_command

from articles.editorial.revisions import revision
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the demo fixture (fixtures/spector.json) into a site with no "
        "articles. A site that has articles is left alone, so restarting the "
        "development server never overwrites an editor's changes."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The site has articles already; demo fixture not loaded.")
            return
        call_command("loaddata", "spector", verbosity=options["verbosity"])
        # loaddata writes rows directly; their history starts here.
        with revision(comment="loaddemo"):
            for article in Article.objects.all():
                reversion.add_to_revision(article)
