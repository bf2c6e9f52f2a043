from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Correction, Section


@pytest.fixture
def story(make_article, author, make_image, now):
    photo = make_image(caption="The harbour at dawn", credit="A. Photographer")
    article = make_article(
        title="Harbour Reopens",
        dek="Boats are back.",
        body=f'<p>First &amp; foremost.</p><figure><img src="/x.jpg" alt="" '
        f'data-file="{photo.pk}"><figcaption>Dawn</figcaption></figure>'
        "<p>Second paragraph.</p>",
        lead_image=photo,
        published_at=now - timedelta(hours=1),
    )
    article.authors.add(author)
    article.tags.add("Harbour", "Économie")
    Correction.objects.create(article=article, text="The harbour is in Kiel.")
    return article


@pytest.mark.django_db
def test_article_carries_what_its_page_shows(api, story):
    status, article = api(f"articles/{story.pk}/")

    assert status == 200
    assert article["headline"] == "Harbour Reopens"
    assert article["standfirst"] == "Boats are back."
    assert article["canonical_url"] == "http://testserver/news/harbour-reopens/"
    assert article["section"]["slug"] == "news"
    assert [a["name"] for a in article["authors"]] == ["Ada Reporter"]
    assert sorted(t["slug"] for t in article["tags"]) == ["harbour", "économie"]
    assert article["body_text"] == "First & foremost.\n\nDawn\n\nSecond paragraph."
    assert "<picture" in article["body_html"]
    assert "<p>Second paragraph.</p>" in article["body_html"]
    assert article["corrections"][0]["text"] == "The harbour is in Kiel."
    lead = article["lead_image"]
    assert lead["credit"] == "A. Photographer"
    assert lead["renditions"] and all(
        r["url"].startswith("http://testserver/media/") for r in lead["renditions"]
    )
    assert [image["id"] for image in article["images"]] == [story.lead_image_id]


@pytest.mark.django_db
def test_article_by_its_address_is_the_same_article(api, story):
    by_id = api(f"articles/{story.pk}/")
    by_path = api("articles/news/harbour-reopens/")
    assert by_path == by_id


@pytest.mark.django_db
def test_every_resource_lists_and_links_its_detail(client, api, story):
    for kind in ("articles", "sections", "tags", "authors", "images"):
        status, page = api(f"{kind}/")
        assert status == 200, kind
        assert page["results"], kind
        for row in page["results"]:
            detail = client.get(row["url"])
            assert detail.status_code == 200, row["url"]
            assert detail.json()["id"] == row["id"]


@pytest.mark.django_db
def test_sections_and_articles_in_any_script_are_listed_and_linked(
    client, api, make_article
):
    greek = Section.objects.create(name="Πολιτική", slug="πολιτική")
    article = make_article(title="Νέα Βουλή", slug="νέα-βουλή", section=greek)

    for kind in ("articles", "sections"):
        status, page = api(f"{kind}/")
        assert status == 200, kind
        for row in page["results"]:
            assert client.get(row["url"]).json()["id"] == row["id"]
    status, by_path = api("articles/πολιτική/νέα-βουλή/")
    assert (status, by_path["id"]) == (200, article.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, published_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timedelta(hours=1)),
        (Article.Status.DRAFT, -timedelta(hours=1)),
    ],
)
def test_unpublished_articles_are_absent(api, make_article, now, status, published_at):
    hidden = make_article(
        title="Secret",
        status=status,
        published_at=now + published_at if published_at else None,
    )
    hidden.authors.add(Author.objects.create(name="Secret Author", slug="secret"))
    hidden.tags.add("secret-tag")

    assert api("articles/")[1]["results"] == []
    assert api(f"articles/{hidden.pk}/")[0] == 404
    assert api("articles/news/secret/")[0] == 404
    assert api("tags/")[1]["results"] == []
    assert api("tags/secret-tag/")[0] == 404
    assert api("authors/")[1]["results"] == []
    assert api("authors/secret/")[0] == 404


