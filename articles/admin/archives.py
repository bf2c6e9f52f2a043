"""The admin's archive page: upload a site's archive (`export_articles
--archive`), read what it holds and whether it can be loaded, then confirm.

Loading replaces a site's content wholesale, so it is for superusers only.
It runs the same `load_archive()` as the command, and keeps the upload as the
import page does: in a temporary file only this user's session names.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from ..importers.archive import (
    ArchiveRefused,
    described,
    existing_content,
    load_archive,
    open_archive,
    read_contents,
    refuse_non_empty,
)
from ..models import Article
from .imports import (
    MAX_UPLOAD_MEGABYTES,
    UPLOAD_DIR,
    KeptUploadViews,
    within_upload_limit,
)

SESSION_KEY = "archive_load"


class ArchiveLoadForm(forms.Form):
    file = forms.FileField(
        help_text="A zip written by manage.py export_articles --archive."
    )
    replace = forms.BooleanField(
        label="Replace this site's content",
        required=False,
        help_text="Delete every article, section, author, tag and library picture "
        "first. Without this, an archive loads only into an empty site.",
    )

    def clean_file(self):
        return within_upload_limit(
            self.cleaned_data["file"],
            f"The admin loads archives up to {MAX_UPLOAD_MEGABYTES} MB; load "
            "larger ones with manage.py load_archive.",
        )


class ArchiveLoadViews(KeptUploadViews):
    template_name = "admin/articles/article/load_archive.html"
    session_key = SESSION_KEY

    def urls(self):
        admin_view = self.model_admin.admin_site.admin_view
        return [
            path(
                "import/archive/",
                admin_view(self.upload),
                name="articles_article_load_archive",
            ),
            path(
                "import/archive/confirm/",
                admin_view(self.confirm),
                name="articles_article_load_archive_confirm",
            ),
        ]

    @staticmethod
    def check_permission(request):
        if not request.user.is_superuser:
            raise PermissionDenied

    def upload(self, request):
        """Show the form; on upload, keep the file and say what it holds."""
        self.check_permission(request)
        form = ArchiveLoadForm(request.POST or None, request.FILES or None)
        contents = refusal = None
        if request.method == "POST" and form.is_valid():
            token = self.keep_upload(request, form.cleaned_data["file"])
            stored = UPLOAD_DIR / token
            replace = form.cleaned_data["replace"]
            try:
                with open_archive(
                    stored, name=form.cleaned_data["file"].name
                ) as archive:
                    contents = read_contents(archive)
                if not replace:
                    refuse_non_empty()
            except ArchiveRefused as refused:
                refusal = str(refused)
                stored.unlink()
            else:
                request.session[SESSION_KEY] = {
                    "token": token,
                    "name": form.cleaned_data["file"].name,
                    "replace": replace,
                }
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "title": "Load a site's archive",
            "form": form,
            "contents": contents,
            "refusal": refusal,
            "replaced": described(existing_content())
            if contents and not refusal and form.cleaned_data["replace"]
            else None,
        }
        return TemplateResponse(request, self.template_name, context)

    def confirm(self, request):
        """Load the archive that was previewed, all or nothing."""
        self.check_permission(request)
        if request.method != "POST":
            return redirect("admin:articles_article_load_archive")
        pending = request.session.get(SESSION_KEY)
        if not pending:
            messages.error(request, "Nothing to load: upload the archive again.")
            return redirect("admin:articles_article_load_archive")
        try:
            result = load_archive(
                self.upload_path(pending),
                replace=pending["replace"],
                name=pending["name"],
            )
        except ArchiveRefused as refused:
            messages.error(request, f"{pending['name']}: {refused}")
            self.discard(request)
            return redirect("admin:articles_article_load_archive")
        self.discard(request)
        messages.success(
            request,
            f"Loaded {pending['name']}: {result.contents.lines()[0]}.",
        )
        return redirect("admin:articles_article_changelist")
