"""Word count and reading time beside the article's body, as readers will
be told it ("4 min read"), kept up to date while the editor types."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, strip_tags

from ..reader.templating import WORDS_PER_MINUTE, reading_minutes


def words_in(body):
    return len(strip_tags(body).split())


class BodyLengthAdminMixin:
    """For the ModelAdmin of Article: add "body_length" to a fieldset and
    to readonly_fields."""

    @admin.display(description="Length")
    def body_length(self, article):
        words = words_in(article.body) if article.pk else 0
        minutes = reading_minutes(article.body) if article.pk else 1
        # static/articles/word_count.js counts again as the body changes.
        return format_html(
            '<span data-word-count data-words-per-minute="{}">{} words, '
            "{} min read</span>",
            WORDS_PER_MINUTE,
            words,
            minutes,
        )

    @property
    def media(self):
        return super().media + forms.Media(js=["articles/word_count.js"])
