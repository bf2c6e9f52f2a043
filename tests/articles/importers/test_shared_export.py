"""One real, unmodified WordPress export (the WordPress importer's own test
data, kept outside the project in ../shared/wordpress/): it imports whole."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Section

SHARED = Path(__file__).resolve().parents[4] / "shared" / "wordpress"
SMALL_EXPORT = SHARED / "small-export.xml"


@pytest.mark.django_db
@pytest.mark.skipif(not SMALL_EXPORT.is_file(), reason="no ../shared/wordpress here")
def test_a_real_export_imports_whole_and_keeps_its_addresses(client):
    Section.objects.create(name="Pages", slug="pages")

    def run():
        out = StringIO()
        call_command(
            "import_wordpress", str(SMALL_EXPORT), "--pages-section=pages", stdout=out
        )
        return out.getvalue()

    report = run()

    assert "1 of 1 files imported: 11 created, 0 updated" in report
    private = Article.objects.get(title="Private Post")
    assert private.status == "draft"
    assert client.get(private.get_absolute_url()).status_code == 404
    assert Article.objects.get(title="Draft Page").status == "draft"
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    hello = Article.objects.get(title="Hello world!")
    assert client.get("/?p=1").headers["Location"] == hello.get_absolute_url()
    sample = Article.objects.get(title="Sample Page")
    assert client.get("/?page_id=2").headers["Location"] == (sample.get_absolute_url())
    assert "0 created, 0 updated, 11 unchanged" in run()


@pytest.mark.django_db
@pytest.mark.skipif(not SMALL_EXPORT.is_file(), reason="no ../shared/wordpress here")
def test_a_real_post_without_a_category_is_not_lost(client):
    """backslashes.xml's one post names no category, as WordPress allows."""
    report = StringIO()
    call_command("import_wordpress", str(SHARED / "backslashes.xml"), stdout=report)

    assert "1 created" in report.getvalue()
    article = Article.objects.get(title="Paths")
    assert article.section.slug == "uncategorized"
    assert "C:\\xampp\\htdocs\\wp-content" in article.body
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.skipif(not SMALL_EXPORT.is_file(), reason="no ../shared/wordpress here")
def test_a_real_export_with_cdata_end_markers_in_its_text_imports():
    """crazy-cdata.xml's texts hold `]]>`, which WordPress's importer reads.
    The body's `<![CDATA[ tags ]]>` is a comment to a browser, so readers of
    the old site never saw it either."""
    report = StringIO()
    call_command("import_wordpress", str(SHARED / "crazy-cdata.xml"), stdout=report)

    assert "1 of 1 files imported: 1 created" in report.getvalue()
    assert Article.objects.get().body == "<p>Content with nested  :)</p>"
