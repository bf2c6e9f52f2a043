from django import template

from ..renditions import JPEG, WEBP

register = template.Library()

# The rendition an <img> names in `src`, for browsers that ignore `srcset`.
DEFAULT_WIDTH = 800
# The article column: 27em of 1.1875rem type (site.css) is about 32rem wide;
# on small screens, the viewport less the page's margins.
ARTICLE_SIZES = "(min-width: 34rem) 32rem, calc(100vw - 2rem)"


def srcset(renditions):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


@register.inclusion_tag("images/includes/picture.html")
def picture(image, slot="article", sizes=ARTICLE_SIZES, lazy=True, css_class=""):
    """A <picture> of the image's stored renditions for one slot: WebP where
    the browser takes it, JPEG otherwise, with width and height so the page
    keeps its place while the image loads."""
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
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


@register.simple_tag
def editor_source(image):
    """The rendition the body editor shows for an image it places."""
    renditions = [r for r in image.renditions_for("article") if r.format == JPEG]
    wide_enough = [r for r in renditions if r.width >= DEFAULT_WIDTH]
    return (wide_enough or renditions or [None])[0 if wide_enough else -1]


@register.inclusion_tag("images/includes/social_meta.html", takes_context=True)
def social_image_meta(context, image):
    """OpenGraph and Twitter tags naming the image's social-card rendition."""
    card = image.renditions_for("social")
    if not card:
        return {}
    return {
        "image": image,
        "card": card[0],
        "url": context["request"].build_absolute_uri(card[0].file.url),
    }
