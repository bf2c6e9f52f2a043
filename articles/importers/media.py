"""Pictures an import brings along: read from a local copy of the old site's
uploads folder, or fetched from their addresses with the guard webhooks use
(operations.outbound: public addresses only, a time limit per file), then
stored through the image library's own rules (size and pixel caps,
re-encoding, metadata stripped)."""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.html import strip_tags

from images.models import Image
from images.uploads import MAX_FILE_BYTES
from operations.outbound import FetchFailed, RefusedTarget, fetch

from . import PictureRef

UPLOADS = "/wp-content/uploads/"


class PictureUnavailable(Exception):
    """The picture cannot come along; the message says why."""


@dataclass(frozen=True)
class MediaSource:
    """Where pictures come from: `folder` (a copy of wp-content/uploads)
    for addresses under /wp-content/uploads/, else their addresses."""

    folder: Path | None = None

    def read(self, url: str) -> bytes:
        if self.folder is not None:
            return self.read_local(url)
        try:
            return fetch(
                url,
                max_bytes=MAX_FILE_BYTES,
                seconds=settings.NEWSROOM_IMPORT_FETCH_SECONDS,
                networks=settings.NEWSROOM_IMPORT_ALLOWED_NETWORKS,
            )
        except RefusedTarget as refused:
            raise PictureUnavailable(refused.message) from None
        except FetchFailed as failed:
            raise PictureUnavailable(str(failed)) from None

    def read_local(self, url: str) -> bytes:
        path = unquote(urlsplit(url).path)
        if UPLOADS not in path:
            raise PictureUnavailable("not under /wp-content/uploads/")
        relative = PurePosixPath(path.split(UPLOADS, 1)[1])
        if ".." in relative.parts:
            raise PictureUnavailable("its path leaves the media folder")
        local = self.folder / relative
        if not local.is_file():
            raise PictureUnavailable(f"not in the media folder ({relative})")
        if local.stat().st_size > MAX_FILE_BYTES:
            raise PictureUnavailable(f"larger than {MAX_FILE_BYTES >> 20} MB")
        return local.read_bytes()

    def store(self, picture: PictureRef) -> tuple[Image, bool]:
        """The library image for `picture`: the one an earlier import made
        from the same address, else a new one; and whether it is new."""
        if len(picture.url) > Image._meta.get_field("source_url").max_length:
            raise PictureUnavailable("its address is too long to keep")
        image = Image.objects.filter(source_url=picture.url).first()
        if image is not None:
            return image, False
        data = self.read(picture.url)
        name = PurePosixPath(unquote(urlsplit(picture.url).path)).name or "picture"
        image = Image(
            file=ContentFile(data, name=name),
            # A caption describes the picture too, when the alt text is missing.
            alt_text=(picture.alt or strip_tags(picture.caption)).strip()[:300],
            caption=picture.caption,
            credit=picture.credit[:200],
            source_url=picture.url,
        )
        try:
            image.save()
        except ValidationError as refused:
            raise PictureUnavailable(" ".join(refused.messages)) from None
        return image, True
