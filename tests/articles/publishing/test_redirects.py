import pytest
from pytest_django.asserts import assertRedirects

from articles.models import ArticleRedirect, Section


@pytest.fixture
def renamed(make_article):
    article = make_article(title="First Headline")
    article.slug = "second-headline"
    article.save()
    article.slug = "third-headline"
    article.section = Section.objects.create(name="Sport", slug="sport")
    article.save()
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("old", ["/news/first-headline/", "/news/second-headline/"])
def test_every_old_address_leads_straight_to_the_current_one(client, renamed, old):
    response = client.get(old)
    assertRedirects(
        response,
        "/sport/third-headline/",
        status_code=301,
        fetch_redirect_response=True,
    )


@pytest.mark.django_db
def test_old_address_of_an_unpublished_article_is_404(client, renamed):
    renamed.make_draft()
    assert client.get("/news/first-headline/").status_code == 404


@pytest.mark.django_db
def test_imported_paths_redirect_too(client, make_article):
    article = make_article(title="Imported")
    ArticleRedirect.objects.create(old_path="/2019/05/imported/", article=article)

    response = client.get("/2019/05/imported/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/news/%00/", "/%00/x/y/", "/nowhere/at/all/"])
def test_unknown_paths_stay_404(client, renamed, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_renaming_a_section_keeps_its_articles_old_addresses(
    client, make_article, section, future
):
    article = make_article(title="Story")
    make_article(title="Embargoed", published_at=future)
    section.slug = "local"
    section.save()

    response = client.get("/news/story/")

    assertRedirects(response, "/local/story/", status_code=301)
    assert client.get("/news/embargoed/").status_code == 404
    assert list(ArticleRedirect.objects.values_list("article", flat=True)) == [
        article.pk
    ]
