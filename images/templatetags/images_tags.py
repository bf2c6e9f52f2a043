"""The admin's image tags (Django templates); reader pages use
images/templating.py through Jinja2 macros."""

from django import template

from ..renditions import JPEG
from ..templating import ARTICLE_SIZES, DEFAULT_WIDTH, picture_data

register = template.Library()


@register.inclusion_tag("images/includes/picture.html")
def picture(image, slot="article", sizes=ARTICLE_SIZES, lazy=True, css_class=""):
    """A <picture> of the image's stored renditions for one slot."""
    return picture_data(image, slot, sizes, lazy, css_class)


@register.simple_tag
def editor_source(image):
    """The rendition the body editor shows for an image it places."""
    renditions = [r for r in image.renditions_for("article") if r.format == JPEG]
    wide_enough = [r for r in renditions if r.width >= DEFAULT_WIDTH]
    return (wide_enough or renditions or [None])[0 if wide_enough else -1]
