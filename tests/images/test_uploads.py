import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image as PILImage
from pytest_django.asserts import assertContains

from images.models import Image
from images.uploads import MAX_FILE_BYTES
from tests import imagefiles

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("stolen")</script></svg>'
)
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
)
NOT_AN_IMAGE = "This file is not a JPEG, PNG, WebP or GIF image."
DAMAGED = "This image is damaged or incomplete"
TOO_MANY_PIXELS = "The image has more than 80 megapixels"


def animated_gif(size, frames):
    first, *rest = (
        PILImage.new("L", size, 255 * (frame % 2)) for frame in range(frames)
    )
    return imagefiles.encode(first, "GIF", save_all=True, append_images=rest)


def oversize_jpeg():
    # A real photo, padded past the limit with bytes after its end marker.
    return imagefiles.photo().ljust(MAX_FILE_BYTES + 1, b"\0")


REFUSED_UPLOADS = {
    "text named .jpg": (b"Just some notes, not a photo.\n", NOT_AN_IMAGE),
    "truncated jpeg": (imagefiles.photo()[:2000], DAMAGED),
    "png declaring 100 megapixels": (
        imagefiles.png_declaring(10_000, 10_000),
        TOO_MANY_PIXELS,
    ),
    "20,000 × 20,000 png": (
        imagefiles.blank_bilevel_png(20_000, 20_000),
        TOO_MANY_PIXELS,
    ),
    "side over 20,000": (
        imagefiles.blank_bilevel_png(20_001, 10),
        "neither side may be over 20,000 pixels",
    ),
    "gif with too many frames": (animated_gif((2000, 2000), 21), TOO_MANY_PIXELS),
    "svg with a script": (SVG_WITH_SCRIPT, NOT_AN_IMAGE),
    "eps": (EPS, NOT_AN_IMAGE),
    "over 25 MB": (None, "the limit is 25 MB"),
}


def read(field_file):
    with field_file.open("rb") as file:
        return file.read()


def stored_files(*roots):
    return [path for root in roots for path in root.rglob("*") if path.is_file()]


@pytest.fixture(params=REFUSED_UPLOADS, ids=list(REFUSED_UPLOADS))
def refused_upload(request):
    content, message = REFUSED_UPLOADS[request.param]
    return content or oversize_jpeg(), message


@pytest.mark.django_db
def test_admin_refuses_upload_with_a_message_and_stores_nothing(
    editor_client, refused_upload, settings
):
    content, message = refused_upload

    response = editor_client.post(
        reverse("admin:images_image_add"),
        {"file": imagefiles.upload(content), "alt_text": "A photo"},
    )

    assertContains(response, message)
    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT, settings.ORIGINALS_ROOT) == []


@pytest.mark.django_db
def test_saving_a_refused_upload_in_code_raises_and_stores_nothing(
    refused_upload, settings
):
    content, message = refused_upload
    settings.IMAGES_KEEP_ORIGINALS = True

    with pytest.raises(ValidationError, match=message):
        Image.objects.create(file=imagefiles.upload(content), alt_text="A photo")

    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT, settings.ORIGINALS_ROOT) == []


def test_eps_is_refused_although_pillow_could_read_it():
    """Pillow identifies EPS when all its plugins are on; uploads never turn
    them on, since those decoders have had advisories of their own."""
    with PILImage.open(io.BytesIO(EPS)) as image:
        assert image.format == "EPS"


@pytest.mark.django_db
def test_html_appended_to_a_png_is_not_stored(make_image):
    payload = b"<html><script>alert('stored')</script></html>"
    content = imagefiles.photo(format="PNG") + payload
    with PILImage.open(io.BytesIO(content)) as image:
        image.verify()  # the payload passes Pillow's own check

    image = make_image(content)

    assert b"<script>" not in read(image.file)
    assert all(b"<script>" not in read(r.file) for r in image.renditions.all())


@pytest.mark.django_db
def test_stored_image_keeps_no_camera_metadata(make_image):
    image = make_image(imagefiles.jpeg_with_gps())

    with PILImage.open(io.BytesIO(read(image.file))) as stored:
        assert not stored.getexif()
        assert "xmp" not in stored.info
    assert b"Home address" not in read(image.file)


@pytest.mark.django_db
def test_stored_names_are_random_and_keep_no_part_of_the_upload(make_image):
    image = Image.objects.create(
        file=imagefiles.upload(imagefiles.photo(), name="../../etc/évil name.php.jpg")
    )
    other = make_image()

    assert image.file.name.startswith("images/")
    assert "evil" not in image.file.name and "php" not in image.file.name
    assert image.file.name != other.file.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("format", "stored_as"), [("JPEG", "JPEG"), ("WEBP", "PNG"), ("GIF", "PNG")]
)
def test_photos_stay_jpeg_and_other_images_become_lossless(
    make_image, format, stored_as
):
    image = make_image(imagefiles.photo(format=format))

    with PILImage.open(io.BytesIO(read(image.file))) as stored:
        assert stored.format == stored_as
        assert stored.size == (640, 480)
    assert (image.width, image.height) == (640, 480)


@pytest.mark.django_db
def test_upright_orientation_is_applied_before_storing(make_image):
    # Orientation 6: the camera was turned; viewers rotate the picture 90° clockwise.
    image = make_image(imagefiles.jpeg_with_gps(size=(640, 480), orientation=6))

    assert (image.width, image.height) == (480, 640)
    with PILImage.open(io.BytesIO(read(image.file))) as stored:
        stored = stored.convert("RGB")
        red, blue = stored.getpixel((240, 100)), stored.getpixel((240, 540))
    # The left (red) half of the sensor is now at the top.
    assert red[0] > 200 and red[2] < 60
    assert blue[2] > 200 and blue[0] < 60


@pytest.mark.django_db
def test_original_is_kept_apart_only_when_settings_say_so(make_image, settings):
    content = imagefiles.jpeg_with_gps()

    without = make_image(content)
    settings.IMAGES_KEEP_ORIGINALS = True
    kept = make_image(content)

    assert not without.original
    assert read(kept.original) == content
    assert (settings.ORIGINALS_ROOT / kept.original.name).is_file()
    assert not list(settings.MEDIA_ROOT.rglob("originals"))
