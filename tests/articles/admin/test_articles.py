from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from articles.models import Article, Author


def change_form_data(article, **changes):
    """The article's change form as the editor would submit it unchanged."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "section": article.section_id,
        "dek": article.dek,
        "body": article.body,
        "authors": [author.pk for author in article.authors.all()],
        "tags": ", ".join(article.tags.names()),
        "previous_article": article.previous_article_id or "",
        "next_article": article.next_article_id or "",
        "status": article.status,
        # The save count as the form shows it when opened now.
        "base_version": Article.objects.get(pk=article.pk).version,
    }
    if article.published_at:
        data["published_at_0"] = article.published_at.strftime("%Y-%m-%d")
        data["published_at_1"] = article.published_at.strftime("%H:%M:%S")
    for inline in ("corrections", "preview_links"):
        data[f"{inline}-TOTAL_FORMS"] = data[f"{inline}-INITIAL_FORMS"] = 0
    data.update(changes)
    return data


@pytest.fixture
def story(make_article, author):
    article = make_article(title="Council Approves Budget", body="<p>Vote.</p>")
    article.authors.add(author)
    article.tags.add("Budget")
    return article


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=budget",
        "?status__exact=draft",
        "?section__id__exact={section}",
        "?tags__id__exact={tag}",
        "?published_at__year=2026",
    ],
)
def test_article_changelist_loads_with_filters_and_search(editor_client, story, query):
    query = query.format(section=story.section_id, tag=story.tags.get().pk)
    response = editor_client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) in ([story], [])


@pytest.mark.django_db
def test_changelist_searches_body_and_dek(editor_client, make_article):
    make_article(title="One", dek="About the levee")
    make_article(title="Two", body="<p>The levee held.</p>")
    make_article(title="Three")

    response = editor_client.get(
        reverse("admin:articles_article_changelist") + "?q=levee"
    )

    assert {a.title for a in response.context["cl"].result_list} == {"One", "Two"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["article", "section", "author"])
def test_add_and_changelist_pages_load(editor_client, model):
    for view in ("add", "changelist"):
        url = reverse(f"admin:articles_{model}_{view}")
        assert editor_client.get(url).status_code == 200


@pytest.mark.django_db
def test_editor_change_shows_on_public_page_at_once(editor_client, client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    assertContains(editor_client.get(url), "Council Approves Budget")

    response = editor_client.post(
        url, change_form_data(story, title="Council Approves Revised Budget")
    )

    assertRedirects(response, reverse("admin:articles_article_changelist"))
    assertContains(
        client.get(story.get_absolute_url()),
        "<h1>Council Approves Revised Budget</h1>",
        html=True,
    )


@pytest.mark.django_db
def test_editor_can_write_and_publish_a_new_article(editor_client, client, section):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Storm Closes Schools",
            "slug": "storm-closes-schools",
            "section": section.pk,
            "body": '<p>Stay home.</p><script>alert("x")</script>',
            "tags": "Weather, Schools",
            "status": "published",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="storm-closes-schools")
    assert article.is_published()
    assert article.body == "<p>Stay home.</p>"
    assertContains(client.get("/news/storm-closes-schools/"), "Stay home.")
    assertContains(client.get("/tags/weather/"), "Storm Closes Schools")


@pytest.mark.django_db
def test_admin_refuses_link_to_itself_and_saves_nothing(editor_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])

    response = editor_client.post(
        url, change_form_data(story, title="Changed", next_article=story.pk)
    )

    assertContains(response, "An article cannot be its own next article.")
    story.refresh_from_db()
    assert story.title == "Council Approves Budget"


@pytest.mark.django_db
def test_admin_refuses_duplicate_slug_in_section(editor_client, story, section):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {"title": "Budget again", "slug": story.slug, "section": section.pk},
    )

    assertContains(response, "This section already has an article with this slug.")
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_previous_and_next_links_autocomplete_by_title(editor_client, story):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "previous_article",
            "term": "budget",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [story.title]


@pytest.mark.django_db
def test_view_on_site_leads_to_the_public_page_or_the_preview(
    editor_client, story, make_article
):
    draft = make_article(title="Draft", status="draft")

    for article, url in [
        (story, story.get_absolute_url()),
        (draft, reverse("articles:preview", args=[draft.pk])),
    ]:
        change_page = editor_client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        )
        assertContains(change_page, f'<a href="{url}" class="viewsitelink">')


@pytest.mark.django_db
def test_section_admin_refuses_reserved_slug(editor_client):
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {"name": "Tags", "slug": "tags", "position": 0, "description": ""},
    )
    assertContains(response, "is used by the site itself")


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_body_is_edited_in_the_rich_text_editor(editor_client, story):
    response = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    )

    assertContains(response, "data-django-prose-editor-configurable")
    assertContains(response, "django_prose_editor/")


@pytest.mark.django_db
def test_changelist_shows_drafts_first_then_newest(editor_client, make_article, now):
    make_article(title="Old", published_at=now - timedelta(days=2))
    make_article(title="New", published_at=now - timedelta(days=1))
    make_article(title="Draft", status="draft")

    response = editor_client.get(reverse("admin:articles_article_changelist"))

    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == ["Draft", "New", "Old"]


def author_form(photo, **links):
    """The author add form, filled in, with one inline row per link."""
    data = {
        "name": "Ada Reporter",
        "slug": "ada-reporter",
        "role": "Courts correspondent",
        "photo": photo.pk,
        "bio": "Ada covers the courts.",
        "email": "ada@example.com",
        "links-TOTAL_FORMS": str(len(links)),
        "links-INITIAL_FORMS": "0",
    }
    for n, (label, url) in enumerate(links.items()):
        data |= {f"links-{n}-label": label, f"links-{n}-url": url}
        data[f"links-{n}-position"] = str(n)
    return data


@pytest.mark.django_db
def test_editor_gives_an_author_a_role_photo_and_links(editor_client, make_image):
    photo = make_image(alt_text="Ada Reporter at her desk")
    # Typed as readers would, without the scheme.
    form = author_form(photo, Website="ada.example", Mastodon="https://m.example/@ada")

    response = editor_client.post(reverse("admin:articles_author_add"), form)

    assertRedirects(response, reverse("admin:articles_author_changelist"))
    ada = Author.objects.get()
    assert (ada.role, ada.photo, ada.email) == (
        "Courts correspondent",
        photo,
        "ada@example.com",
    )
    assert list(ada.links.values_list("label", "url")) == [
        ("Website", "https://ada.example"),
        ("Mastodon", "https://m.example/@ada"),
    ]


@pytest.mark.django_db
def test_an_author_link_must_be_a_web_address(editor_client, make_image):
    form = author_form(make_image(), Mastodon="javascript:alert(1)")

    response = editor_client.post(reverse("admin:articles_author_add"), form)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"url": ["Enter a valid URL."]}]
    assert not Author.objects.exists()
