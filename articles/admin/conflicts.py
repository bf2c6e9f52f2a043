"""Edit conflicts in the article admin: a save made from an out-of-date form
is refused, nothing of either editor's work is lost.

The form carries the article's save count (`Article.version`) from when it
was opened. On a POST the admin locks the article's row before loading it,
inside the transaction of the request, so the comparison in the form and the
write that follows see the same row even when two requests race.
"""

from contextlib import suppress

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime

from ..editorial import revisions


class SaveCountField(forms.IntegerField):
    """The save count a form was opened at: a check, not content, so it never
    counts as a change."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class EditConflictFormMixin(forms.Form):
    base_version = SaveCountField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        self.conflict = None

    def clean(self):
        opened_at = self.cleaned_data.get("base_version")
        if self.instance.pk and opened_at != self.instance.version:
            self.conflict = Conflict.since(self.instance, opened_at)
            # Saving again from this form is a deliberate merge over the newer
            # save the editor has now been shown.
            self.data = self.data.copy()
            self.data["base_version"] = self.instance.version
            self.add_error(None, self.conflict.message())
        return super().clean()


class Conflict:
    """Who saved the article since a form was opened, and what they changed."""

    def __init__(self, newest, changes):
        self.newest = newest
        self.changes = changes

    @classmethod
    def since(cls, article, opened_at):
        versions = list(revisions.versions_of(article.pk)[:100])
        newest = versions[0] if versions else None
        opened = next(
            (v for v in versions if v.field_dict.get("version") == opened_at), None
        )
        changes = None
        if newest and opened:
            changes = revisions.compare(
                revisions.readable(opened), revisions.readable(newest)
            )
        return cls(newest, changes)

    def message(self):
        if self.newest is None:
            who = "Someone else saved this article while you were editing."
        else:
            when = localtime(self.newest.revision.date_created)
            who = (
                f"{revisions.saved_by(self.newest)} saved this article at "
                f"{date_format(when, 'N j, Y, H:i')}, while you were editing."
            )
        return (
            f"Not saved: {who} Your text is still in the form below, and what "
            "they changed is shown above it. Merge what you need and save again."
        )


class EditConflictAdminMixin:
    """For the ModelAdmin of Article."""

    def get_fieldsets(self, request, obj=None):
        # The admin renders only the fields its fieldsets name, hidden ones too.
        (name, options), *others = super().get_fieldsets(request, obj)
        first = (name, {**options, "fields": [*options["fields"], "base_version"]})
        return [first, *others]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and from_field is None:
            # Held until this request's transaction ends (a no-op on SQLite,
            # whose IMMEDIATE transactions already write one at a time).
            with suppress(ValueError, ValidationError):
                locked = self.model.objects.select_for_update().filter(pk=object_id)
                list(locked.values_list("pk", flat=True))
        return super().get_object(request, object_id, from_field)
