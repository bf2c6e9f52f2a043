"""The editor panel: the admin of news content, one module per concern.

``articles.py`` registers sections, authors and articles, assembling the
article admin from the mixins of ``workflow.py`` (statuses, roles, unpublished
changes, previews, corrections, old addresses), ``revisions.py`` (history,
diffs, restore and recovery), ``conflicts.py`` (stale saves refused),
``locks.py`` (who has an article open), ``figures.py`` (pictures in
the body are library images), ``unsaved.py`` (forms kept across an
expired session) and ``imports.py`` (upload, dry run, confirm). ``site.py`` is
the admin site itself, with two-factor sign-in.
"""

from . import articles  # noqa: F401 (registers the models)
