from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class PartnerKey(AbstractAPIKey):
    """A partner's key to the content API: stored hashed, shown once when
    made, revoked in the admin; with its own rate limit."""

    requests_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Blank for the site's default for keys; 0 for no limit.",
    )
    contact = models.CharField(
        max_length=200, blank=True, help_text="Who to tell before it is revoked."
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "partner API key"


class RateLimitWindow(models.Model):
    """Requests one client made in one minute, counted in the database so
    that every worker and app server sees the same count (the
    "database" limit store)."""

    client = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="Unix time of the minute.")
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window_start"], name="rate_limit_window_unique"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_start_idx")]

    def __str__(self):
        return f"{self.client}: {self.requests} from {self.window_start}"
