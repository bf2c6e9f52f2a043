"""Image files made with Pillow for tests, as bytes an editor might upload."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image, format, **options):
    output = io.BytesIO()
    image.save(output, format, **options)
    return output.getvalue()


def photo(size=(640, 480), format="JPEG", **options):
    """A picture with a different colour in each half, so crops and turns show."""
    image = PILImage.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    return encode(image, format, **options)


def jpeg_with_gps(size=(640, 480), orientation=1):
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera Maker"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 3.5)}
    return photo(size, exif=exif, xmp=b"<x:xmpmeta>Home address</x:xmpmeta>")


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def png_header(width, height, bit_depth=8, colour_type=2):
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)


def png_declaring(width, height):
    """A few bytes of PNG whose header claims width × height pixels."""
    return png_header(width, height) + png_chunk(b"IEND", b"")


def blank_bilevel_png(width, height):
    """A complete, valid black-and-white PNG, a few kilobytes however large."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    return (
        png_header(width, height, bit_depth=1, colour_type=0)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)
