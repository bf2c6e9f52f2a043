"""Pictures in the article form's body: each is a library image, or the form
says which is not (articles/figures.py), so none vanishes on save."""

from django import forms

from ..figures import place_library_images


class InlineImagesFormMixin(forms.Form):
    def clean_body(self):
        return place_library_images(self.cleaned_data.get("body") or "")
