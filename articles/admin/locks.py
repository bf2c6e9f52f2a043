"""Soft locks in the article admin: the notice on the change page, the page's
check-ins, taking over and leaving (see articles/editorial/locks.py)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from ..editorial import locks as edit_locks
from .conflicts import editable_article


class EditLockAdminMixin:
    """For the ModelAdmin of Article."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/lock/",
                view(require_POST(self.lock_check_in_view)),
                name="articles_article_lock",
            ),
            path(
                "<path:object_id>/lock/take-over/",
                view(require_POST(self.lock_take_over_view)),
                name="articles_article_lock_take_over",
            ),
            path(
                "<path:object_id>/lock/release/",
                view(require_POST(self.lock_release_view)),
                name="articles_article_lock_release",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = (
            self.get_object(request, unquote(object_id))
            if request.method == "GET"
            else None
        )
        if article is not None:
            lock = edit_locks.check_in(article, request.user)
            extra_context = {
                **(extra_context or {}),
                "edit_lock": lock,
                "edit_lock_interval": int(edit_locks.HEARTBEAT.total_seconds()),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def lock_check_in_view(self, request, object_id):
        article = editable_article(self, request, object_id)
        return JsonResponse(edit_locks.check_in(article, request.user))

    def lock_take_over_view(self, request, object_id):
        article = editable_article(self, request, object_id)
        edit_locks.take_over(
            article, request.user, note=request.POST.get("note", "")[:1000]
        )
        self.message_user(
            request,
            "The article is yours to edit; the previous holder sees your note.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def lock_release_view(self, request, object_id):
        article = editable_article(self, request, object_id)
        edit_locks.release(article, request.user)
        return HttpResponse(status=204)
