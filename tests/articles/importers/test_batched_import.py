"""A new import's articles are stored in batches (a few queries for many
articles); what readers, receivers of webhooks, the desk and the history see
must be what one save() per article would have given."""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from articles.editorial import revisions
from articles.models import Article, ArticleRedirect, Author
from desk.models import Transition
from webhooks.models import Delivery, Endpoint, Event, EventType

from .wxr import export, item


def import_export(tmp_path, *items):
    path = tmp_path / "export.xml"
    path.write_text(export(*items))
    call_command("import_wordpress", str(path), stdout=StringIO())


@pytest.fixture
def jane(db):
    return Author.objects.create(name="Jane Doe", slug="jdoe")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/", "/tags/harbour/", "/authors/jdoe/"])
def test_imported_articles_show_at_once_on_cached_pages(
    client, tmp_path, make_article, section, jane, url
):
    earlier = make_article(title="Harbour Closes")
    earlier.tags.add("Harbour")
    earlier.authors.add(jane)
    assert client.get(url).status_code == 200  # now in the page cache

    import_export(tmp_path, item(1, "Harbour Reopens", tags=["Harbour"]))

    assertContains(client.get(url), "Harbour Reopens")


@pytest.mark.django_db
def test_receivers_are_told_of_each_published_post_once(tmp_path, section):
    endpoint = Endpoint.objects.create(
        url="https://hooks.example/in", events=list(EventType.values)
    )

    import_export(
        tmp_path,
        item(1, "Harbour Reopens", tags=["Harbour"]),
        item(2, "Bridge Opens"),
        item(3, "Not Yet", status="draft"),
    )

    published = Article.objects.filter(status="published")
    assert sorted(Event.objects.values_list("type", "article_id")) == sorted(
        (EventType.PUBLISHED, pk) for pk in published.values_list("pk", flat=True)
    )
    assert Delivery.objects.filter(endpoint=endpoint).count() == 2
    # What receivers were told is remembered: taking one down is news.
    published.get(title="Bridge Opens").make_draft()
    assert Event.objects.latest("pk").type == EventType.UNPUBLISHED


@pytest.mark.django_db
def test_the_desk_records_each_new_articles_steps(tmp_path, section):
    import_export(
        tmp_path, item(1, "Harbour Reopens"), item(2, "Not Yet", status="draft")
    )

    steps = Transition.objects.order_by("article__title", "pk")
    assert [(step.article.title, step.kind, step.by) for step in steps] == [
        ("Harbour Reopens", Transition.Kind.CREATED, None),
        ("Harbour Reopens", Transition.Kind.PUBLISHED, None),
        ("Not Yet", Transition.Kind.CREATED, None),
    ]


@pytest.mark.django_db
def test_each_new_article_starts_its_history_with_its_byline_and_tags(
    tmp_path, section
):
    import_export(tmp_path, item(1, "Harbour Reopens", tags=["Harbour", "Ports"]))

    article = Article.objects.get()
    only = revisions.versions_of(article.pk).get()
    assert revisions.saved_by(only) == "import_wordpress"
    assert only.field_dict["authors"] == [Author.objects.get(slug="jdoe").pk]
    recorded = {version.object_repr for version in only.revision.version_set.all()}
    assert {"Harbour", "Ports"} <= recorded
    assert article.version == 1


@pytest.mark.django_db
def test_posts_sharing_an_address_in_one_file_each_get_their_own(
    tmp_path, section, client
):
    import_export(
        tmp_path,
        item(1, "Storm Warning", slug="storm"),
        item(2, "Storm Warning Again", slug="storm"),
        item(3, "Storm Warning Once More", slug="storm"),
    )

    slugs = dict(Article.objects.values_list("title", "slug"))
    assert slugs == {
        "Storm Warning": "storm",
        "Storm Warning Again": "storm-2",
        "Storm Warning Once More": "storm-3",
    }
    for title in slugs:
        response = client.get(Article.objects.get(title=title).get_absolute_url())
        assertContains(response, title)


@pytest.mark.django_db
def test_an_address_an_old_redirect_keeps_is_left_to_it(
    tmp_path, section, make_article, client
):
    moved = make_article(title="Storm Passes", slug="storm-passes")
    ArticleRedirect.objects.create(old_path="/news/storm/", article=moved)

    import_export(tmp_path, item(1, "Storm Warning", slug="storm"))

    assert Article.objects.get(title="Storm Warning").slug == "storm-2"
    response = client.get("/news/storm/")
    assert response.headers["Location"] == moved.get_absolute_url()
