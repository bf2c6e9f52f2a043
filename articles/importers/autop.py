"""Paragraphs as WordPress's `wpautop` makes them from classic-editor text.

The classic editor stores blank-line-separated text and adds the markup only
when it displays a post. The rules here are wpautop's: blank lines end
paragraphs, a single newline is a line break, and neither touches block
elements (lists, quotations, tables, headings), so no `<p>` or `<br>` lands
where HTML does not allow it. `<pre>`, `<script>`, `<style>` and comments are
left exactly as written.
"""

import re

BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    "|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend"
    "|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    "|menu|summary|iframe|video|audio|object"
)
OPENING = re.compile(rf"(<(?:{BLOCKS})[\s/>])", re.IGNORECASE)
CLOSING = re.compile(rf"(</(?:{BLOCKS})>)", re.IGNORECASE)
# The contents of these are kept verbatim, out of the paragraph rules' reach.
VERBATIM = re.compile(
    r"<(pre|script|style|textarea)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
BLOCK_TAG = rf"</?(?:{BLOCKS})(?:\s[^>]*)?/?>"
# The clean-ups wpautop makes after wrapping every chunk in <p>.
TIDY = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>", re.I), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*({BLOCK_TAG})\s*</p>", re.IGNORECASE), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>", re.IGNORECASE | re.DOTALL), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>", re.IGNORECASE), r"</p></blockquote>"),
    (re.compile(rf"<p>\s*({BLOCK_TAG})", re.IGNORECASE), r"\1"),
    (re.compile(rf"({BLOCK_TAG})\s*</p>", re.IGNORECASE), r"\1"),
    (re.compile(rf"({BLOCK_TAG})\s*<br>", re.IGNORECASE), r"\1"),
    (
        re.compile(r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[\s>])", re.I),
        r"\1",
    ),
]


def autop(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"  # each stands on its own

    text = VERBATIM.sub(keep, text)
    text = OPENING.sub(r"\n\n\1", text)
    text = CLOSING.sub(r"\1\n\n", text)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if chunk:
            lines = re.sub(r"\s*\n\s*", "<br>\n", chunk)
            paragraphs.append(f"<p>{lines}</p>")
    html = "\n".join(paragraphs)
    for pattern, replacement in TIDY:
        html = pattern.sub(replacement, html)
    html = re.sub(r"<p>(\x00\d+\x00)</p>", r"\1", html)
    return PLACEHOLDER.sub(lambda match: kept[int(match.group(1))], html)
