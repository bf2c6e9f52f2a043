"""The admin's import page: upload a file, read the dry run, then confirm.

It runs the same writer as the import commands, so the rules are the same.
Between preview and confirmation the upload waits in a temporary file that
only this user's session names.
"""

import dataclasses
import os
import re
import tempfile
import time
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_datetime

from ..importers import plaintext, wordpress
from ..importers.writer import ImportOptions, import_files
from ..models import Article, Section

FORMATS = {
    "plaintext": ("Plain text article (.txt)", plaintext.read_plaintext),
    "wordpress": ("WordPress export (WXR .xml)", wordpress.parse_wxr),
}
UPLOAD_DIR = Path(tempfile.gettempdir()) / "newsroom-imports"
SESSION_KEY = "article_import"
TOKEN = re.compile(r"[0-9a-f]{32}")
# An import runs within the request; larger archives belong to the commands,
# which no web server timeout cuts short.
MAX_UPLOAD_MEGABYTES = 20


def within_upload_limit(upload, refusal):
    """`upload`, or the form error `refusal` if it is over the admin's limit
    (the request would run too long; the commands have none)."""
    if upload.size > MAX_UPLOAD_MEGABYTES * 1024 * 1024:
        raise forms.ValidationError(refusal)
    return upload


class ArticleImportForm(forms.Form):
    file = forms.FileField()
    format = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in FORMATS.items()],
        widget=forms.RadioSelect,
        initial="plaintext",
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        required=False,
        help_text="Where plain-text articles go (required for them), and "
        "WordPress posts without a category (else Uncategorized).",
    )
    status = forms.ChoiceField(
        choices=[("", "New articles are drafts; others keep theirs")]
        + Article.Status.choices,
        required=False,
        help_text="Plain text only: WordPress posts keep their own status.",
    )
    published_at = forms.DateTimeField(
        label="Publication time",
        required=False,
        help_text="Plain text only, e.g. 2023-05-02 14:00. A future time schedules.",
    )
    tags = forms.CharField(
        required=False, help_text="Comma-separated tags to add to every article."
    )

    def clean_file(self):
        return within_upload_limit(
            self.cleaned_data["file"],
            f"The admin imports files up to {MAX_UPLOAD_MEGABYTES} MB; import "
            "larger archives with manage.py import_wordpress or import_articles.",
        )

    def clean(self):
        data = super().clean()
        if data.get("format") == "plaintext" and not data.get("section"):
            self.add_error("section", "Plain-text articles need a section.")
        return data

    def pending_import(self) -> dict:
        """What the confirmation needs, in a form the session can store."""
        data = self.cleaned_data
        published_at = data["published_at"]
        return {
            "format": data["format"],
            "section": data["section"].pk if data["section"] else None,
            "status": data["status"] or None,
            "published_at": published_at.isoformat() if published_at else None,
            "tags": [name.strip() for name in data["tags"].split(",") if name.strip()],
        }


def run_import(pending: dict, path: Path, *, dry_run: bool, user=None):
    published_at = pending["published_at"]
    options = ImportOptions(
        section=Section.objects.filter(pk=pending["section"]).first(),
        status=pending["status"],
        published_at=parse_datetime(published_at) if published_at else None,
        tags=tuple(pending["tags"]),
        dry_run=dry_run,
        revision_comment=f"Imported from {pending['name']} in the admin",
        user=user,
    )
    _, parse = FORMATS[pending["format"]]
    if pending["format"] == "wordpress":
        options = dataclasses.replace(options, fallback_section=wordpress.UNCATEGORIZED)
    return import_files([(pending["name"], path)], parse, options)


def make_upload_dir():
    """Create the upload directory readable by this user alone, refusing one
    that another user of a shared temporary directory made first."""
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    if UPLOAD_DIR.stat().st_uid != os.getuid():
        raise ImproperlyConfigured(f"{UPLOAD_DIR} belongs to another user.")
    UPLOAD_DIR.chmod(0o700)


def remove_abandoned_uploads():
    """Delete uploads whose preview nobody confirmed within a day."""
    cutoff = time.time() - 24 * 60 * 60
    for upload in UPLOAD_DIR.iterdir():
        if TOKEN.fullmatch(upload.name) and upload.stat().st_mtime < cutoff:
            upload.unlink(missing_ok=True)


class KeptUploadViews:
    """An upload page and its confirmation, the upload waiting between the
    two in a temporary file that only this user's session names (under
    `session_key`)."""

    session_key = None

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def keep_upload(self, request, upload) -> str:
        """Store `upload` in place of this user's earlier one; its token."""
        self.discard(request)
        token = uuid.uuid4().hex
        make_upload_dir()
        remove_abandoned_uploads()
        with open(UPLOAD_DIR / token, "wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        return token

    @staticmethod
    def upload_path(pending: dict) -> Path:
        # The token comes from the session, but never let it name another path.
        if not TOKEN.fullmatch(pending.get("token", "")):
            raise PermissionDenied
        return UPLOAD_DIR / pending["token"]

    def discard(self, request):
        """Forget an earlier upload this user did not confirm."""
        pending = request.session.pop(self.session_key, None)
        if pending:
            self.upload_path(pending).unlink(missing_ok=True)


class ArticleImportViews(KeptUploadViews):
    template_name = "admin/articles/article/import.html"
    session_key = SESSION_KEY

    def urls(self):
        admin_view = self.model_admin.admin_site.admin_view
        return [
            path("import/", admin_view(self.upload), name="articles_article_import"),
            path(
                "import/confirm/",
                admin_view(self.confirm),
                name="articles_article_import_confirm",
            ),
        ]

    def check_permission(self, request):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied

    def upload(self, request):
        """Show the form; on upload, keep the file and show the dry run."""
        self.check_permission(request)
        form = ArticleImportForm(request.POST or None, request.FILES or None)
        summary = None
        if request.method == "POST" and form.is_valid():
            token = self.keep_upload(request, form.cleaned_data["file"])
            pending = {
                **form.pending_import(),
                "name": form.cleaned_data["file"].name,
                "token": token,
            }
            summary = run_import(pending, UPLOAD_DIR / token, dry_run=True)
            if summary.failed:
                (UPLOAD_DIR / token).unlink()
            else:
                request.session[SESSION_KEY] = pending
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "title": "Import articles",
            "form": form,
            "summary": summary,
        }
        return TemplateResponse(request, self.template_name, context)

    def confirm(self, request):
        """Import the file the dry run was shown for."""
        self.check_permission(request)
        if request.method != "POST":
            return redirect("admin:articles_article_import")
        pending = request.session.get(SESSION_KEY)
        if not pending:
            messages.error(request, "Nothing to import: upload the file again.")
            return redirect("admin:articles_article_import")
        summary = run_import(
            pending, self.upload_path(pending), dry_run=False, user=request.user
        )
        self.discard(request)
        first, *details = summary.lines()
        level = messages.ERROR if summary.failed else messages.SUCCESS
        messages.add_message(request, level, first)
        for line in details:
            messages.add_message(request, messages.WARNING, line)
        return redirect("admin:articles_article_changelist")
