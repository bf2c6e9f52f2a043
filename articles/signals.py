"""What articles tells the apps beside it (the desk, notifications, the
cache, webhooks) about its editorial moments; articles never imports them.

All are sent inside the transaction that makes the change, so a receiver's
writes commit or roll back with it.
"""

from django.dispatch import Signal

# A save changed an article's status, or the time of a published article.
# Arguments: article (as saved), created, previous_status and
# previous_published_at (None for a new article), by (the user the current
# revision names, or None for commands and the shell) and note (what the
# person sending it back to draft wrote, else "").
article_transitioned = Signal()

# Someone took an article's edit lock over from the person holding it.
# Arguments: article, holder (the new one), taken_from and note.
edit_lock_taken_over = Signal()

# Articles were created together, without a save() each (an import's batch),
# their bylines, tags and revision stored: what a save's post_save and
# article_transitioned would have started is done once for all of them.
# Arguments: articles (a list, each with its pk; none scheduled) and by.
articles_created = Signal()
