import pytest

from articles.models import Section


@pytest.mark.django_db
def test_section_nav_lists_sections_in_their_order(client):
    Section.objects.create(name="World", slug="world", position=2)
    Section.objects.create(name="Local", slug="local", position=1)

    html = client.get("/").content.decode()

    assert html.index(">Local<") < html.index(">World<")
