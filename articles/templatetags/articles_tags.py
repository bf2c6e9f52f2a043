from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from images.models import Image

from ..figures import inline_image_ids, replace_inline_images
from ..models import Section

register = template.Library()


@register.inclusion_tag("articles/includes/section_nav.html")
def section_nav(current=None):
    """The site's section navigation, marking the section the reader is in."""
    return {"sections": Section.objects.all(), "current": current}


@register.filter
def with_library_images(body):
    """A sanitised article body, with each library image it places shown in
    that image's renditions; images since deleted from the library are left out.
    """
    image_ids = inline_image_ids(body)
    images = Image.objects.prefetch_related("renditions").in_bulk(image_ids)

    def render(image_id):
        if image_id not in images:
            return ""
        return render_to_string(
            "images/includes/inline_image.html", {"image": images[image_id]}
        )

    # The body was cleaned by an allowlist sanitiser when it was saved, and
    # what replaces its images comes from an autoescaped template.
    return mark_safe(replace_inline_images(body, render))
