import re

import pytest
from django.utils import timezone

from articles.models import Section


@pytest.mark.django_db
def test_section_nav_lists_sections_in_their_order(client):
    Section.objects.create(name="World", slug="world", position=2)
    Section.objects.create(name="Local", slug="local", position=1)

    html = client.get("/").content.decode()

    assert html.index(">Local<") < html.index(">World<")


@pytest.mark.django_db
def test_times_on_the_article_page_carry_no_microseconds(client, make_article):
    article = make_article(title="Now", published_at=timezone.now())
    article.corrections.create(text="A name was misspelt.")

    page = client.get(article.get_absolute_url()).content.decode()

    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert len(stamps) >= 2
    for stamp in stamps:
        assert not re.search(r"\.\d{4,}", stamp), stamp
