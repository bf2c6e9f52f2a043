"""The article admin's side of keeping unsaved text (articles/editorial/
unsaved.py): the form given back after sign-in is shown unsaved, with a
message, until the editor saves it again; the change form's autosaves are
kept per editor and offered back on the change page in any browser."""

from contextlib import suppress

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from ..editorial import unsaved
from ..editorial.unsaved import take_unsaved_form
from .conflicts import editable_article


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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/autosave/",
                view(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                view(require_POST(self.autosave_discard_view)),
                name="articles_article_autosave_discard",
            ),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id):
        article = editable_article(self, request, object_id)
        base_version = request.POST.get("base_version", "")
        if not (base_version.isascii() and base_version.isdigit()):
            return HttpResponse("base_version must be a number.", status=400)
        base_version = int(base_version)
        unsaved.autosave(
            article,
            request.user,
            base_version=base_version,
            **{name: request.POST.get(name, "") for name in ("title", "dek", "body")},
        )
        return HttpResponse(status=204)

    def autosave_discard_view(self, request, object_id):
        article = editable_article(self, request, object_id)
        unsaved.forget_autosave(article, request.user)
        return HttpResponse(status=204)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            with suppress(ValueError, ValidationError):
                kept = unsaved.autosave_of(unquote(object_id), request.user)
                extra_context = {
                    **(extra_context or {}),
                    "autosave_interval": int(unsaved.AUTOSAVE_INTERVAL.total_seconds()),
                    "server_kept_text": kept
                    and {
                        "title": kept.title,
                        "dek": kept.dek,
                        "body": kept.body,
                        "version": kept.base_version,
                        "savedAt": kept.saved_at.isoformat(),
                    },
                }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved: what was kept while typing has reached the article.
        unsaved.forget_autosave(obj, request.user)

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
