"""Edit conflicts in the article admin: a save made from an out-of-date form
is merged with the newer save, and nothing of either editor's work is lost.

The form carries the article's save count (`Article.version`) from when it
was opened. On a POST the admin locks the article's row before loading it,
inside the transaction of the request, so the comparison in the form and the
write that follows see the same row even when two requests race.

A stale save is merged three ways (articles/editorial/merge.py): with the
revision the form was opened at and the stored article (with its unpublished
changes, as the form shows them). Fields only the other editor changed keep
their value; where both changed a field, nothing is saved until the editor
has chosen, per field, whose value to keep, and the form shows theirs in
every field only they changed, so no later click can put the old value back.
"""

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.timezone import localtime
from taggit.utils import edit_string_for_tags

from ..editorial import revisions
from ..editorial.merge import merge
from ..sanitizer import sanitize_body

# What a save does rather than what it holds is never merged.
NOT_MERGED = {"base_version", "conflicting_fields", "significant_update"}
KEEP_THEIRS, KEEP_MINE = "theirs", "mine"


class SaveCountField(forms.IntegerField):
    """The save count a form was opened at: a check, not content, so it never
    counts as a change."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class ConflictingFieldsField(forms.CharField):
    """The fields a refused save left for the editor to choose in."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class _Tag:
    """A tag name as taggit's edit_string_for_tags() reads it."""

    def __init__(self, name):
        self.name = name


class EditConflictFormMixin(forms.Form):
    base_version = SaveCountField(required=False)
    conflicting_fields = ConflictingFieldsField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        self.conflict = None
        self.merged = None

    def clean(self):
        opened_at = self.cleaned_data.get("base_version")
        if self.instance.pk:
            undecided = self._decide(self.cleaned_data.get("conflicting_fields", ""))
            if opened_at != self.instance.version:
                undecided += self._merge_with_newer(opened_at)
            if undecided:
                self._show_conflicts(undecided)
                self.data = self.data.copy()
                # Compared with the stored article from now on: every field only
                # the other editor changed already holds their value.
                self.data["base_version"] = self.instance.version
                self.data["conflicting_fields"] = ",".join(dict.fromkeys(undecided))
                self.add_error(None, self.conflict.message())
            # Fields set to the other editor's value are no change of this one.
            self.__dict__.pop("changed_data", None)
        return super().clean()

    def _theirs(self, name):
        return self.get_initial_for_field(self.fields[name], name)

    def _decide(self, conflicting):
        """Apply the choices made on the conflict screen; the names of the
        fields still without one."""
        names = [name for name in conflicting.split(",") if name in self.cleaned_data]
        undecided = []
        for name in names:
            choice = self.data.get(f"keep-{name}")
            if choice == KEEP_THEIRS:
                self._take(name, self._theirs(name))
            elif choice != KEEP_MINE:
                undecided.append(name)
        return undecided

    def _show_conflicts(self, names):
        if self.conflict is None:
            self.conflict = Conflict.since(self.instance, self.instance.version)
        shown = {field.name for field in self.conflict.fields}
        self.conflict.fields += [
            self._conflicting(name, None) for name in names if name not in shown
        ]

    def _merge_with_newer(self, opened_at):
        names = [name for name in self.cleaned_data if name not in NOT_MERGED]
        self.conflict = Conflict.since(self.instance, opened_at)
        base = None
        if self.conflict.opened is not None:
            opened = revisions.form_state(self.conflict.opened)
            base = {name: opened.get(name) for name in names}
        theirs = {name: self._theirs(name) for name in names}
        yours = {name: self.cleaned_data[name] for name in names}
        outcome = merge(
            base, theirs, yours, comparable=self._comparable, bodies={"body"}
        )
        for name in outcome.theirs:
            self._take(name, theirs[name])
        for name, value in outcome.combined.items():
            self._take(name, value)
        self.merged = outcome
        self.conflict.fields = [
            self._conflicting(name, base) for name in outcome.conflicts
        ]
        return outcome.conflicts

    def _conflicting(self, name, base):
        return ConflictingField(
            name=name,
            label=self.fields[name].label or name,
            original=None if base is None else self._display(name, base[name]),
            theirs=self._display(name, self._theirs(name)),
            yours=self._display(name, self.cleaned_data[name]),
        )

    def _as_cleaned(self, name, value):
        """`value` (ids, objects or names) as the field's clean() gives it."""
        field = self.fields[name]
        if name == "tags":
            return [getattr(tag, "name", tag) for tag in value or []]
        if isinstance(field, forms.ModelMultipleChoiceField):
            pks = [getattr(item, "pk", item) for item in value or []]
            return field.queryset.model._base_manager.filter(pk__in=pks)
        if isinstance(field, forms.ModelChoiceField):
            pk = getattr(value, "pk", value)
            if pk in (None, ""):
                return None
            return field.queryset.model._base_manager.filter(pk=pk).first()
        return value

    def _comparable(self, name, value):
        """What tells two values of the field apart, without queries."""
        field = self.fields[name]
        if name == "tags":
            return sorted({getattr(tag, "name", tag).lower() for tag in value or []})
        if name == "body":
            return sanitize_body(value or "")
        if isinstance(field, forms.ModelMultipleChoiceField):
            return sorted(getattr(item, "pk", item) for item in value or [])
        if isinstance(field, forms.ModelChoiceField):
            return getattr(value, "pk", value) or ""
        if isinstance(value, datetime):
            return value.replace(microsecond=0)  # forms show whole seconds
        if isinstance(value, str):
            return value.replace("\r\n", "\n").strip()
        return "" if value is None else value

    def _display(self, name, value):
        value = self._as_cleaned(name, value)
        if name == "body":
            return revisions.body_text(value)
        if name == "tags":
            return ", ".join(value)
        if isinstance(value, datetime):
            return date_format(localtime(value), "DATETIME_FORMAT")
        if value is None:
            return ""
        if isinstance(value, Model):
            return str(value)
        if hasattr(value, "model"):  # a queryset
            return ", ".join(str(item) for item in value)
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        return str(value)

    def _take(self, name, value):
        """Save `value` in the field, and show it in the form if refused."""
        value = self._as_cleaned(name, value)
        self.cleaned_data[name] = value
        field, data = self.fields[name], self.data.copy()
        if name == "tags":
            data[name] = edit_string_for_tags([_Tag(tag) for tag in value])
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data.setlist(name, [str(item.pk) for item in value])
        elif isinstance(field, forms.ModelChoiceField):
            data[name] = "" if value is None else str(value.pk)
        elif isinstance(field.widget, forms.MultiWidget):
            parts = field.widget.decompress(value)
            for suffix, part in zip(field.widget.widgets_names, parts, strict=True):
                if hasattr(part, "microsecond"):
                    part = part.replace(microsecond=0)
                data[f"{name}{suffix}"] = "" if part is None else str(part)
        else:
            data[name] = "" if value is None else str(value)
        self.data = data


