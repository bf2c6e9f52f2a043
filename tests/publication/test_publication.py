import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from articles.publishing.cache import SITE, generations
from publication.current import current_publication
from publication.models import Publication, validate_link


@pytest.fixture
def details(db):
    return Publication.objects.create(
        name="The Harbour Gazette",
        about_url="/about/",
        contact_url="mailto:desk@harbour.example",
    )


def change_form(**fields):
    data = {
        "name": "The Harbour Gazette",
        "tagline": "",
        "publisher": "",
        "about_url": "",
        "contact_url": "",
        "corrections_url": "",
    }
    return data | fields


@pytest.mark.django_db
def test_without_saved_details_the_settings_name_the_publication(settings):
    settings.NEWSROOM_PUBLISHER_NAME = "Evening Post"
    assert current_publication().name == "Evening Post"
    assert not Publication.objects.exists()  # reading writes nothing


@pytest.mark.django_db
def test_there_is_only_ever_one_row_of_details(details):
    Publication(name="A Second Paper").save()
    assert list(Publication.objects.values_list("pk", "name")) == [
        (1, "A Second Paper")
    ]


@pytest.mark.django_db
def test_details_are_read_once_per_change(details, django_assert_num_queries):
    assert current_publication().name == "The Harbour Gazette"
    with django_assert_num_queries(0):
        assert current_publication().name == "The Harbour Gazette"
    details.name = "The Gazette"
    details.save()
    assert current_publication().name == "The Gazette"


@pytest.mark.django_db
def test_a_change_made_by_another_server_is_seen(details, settings):
    """Another process's save moves the shared generation; this process's
    copy in memory is then read again."""
    current_publication()
    Publication.objects.filter(pk=details.pk).update(name="Renamed Elsewhere")
    generations().renew_committed({SITE})
    assert current_publication().name == "Renamed Elsewhere"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/", "/feed/", "/news-sitemap.xml"])
def test_renaming_in_the_admin_shows_on_cached_pages_at_once(
    admin_client, client, details, live, url
):
    assertContains(client.get(url), "The Harbour Gazette")
    assertContains(client.get(url), "The Harbour Gazette")  # from the page cache
    change = reverse("admin:publication_publication_change", args=[details.pk])

    response = admin_client.post(change, change_form(name="The Harbour Courier"))

    assertRedirects(
        response,
        reverse("admin:publication_publication_changelist"),
        target_status_code=302,
    )
    assertContains(client.get(url), "The Harbour Courier")


@pytest.mark.django_db
def test_article_page_names_the_publisher_for_search_engines(client, details, live):
    response = client.get(live.get_absolute_url())
    assertContains(
        response, '<meta property="og:site_name" content="The Harbour Gazette">'
    )
    start = response.content.index(b'<script type="application/ld+json">')
    end = response.content.index(b"</script>", start)
    data = json.loads(response.content[start:end].split(b">", 1)[1])
    assert data[0]["publisher"]["name"] == "The Harbour Gazette"
    assert data[1]["itemListElement"][0]["name"] == "The Harbour Gazette"


@pytest.mark.parametrize(
    "link", ["/about/", "https://harbour.example/about", "mailto:desk@harbour.example"]
)
def test_a_footer_link_may_be_a_path_an_address_or_an_email(link):
    validate_link(link)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "//evil.example/",
        "about",
        "mailto:nobody",
        "ftp://x.example/",
    ],
)
def test_anything_else_is_refused_as_a_footer_link(link):
    with pytest.raises(ValidationError):
        validate_link(link)


@pytest.mark.django_db
def test_admin_list_leads_to_the_one_page_of_details(admin_client, details):
    changelist = reverse("admin:publication_publication_changelist")
    assertRedirects(
        admin_client.get(changelist),
        reverse("admin:publication_publication_change", args=[details.pk]),
    )
    assert (
        admin_client.get(reverse("admin:publication_publication_add")).status_code
        == 403
    )
    delete = reverse("admin:publication_publication_delete", args=[details.pk])
    assert admin_client.get(delete).status_code == 403


@pytest.mark.django_db
def test_admin_list_offers_to_add_the_details_when_there_are_none(admin_client):
    assertRedirects(
        admin_client.get(reverse("admin:publication_publication_changelist")),
        reverse("admin:publication_publication_add"),
    )


@pytest.mark.django_db
def test_admin_refuses_a_script_as_a_footer_link(admin_client, details):
    response = admin_client.post(
        reverse("admin:publication_publication_change", args=[details.pk]),
        change_form(about_url="javascript:alert(1)"),
    )
    assert response.status_code == 200
    assert "about_url" in response.context["adminform"].form.errors
    details.refresh_from_db()
    assert details.about_url == "/about/"
