from django import forms

from ..search.query import RANKED_MATCHES


class SearchForm(forms.Form):
    # Long enough for any real question; a longer one is refused, not cut.
    q = forms.CharField(
        label="Search articles",
        max_length=200,
        required=False,
        error_messages={
            "max_length": "Keep your search under %(limit_value)d characters."
        },
    )
    order = forms.ChoiceField(
        label="Order",
        choices=[("best", "Best match"), ("newest", "Newest first")],
        required=False,
        help_text=f"Best match ranks the {RANKED_MATCHES:,} most recent articles "
        "that match; newest first lists every match by date.",
        error_messages={"invalid_choice": "Choose best match or newest first."},
    )
