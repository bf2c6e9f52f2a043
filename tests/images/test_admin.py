import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from images.models import Image
from tests import imagefiles


@pytest.mark.django_db
def test_editor_uploads_a_photo_and_sees_its_preview(editor_client):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        {
            "file": imagefiles.upload(imagefiles.photo(size=(1200, 800))),
            "alt_text": "Flooded underpass",
            "caption": "The underpass on Monday.",
            "credit": "Ana Lens / Agency",
        },
        follow=True,
    )

    image = Image.objects.get()
    assert (image.width, image.height) == (1200, 800)
    change = editor_client.get(reverse("admin:images_image_change", args=[image.pk]))
    [preview] = image.renditions_for("article")[:1]
    assertContains(change, f'src="{preview.file.url}"')
    assertContains(change, "1200 × 800 pixels")
    for crop in image.renditions_for("card")[:1] + image.renditions_for("social"):
        assertContains(change, f'src="{crop.file.url}"')
    assertContains(change, "images/focal-point.js")
    assertContains(response, "Flooded underpass")


@pytest.mark.django_db
def test_library_list_shows_thumbnails_and_searches_credits(editor_client, make_image):
    wanted = make_image(alt_text="Flooded underpass", credit="Ana Lens")
    make_image(alt_text="Council chamber", credit="City Photo")

    response = editor_client.get(reverse("admin:images_image_changelist") + "?q=lens")

    assert list(response.context["cl"].result_list) == [wanted]
    [thumbnail] = wanted.renditions_for("thumbnail")
    assertContains(response, f'src="{thumbnail.file.url}"')


@pytest.mark.django_db
def test_library_list_marks_images_without_alt_text(editor_client, make_image):
    make_image(alt_text="")

    response = editor_client.get(reverse("admin:images_image_changelist"))

    assertContains(response, 'alt="False"')


@pytest.mark.django_db
def test_lead_image_is_picked_by_autocomplete(editor_client, make_image):
    wanted = make_image(alt_text="Flooded underpass")
    make_image(alt_text="Council chamber")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
            "term": "flooded",
        },
    )

    assert response.json()["results"] == [
        {"id": str(wanted.pk), "text": "Flooded underpass"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?q=underpass", "?p=99&q=x"])
def test_picker_lists_library_images_for_the_body_editor(
    editor_client, make_image, query
):
    image = make_image(alt_text="Flooded underpass")

    response = editor_client.get(reverse("admin:images_image_picker") + query)

    assert response.status_code == 200
    if query in ("", "?q=underpass"):
        # A 640-pixel photo: its one article-size JPEG is what the editor shows.
        [source] = [r for r in image.renditions_for("article") if r.format == "jpeg"]
        assertContains(response, f'data-id="{image.pk}"')
        assertContains(response, f'data-url="{source.file.url}"')


@pytest.mark.django_db
def test_picker_is_for_editors_only(client, make_image):
    make_image()

    response = client.get(reverse("admin:images_image_picker"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_editor_downloads_the_original_only_when_it_was_kept(
    editor_client, make_image, settings
):
    content = imagefiles.jpeg_with_gps()
    not_kept = make_image(content)
    settings.IMAGES_KEEP_ORIGINALS = True
    kept = make_image(content)

    response = editor_client.get(reverse("admin:images_image_original", args=[kept.pk]))
    missing = editor_client.get(
        reverse("admin:images_image_original", args=[not_kept.pk])
    )

    assert b"".join(response.streaming_content) == content
    assert "attachment" in response["Content-Disposition"]
    assert missing.status_code == 404


@pytest.mark.django_db
def test_image_used_as_a_lead_cannot_be_deleted(
    editor_client, make_image, make_article
):
    image = make_image()
    make_article(lead_image=image)

    response = editor_client.post(
        reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assertNotContains(response, "was deleted successfully")
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_picker_labels_each_image_and_finds_it_by_file_name_and_date(
    editor_client, make_image
):
    image = make_image(alt_text="Flooded underpass")
    day = image.uploaded_at.date().isoformat()
    picker = reverse("admin:images_image_picker")

    for query in (image.file_name[:6], day):
        response = editor_client.get(picker, {"q": query})
        assertContains(response, f'data-id="{image.pk}"')
    assertContains(response, image.file_name)
    assertContains(response, f'<time datetime="{image.uploaded_at.isoformat()}')
    response = editor_client.get(picker, {"q": "1999-01-01"})
    assertNotContains(response, f'data-id="{image.pk}"')


@pytest.mark.django_db
def test_picker_uploads_through_the_library_checks(admin_client):
    picker = reverse("admin:images_image_picker") + "?CKEditorFuncNum=3"
    upload = imagefiles.upload(imagefiles.photo(), name="harbour-at-dawn.jpg")

    response = admin_client.post(picker, {"file": upload, "alt_text": "Boats"})

    image = Image.objects.get()
    assert image.file_name == "harbour-at-dawn.jpg"
    assert response.status_code == 302
    assert "CKEditorFuncNum=3" in response["Location"]
    listed = admin_client.get(response["Location"])
    assertContains(listed, f'data-id="{image.pk}"')
    assertContains(listed, "(just uploaded)")

    refused = admin_client.post(
        picker, {"file": imagefiles.upload(b"not a photo", name="x.jpg")}
    )
    assert refused.status_code == 200
    assert Image.objects.count() == 1
