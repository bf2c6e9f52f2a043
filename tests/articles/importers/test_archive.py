"""A WordPress site moved here, then carried whole to another site by its
archive: the second site is the same site."""

import re
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, ArticleRedirect, Author, Section
from images.models import Image
from tests.imagefiles import photo

from .wxr import attachment, export, item

SITE = "https://gone.example"
UPLOADS = f"{SITE}/wp-content/uploads/2023/05"


def build_time_free(content: bytes) -> bytes:
    return re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", content)


def reader_view(client):
    """Every page and feed readers reach, and where every old address leads."""
    urls = ["/", "/feed/", "/feed/atom/", "/sitemap.xml"]
    urls += [f"/{slug}/" for slug in Section.objects.values_list("slug", flat=True)]
    urls += [
        f"/{slug}/feed/" for slug in Section.objects.values_list("slug", flat=True)
    ]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    pages = {url: build_time_free(client.get(url).content) for url in urls}
    for url, content in list(pages.items()):
        if url == "/sitemap.xml":
            for part in re.findall(rb"<loc>https?://[^/]+(/[^<]*)</loc>", content):
                pages[part.decode()] = client.get(part.decode()).content
    old = {
        path: (client.get(path).status_code, client.get(path).headers.get("Location"))
        for path in ArticleRedirect.objects.values_list("old_path", flat=True)
    }
    return pages, old


@pytest.mark.django_db
def test_an_imported_site_with_pictures_survives_its_archive_whole(
    tmp_path, client, media_root, settings
):
    folder = tmp_path / "uploads" / "2023" / "05"
    folder.mkdir(parents=True)
    for name in ("dam.jpg", "bank.jpg"):
        (folder / name).write_bytes(photo())
    body = (
        f'[caption id="attachment_9"]<img src="{UPLOADS}/dam.jpg" alt="" /> '
        "The dam at dawn[/caption]\n\nThen the river.\n\n"
        f'<img src="{UPLOADS}/bank.jpg" alt="The far bank">'
    )
    wxr = tmp_path / "export.xml"
    wxr.write_text(
        export(
            attachment(9, f"{UPLOADS}/dam.jpg", alt="The dam", caption="At dawn"),
            item(1, "Dam Opens", body, meta={"_thumbnail_id": "9"}, tags=["Rivers"]),
            item(2, "Μεγάλη Γέφυρα", "<p>Η γέφυρα.</p>", slug="γέφυρα"),
            item(3, "Held Back", status="draft"),
            site=SITE,
        )
    )
    call_command(
        "import_wordpress",
        str(wxr),
        f"--media-dir={tmp_path / 'uploads'}",
        stdout=StringIO(),
    )
    assert Image.objects.count() == 2
    before_pages, before_old = reader_view(client)
    archive = tmp_path / "site.zip"
    call_command("export_articles", archive=str(archive), verbosity=0)
    # A new, empty site: no rows, no media.
    Article.objects.all().delete()
    for model in [Tag, Author, Section, Image]:
        model.objects.all().delete()
    shutil.rmtree(media_root)
    settings.NEWSROOM_PAGE_CACHE_NAMESPACE = "the-new-site"

    call_command("load_archive", str(archive), stdout=StringIO())

    after_pages, after_old = reader_view(client)
    assert after_old == before_old
    for redirect in ArticleRedirect.objects.filter(article__title="Dam Opens"):
        assert after_old[redirect.old_path] == (301, "/news/dam-opens/")
    assert {"/?p=1", "/2023/05/02/1/"} <= set(after_old)
    assert after_pages.keys() == before_pages.keys()
    for url, content in before_pages.items():
        assert after_pages[url] == content, url
    dam = Article.objects.get(title="Dam Opens")
    for figure_src in re.findall(r'src="([^"]+)"', dam.body):
        assert (
            client.get(figure_src).status_code == 200
            or (media_root / figure_src.removeprefix(settings.MEDIA_URL)).is_file()
        )
    assert not Article.objects.get(title="Held Back").is_published()
