"""The sizes and crops that readers are served, made from a library image.

Every rendition is made once, when the image or its focal point changes, and
stored; pages only read the stored files.
"""

import io
from dataclasses import dataclass
from fractions import Fraction
from math import ceil

from PIL import Image as PILImage

from .uploads import EXTENSIONS

WEBP = "webp"
JPEG = "jpeg"
PIL_FORMATS = {WEBP: "WEBP", JPEG: "JPEG"}
ENCODER_OPTIONS = {
    WEBP: {"quality": 80, "method": 4},
    JPEG: {"quality": 82, "optimize": True, "progressive": True},
}


@dataclass(frozen=True)
class Slot:
    """Where an image appears: the widths it is made in, and a fixed shape if any."""

    name: str
    widths: tuple[int, ...]
    ratio: Fraction | None = None  # width / height; None keeps the photo's own
    formats: tuple[str, ...] = (WEBP, JPEG)


SLOTS = {
    slot.name: slot
    for slot in [
        Slot("article", widths=(480, 800, 1200, 1600)),
        Slot("card", widths=(480, 800, 1200), ratio=Fraction(3, 2)),
        # The small picture beside a headline in a phone's list of stories.
        Slot("square", widths=(160, 320, 640), ratio=Fraction(1)),
        # What social networks show for a shared link (OpenGraph's 1.91:1).
        Slot("social", widths=(1200,), ratio=Fraction(1200, 630), formats=(JPEG,)),
        Slot("thumbnail", widths=(160,), formats=(WEBP,)),
    ]
}


CROPPED_SLOTS = [name for name, slot in SLOTS.items() if slot.ratio]


@dataclass(frozen=True)
class RenditionFile:
    slot: str
    format: str
    width: int
    height: int
    content: bytes

    @property
    def file_name(self):
        return f"rendition.{EXTENSIONS[PIL_FORMATS[self.format]]}"


def crop_box(size, ratio, focal_point):
    """The largest box of `ratio` inside `size`, centred on the focal point as
    far as the image's edges allow. `focal_point` is (x, y) in 0–1."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    crop_width = min(width, round(height * ratio))
    crop_height = min(height, round(width / ratio))
    focal_x, focal_y = focal_point

    def start(length, crop_length, focal):
        return min(
            max(round(focal * length - crop_length / 2), 0), length - crop_length
        )

    left = start(width, crop_width, focal_x)
    top = start(height, crop_height, focal_y)
    return (left, top, left + crop_width, top + crop_height)


def target_widths(slot, available_width):
    """The slot's widths that need no upscaling; a small image gets one, its own."""
    widths = [width for width in slot.widths if width <= available_width]
    return widths or [available_width]


def decode_scale(size, slot):
    """How far `size` may shrink before the slot's crop is narrower than its
    largest width."""
    width, height = size
    crop_width = width if slot.ratio is None else min(width, height * slot.ratio)
    return max(slot.widths) / crop_width


def make_renditions(master, *, focal_point=(0.5, 0.5), slots=None):
    """Yield a RenditionFile for every width and format of the named slots (all
    by default) of `master`, a binary file holding the stored, already upright
    and metadata-free image."""
    slots = [SLOTS[name] for name in slots] if slots else list(SLOTS.values())
    with PILImage.open(master, formats=["JPEG", "PNG"]) as image:
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale for much less time and
        # memory; ask for the smallest scale that every slot's largest width
        # still fits in, after its crop.
        scale = max(decode_scale(image.size, slot) for slot in slots)
        if scale < 1:
            image.draft(
                image.mode, (ceil(image.width * scale), ceil(image.height * scale))
            )
        image.load()
        for slot in slots:
            box = crop_box(image.size, slot.ratio, focal_point)
            cropped = image.crop(box) if box != (0, 0, *image.size) else image
            for width in target_widths(slot, cropped.width):
                height = max(1, round(width * cropped.height / cropped.width))
                resized = (
                    cropped
                    if (width, height) == cropped.size
                    else cropped.resize(
                        (width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
                    )
                )
                for format in slot.formats:
                    yield RenditionFile(
                        slot=slot.name,
                        format=format,
                        width=width,
                        height=height,
                        content=encode(resized, format),
                    )


def encode(image, format):
    if format == JPEG and image.mode != "RGB":
        # JPEG has no transparency: lay the picture on white, as a page would.
        background = PILImage.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    output = io.BytesIO()
    image.save(output, PIL_FORMATS[format], **ENCODER_OPTIONS[format])
    return output.getvalue()
