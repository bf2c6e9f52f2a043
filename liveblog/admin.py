"""The live desk: a compact form on the live story's admin page that posts an
entry in one step (and corrects one, refusing a save over a newer one), above
the newest entries."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.admin.articles import BODY_EDITOR_EXTENSIONS
from articles.admin.conflicts import SaveCountField
from articles.editorial.revisions import revision
from articles.models import EditConflict

from .models import LiveEntry, LiveStory

DESK_ENTRIES = 50


class LiveEntryForm(forms.ModelForm):
    base_version = SaveCountField(required=False)

    class Meta:
        model = LiveEntry
        fields = ["title", "body", "authors", "is_key_event", "is_pinned", "posted_at"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "body": AdminProseEditorWidget(
                config={"extensions": BODY_EDITOR_EXTENSIONS}, preset="configurable"
            ),
            "authors": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        if not self.instance.pk:
            # Posted when the form is sent; the time is there to correct later.
            del self.fields["posted_at"]

    def save(self, commit=True):
        entry = super().save(commit=False)
        if entry.pk:
            # Compared with the stored count under a row lock in save().
            entry.version = self.cleaned_data["base_version"]
        entry.save()
        self.save_m2m()
        return entry

    def save_from_desk(self, user):
        """The entry saved with a revision by `user`; or None, when someone
        corrected it since the form was opened, with an error saying what it
        reads now and the editor's text kept in the form."""
        try:
            with revision(comment="Live desk", user=user):
                return self.save()
        except EditConflict:
            stored = LiveEntry.objects.get(pk=self.instance.pk)
            self.add_error(
                None,
                "Not saved: someone corrected this entry since you opened "
                f"it; it now reads “{stored.summary(30)}”. Your text is "
                "still in the form: save again to replace theirs.",
            )
            # Saving again from this form is deliberate, over what is shown.
            self.data = self.data.copy()
            self.data["base_version"] = stored.version
            return None


@admin.register(LiveStory)
class LiveStoryAdmin(admin.ModelAdmin):
    list_display = ["article", "coverage_started_at", "coverage_ended_at", "desk"]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]
    readonly_fields = ["desk"]
    fields = ["article", "coverage_started_at", "coverage_ended_at", "desk"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/desk/",
                self.admin_site.admin_view(self.desk_view),
                name="liveblog_livestory_desk",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Live desk")
    def desk(self, story):
        if not story.pk:
            return "Save the story first."
        url = reverse("admin:liveblog_livestory_desk", args=[story.pk])
        return format_html('<a href="{}">Post and correct entries</a>', url)

    def desk_view(self, request, pk):
        story = get_object_or_404(LiveStory.objects.select_related("article"), pk=pk)
        entry = desk_entry(request, story)
        initial = {}
        if not entry.pk and (last := story.entries.first()):
            initial["authors"] = list(last.authors.all())  # the byline stays
        form = LiveEntryForm(request.POST or None, instance=entry, initial=initial)
        if request.method == "POST" and form.is_valid():
            if saved := form.save_from_desk(request.user):
                verb = "Corrected" if entry.pk else "Posted"
                messages.success(request, f"{verb}: {saved}")
                return redirect("admin:liveblog_livestory_desk", pk=story.pk)
        newest = story.entries.for_page()[:DESK_ENTRIES]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Live desk: {story.article.title}",
            "story": story,
            "form": form,
            "editing": entry if entry.pk else None,
            "entries": newest,
            "media": self.media + form.media,
            "opts": self.model._meta,
            "original": story,
        }
        return TemplateResponse(request, "admin/liveblog/livestory/desk.html", context)


def desk_entry(request, story):
    """The entry of `story` the desk's form edits (`?edit=` or the posted
    `entry`), else a new one; PermissionDenied if the editor may not post
    or correct it, a 404 for an id not in the story."""
    may_post = request.user.has_perm("liveblog.add_liveentry")
    may_correct = request.user.has_perm("liveblog.change_liveentry")
    editing = request.GET.get("edit") or request.POST.get("entry")
    if not editing:
        if not may_post:
            raise PermissionDenied
        return LiveEntry(story=story)
    if not (may_post or may_correct):
        raise PermissionDenied
    if not (editing.isascii() and editing.isdigit()):
        raise Http404("No such entry.")
    entry = get_object_or_404(story.entries, pk=editing)
    if not may_correct:
        raise PermissionDenied
    return entry


def live_desk_link(article):
    """The article's admin page links to its live desk, or offers to make
    the article a live story."""
    story = LiveStory.objects.filter(article=article).only("pk").first()
    if story:
        return "Live desk", reverse("admin:liveblog_livestory_desk", args=[story.pk])
    add = reverse("admin:liveblog_livestory_add")
    return "Make it a live story", f"{add}?article={article.pk}"


@admin.register(LiveEntry)
class LiveEntryAdmin(admin.ModelAdmin):
    """Every entry of every story, to find one; posting is the desk's."""

    list_display = ["__str__", "story", "posted_at", "is_key_event", "is_pinned"]
    list_filter = ["is_key_event", "is_pinned"]
    list_select_related = ["story__article"]
    search_fields = ["title", "body"]
    readonly_fields = ["story", "version"]
    fields = ["story", "posted_at", "title", "body", "authors", "is_key_event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
