"""Checking an uploaded file and re-encoding it into what the library stores.

Only Pillow's JPEG, PNG, WebP and GIF decoders ever see an upload, and only
after its header has shown that it is small enough to decode in full. What is
stored is a fresh encoding of the pixels, upright, with no metadata, so nothing
appended to the file or hidden in its EXIF survives.
"""

import io
import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 80_000_000  # width × height × frames
MAX_SIDE = 20_000

# Photographs stay JPEG; everything else (graphics, transparency) stays lossless.
MASTER_QUALITY = 92


class CleanMaster(ContentFile):
    """A re-encoded upload, ready to store as a library image's file."""


@dataclass(frozen=True)
class PreparedUpload:
    """A checked upload: the clean master to store, and what it was made from."""

    master: CleanMaster
    width: int
    height: int
    source_format: str


def prepare_upload(upload) -> PreparedUpload:
    """Check `upload` (a Django File) and return its clean re-encoding.

    Raises ValidationError, with a message for the editor, for anything that is
    not a JPEG, PNG, WebP or GIF within the limits.
    """
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            "The file is %(size).1f MB; the limit is %(limit)d MB.",
            code="file_too_large",
            params={"size": upload.size / 1024 / 1024, "limit": MAX_FILE_BYTES >> 20},
        )
    upload.seek(0)
    try:
        with PILImage.open(upload, formats=ACCEPTED_FORMATS) as image:
            check_dimensions(image)
            image.load()
            source_format = image.format
            master, master_format = encode_master(image)
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise too_many_pixels_error() from None
    except PILImage.UnidentifiedImageError:
        raise ValidationError(
            "This file is not a JPEG, PNG, WebP or GIF image.", code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        # Pillow reports truncated and corrupt data in these three ways.
        raise ValidationError(
            "This image is damaged or incomplete; export it again and re-upload.",
            code="damaged",
        ) from None
    finally:
        upload.seek(0)
    return PreparedUpload(
        master=CleanMaster(
            master.getvalue(), name=f"master.{EXTENSIONS[master_format]}"
        ),
        width=master.width,
        height=master.height,
        source_format=source_format,
    )


def check_dimensions(image):
    """Refuse what would take too much memory to decode, from the header alone."""
    width, height = image.size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            "The image is %(width)d × %(height)d pixels; neither side may be "
            "over %(limit)s pixels.",
            code="too_wide",
            params={"width": width, "height": height, "limit": f"{MAX_SIDE:,}"},
        )
    # Counting GIF frames walks the file's frame headers without decoding them.
    if width * height * getattr(image, "n_frames", 1) > MAX_PIXELS:
        raise too_many_pixels_error()


def too_many_pixels_error():
    return ValidationError(
        "The image has more than %(limit)d megapixels; scale it down first.",
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )


class EncodedImage(io.BytesIO):
    width: int
    height: int


def encode_master(image):
    """The first frame, turned upright, re-encoded with no metadata at all."""
    icc_profile = image.info.get("icc_profile")
    source_format = image.format
    ImageOps.exif_transpose(image, in_place=True)
    if source_format == "JPEG":
        mode, master_format, options = "RGB", "JPEG", {"quality": MASTER_QUALITY}
    else:
        mode = "RGBA" if image.has_transparency_data else "RGB"
        master_format, options = "PNG", {}
    if icc_profile and image.mode == mode:
        # A colour profile describes the pixels, not the photographer; keep it,
        # unless converting (from CMYK, say) leaves it describing other pixels.
        options["icc_profile"] = icc_profile
    pixels = image if image.mode == mode else image.convert(mode)
    # Encoders copy comments and text chunks from `info`; start from nothing,
    # so no EXIF, GPS, XMP or comment reaches the stored file.
    pixels.info = {}
    encoded = EncodedImage()
    pixels.save(encoded, master_format, **options)
    encoded.width, encoded.height = pixels.size
    return encoded, master_format
