"""No text lost to an expired session, a closed browser or a dead laptop.

An article form posted after the editor's session expired (idle, absolute
lifetime, or signed out elsewhere) would be answered with the login page and
its text thrown away. Instead the admin site keeps the posted form in the new
session before sending the editor to sign in; signing in keeps a session's
data, and the change page then shows the form with their text, unsaved, to
check and save. CsrfViewMiddleware has checked the post before any of this,
so another site cannot plant a form in someone's session.

While an editor types, the change form also sends the headline, standfirst
and body to the server about every 30 seconds (`autosave()`): one `Autosave`
row per editor and article, offered back when that editor opens the article
in any browser, and forgotten once they save it.
"""

from datetime import timedelta

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import Article, Autosave
from ..sanitizer import sanitize_body

SESSION_KEY = "unsaved_article_forms"
KEPT_VIEWS = {"articles_article_change", "articles_article_add"}


def keep_unsaved_form(request):
    """Keep an article form posted without a valid session; True if kept."""
    match = request.resolver_match
    if request.method != "POST" or match is None or match.url_name not in KEPT_VIEWS:
        return False
    kept = request.session.get(SESSION_KEY, {})
    kept[request.path] = {
        "data": {
            name: values
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
        },
        "posted_at": timezone.now().isoformat(),
    }
    request.session[SESSION_KEY] = kept
    return True


def take_unsaved_form(request):
    """The form kept for this page as (data, posted_at), or None; once only."""
    kept = request.session.get(SESSION_KEY) or {}
    form = kept.pop(request.path, None)
    if form is None:
        return None
    request.session[SESSION_KEY] = kept
    data = QueryDict(mutable=True)
    for name, values in form["data"].items():
        data.setlist(name, values)
    return data, parse_datetime(form["posted_at"])


# How often the change form sends what its editor types to the server.
AUTOSAVE_INTERVAL = timedelta(seconds=30)


def autosave(article, user, *, base_version, title, dek, body):
    """Keep `user`'s unsaved text of `article`, replacing their last copy, or
    forget their copy when the text is what the article already says (a page
    can send one last autosave after its own save went through). Never
    touches the article itself."""
    title = title[: Autosave._meta.get_field("title").max_length]
    with transaction.atomic():
        # Waits for a save in progress, so the comparison sees what it wrote.
        saved = (
            Article.objects.select_for_update()
            .values("title", "dek", "body")
            .get(pk=article.pk)
        )
        if saved == {"title": title, "dek": dek, "body": sanitize_body(body)}:
            forget_autosave(article, user)
            return None
        return Autosave.objects.update_or_create(
            article=article,
            user=user,
            defaults={
                "base_version": base_version,
                "title": title,
                "dek": dek,
                "body": body,
            },
        )[0]


def autosave_of(article_pk, user):
    """`user`'s own kept copy of the article, or None."""
    return Autosave.objects.filter(article_id=article_pk, user=user).first()


def forget_autosave(article, user):
    Autosave.objects.filter(article=article, user=user).delete()