@pytest.mark.django_db
def test_a_scheduled_article_appears_at_its_second(api, make_article, monkeypatch):
    moment = timezone.now() + timedelta(minutes=30)
    embargoed = make_article(title="Embargoed", published_at=moment)
    real_now = timezone.now

    monkeypatch.setattr(timezone, "now", lambda: moment - timedelta(seconds=1))
    assert api("articles/")[1]["results"] == []
    assert api(f"articles/{embargoed.pk}/")[0] == 404

    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert [a["id"] for a in api("articles/")[1]["results"]] == [embargoed.pk]
    assert api(f"articles/{embargoed.pk}/")[0] == 200
    monkeypatch.setattr(timezone, "now", real_now)


@pytest.mark.django_db
def test_unpublished_changes_stay_unpublished(api, story):
    from articles.models import save_pending_edit

    save_pending_edit(
        article=story,
        saved_by=None,
        title="Secret pending headline",
        dek="",
        body="<p>Secret.</p>",
        authors=[],
        tag_names=["pending-tag"],
        is_significant_update=False,
    )
    _, article = api(f"articles/{story.pk}/")
    assert article["headline"] == "Harbour Reopens"
    assert "Secret" not in str(article)
    assert api("tags/pending-tag/")[0] == 404


@pytest.fixture
def archive(make_article, now):
    sport = Section.objects.create(name="Sport", slug="sport")
    made = []
    for n in range(7):
        article = make_article(
            title=f"Story {n}",
            section=sport if n % 2 else Section.objects.get(slug="news"),
            # Two share a time: the id breaks the tie.
            published_at=now - timedelta(hours=n if n != 4 else 3),
        )
        article.tags.add("even" if n % 2 == 0 else "odd")
        made.append(article)
    return made


def walk(api, path):
    """Every article id a list gives, following `next` to the end."""
    ids = []
    while path:
        status, page = api(path)
        assert status == 200, page
        ids += [row["id"] for row in page["results"]]
        path = page["next"] and page["next"].removeprefix("http://testserver/api/v1/")
    return ids


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 2, 3, 100])
def test_cursor_pages_give_every_article_once_newest_first(api, archive, page_size):
    newest_first = sorted(archive, key=lambda a: (a.published_at, a.pk), reverse=True)

    ids = walk(api, f"articles/?page_size={page_size}")

    assert ids == [article.pk for article in newest_first]


@pytest.mark.django_db
def test_filters_narrow_the_list(api, archive, now):
    def ids(query):
        return sorted(walk(api, f"articles/?{query}"))

    by_number = {int(a.title.split()[1]): a.pk for a in archive}
    assert ids("section=sport") == sorted(by_number[n] for n in (1, 3, 5))
    assert ids("tag=even&page_size=1") == sorted(by_number[n] for n in (0, 2, 4, 6))
    since = (now - timedelta(hours=2, minutes=30)).isoformat()
    assert ids(f"published_since={since}".replace("+", "%2B")) == sorted(
        by_number[n] for n in (0, 1, 2)
    )
    assert ids("section=sport&tag=even") == []
    assert ids("section=nowhere") == []


@pytest.mark.django_db
def test_changed_since_finds_what_changed(api, archive):
    mark = timezone.now()
    archive[5].title = "Story 5, updated"
    archive[5].save()

    changed = walk(
        api, f"articles/?changed_since={mark.isoformat()}".replace("+", "%2B")
    )

    assert changed == [archive[5].pk]


@pytest.mark.django_db
def test_author_filter(api, story, make_article):
    make_article(title="Unsigned")
    _, page = api("articles/?author=ada-reporter")
    assert [row["id"] for row in page["results"]] == [story.pk]


@pytest.mark.django_db
def test_author_carries_what_their_page_shows(api, story, author, make_image):
    author.role = "Harbour correspondent"
    author.email = "ada@example.org"
    author.photo = make_image(caption="Ada")
    author.save()
    author.links.create(label="Mastodon", url="https://social.example/@ada")

    status, shown = api("authors/ada-reporter/")

    assert status == 200
    assert shown["role"] == "Harbour correspondent"
    assert shown["email"] == "ada@example.org"
    assert shown["links"] == [
        {"label": "Mastodon", "url": "https://social.example/@ada"}
    ]
    assert shown["photo"]["renditions"] and all(
        r["url"].startswith("http://testserver/media/")
        for r in shown["photo"]["renditions"]
    )
    assert api("authors/")[1]["results"] == [shown]
    byline = api(f"articles/{story.pk}/")[1]["authors"][0]
    assert byline["role"] == "Harbour correspondent"
    assert "links" not in byline
