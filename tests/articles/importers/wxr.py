"""Small WordPress exports built for one case each, as a real site writes them."""

from xml.sax.saxutils import escape

META = (
    "<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
    "<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
)
TAG = '<category domain="post_tag" nicename="{nicename}"><![CDATA[{name}]]></category>'


def item(
    post_id,
    title,
    content="<p>Text.</p>",
    *,
    guid=None,
    slug="",
    status="publish",
    post_type="post",
    date="2023-05-02 14:00:00",
    password="",
    sticky=False,
    comments=0,
    category="news",
    tags=(),
    meta=None,
    extra="",
):
    guid = guid or f"https://old.example/?p={post_id}"
    comment = (
        "<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content>"
        "<![CDATA[Nice.]]></wp:comment_content></wp:comment>"
    )
    return f"""
    <item>
      <title><![CDATA[{title}]]></title>
      <link>https://old.example/2023/05/02/{slug or post_id}/</link>
      <dc:creator><![CDATA[jdoe]]></dc:creator>
      <guid isPermaLink="false">{escape(guid)}</guid>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
      <wp:post_name><![CDATA[{slug}]]></wp:post_name>
      <wp:status><![CDATA[{status}]]></wp:status>
      <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
      <wp:post_password><![CDATA[{password}]]></wp:post_password>
      <wp:is_sticky>{int(sticky)}</wp:is_sticky>
      <category domain="category" nicename="{category}"><![CDATA[News]]></category>
      {"".join(TAG.format(nicename=escape(tag.lower()), name=tag) for tag in tags)}
      {"".join(comment.format(n=n) for n in range(comments))}
      {"".join(META.format(key=k, value=v) for k, v in (meta or {}).items())}
      {extra}
    </item>"""


def attachment(post_id, url, *, alt="", caption="", credit="", parent=0):
    """An attachment item, with the fields WordPress keeps of a picture."""
    metadata = f's:6:"credit";s:{len(credit.encode())}:"{credit}";'
    return item(
        post_id,
        url.rsplit("/", 1)[-1],
        status="inherit",
        post_type="attachment",
        meta={"_wp_attachment_image_alt": alt, "_wp_attachment_metadata": metadata},
        extra=f"<wp:attachment_url>{escape(url)}</wp:attachment_url>"
        f"<wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:post_mime_type>image/jpeg</wp:post_mime_type>"
        f"<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>",
    )


def export(*items, scheme="http", version="1.2", site="https://old.example"):
    namespace = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{namespace}">
<channel>
  <title>Old Site</title>
  <link>{site}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
  <wp:author><wp:author_login>jdoe</wp:author_login>
    <wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
  {"".join(items)}
</channel>
</rss>
"""
