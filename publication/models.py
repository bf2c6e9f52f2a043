from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q


def validate_link(value):
    """A page on this site ("/about/"), a web address, or a mailto: address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith("mailto:"):
        validate_email(value.removeprefix("mailto:"))
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a path on this site (/about/), a web address (https://…) or "
            "mailto: and an email address.",
            code="invalid_link",
        ) from None


def name_from_settings():
    return settings.NEWSROOM_PUBLISHER_NAME


def link_field(verbose_name, help_text):
    return models.CharField(
        verbose_name,
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=help_text,
    )


class Publication(models.Model):
    """The one row of the publication's details (a singleton, id 1)."""

    SINGLETON_ID = 1

    name = models.CharField(
        max_length=100,
        default=name_from_settings,
        help_text="The masthead, page titles, feeds and search engines show it.",
    )
    tagline = models.CharField(
        max_length=200, blank=True, help_text="A line under the masthead; optional."
    )
    logo = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Shown instead of the name as the masthead (its alt text "
        "should be the name). A wide PNG with a transparent background works "
        "best; it is shown about 3rem high.",
    )
    logo_on_dark = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="logo on dark backgrounds",
        help_text="For readers in dark mode; without it they see the name.",
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="The company or trust behind the publication, for the "
        "footer's copyright line; blank uses the name.",
    )
    about_url = link_field("about page", "Who you are and how you work.")
    contact_url = link_field("contact page", "How readers reach the newsroom.")
    corrections_url = link_field(
        "corrections policy", "How you correct mistakes, and how to report one."
    )

    class Meta:
        verbose_name = verbose_name_plural = "publication details"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="publication_is_a_singleton")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def footer_links(self):
        """(label, address) of each page about the publication that is set."""
        links = [
            ("About us", self.about_url),
            ("Contact", self.contact_url),
            ("Corrections policy", self.corrections_url),
        ]
        return [(label, url) for label, url in links if url]
