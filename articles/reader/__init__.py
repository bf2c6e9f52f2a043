"""What readers get: the pages (views.py, previews.py), feeds, sitemaps and
structured data, all starting from Article.objects.published()."""
