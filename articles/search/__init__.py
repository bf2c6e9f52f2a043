"""Full-text search: the index the database keeps (index.py) and the
queries over it (query.py)."""
