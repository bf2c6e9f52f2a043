"""The article admin's side of keeping forms across an expired session
(articles/editorial/unsaved.py): the form given back after sign-in is shown
unsaved, with a message, until the editor saves it again."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from ..editorial.unsaved import take_unsaved_form


class UnsavedFormMixin(forms.Form):
    """Refuses to save a form given back after sign-in until the editor has
    looked at it; the admin sets `restored_from` to when it was posted."""

    restored_from = None

    def clean(self):
        if self.restored_from is not None:
            when = date_format(timezone.localtime(self.restored_from), "N j, Y, H:i")
            self.add_error(
                None,
                f"Not saved yet: your session had expired when you saved at "
                f"{when}. Your text is back in the form; check it and save.",
            )
        return super().clean()


class UnsavedFormAdminMixin:
    """For the ModelAdmin of Article."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        kept = take_unsaved_form(request) if request.method == "GET" else None
        if kept is not None:
            # A kept form has no files. The first read of FILES parses the
            # body and resets POST, so it must come before POST is replaced,
            # or the inlines' management forms would be rendered empty.
            request.FILES.clear()
            # Shown as if just posted; the form's error stops it being saved.
            request.POST, request.restored_from = kept
            request.method = "POST"
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.restored_from = getattr(request, "restored_from", None)
        return form
