import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleRedirect, Author, Section

SAMPLE = Path(__file__).parents[2] / "data" / "wordpress-export.xml"
POSTS = {
    "City Council Approves Budget",
    "Café Reopens on Main Street",
    "Stadium Deal Under Review",
    "Marathon Route Announced",
}


def import_wordpress(*paths, **options):
    out = StringIO()
    call_command("import_wordpress", *map(str, paths), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def sample_copy(tmp_path):
    """A copy of the sample that a test may change."""
    path = tmp_path / "export.xml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.mark.django_db
def test_posts_become_articles_and_everything_else_is_listed_as_skipped(section):
    report = import_wordpress(SAMPLE)

    assert set(Article.objects.values_list("title", flat=True)) == POSTS
    assert "1 of 1 files imported: 4 created, 0 updated, 0 unchanged, 2 skipped" in (
        report
    )
    assert "Not imported (no place for them here): 1 page." in report
    # The sample's old site is gone: its picture is listed, not dropped.
    assert "Pictures: 0 in the image library, 1 not imported" in report
    assert (
        "picture not imported: https://gazette.example/wp-content/uploads/2023/05/"
        "logo.png" in report
    )
    assert "page 2 “About the Gazette”: a page, not a post" in report
    assert "post 105 “Old Rumour”: WordPress status “trash”" in report
    # Each post, and what became of it.
    assert "  created: post 101 “City Council Approves Budget”" in report
    assert "  skipped (WordPress status “trash”): post 105 “Old Rumour”" in report


@pytest.mark.django_db
def test_published_post_keeps_its_fields_with_unsafe_markup_removed(section, client):
    import_wordpress(SAMPLE)

    article = Article.objects.get(source_guid="https://gazette.example/?p=101")
    assert article.section == section  # the existing News section, by slug
    assert article.slug == "city-council-approves-budget"
    assert article.dek == "The vote was 7–2 & final."
    assert article.published_at == datetime.datetime(
        2023, 5, 2, 14, tzinfo=datetime.UTC
    )
    assert article.is_published()
    assert article.source_url == (
        "https://gazette.example/2023/05/02/city-council-approves-budget/"
    )
    assert [author.name for author in article.authors.all()] == ["Jane Doe"]
    assert sorted(article.tags.names()) == ["Budget", "City Hall"]
    assert "<strong>budget</strong>" in article.body
    assert "<h2>What changes</h2>" in article.body
    assert (
        '<a href="https://gazette.example/budget.pdf" rel="noopener noreferrer">PDF</a>'
        in article.body
    )
    for unsafe in ["<script", "tracker", "onclick", "javascript:", "<iframe", "<!--"]:
        assert unsafe not in article.body
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Jane Doe" in page.content.decode()


@pytest.mark.django_db
def test_old_wordpress_links_lead_to_the_imported_article(section, client):
    import_wordpress(SAMPLE)
    article = Article.objects.get(source_guid="https://gazette.example/?p=101")

    response = client.get("/2023/05/02/city-council-approves-budget/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    cafe = Article.objects.get(title="Café Reopens on Main Street")
    response = client.get("/2023/05/03/caf%c3%a9-reopens/")
    assert response["Location"] == cafe.get_absolute_url()
    # A scheduled post's old address reveals nothing yet, and ?p= links name
    # no path of their own.
    assert client.get("/2099/01/01/marathon-route-announced/").status_code == 404
    assert not ArticleRedirect.objects.filter(old_path="/").exists()


@pytest.mark.django_db
def test_classic_editor_paragraphs_and_encoded_slugs(section):
    import_wordpress(SAMPLE)

    article = Article.objects.get(source_guid="https://gazette.example/?p=102")
    assert article.slug == "café-reopens"
    assert article.body == (
        "<p>The café on Main Street opened again on Wednesday.</p>\n"
        '<p>Its owner said: "We missed you."<br>\nThen she poured the first '
        "coffee.</p>"
    )
    # Tags match case-insensitively: "budget" is the Budget tag.
    assert list(article.tags.names()) == ["Budget"]
    assert [author.name for author in article.authors.all()] == ["Arun Smith"]


@pytest.mark.django_db
def test_drafts_and_scheduled_posts_stay_hidden_from_readers(section, client):
    import_wordpress(SAMPLE)

    draft = Article.objects.get(title="Stadium Deal Under Review")
    scheduled = Article.objects.get(title="Marathon Route Announced")
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)
    assert draft.slug == "stadium-deal-under-review"
    assert scheduled.status == Article.Status.PUBLISHED
    assert scheduled.published_at == datetime.datetime(
        2099, 1, 1, 9, tzinfo=datetime.UTC
    )
    for article in (draft, scheduled):
        assert client.get(article.get_absolute_url()).status_code == 404
    assert set(Article.objects.published().values_list("title", flat=True)) == {
        "City Council Approves Budget",
        "Café Reopens on Main Street",
    }


@pytest.mark.django_db
def test_categories_become_sections_and_logins_become_authors(section):
    import_wordpress(SAMPLE)

    sports = Section.objects.get(slug="sports")
    assert sports.name == "Sports"
    assert set(sports.articles.values_list("title", flat=True)) == {
        "Stadium Deal Under Review",
        "Marathon Route Announced",
    }
    assert set(Author.objects.values_list("slug", "name")) == {
        ("jdoe", "Jane Doe"),
        ("asmith", "Arun Smith"),
    }


@pytest.mark.django_db
def test_reimport_changes_nothing_then_updates_by_guid(section, sample_copy):
    import_wordpress(sample_copy)
    pks = set(Article.objects.values_list("pk", flat=True))

    report = import_wordpress(sample_copy)
    assert "0 created, 0 updated, 4 unchanged" in report

    # The post is renamed in WordPress, slug and all: the GUID still matches.
    sample_copy.write_text(
        sample_copy.read_text()
        .replace("City Council Approves Budget", "Council Passes Budget")
        .replace("[city-council-approves-budget]", "[council-passes-budget]")
    )
    report = import_wordpress(sample_copy)

    assert "0 created, 1 updated, 3 unchanged" in report
    assert set(Article.objects.values_list("pk", flat=True)) == pks
    article = Article.objects.get(source_guid="https://gazette.example/?p=101")
    assert (article.title, article.slug) == (
        "Council Passes Budget",
        "council-passes-budget",
    )


@pytest.mark.django_db
def test_a_post_whose_address_another_post_took_gets_a_number(section, sample_copy):
    import_wordpress(sample_copy)
    sample_copy.write_text(
        sample_copy.read_text()
        .replace("?p=102<", "?p=999<")
        .replace("<wp:post_id>102<", "<wp:post_id>999<")
    )

    report = import_wordpress(sample_copy)

    assert "1 created, 0 updated, 3 unchanged" in report
    assert set(
        Article.objects.filter(slug__startswith="café").values_list("slug", flat=True)
    ) == {
        "café-reopens",
        "café-reopens-2",
    }
    assert "0 created, 0 updated, 4 unchanged" in import_wordpress(sample_copy)


@pytest.mark.django_db
def test_posts_without_a_category_go_to_the_given_section(tmp_path, section):
    export = tmp_path / "no-category.xml"
    export.write_text(SAMPLE.read_text().replace('domain="category"', 'domain="x"'))

    import_wordpress(export, section="news")

    assert set(section.articles.values_list("title", flat=True)) == POSTS


@pytest.mark.django_db
def test_posts_without_a_category_are_uncategorized_as_wordpress_files_them(
    tmp_path,
):
    export = tmp_path / "no-category.xml"
    export.write_text(SAMPLE.read_text().replace('domain="category"', 'domain="x"'))

    report = import_wordpress(export)

    # Skipped: the page and the trashed post, as with a category.
    assert "4 created, 0 updated, 0 unchanged, 2 skipped" in report
    assert "no section" not in report
    uncategorized = Section.objects.get(slug="uncategorized")
    assert uncategorized.name == "Uncategorized"
    assert set(uncategorized.articles.values_list("title", flat=True)) == POSTS


@pytest.mark.django_db
def test_dry_run_reports_the_changes_and_writes_nothing(section):
    report = import_wordpress(SAMPLE, dry_run=True)

    assert "Dry run, nothing written" in report
    assert "4 created" in report
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert list(Section.objects.all()) == [section]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""
PLAIN_RSS = """<?xml version="1.0"?>
<rss><channel><title>A feed</title><item><title>Hi</title></item></channel></rss>"""


def truncated_sample():
    """The sample cut off after two posts, as an interrupted download leaves it.

    Its posts come from another site, so any that were kept would show.
    """
    text = SAMPLE.read_text()
    text = text.replace("gazette.example/?p=", "elsewhere.example/?p=")
    text = text.replace("<![CDATA[City Council", "<![CDATA[Cut Short: City Council")
    return text[: text.index("<title><![CDATA[Stadium")].encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "is not well-formed XML"),
        (
            SAMPLE.read_text()
            .replace("Café", "Caf\udce9")
            .encode("utf-8", "surrogateescape"),
            "is not well-formed XML",
        ),
        (None, "is not well-formed XML (no element found"),
        (BILLION_LAUGHS.encode(), "declares XML entities"),
        (EXTERNAL_ENTITY.encode(), "declares XML entities"),
        (PLAIN_RSS.encode(), "is not a WordPress export"),
    ],
    ids=["empty", "binary", "not-utf8", "truncated", "bomb", "external", "rss"],
)
def test_a_bad_file_is_reported_writes_nothing_and_good_files_still_import(
    tmp_path, section, content, problem
):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(truncated_sample() if content is None else content)
    out = StringIO()

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_wordpress", str(bad), str(SAMPLE), stdout=out)

    assert f"{bad}: {problem}" in out.getvalue()
    assert set(Article.objects.values_list("title", flat=True)) == POSTS
    assert Article.objects.count() == len(POSTS)


@pytest.mark.django_db
def test_a_post_too_long_to_store_is_skipped_not_fatal(tmp_path, section):
    export = tmp_path / "long.xml"
    export.write_text(
        SAMPLE.read_text().replace("Stadium Deal Under Review", "Stadium " * 40)
    )

    report = import_wordpress(export)

    assert "its title is longer than 255 characters" in report
    assert Article.objects.count() == len(POSTS) - 1


@pytest.mark.django_db
def test_encoded_category_slugs_and_overlong_names_fit_the_site(tmp_path, section):
    long_tag = "Very long tag " * 12
    export = tmp_path / "odd.xml"
    export.write_text(
        SAMPLE.read_text()
        .replace('nicename="sports"', 'nicename="sp%c3%b6rts-%c3%a9t%c3%a9"')
        .replace("[City Hall]", f"[{long_tag}]")
    )

    import_wordpress(export)

    assert Section.objects.filter(slug="spörts-été", name="Sports").exists()
    scheduled = Article.objects.get(title="Marathon Route Announced")
    assert list(scheduled.tags.names()) == [long_tag[:100]]
    assert scheduled.get_absolute_url() == (
        "/sp%C3%B6rts-%C3%A9t%C3%A9/marathon-route-announced/"
    )
