"""What reader templates (Jinja2) read of the desk: the banner that base.html
shows under the masthead."""

from .models import active_banner

GLOBALS = {"breaking_news": active_banner}
FILTERS = {}
