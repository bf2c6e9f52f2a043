import pytest
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.pages import json_ld

SPECTOR_URL = (
    "/news/record-seizures-arrests-after-operation-targets-internet-opioid-trafficking/"
)


def by_type(objects):
    return {data["@type"]: data for data in objects}


def test_spector_page_describes_itself_as_a_news_article(client, spector):
    response = client.get(SPECTOR_URL)

    data = by_type(json_ld(response.content.decode()))
    article = data["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == spector.title
    assert parse_datetime(article["datePublished"]) == spector.published_at
    assert parse_datetime(article["dateModified"]) == spector.updated_at
    assert article["url"] == f"http://testserver{SPECTOR_URL}"
    assert article["mainEntityOfPage"]["@id"] == article["url"]
    assert article["publisher"]["name"] == "Newsroom"
    assert article["publisher"]["logo"]["url"] == (
        "http://testserver/static/favicon.svg"
    )
    assert article["description"].startswith("A global operation to fight fentanyl")
    assert "Fentanyl" in article["keywords"]
    assert [item["item"] for item in data["BreadcrumbList"]["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/news/",
        f"http://testserver{SPECTOR_URL}",
    ]


def test_spector_page_has_canonical_link_and_social_cards(client, spector):
    response = client.get(SPECTOR_URL)

    url = f"http://testserver{SPECTOR_URL}"
    assertContains(response, f'<link rel="canonical" href="{url}">', html=True)
    assertContains(response, f'<meta property="og:url" content="{url}">', html=True)
    assertContains(response, '<meta property="og:type" content="article">', html=True)
    assertContains(
        response,
        f'<meta property="og:title" content="{spector.title}">',
        html=True,
    )
    assertContains(response, '<meta name="twitter:card" content="summary">', html=True)
    assertContains(
        response, '<meta property="article:tag" content="Europol">', html=True
    )
    assertContains(response, '<link rel="alternate" type="application/rss+xml"')
    assertContains(response, 'href="/news/feed/"')


@pytest.mark.django_db
def test_authors_and_dek_reach_the_structured_data(client, make_article, author):
    article = make_article(title="Harbour plan", dek="The council voted 7 to 2.")
    article.authors.add(author)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<meta name="description" content="The council voted 7 to 2.">',
        html=True,
    )
    (news,) = [d for d in json_ld(response.content.decode()) if "headline" in d]
    assert news["description"] == "The council voted 7 to 2."
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ada Reporter",
            "url": "http://testserver/authors/ada-reporter/",
        }
    ]


@pytest.mark.django_db
def test_script_in_a_title_cannot_end_the_json_ld(client, make_article):
    title = '</script><script>alert("x")</script> & more'
    article = make_article(title=title, slug="harbour")

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "<script>alert")
    (news,) = [d for d in json_ld(response.content.decode()) if "headline" in d]
    assert news["headline"] == title


@pytest.mark.django_db
def test_preview_of_a_draft_has_no_structured_data(editor_client, make_article):
    draft = make_article(title="Draft", status=Article.Status.DRAFT)

    response = editor_client.get(reverse("articles:preview", args=[draft.pk]))

    assert response.status_code == 200
    assert json_ld(response.content.decode()) == []
    assertNotContains(response, "og:title")


def test_article_without_byline_names_no_author(client, spector):
    response = client.get(SPECTOR_URL)

    assert "author" not in by_type(json_ld(response.content.decode()))["NewsArticle"]


@pytest.mark.django_db
def test_headline_and_description_for_search_and_social_fall_back_as_before(
    client, make_article
):
    plain = make_article(title="Council Votes", dek="The budget passed.")
    page = client.get(plain.get_absolute_url())
    assertContains(page, "<title>Council Votes | ")
    assertContains(page, '<meta property="og:title" content="Council Votes">')
    assertContains(page, '<meta name="description" content="The budget passed.">')

    seo = make_article(
        title="Council Votes Again",
        dek="The budget passed.",
        seo_title="Harbour City budget 2027 passes council vote",
        seo_description="What the 2027 budget means for schools and roads.",
    )
    page = client.get(seo.get_absolute_url())
    assertContains(page, "<title>Harbour City budget 2027 passes council vote | ")
    for tag in [
        '<meta property="og:title" content="Harbour City budget 2027 passes '
        'council vote">',
        '<meta name="twitter:title" content="Harbour City budget 2027 passes '
        'council vote">',
        '<meta name="description" content="What the 2027 budget means for '
        'schools and roads.">',
        '<meta property="og:description" content="What the 2027 budget means '
        'for schools and roads.">',
    ]:
        assertContains(page, tag)
    assertContains(page, "<h1")  # the page itself keeps the headline
    assertContains(page, "Council Votes Again</h1>")
    headline = {item["@type"]: item for item in json_ld(page.content.decode())}[
        "NewsArticle"
    ]["headline"]
    assert headline == "Council Votes Again"
