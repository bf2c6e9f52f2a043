"""Library images in an article: its lead image and the figures in its body.

The body editor places a library image as a ``<figure>`` holding
``<img src="…" alt="…" data-file="<image id>">`` and a ``<figcaption>``.
Pages replace each such ``<img>`` with the library image's current renditions
and alt text, so the stored ``src`` and ``alt`` only serve the editor.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.html import escape

from images.models import Image, Rendition

from .sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    IMAGE_ID,
    IMG_TAG,
    LIBRARY_FILE,
)

IMAGE_SOURCE = re.compile(r'\ssrc="([^"]*)"')


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


def _library_image(source):
    """The library image a URL shows (its master or a rendition), or None."""
    media = urlsplit(default_storage.url("")).path
    path = urlsplit(source).path
    if not path.startswith(media) or not LIBRARY_FILE.fullmatch(
        name := path.removeprefix(media)
    ):
        return None
    rendition = Rendition.objects.filter(file=name).select_related("image").first()
    return rendition.image if rendition else Image.objects.filter(file=name).first()


def place_library_images(body: str) -> str:
    """`body` with every picture in it tied to its library image, so none is
    dropped on save: a library file's address (pasted from a page or another
    article) gets the image's id. Raises ValidationError naming each picture
    that is not in the library (another site's address, a pasted file)."""
    # Normalised first, so every <img> is found whole whatever its quoting.
    body = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={*ALLOWED_URL_SCHEMES, "data"},
        link_rel=None,
    )
    missing = []

    def place(tag):
        source = IMAGE_SOURCE.search(tag[0])
        source = source[1] if source else ""
        found = IMAGE_ID.search(tag[0])
        if found and Image.objects.filter(pk=found[1]).exists():
            return tag[0]
        image = _library_image(source)
        if image is None:
            missing.append(
                "a picture pasted as a file"
                if source.startswith("data:") or not source
                else f"“{source[:200]}”"
            )
            return tag[0]
        placed = IMAGE_ID.sub("", IMAGE_SOURCE.sub("", tag[0]))
        url = escape(default_storage.url(image.file.name))
        return placed.replace("<img", f'<img src="{url}" data-file="{image.pk}"', 1)

    body = IMG_TAG.sub(place, body)
    if missing:
        raise ValidationError(
            "Not in the image library, so it cannot be kept: %(pictures)s. "
            "Upload it with Browse… in the image tool (the library checks and "
            "re-encodes it, and asks for alt text), then place it from there.",
            params={"pictures": "; ".join(missing)},
        )
    return body


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
