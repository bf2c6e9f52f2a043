"""Pictures come along with a WordPress import: fetched from a real HTTP
server on loopback (which the outbound guard refuses unless a setting allows
it), or read from a copy of wp-content/uploads."""

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from articles.models import Article
from images.models import Image
from tests.imagefiles import jpeg_with_gps, photo

from .wxr import attachment, export, item

SLOW_SECONDS = 3


class Files(BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self):
        if self.path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
        content = self.files.get(self.path)
        if content is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site(settings):
    """The old site's uploads, served on loopback; the guard told to allow it."""
    settings.NEWSROOM_IMPORT_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.NEWSROOM_IMPORT_FETCH_SECONDS = 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), Files)
    server.daemon_threads = True
    Files.files = {
        "/wp-content/uploads/2023/05/dam.jpg": jpeg_with_gps(),
        "/wp-content/uploads/2023/05/other.png": photo(format="PNG"),
        "/wp-content/uploads/2023/05/notes.jpg": b"not a picture at all",
        "/slow/late.jpg": photo(),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_import(tmp_path, *items, media_dir=None):
    path = tmp_path / "export.xml"
    path.write_text(export(*items))
    out = StringIO()
    media = [f"--media-dir={media_dir}"] if media_dir else []
    call_command("import_wordpress", str(path), *media, stdout=out)
    return out.getvalue()


def story_with_pictures(site):
    uploads = f"{site}/wp-content/uploads/2023/05"
    body = (
        "Before.\n\n"
        f'[caption id="attachment_9" width="300"]<a href="{uploads}/dam.jpg">'
        f'<img src="{uploads}/dam-300x200.jpg" class="size-medium wp-image-9" '
        'alt="" /></a> The dam at dawn[/caption]\n\n'
        f'A picture <img src="{uploads}/other.png" alt="The other bank"> in text.\n\n'
        f'<img src="{uploads}/gone.jpg" alt="Gone">'
    )
    return [
        attachment(
            9,
            f"{uploads}/dam.jpg",
            alt="The dam from the east",
            caption="The dam at dawn",
            credit="Ana Photo / Agency",
            parent=1,
        ),
        item(1, "Dam Opens", body, meta={"_thumbnail_id": "9"}),
    ]


@pytest.mark.django_db
def test_pictures_are_fetched_into_the_library_and_placed(
    tmp_path, section, old_site, client
):
    report = run_import(tmp_path, *story_with_pictures(old_site))

    dam = Image.objects.get(source_url__endswith="/dam.jpg")
    assert (dam.alt_text, dam.caption, dam.credit) == (
        "The dam from the east",
        "The dam at dawn",
        "Ana Photo / Agency",
    )
    with dam.file.open("rb") as stored, PILImage.open(stored) as picture:
        assert not picture.getexif()  # the camera's metadata and GPS are gone
    other = Image.objects.get(source_url__endswith="/other.png")
    assert other.alt_text == "The other bank"
    article = Article.objects.get()
    assert article.lead_image == dam
    assert article.status == "published"
    assert f'data-file="{dam.pk}"' in article.body
    assert "<figcaption>The dam at dawn</figcaption>" in article.body
    assert f'data-file="{other.pk}"' in article.body
    assert (
        f"post 1 “Dam Opens”: picture not imported: {old_site}/wp-content/uploads/"
        "2023/05/gone.jpg (HTTP 404)" in report
    )
    assert "Pictures: 2 in the image library, 1 not imported" in report
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert dam.renditions.first().file.url in page.content.decode()

    again = run_import(tmp_path, *story_with_pictures(old_site))
    assert "0 created, 0 updated, 1 unchanged" in again
    assert Image.objects.count() == 2


@pytest.mark.django_db
def test_loopback_is_refused_unless_a_setting_allows_it(
    tmp_path, section, old_site, settings
):
    settings.NEWSROOM_IMPORT_ALLOWED_NETWORKS = []

    report = run_import(tmp_path, *story_with_pictures(old_site))

    assert not Image.objects.exists()
    assert "“127.0.0.1” resolves to 127.0.0.1: private, loopback" in report
    # The caption stays where its picture could not.
    assert "<p>The dam at dawn</p>" in Article.objects.get().body


@pytest.mark.django_db
def test_a_slow_or_bad_file_is_listed_not_fatal(tmp_path, section, old_site):
    report = run_import(
        tmp_path,
        item(
            1,
            "Late",
            f'<img src="{old_site}/slow/late.jpg" alt="Late">\n\n'
            f'<img src="{old_site}/wp-content/uploads/2023/05/notes.jpg" alt="N">',
        ),
    )

    assert f"{old_site}/slow/late.jpg (no answer within 1 seconds)" in report
    assert "notes.jpg (This file is not a JPEG, PNG, WebP or GIF image.)" in report
    assert not Image.objects.exists()
    assert Article.objects.get().status == "published"


@pytest.mark.django_db
def test_pictures_are_read_from_a_copy_of_the_uploads_folder(tmp_path, section):
    uploads = tmp_path / "uploads" / "2023" / "05"
    uploads.mkdir(parents=True)
    (uploads / "dam.jpg").write_bytes(photo())
    site = "https://gone.example"

    report = run_import(
        tmp_path,
        *story_with_pictures(site),
        media_dir=str(tmp_path / "uploads"),
    )

    assert Article.objects.get().lead_image.source_url == (
        f"{site}/wp-content/uploads/2023/05/dam.jpg"
    )
    assert "other.png (not in the media folder (2023/05/other.png))" in report


@pytest.mark.django_db
def test_a_gallery_becomes_the_bodys_gallery_of_library_figures(
    tmp_path, section, client
):
    uploads = tmp_path / "uploads" / "2023" / "05"
    uploads.mkdir(parents=True)
    site = "https://gone.example/wp-content/uploads/2023/05"
    for name in ("dam.jpg", "bank.jpg"):
        (uploads / name).write_bytes(photo())
    items = [
        attachment(9, f"{site}/dam.jpg", alt="The dam", caption="Dawn", parent=1),
        attachment(10, f"{site}/bank.jpg", alt="The bank", caption="Dusk", parent=1),
        item(1, "Two Views", 'Before.\n\n[gallery ids="9,10"]\n\nAfter.'),
    ]

    run_import(tmp_path, *items, media_dir=str(tmp_path / "uploads"))

    body = Article.objects.get().body
    dam, bank = (Image.objects.get(alt_text=alt) for alt in ("The dam", "The bank"))
    gallery = body[body.index('<ul class="gallery">') : body.index("</ul>")]
    assert len(re.findall(r"<li>\s*<figure>", gallery)) == 2
    assert gallery.index(f'data-file="{dam.pk}"') < gallery.index(
        f'data-file="{bank.pk}"'
    )
    assert "<figcaption>Dusk</figcaption>" in gallery
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert 'class="gallery"' in page


@pytest.mark.django_db
def test_a_missing_media_folder_is_refused(tmp_path, section):
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(tmp_path, item(1, "Story"), media_dir=str(tmp_path / "none"))


@pytest.mark.django_db
def test_a_picture_without_alt_text_keeps_its_post_a_draft(tmp_path, section, old_site):
    report = run_import(
        tmp_path,
        item(1, "Bare", f'<img src="{old_site}/wp-content/uploads/2023/05/other.png">'),
    )

    article = Article.objects.get()
    assert article.status == "draft"
    assert Image.objects.get().alt_text == ""
    assert "a picture has no alt text: imported as a draft" in report


@pytest.mark.django_db
def test_a_file_that_fails_leaves_no_picture_files_behind(
    tmp_path, section, old_site, media_root
):
    with pytest.raises(CommandError):
        run_import(
            tmp_path,
            *story_with_pictures(old_site),
            item(2, "Bad Date", date="2023-13-45 99:00:00"),
        )

    assert not Image.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]
