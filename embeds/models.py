from django.db import models

from images.models import Image

from .providers import BY_NAME


class Embed(models.Model):
    """What a provider's oEmbed answer said of an address articles embed,
    fetched once by the worker (resolver.py) and shown from here; readers'
    requests never reach the provider."""

    class State(models.TextChoices):
        PENDING = "pending", "Not fetched yet"
        READY = "ready", "Ready"
        UNREACHABLE = "unreachable", "Provider unreachable"

    url = models.URLField(max_length=2000, unique=True)
    provider = models.CharField(max_length=40)
    state = models.CharField(max_length=12, choices=State, default=State.PENDING)
    title = models.CharField(max_length=300, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    # Where the frame loads from once the reader asks; blank for a quotation.
    frame_url = models.URLField(max_length=2000, blank=True)
    frame_width = models.PositiveIntegerField(null=True, blank=True)
    frame_height = models.PositiveIntegerField(null=True, blank=True)
    # A post's text, sanitised (paragraphs, links, line breaks), for providers
    # that answer with a script.
    quotation = models.TextField(blank=True)
    thumbnail = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.title or self.url

    @property
    def provider_info(self):
        return BY_NAME.get(self.provider)

    @property
    def is_frame(self):
        return self.state == self.State.READY and bool(self.frame_url)

    @property
    def is_quotation(self):
        return (
            self.state == self.State.READY
            and not self.frame_url
            and bool(self.quotation)
        )
