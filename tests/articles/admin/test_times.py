import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def test_date_and_time_fields_name_their_time_zone(editor_client, live, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    page = editor_client.get(reverse("admin:articles_article_change", args=[live.pk]))
    published_at = page.content.decode().split('id="id_published_at_1"')[1]
    assert (
        published_at.split("</p>")[1]
        .strip()
        .startswith('<p class="help time-zone">Time zone: Asia/Tokyo')
    )
    # Read-only times and the list's columns carry the zone's abbreviation.
    assertContains(page, " JST</div>")  # updated at


def test_the_article_list_names_the_zone(editor_client, live):
    page = editor_client.get(reverse("admin:articles_article_changelist"))
    assertContains(page, " UTC</td>")
