from django.contrib import admin, messages

from .models import Embed
from .tasks import resolve_embed


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    """What each embedded address gave, and why one shows as a link card;
    the worker fills these in, so editors only read them or ask again."""

    list_display = ["url", "provider", "state", "attempts", "fetched_at"]
    list_filter = ["state", "provider"]
    search_fields = ["url", "title"]
    actions = ["fetch_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Fetch again from the provider", permissions=["view"])
    def fetch_again(self, request, queryset):
        embeds = list(queryset.exclude(state=Embed.State.READY))
        for embed in embeds:
            resolve_embed.enqueue_on_commit(embed.pk)
        self.message_user(
            request,
            f"{len(embeds)} embed(s) will be fetched again by the worker.",
            messages.SUCCESS,
        )
