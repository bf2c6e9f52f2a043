from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """One page of details: the list leads straight to it."""

    autocomplete_fields = ["logo", "logo_on_dark"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "publisher"]}),
        ("Logo", {"fields": ["logo", "logo_on_dark"]}),
        (
            "Pages about the publication",
            {
                "fields": ["about_url", "contact_url", "corrections_url"],
                "description": "Linked from every page's footer. A path on this "
                "site (/about/), a web address, or mailto: and an email address.",
            },
        ),
    ]

    def has_add_permission(self, request):
        return not Publication.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if Publication.objects.exists():
            url = "admin:publication_publication_change"
            return redirect(reverse(url, args=[Publication.SINGLETON_ID]))
        return redirect(reverse("admin:publication_publication_add"))
