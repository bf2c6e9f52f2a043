from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import F
from django.urls import reverse_lazy
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import TagWidget

from ..models import Article, Author, AuthorLink, Section
from .archives import ArchiveLoadViews
from .conflicts import EditConflictAdminMixin, EditConflictFormMixin
from .figures import InlineImagesFormMixin
from .imports import ArticleImportViews
from .length import BodyLengthAdminMixin
from .links import article_admin_links
from .locks import EditLockAdminMixin
from .revisions import RevisionAdminMixin
from .scheduling import ScheduleAdminMixin, ScheduleFormMixin
from .times import ZONED_DATETIMES
from .unsaved import UnsavedFormAdminMixin, UnsavedFormMixin
from .workflow import EditorialWorkflowAdmin, StateFilter, WorkflowFormMixin

# The editor offers what articles/sanitizer.py keeps, so nothing an editor
# formats is silently dropped on save.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # A quotation marked as a pull quote (the sanitiser keeps this class only).
    "NodeClass": {
        "cssClasses": {
            "blockquote": {
                "title": "Quotation",
                "cssClasses": [{"className": "pull-quote", "title": "Pull quote"}],
            }
        }
    },
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "HTML": True,
    # Figures hold library images only, chosen in the library's own picker.
    "Figure": {"pickerUrl": reverse_lazy("admin:images_image_picker")},
    "Image": True,
    "Caption": True,
    # Story blocks (static/articles/story_blocks.js, DJANGO_PROSE_EDITOR_EXTENSIONS).
    "FactBox": True,
    "Gallery": True,
    "GalleryItem": True,
    "EmbedLink": True,
}


class ArticleAdminForm(
    UnsavedFormMixin,
    EditConflictFormMixin,
    ScheduleFormMixin,
    WorkflowFormMixin,
    InlineImagesFormMixin,
    forms.ModelForm,
):
    class Meta:
        # Headlines and tag lists are long; the admin's default inputs are not.
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "dek": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3}),
            "seo_title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "seo_description": forms.Textarea(
                attrs={"class": "vLargeTextField", "rows": 2}
            ),
            "tags": TagWidget(attrs={"class": "vLargeTextField"}),
            "body": AdminProseEditorWidget(
                config={"extensions": BODY_EDITOR_EXTENSIONS}, preset="configurable"
            ),
        }


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 1
    # An address typed without a scheme is a web address, as browsers read it.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    fields = ["name", "slug", "role", "photo", "bio", "email"]
    inlines = [AuthorLinkInline]


@admin.register(Article)
class ArticleAdmin(
    RevisionAdminMixin,
    EditLockAdminMixin,
    UnsavedFormAdminMixin,
    EditConflictAdminMixin,
    ScheduleAdminMixin,
    BodyLengthAdminMixin,
    EditorialWorkflowAdmin,
):
    form = ArticleAdminForm
    formfield_overrides = ZONED_DATETIMES
    # "State" already says Live; a column more would not fit 1,280 pixels.
    list_display = ["title", "section", "state", "published_at", "updated_at"]
    list_filter = [StateFilter, "section", "tags"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    # Drafts have no publication time; put them first on every database.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_select_related = ["section"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "lead_image", "previous_article", "next_article"]
    readonly_fields = [
        "body_length",
        "created_at",
        "updated_at",
        "source_url",
        "source_id",
        "source_guid",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "section",
                    "dek",
                    "lead_image",
                    "body",
                    "body_length",
                ]
            },
        ),
        ("Byline and tags", {"fields": ["authors", "tags"]}),
        (
            "Search and social",
            {
                "fields": ["seo_title", "seo_description"],
                "classes": ["collapse"],
            },
        ),
        (
            "Previous and next",
            {
                "fields": ["previous_article", "next_article"],
                "description": "Links shown at the foot of the article. Left "
                "blank, each falls back to the neighbouring published article "
                "in the same section.",
            },
        ),
        (
            "Imported from",
            {
                "fields": ["source_url", "source_id", "source_guid"],
                "classes": ["collapse"],
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "significant_update",
                    "significantly_updated_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_urls(self):
        return (
            ArticleImportViews(self).urls()
            + ArchiveLoadViews(self).urls()
            + super().get_urls()
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["app_links"] = article_admin_links(obj) if obj else []
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
