"""The desk in the admin: arranging a front (stories dragged into order with
django-admin-sortable2, a time it takes effect), the arrangements kept of it
with "Put back", and the breaking-news banner.

Two editors arranging one front get what articles give (articles/admin/
conflicts.py): the form carries the front's save count, the row is locked on
a POST, and a save from an out-of-date form is refused with the editor's
arrangement still in the form.
"""

from contextlib import suppress
from datetime import timedelta

from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableAdminBase,
    SortableTabularInline,
)
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles.admin.conflicts import SaveCountField
from articles.models import Article

from .models import (
    HOME_STORIES,
    BlockPlacement,
    BreakingNews,
    Front,
    Placement,
)

# A time this far back still counts as "now": the form took a while to fill.
PAST_SLACK = timedelta(minutes=5)
ARRANGEMENTS_LISTED = 20


def when(moment):
    return date_format(timezone.localtime(moment), "D j M Y, H:i T")


class PlacementFormSet(CustomInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("article") and not self._should_delete_form(form)
        ]
        if len(kept) > self.instance.story_places:
            raise ValidationError(
                f"{self.instance} has {self.instance.story_places} places for "
                "stories: remove some."
            )


class PlacementInline(SortableTabularInline):
    model = Placement
    formset = PlacementFormSet
    autocomplete_fields = ["article"]
    extra = 0
    verbose_name = "story"
    verbose_name_plural = "Stories, in the order readers see them"

    def get_max_num(self, request, obj=None, **kwargs):
        return obj.story_places if obj else HOME_STORIES


class BlockPlacementInline(SortableTabularInline):
    model = BlockPlacement
    extra = 0
    verbose_name_plural = (
        "Section blocks, in order (none: a block for every section with stories)"
    )


