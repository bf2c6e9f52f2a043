from datetime import timedelta

import pytest

from liveblog.models import LiveEntry, LiveStory


@pytest.fixture
def live_story(make_article, author, now):
    article = make_article(
        title="Storm Hits the Coast",
        dek="Follow the storm as it comes ashore.",
        body="<p>The storm is expected at noon.</p>",
        published_at=now - timedelta(hours=3),
    )
    article.authors.add(author)
    return LiveStory.objects.create(
        article=article, coverage_started_at=now - timedelta(hours=3)
    )


@pytest.fixture
def post(live_story, author, now):
    """Post an entry to the live story, `minutes` ago."""

    def post_entry(body, *, minutes=0, story=None, **fields):
        entry = LiveEntry.objects.create(
            story=story or live_story,
            body=body,
            posted_at=now - timedelta(minutes=minutes),
            **fields,
        )
        entry.authors.add(author)
        return entry

    return post_entry
