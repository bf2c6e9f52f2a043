"""The editorial workflow in the article admin: states, roles, unpublished
changes to live articles, corrections and share links.

Roles are permissions (see migration 0003): anyone who may change articles
writes drafts and submits them for review; only holders of
`articles.publish_article` publish, schedule, unpublish or touch a published
article. Every check here runs on the server, whatever the form showed.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ..models import (
    Article,
    ArticleRedirect,
    Correction,
    PendingEdit,
    PreviewLink,
    save_pending_edit,
)
from .times import ZONED_DATETIMES

PUBLISH_PERMISSION = "articles.publish_article"
SAVE_PENDING = "_save_pending"
PENDING_FIELDS = {*PendingEdit.CONTENT_FIELDS, "authors", "tags", "significant_update"}


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("pending", "Live with unpublished changes"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft" | "review":
                return queryset.filter(status=self.value())
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
            case "pending":
                return queryset.filter(pending_edit__isnull=False)
        return queryset


class WorkflowFormMixin(forms.Form):
    """What the article form adds for the workflow; the admin sets
    `may_publish` for the user posting it."""

    significant_update = forms.BooleanField(
        required=False,
        label="Significant update",
        help_text="Shows readers an “Updated” time. Leave unticked for typo fixes.",
    )
    may_publish = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = (
            getattr(self.instance, "pending_edit", None) if self.instance.pk else None
        )
        if pending is not None:
            # Editing continues from the unpublished changes, not the live text.
            self.initial.update(
                {
                    field: getattr(pending, field)
                    for field in PendingEdit.CONTENT_FIELDS
                },
                authors=list(pending.authors.all()),
                tags=list(pending.tags.all()),
                significant_update=pending.is_significant_update,
            )
        if not self.may_publish and "status" in self.fields:
            # Only hides the choice; clean() is what refuses it.
            self.fields["status"].widget.choices = [
                (Article.Status.DRAFT, "Draft"),
                (Article.Status.REVIEW, "In review (ready for an editor)"),
            ]

    def clean(self):
        cleaned_data = super().clean()
        if not self.may_publish and cleaned_data.get("status") == "published":
            raise ValidationError(
                {
                    "status": "You may not publish: only editors publish, "
                    "schedule or unpublish. Set it “In review” for an editor."
                }
            )
        if SAVE_PENDING in self.data:
            self.check_can_wait()
        return cleaned_data

    def check_can_wait(self):
        if self.instance.status != Article.Status.PUBLISHED:
            raise ValidationError(
                "Only a published article keeps changes aside; use Save."
            )
        not_content = [
            str(self.fields[name].label or name).lower()
            for name in self.changed_data
            if name not in PENDING_FIELDS
        ]
        if not_content:
            raise ValidationError(
                "Unpublished changes hold the headline, standfirst, body, byline "
                "and tags. Publish to change the %(fields)s, or undo it.",
                params={"fields": ", ".join(not_content)},
            )


def change_each(model_admin, request, objects, change, *, done, noun="article"):
    """Apply `change` to each object, so every write takes the model's own
    path, and tell the user how many changed."""
    count = 0
    # Lock the rows first (by id: the changelist's query may be DISTINCT),
    # then read them again, so each change starts from the latest save and a
    # form opened before the action is refused.
    pks = list(objects.values_list("pk", flat=True))
    with transaction.atomic():
        rows = objects.model._default_manager.filter(pk__in=pks).order_by("pk")
        list(rows.select_for_update().values_list("pk"))
        for obj in objects.filter(pk__in=pks):
            change(obj)
            count += 1
    model_admin.message_user(
        request,
        f"{count} {noun}{'s' if count != 1 else ''} {done}.",
        messages.SUCCESS if count else messages.WARNING,
    )


class WorkflowActionForm(ActionForm):
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Note for “Send back to draft”",
        widget=forms.TextInput(attrs={"placeholder": "What needs doing (optional)"}),
    )


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    formfield_overrides = ZONED_DATETIMES
    fields = ["corrected_at", "text"]


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    extra = 0
    formfield_overrides = ZONED_DATETIMES
    fields = ["shared_with", "expires_at", "link", "revoked_at"]
    readonly_fields = ["link"]
    verbose_name = "share link"
    verbose_name_plural = "share links (for readers without an account)"

    @admin.display(description="Link")
    def link(self, preview_link):
        if not preview_link.pk:
            return "Save to make the link."
        if preview_link not in PreviewLink.objects.active():
            return "Expired or revoked"
        # Opening it shows the full address to copy and send.
        return format_html(
            '<a href="{0}" target="_blank">{0}</a>', preview_link.get_absolute_url()
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so the record of who saw what stays


class EditorialWorkflowAdmin(admin.ModelAdmin):
    """Article admin behaviour for states, roles and unpublished changes."""

    inlines = [CorrectionInline, PreviewLinkInline]
    action_form = WorkflowActionForm
    actions = [
        "submit_for_review",
        "send_back_to_draft",
        "publish_now",
        "unpublish",
        "publish_pending_edits",
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None
            or obj.status != Article.Status.PUBLISHED
            or self.has_publish_permission(request)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *super().get_readonly_fields(request, obj),
            "significantly_updated_at",
        ]
        if not self.has_publish_permission(request):
            readonly.append("published_at")
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_publish = self.has_publish_permission(request)
        return form

    def get_inlines(self, request, obj):
        # Corrections and share links belong to an article that exists.
        return self.inlines if obj else []

    def view_on_site(self, article):
        if article.is_published():
            return article.get_absolute_url()
        return reverse("articles:preview", args=[article.pk])

    def save_model(self, request, obj, form, change):
        significant = form.cleaned_data.get("significant_update", False)
        if SAVE_PENDING in request.POST:
            save_pending_edit(
                article=obj,
                saved_by=request.user,
                authors=form.cleaned_data["authors"],
                tag_names=form.cleaned_data["tags"],
                is_significant_update=significant,
                **{
                    field: form.cleaned_data[field]
                    for field in PendingEdit.CONTENT_FIELDS
                },
            )
            return
        if significant:
            obj.significantly_updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        # What was waiting is now live, or replaced by what was just saved.
        PendingEdit.objects.filter(article=obj).delete()

    def save_related(self, request, form, formsets, change):
        if SAVE_PENDING in request.POST:
            # The byline and tags wait with the rest; corrections and share
            # links are records of their own and are saved at once.
            for formset in formsets:
                self.save_formset(request, form, formset, change)
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        for link in formset.save(commit=False):
            if isinstance(link, PreviewLink) and link.created_by_id is None:
                link.created_by = request.user
            link.save()
        formset.save_m2m()

    def response_change(self, request, obj):
        if SAVE_PENDING in request.POST:
            self.message_user(
                request,
                f"The changes to “{obj}” are saved but not published; readers "
                "still see the live version.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.display(description="State", ordering="status")
    def state(self, article):
        if article.is_scheduled():
            until = timezone.localtime(article.published_at)
            return f"Scheduled: embargoed until {date_format(until, 'DATETIME_FORMAT')}"
        if article.is_published():
            return "Live"
        return article.get_status_display()

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        change_each(
            self,
            request,
            drafts,
            Article.submit_for_review,
            done="submitted for review",
        )

    @admin.action(description="Send back to draft", permissions=["change"])
    def send_back_to_draft(self, request, queryset):
        in_review = queryset.filter(status=Article.Status.REVIEW)
        note = request.POST.get("note", "")[:1000]
        send_back = partial(Article.make_draft, note=note)
        change_each(self, request, in_review, send_back, done="sent back to draft")

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        change_each(
            self, request, queryset.unpublished(), Article.publish, done="published"
        )

    @admin.action(description="Unpublish", permissions=["publish"])
    def unpublish(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED)
        change_each(self, request, published, Article.make_draft, done="unpublished")

    @admin.action(description="Publish unpublished changes", permissions=["publish"])
    def publish_pending_edits(self, request, queryset):
        change_each(
            self,
            request,
            queryset.filter(pending_edit__isnull=False),
            Article.publish_pending_edit,
            done="updated with their unpublished changes",
        )


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = ["article", "shared_with", "created_by", "expires_at", "revoked_at"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "shared_with"]
    readonly_fields = ["article", "created_by", "created_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # links are made on the article's own page

    @admin.action(description="Revoke selected links", permissions=["change"])
    def revoke(self, request, queryset):
        active = queryset.filter(revoked_at__isnull=True)
        change_each(
            self, request, active, PreviewLink.revoke, done="revoked", noun="link"
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_path", "article__title"]
    autocomplete_fields = ["article"]
