from django import forms


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
