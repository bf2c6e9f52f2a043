"""What reader templates (Jinja2) read of the publication and its look:
its details (from memory until they change, current.py), the masthead's
logo, and the newsroom's own stylesheet."""

from django.conf import settings
from django.utils import timezone

from images.templating import picture_data

from .current import current_publication

# The masthead logo's height in CSS pixels (site.css: .masthead-logo img).
LOGO_HEIGHT = 48


def masthead_logo(publication):
    """The light and dark logos' <picture> data, sized for the masthead, or
    None without a logo."""
    if not publication.logo:
        return None

    def shown(image):
        # The logo is shown LOGO_HEIGHT high, so its width follows its shape.
        width = round(LOGO_HEIGHT * image.width / image.height)
        return picture_data(image, "article", sizes=f"{width}px", lazy=False)

    light = shown(publication.logo)
    if not light:
        return None
    dark = publication.logo_on_dark and shown(publication.logo_on_dark)
    return {"light": light, "dark": dark or None}


def theme_stylesheet():
    return settings.NEWSROOM_THEME_STYLESHEET


def current_year():
    return timezone.localdate().year


GLOBALS = {
    "current_year": current_year,
    "masthead_logo": masthead_logo,
    "publication": current_publication,
    "theme_stylesheet": theme_stylesheet,
}
FILTERS = {}
