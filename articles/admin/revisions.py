"""Article revisions in the admin: every admin write in a revision named after
its user, the history with a comparison of any two revisions, restoring one,
and recovering deleted articles. Restoring and recovering are for editors."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..editorial import revisions
from .workflow import PUBLISH_PERMISSION

RESTORE_PENDING, RESTORE_PUBLISH = "pending", "publish"


class RevisionAdminMixin:
    """For ModelAdmin of Article."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with revisions.revision(user=request.user, comment=""):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Admin actions save inside this; each names what it did.
        with revisions.revision(user=request.user, comment=""):
            return super().changelist_view(request, extra_context)

    def response_action(self, request, queryset):
        action = self.get_actions(request).get(request.POST.get("action"))
        if action is not None:
            reversion.set_comment(f"Admin action: {action[2]}")
        return super().response_action(request, queryset)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        comment = entry.get_change_message()
        if merged_with := getattr(request, "merged_with", None):
            comment = f"{comment} Merged with {merged_with}."
        reversion.set_comment(comment)
        return entry

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/restore/<int:version_id>/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "recover/",
                view(self.recover_list_view),
                name="articles_article_recover",
            ),
            path(
                "recover/<int:version_id>/",
                view(self.recover_view),
                name="articles_article_recover_one",
            ),
            *super().get_urls(),
        ]

    def may_restore(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION) and self.has_add_permission(
            request
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        versions = list(revisions.versions_of(article.pk))
        by_pk = {version.pk: version for version in versions}
        chosen = [by_pk.get(_int(request.GET.get(key))) for key in ("from", "to")]
        if not all(chosen):
            # By default, what the newest revision changed.
            chosen = versions[1:2] + versions[:1] if len(versions) > 1 else [None, None]
        older, newer = chosen
        changes = None
        if older and newer:
            if older.revision.date_created > newer.revision.date_created:
                older, newer = newer, older
            changes = revisions.compare(
                revisions.readable(older), revisions.readable(newer)
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History: {article}",
            "object": article,
            "versions": revisions.history(versions),
            "older": older,
            "newer": newer,
            "changes": changes,
            "may_restore": self.may_restore(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/articles/article/object_history.html", context
        )

    def restore_view(self, request, object_id, version_id):
        """Asks first: what restoring will change, and for a live article
        whether it goes to readers now or waits as unpublished changes."""
        # One transaction, as the admin's change form has: the row lock that
        # get_object() takes on a POST holds until the restore is written.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._restore_view(request, object_id, version_id)

    def _restore_view(self, request, object_id, version_id):
        if not self.may_restore(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        version = get_object_or_404(
            revisions.versions_of(unquote(object_id)), pk=version_id
        )
        if article is None:
            raise Http404
        back = reverse("admin:articles_article_history", args=[object_id])
        is_live = article.is_published()
        if request.method == "POST":
            return self._bring_back(
                request,
                version,
                done="restored",
                back=back,
                publish=not is_live or request.POST.get("restore") == RESTORE_PUBLISH,
                significant_update="significant_update" in request.POST,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Restore “{article}”?",
            "object": article,
            "version": version,
            "named": revisions.named(version),
            "changes": revisions.compare(
                revisions.current_state(article), revisions.readable(version)
            ),
            "is_live": is_live,
            "restore_publish": RESTORE_PUBLISH,
            "restore_pending": RESTORE_PENDING,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/articles/article/restore_confirm.html", context
        )

    def recover_list_view(self, request):
        if not self.may_restore(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Recover deleted articles",
            "deleted": [
                (version, revisions.described(version))
                for version in revisions.deleted_articles()
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/articles/article/recover_list.html", context
        )

    def recover_view(self, request, version_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_recover"))
        if not self.may_restore(request):
            raise PermissionDenied
        version = get_object_or_404(revisions.deleted_articles(), pk=version_id)
        back = reverse("admin:articles_article_recover")
        return self._bring_back(request, version, done="recovered", back=back)

    def _bring_back(self, request, version, *, done, back, **how):
        try:
            restored = revisions.restore(version, user=request.user, **how)
        except ValidationError as error:
            self.message_user(
                request,
                f"“{version.object_repr}” could not be {done}: "
                + " ".join(error.messages),
                messages.ERROR,
            )
            return HttpResponseRedirect(back)
        article = restored.article
        if how.get("publish", True):
            outcome = "Readers see it now" if article.is_published() else ""
        else:
            outcome = (
                "It is kept as unpublished changes: readers still see the live "
                "version until you publish them"
            )
        self.message_user(
            request,
            f"“{article}” is {done} as in {revisions.named(version)}. "
            + (f"{outcome}. " if outcome else "")
            + "This is a new revision; the history keeps every earlier one.",
            messages.SUCCESS,
        )
        if restored.links_remade:
            self.message_user(
                request,
                "Links to it made again: " + _links(restored.links_remade) + ".",
                messages.SUCCESS,
            )
        if restored.links_left:
            self.message_user(
                request,
                "Links left as an editor has set them since it was deleted: "
                + _links(restored.links_left)
                + ".",
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )


def _links(links):
    return "; ".join(f"“{article}”’s {link}" for article, link in links)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
