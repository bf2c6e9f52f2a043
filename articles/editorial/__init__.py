"""Editorial machinery behind the editor panel: revisions (revisions.py),
who has an article open (locks.py), the Reporter and Editor roles
(roles.py) and forms kept across an expired session (unsaved.py)."""
