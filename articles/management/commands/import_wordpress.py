from articles.importers import wordpress
from articles.importers.command import ImportCommand


class Command(ImportCommand):
    help = """Import posts from WordPress export files (Tools → Export, WXR).
    Posts become articles with their title, slug, body (sanitised), excerpt as
    standfirst, author, tags, publication time and status: published and
    scheduled posts stay so, drafts, pending and private posts become drafts;
    pages, attachments and trashed posts are skipped and listed. The first
    category becomes the section (created if missing). The post's GUID and
    address are kept, so a re-import updates the same articles and old links can
    be redirected. Entity declarations are refused (no XML bombs, no external
    files). Each file is imported whole or not at all: a bad or truncated file
    is reported, the other files are still imported, and the command then exits
    with an error."""
    parse = staticmethod(wordpress.parse_wxr)
    section_help = "Slug of the section for posts that have no category."
