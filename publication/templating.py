"""What reader templates (Jinja2) read of the publication: `publication()`,
its details, from memory until they change (current.py)."""

from .current import current_publication

GLOBALS = {"publication": current_publication}
FILTERS = {}
