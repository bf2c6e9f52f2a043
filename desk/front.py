"""What leads the home page, for the dashboard.

The home page lays itself out from the newest stories today
(articles.reader.views.HomeView); when the editors' front app arrives, this
function is the one place the dashboard asks, and it asks the front instead.
"""

from articles.models import Article
from articles.reader.views import HomeView, newest_lead


def current_front_lead():
    """The published story the home page leads with now, or None."""
    newest = list(
        Article.objects.published()
        .select_related("section")
        .only("pk", "title", "slug", "section", "lead_image", "published_at")[
            : HomeView.top_stories
        ]
    )
    return newest_lead(newest)
