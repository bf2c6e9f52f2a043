from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The site's plumbing: health probes, the outage page, the request log,
    security middleware, database routing, backups and CDN purges. It knows
    nothing of articles."""

    name = "operations"
