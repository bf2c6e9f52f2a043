from django import forms
from django.contrib import admin
from django.db.models import F
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import TagWidget

from .admin_workflow import EditorialWorkflowAdmin, StateFilter, WorkflowFormMixin
from .models import Article, Author, Section

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
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "HTML": True,
}


class ArticleAdminForm(WorkflowFormMixin, forms.ModelForm):
    class Meta:
        # Headlines and tag lists are long; the admin's default inputs are not.
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "dek": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3}),
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


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(EditorialWorkflowAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "section",
        "state",
        "published_at",
        "is_live",
        "updated_at",
    ]
    list_filter = [StateFilter, "section", "tags"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    # Drafts have no publication time; put them first on every database.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_select_related = ["section"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "previous_article", "next_article"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "dek", "body"]}),
        ("Byline and tags", {"fields": ["authors", "tags"]}),
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

    @admin.display(boolean=True, description="Visible to readers")
    def is_live(self, article):
        return article.is_published()
