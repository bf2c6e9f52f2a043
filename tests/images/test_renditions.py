import io
from fractions import Fraction

import pytest
from PIL import Image as PILImage

from images.models import Image, Rendition
from images.renditions import CROPPED_SLOTS, crop_box
from tests import imagefiles


def read(field_file):
    with field_file.open("rb") as file:
        return file.read()


def opened(rendition):
    return PILImage.open(io.BytesIO(read(rendition.file)))


def colour_at_centre(rendition):
    with opened(rendition) as picture:
        return picture.convert("RGB").getpixel(
            (picture.width // 2, picture.height // 2)
        )


@pytest.mark.django_db
def test_no_rendition_carries_exif_gps_or_xmp(make_image):
    image = make_image(imagefiles.jpeg_with_gps(size=(2000, 1500)))

    renditions = list(image.renditions.all())
    assert len(renditions) > 5
    for rendition in renditions:
        with opened(rendition) as picture:
            assert not picture.getexif(), rendition
            assert not {"exif", "xmp"} & picture.info.keys(), rendition
        assert b"Home address" not in read(rendition.file)


@pytest.mark.django_db
def test_renditions_stand_upright(make_image):
    image = make_image(imagefiles.jpeg_with_gps(size=(1600, 1200), orientation=6))

    for rendition in image.renditions_for("article"):
        assert rendition.height > rendition.width


@pytest.mark.django_db
def test_article_slot_has_each_width_in_webp_and_jpeg(make_image):
    image = make_image(imagefiles.photo(size=(2000, 1000)))

    made = {(r.width, r.height, r.format) for r in image.renditions_for("article")}

    assert made == {
        (width, width // 2, format)
        for width in (480, 800, 1200, 1600)
        for format in ("webp", "jpeg")
    }
    for rendition in image.renditions_for("article"):
        with opened(rendition) as picture:
            assert picture.size == (rendition.width, rendition.height)
            assert picture.format == rendition.format.upper()


@pytest.mark.django_db
def test_small_image_is_never_enlarged(make_image):
    image = make_image(imagefiles.photo(size=(300, 200)))

    assert {r.width for r in image.renditions_for("article")} == {300}


@pytest.mark.django_db
def test_social_card_is_a_jpeg_of_opengraph_shape(make_image):
    image = make_image(imagefiles.photo(size=(3000, 2000)))

    [card] = image.renditions_for("social")

    assert (card.format, card.width, card.height) == ("jpeg", 1200, 630)


@pytest.mark.django_db
@pytest.mark.parametrize(("focal_x", "colour"), [(0, "red"), (100, "blue")])
def test_fixed_shape_crops_keep_the_focal_point(make_image, focal_x, colour):
    # A panorama, red on the left and blue on the right: a 3:2 crop holds only
    # one of the two halves, and the focal point says which.
    image = make_image(imagefiles.photo(size=(2400, 600)), focal_x=focal_x)

    for rendition in image.renditions.filter(slot__in=CROPPED_SLOTS):
        red, _, blue = colour_at_centre(rendition)
        assert (red > blue) == (colour == "red"), rendition


@pytest.mark.django_db
def test_transparent_image_gets_a_white_jpeg_fallback(make_image):
    transparent = PILImage.new("RGBA", (600, 400), (0, 0, 0, 0))
    image = make_image(imagefiles.encode(transparent, "PNG"))

    [fallback] = [r for r in image.renditions_for("article") if r.format == "jpeg"]
    assert colour_at_centre(fallback) == (255, 255, 255)


@pytest.mark.django_db
def test_renditions_are_made_once_and_kept_across_saves(make_image):
    image = make_image()
    before = {r.pk: r.file.name for r in Rendition.objects.all()}

    image.caption = "Crews worked through the night."
    image.save()
    Image.objects.get(pk=image.pk).save()

    assert {r.pk: r.file.name for r in Rendition.objects.all()} == before


@pytest.mark.django_db
def test_moving_the_focal_point_remakes_only_the_crops(
    make_image, media_root, django_capture_on_commit_callbacks
):
    image = make_image()
    crops = [r.file.name for r in image.renditions.filter(slot__in=CROPPED_SLOTS)]
    whole = {
        r.pk: r.file.name for r in image.renditions.exclude(slot__in=CROPPED_SLOTS)
    }

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x = 10
        image.save()

    assert not any((media_root / name).exists() for name in crops)
    assert all((media_root / r.file.name).exists() for r in image.renditions.all())
    assert image.renditions.filter(slot__in=CROPPED_SLOTS).count() == len(crops)
    uncropped = image.renditions.exclude(slot__in=CROPPED_SLOTS)
    assert {r.pk: r.file.name for r in uncropped} == whole


@pytest.mark.django_db
def test_deleting_an_image_removes_its_files(
    make_image, media_root, settings, django_capture_on_commit_callbacks
):
    settings.IMAGES_KEEP_ORIGINALS = True
    image = make_image()

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    stored = [
        p for root in (media_root, settings.ORIGINALS_ROOT) for p in root.rglob("*")
    ]
    assert not [path for path in stored if path.is_file()]
    assert not Rendition.objects.exists()


@pytest.mark.parametrize(
    ("focal_point", "box"),
    [
        ((0.5, 0.5), (300, 0, 900, 400)),
        ((0.0, 0.5), (0, 0, 600, 400)),
        ((1.0, 0.5), (600, 0, 1200, 400)),
        ((0.3, 0.9), (60, 0, 660, 400)),
    ],
)
def test_crop_box_centres_on_the_focal_point_within_the_picture(focal_point, box):
    assert crop_box((1200, 400), Fraction(3, 2), focal_point) == box


@pytest.mark.django_db
def test_replacing_the_file_remakes_every_rendition_and_removes_old_files(
    make_image, media_root, django_capture_on_commit_callbacks
):
    image = make_image(imagefiles.photo(size=(640, 480)))
    old_files = [image.file.name, *(r.file.name for r in image.renditions.all())]

    with django_capture_on_commit_callbacks(execute=True):
        image.file = imagefiles.upload(imagefiles.photo(size=(900, 600)))
        image.save()

    assert not any((media_root / name).exists() for name in old_files)
    assert (image.width, image.height) == (900, 600)
    assert {r.width for r in image.renditions_for("article")} == {480, 800}
