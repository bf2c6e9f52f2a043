"""What templates need to show library images: the data of a <picture> for
one slot, and of the social-card meta tags. Reader pages (Jinja2) call these
through their macros (jinja2/images/includes/); the admin's Django templates
through the tags in templatetags/images_tags.py."""

from functools import lru_cache

from django.core.files.storage import storages

from .renditions import JPEG, WEBP

# The slots a story card's picture is made of (story_picture_data).
CARD_SLOTS = ("card", "square")
# The rendition an <img> names in `src`, for browsers that ignore `srcset`.
DEFAULT_WIDTH = 800
# The article column: 27em of 1.1875rem type (site.css) is about 32rem wide;
# on small screens, the viewport less the page's margins.
ARTICLE_SIZES = "(min-width: 34rem) 32rem, calc(100vw - 2rem)"


@lru_cache(maxsize=16384)
def _stored_url(storage, name):
    return storage.url(name)


def rendition_url(rendition):
    """A rendition's address. Storage.url() costs some 20 µs (urljoin) and a
    list page names a few hundred renditions; stored names are random and
    never reused, so an address once made stays right."""
    return _stored_url(storages["default"], rendition.file.name)


def srcset(renditions):
    return ", ".join(f"{rendition_url(r)} {r.width}w" for r in renditions)


def picture_data(image, slot="article", sizes=ARTICLE_SIZES, lazy=True, css_class=""):
    """A <picture> of the image's stored renditions for one slot: WebP where
    the browser takes it, JPEG otherwise, with width and height so the page
    keeps its place while the image loads. Empty if the slot has none."""
    renditions = image.renditions_for(slot)
    webp = [r for r in renditions if r.format == WEBP]
    fallback = [r for r in renditions if r.format == JPEG] or webp
    if not fallback:
        return {}
    src = next((r for r in fallback if r.width >= DEFAULT_WIDTH), fallback[-1])
    return {
        "image": image,
        "webp_srcset": srcset(webp) if webp is not fallback else "",
        "srcset": srcset(fallback),
        "src": src,
        "src_url": rendition_url(src),
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


def story_picture_data(image, sizes, narrow_media, narrow_sizes, lazy=True):
    """A story card's picture, art-directed: the 3:2 `card` crop, and where
    `narrow_media` matches (phones) the `square` crop, both around the focal
    point. Without square renditions (an image from before the slot), or
    without `narrow_media`, the card crop serves every width."""
    wide = picture_data(image, "card", sizes, lazy)
    if not wide:
        return {}
    narrow = narrow_media and picture_data(image, "square", narrow_sizes, lazy)
    return {"wide": wide, "narrow": narrow, "media": narrow_media}


def social_image_data(request, image):
    """The OpenGraph and Twitter tags' image: its social-card rendition."""
    card = image.renditions_for("social")
    if not card:
        return {}
    return {
        "image": image,
        "card": card[0],
        "url": request.build_absolute_uri(card[0].file.url),
    }


GLOBALS = {
    "picture_data": picture_data,
    "social_image_data": social_image_data,
    "story_picture_data": story_picture_data,
}
FILTERS = {}
