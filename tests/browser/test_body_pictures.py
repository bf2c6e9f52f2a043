"""Pictures in a body in a real browser: one from another site is refused by
name and stays in the editor; the picker uploads and labels its photos."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

from .conftest import serve_media
from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTSIDE_FIGURE = (
    '<figure><img src="https://photos.example/fire.jpg" alt="">'
    "<figcaption>Crews at work.</figcaption></figure>"
)


def test_a_picture_inserted_by_address_is_refused_not_dropped(
    new_page, live_server, make_staff, screenshot
):
    news = Section.objects.create(name="News", slug="news")
    article = Article.objects.create(
        title="Fire on Main Street", section=news, body="<p>Before.</p>"
    )
    make_staff("ada", "Editor")
    page = new_page()
    # Nothing may leave the machine: the outside photo is never fetched.
    page.route("https://photos.example/**", lambda route: route.abort())
    log_in(page, live_server.url, "ada")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_selector(".ProseMirror[contenteditable=true]")
    page.evaluate(
        """(html) => {
          const editable = document.querySelector(".prose-editor .tiptap");
          editable.editor.commands.setContent(html, true);
        }""",
        OUTSIDE_FIGURE,
    )
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")
    assert "Not in the image library, so it cannot be kept" in page.inner_text(
        ".field-body .errorlist"
    )
    assert "photos.example/fire.jpg" in page.input_value("#id_body")
    screenshot(page, "picture-from-elsewhere-refused")
    assert Article.objects.get().body == "<p>Before.</p>"


def test_the_picker_uploads_and_labels_photos(
    new_page, live_server, make_staff, screenshot, tmp_path
):
    from tests import imagefiles

    make_staff("ada", "Editor")
    page = serve_media(new_page())
    log_in(page, live_server.url, "ada")
    page.goto(reverse("admin:images_image_picker"))
    photo = tmp_path / "harbour-at-dawn.jpg"
    photo.write_bytes(imagefiles.photo())
    page.click(".image-picker-upload summary")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_alt_text", "Boats in the harbour at dawn")
    page.click(".image-picker-upload button[type=submit]")
    page.wait_for_selector(".image-picker-uploaded")
    label = page.inner_text(".image-picker-uploaded .image-picker-label")
    assert "harbour-at-dawn.jpg" in label and "(just uploaded)" in label
    screenshot(page, "picker-after-upload")
