"""A live story's entries as a feed, newest first, for readers who follow it
in a feed reader."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import entry_url
from .reader import live_page_dependencies, published_live_article

FEED_LENGTH = 30


class LiveEntriesFeed(Feed):
    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        article = self.article
        response.cache_dependencies = live_page_dependencies(article.pk)
        return response

    def get_object(self, request, section_slug, slug):
        self.article = published_live_article(section_slug, slug)
        return self.article

    def title(self, article):
        return f"Live: {article.title}"

    def link(self, article):
        return article.get_absolute_url()

    def subtitle(self, article):
        return article.dek or None

    def items(self, article):
        return article.live_story.entries.for_page()[:FEED_LENGTH]

    def item_title(self, entry):
        return str(entry)

    def item_link(self, entry):
        return entry_url(self.article, entry)

    def item_description(self, entry):
        # Sanitised on save, as article bodies are.
        return entry.body

    def item_guid(self, entry):
        created_on = self.article.created_at.date().isoformat()
        return (
            f"tag:{settings.NEWSROOM_TAG_AUTHORITY},{created_on}:"
            f"article:{self.article.pk}:update:{entry.pk}"
        )

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return ", ".join(author.name for author in entry.authors.all()) or None