class FrontForm(forms.ModelForm):
    base_version = SaveCountField(required=False)
    takes_effect_at = forms.SplitDateTimeField(
        label="Takes effect at",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Leave empty to put it on the front when you save; a later "
        "time schedules it (the front until then stays as it is).",
    )

    class Meta:
        model = Front
        fields = ["section"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

    def clean_takes_effect_at(self):
        moment = self.cleaned_data["takes_effect_at"]
        if moment and moment < timezone.now() - PAST_SLACK:
            raise ValidationError(
                "That time has passed: leave it empty for now, or give a later one."
            )
        return moment

    def clean(self):
        opened_at = self.cleaned_data.get("base_version")
        if self.instance.pk and opened_at != self.instance.version:
            # Saving again from this form deliberately replaces their front.
            self.data = self.data.copy()
            self.data["base_version"] = self.instance.version
            self.add_error(None, conflict_message(self.instance))
        return super().clean()


def conflict_message(front):
    newest = front.arrangements.order_by("-saved_at", "-pk").first()
    who = "Someone else"
    if newest and newest.saved_by:
        who = newest.saved_by.get_username()
    at = f" at {when(newest.saved_at)}" if newest else ""
    return (
        f"Not saved: {who} saved this front{at}, while you were arranging it. "
        "Your arrangement is still in the form below, and theirs is listed under "
        "Arrangements. Save again to put yours in its place."
    )


@admin.register(Front)
class FrontAdmin(SortableAdminBase, admin.ModelAdmin):
    form = FrontForm
    inlines = [PlacementInline, BlockPlacementInline]
    list_display = ["__str__", "now_showing", "next_change"]
    change_list_template = "admin/frontpage/front/change_list.html"

    class Media:
        js = ["frontpage/sortable_keys.js"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["section", "takes_effect_at"]
        return ["takes_effect_at", "base_version", "arrangements_kept"]

    def get_readonly_fields(self, request, obj=None):
        return ["arrangements_kept"] if obj else []

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and not obj.is_home:
            return [i for i in inlines if not isinstance(i, BlockPlacementInline)]
        return inlines

    def has_delete_permission(self, request, obj=None):
        # Deleting a front would delete the arrangements kept of it.
        return False

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and from_field is None:
            # Held to the end of the request's transaction, so two saves of
            # one front compare and write one after the other.
            with suppress(ValueError, ValidationError):
                list(Front.objects.select_for_update().filter(pk=object_id))
        return super().get_object(request, object_id, from_field)

    @admin.display(description="Now on the front")
    def now_showing(self, front):
        current = front.arrangements.in_effect().first()
        return when(current.takes_effect_at) if current else "Newest stories"

    @admin.display(description="Scheduled")
    def next_change(self, front):
        scheduled = front.arrangements.scheduled().order_by("takes_effect_at").first()
        return when(scheduled.takes_effect_at) if scheduled else "—"

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        arrangement = form.instance.keep_arrangement(
            user=request.user, takes_effect_at=form.cleaned_data.get("takes_effect_at")
        )
        if arrangement.is_scheduled():
            self.message_user(
                request,
                f"Scheduled: this arrangement becomes the front at "
                f"{when(arrangement.takes_effect_at)}.",
                messages.SUCCESS,
            )

    @admin.display(description="Arrangements")
    def arrangements_kept(self, front):
        arrangements = list(
            front.arrangements.select_related("saved_by")[:ARRANGEMENTS_LISTED]
        )
        if not arrangements:
            return "None yet: readers see the newest stories."
        ids = {pk for a in arrangements for pk in a.stories}
        titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
        current = front.arrangements.in_effect().first()
        rows = []
        for arrangement in arrangements:
            if arrangement.is_scheduled():
                state, action, label = "Scheduled", "cancel", "Cancel"
            elif arrangement == current:
                state, action, label = "On the front", None, None
            else:
                state, action, label = "Earlier", "put-back", "Put back"
            button = ""
            if action:
                button = format_html(
                    '<button type="submit" class="button" formaction="{}">{}</button>',
                    reverse(
                        f"admin:frontpage_front_{action.replace('-', '_')}",
                        args=[front.pk, arrangement.pk],
                    ),
                    label,
                )
            stories = (
                "; ".join(titles[pk] for pk in arrangement.stories if pk in titles)
                or "Newest stories"
            )
            rows.append(
                (
                    state,
                    when(arrangement.takes_effect_at),
                    arrangement.saved_by.get_username()
                    if arrangement.saved_by
                    else "—",
                    when(arrangement.saved_at),
                    stories,
                    button,
                )
            )
        return format_html(
            "<table><thead><tr><th>State</th><th>Takes effect</th><th>Saved by</th>"
            "<th>Saved at</th><th>Stories</th><th></th></tr></thead><tbody>{}</tbody>"
            "</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                "<td>{}</td></tr>",
                rows,
            ),
        )

    def get_urls(self):
        own = [
            path(
                "home/",
                self.admin_site.admin_view(self.arrange_home),
                name="frontpage_front_home",
            ),
            path(
                "<int:front_id>/put-back/<int:arrangement_id>/",
                self.admin_site.admin_view(self.put_back),
                name="frontpage_front_put_back",
            ),
            path(
                "<int:front_id>/cancel/<int:arrangement_id>/",
                self.admin_site.admin_view(self.cancel),
                name="frontpage_front_cancel",
            ),
        ]
        return own + super().get_urls()

    def arrange_home(self, request):
        """The home page's front, made the first time an editor asks for it."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        front, _ = Front.objects.get_or_create(section=None)
        return redirect("admin:frontpage_front_change", front.pk)

    def arrangement_for(self, request, front_id, arrangement_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        front = get_object_or_404(Front.objects.select_for_update(), pk=front_id)
        return front, get_object_or_404(front.arrangements, pk=arrangement_id)

    @transaction.atomic
    @method_decorator(require_POST)
    def put_back(self, request, front_id, arrangement_id):
        front, arrangement = self.arrangement_for(request, front_id, arrangement_id)
        front.put_back(arrangement, user=request.user)
        self.message_user(
            request,
            f"The arrangement saved at {when(arrangement.saved_at)} is on the front "
            "again.",
            messages.SUCCESS,
        )
        return redirect("admin:frontpage_front_change", front.pk)

    @transaction.atomic
    @method_decorator(require_POST)
    def cancel(self, request, front_id, arrangement_id):
        front, arrangement = self.arrangement_for(request, front_id, arrangement_id)
        if not arrangement.is_scheduled():
            self.message_user(
                request, "That arrangement has taken effect already.", messages.ERROR
            )
        else:
            arrangement.delete()
            front.count_change()
            self.message_user(
                request,
                f"Cancelled the arrangement for {when(arrangement.takes_effect_at)}.",
                messages.SUCCESS,
            )
        return redirect("admin:frontpage_front_change", front.pk)


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ["text", "is_shown", "expires_at", "created_by", "created_at"]
    list_filter = ["is_shown"]
    fields = ["text", "link", "expires_at", "is_shown"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
