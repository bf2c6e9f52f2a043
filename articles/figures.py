"""Library images in an article: its lead image and the figures in its body.

The body editor places a library image as a ``<figure>`` holding
``<img src="…" alt="…" data-file="<image id>">`` and a ``<figcaption>``.
Pages replace each such ``<img>`` with the library image's current renditions
and alt text, so the stored ``src`` and ``alt`` only serve the editor.
"""

from django.core.exceptions import ValidationError

from images.models import Image

from .sanitizer import IMAGE_ID, IMG_TAG


def inline_image_ids(body: str) -> list[int]:
    """The ids of the library images placed in `body`, in order, once each."""
    found = (IMAGE_ID.search(tag[0]) for tag in IMG_TAG.finditer(body))
    return list(dict.fromkeys(int(match[1]) for match in found if match))


def replace_inline_images(body: str, render) -> str:
    """`body` with each library image's <img> replaced by render(image_id)."""

    def replace(tag):
        match = IMAGE_ID.search(tag[0])
        return render(int(match[1])) if match else tag[0]

    return IMG_TAG.sub(replace, body)


def check_images_have_alt_text(article):
    """Refuse to publish an article whose lead or inline images lack alt text."""
    if article.status != article.Status.PUBLISHED:
        return
    errors = {}
    if article.lead_image and not article.lead_image.alt_text:
        errors["lead_image"] = (
            "Add alt text to this image in the image library before publishing."
        )
    if inline_ids := inline_image_ids(article.body):
        unlabelled = Image.objects.filter(pk__in=inline_ids, alt_text="")
        if unlabelled := sorted(str(image.pk) for image in unlabelled):
            errors["body"] = (
                "Add alt text in the image library to the images placed in "
                f"the body (image {', '.join(unlabelled)}) before publishing."
            )
    if errors:
        raise ValidationError(errors)
