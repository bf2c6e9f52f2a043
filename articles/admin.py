from django.contrib import admin

from .models import Article, Author, Section


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
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "section",
        "status",
        "published_at",
        "is_live",
        "updated_at",
    ]
    list_filter = ["status", "section", "tags"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "authors", "previous_article", "next_article"]
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
            {"fields": ["status", "published_at", "created_at", "updated_at"]},
        ),
    ]

    @admin.display(boolean=True, description="Visible to readers")
    def is_live(self, article):
        return article.is_published()