@dataclass(frozen=True)
class ConflictingField:
    """A field both editors changed: as the form was opened (None if that
    revision is not recorded), as the other editor saved it, as posted."""

    name: str
    label: str
    original: str | None
    theirs: str
    yours: str

    def theirs_html(self):
        if self.original is None:
            return self.theirs
        return revisions.FieldChange(self.label, self.original, self.theirs).as_html()

    def yours_html(self):
        if self.original is None:
            return self.yours
        return revisions.FieldChange(self.label, self.original, self.yours).as_html()


class Conflict:
    """Who saved the article since a form was opened, and what they changed."""

    def __init__(self, newest, opened, changes):
        self.newest = newest
        self.opened = opened
        self.changes = changes
        self.fields = []

    @classmethod
    def since(cls, article, opened_at):
        versions = list(revisions.versions_of(article.pk)[:100])
        newest = versions[0] if versions else None
        opened = next(
            (v for v in versions if v.field_dict.get("version") == opened_at), None
        )
        changes = None
        if newest and opened and opened != newest:
            changes = revisions.compare(
                revisions.readable(opened), revisions.readable(newest)
            )
        return cls(newest, opened, changes)

    def who(self):
        return "someone" if self.newest is None else revisions.saved_by(self.newest)

    def message(self):
        labels = get_text_list([str(field.label).lower() for field in self.fields])
        if self.newest is None:
            who = "Someone else saved this article while you were editing"
        else:
            when = localtime(self.newest.revision.date_created)
            who = (
                f"{self.who()} saved this article at "
                f"{date_format(when, 'N j, Y, H:i')}, while you were editing"
            )
        return (
            f"Not saved: {who}, and you both changed the {labels}. Choose, for "
            "each, whose version to keep (edit yours in the form as you like) "
            "and save again. Everything else they changed is already in the form."
        )


def editable_article(model_admin, request, object_id):
    """The article `object_id` if the editor may change it, else a 404; for
    the change page's background requests, which must not take the row lock
    that get_object() takes on a POST."""
    article = None
    with suppress(ValueError, ValidationError):
        queryset = model_admin.get_queryset(request)
        article = queryset.filter(pk=unquote(object_id)).first()
    if article is None or not model_admin.has_change_permission(request, article):
        raise Http404
    return article


class EditConflictAdminMixin:
    """For the ModelAdmin of Article."""

    def get_fieldsets(self, request, obj=None):
        # The admin renders only the fields its fieldsets name, hidden ones too.
        (name, options), *others = super().get_fieldsets(request, obj)
        hidden = ["base_version", "conflicting_fields"]
        first = (name, {**options, "fields": [*options["fields"], *hidden]})
        return [first, *others]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and from_field is None:
            # Held until this request's transaction ends (a no-op on SQLite,
            # whose IMMEDIATE transactions already write one at a time).
            with suppress(ValueError, ValidationError):
                locked = self.model.objects.select_for_update().filter(pk=object_id)
                list(locked.values_list("pk", flat=True))
        return super().get_object(request, object_id, from_field)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.merged and form.merged.kept_theirs:
            labels = [
                str(form.fields[name].label).lower() for name in form.merged.kept_theirs
            ]
            # Named in the revision's comment (revisions.py's log_change).
            request.merged_with = (
                f"{form.conflict.who()}'s changes to the {get_text_list(labels, 'and')}"
            )
            self.message_user(
                request,
                f"{form.conflict.who()} saved this article while you were editing; "
                f"their changes to the {get_text_list(labels, 'and')} are kept "
                "with yours.",
                messages.INFO,
            )
