"""Getting articles to readers once they change: the page cache with its
exact invalidation (cache.py) and old addresses answered with a 301 to the
current one (redirects.py)."""
