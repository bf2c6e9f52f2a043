"""Reading rendered pages the way a reader sees them."""

import json
from html.parser import HTMLParser


class _BlockCollector(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, container_class):
        super().__init__(convert_charrefs=True)
        self.container_class = container_class
        self.depth = 0  # element depth inside the container; 0 is outside
        self.blocks = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
            if tag in self.BLOCKS:
                self.current = [tag, ""]
        elif self.container_class in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if self.current and tag == self.current[0]:
            self.blocks.append((tag, self.current[1].strip()))
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.current[1] += data


def text_blocks(html, container_class):
    """The (tag, text) of each block element inside the element with that class."""
    collector = _BlockCollector(container_class)
    collector.feed(html)
    return collector.blocks


class _ScriptCollector(HTMLParser):
    def __init__(self, script_type):
        super().__init__(convert_charrefs=False)
        self.script_type = script_type
        self.inside = False
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == self.script_type:
            self.inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.scripts[-1] += data


def json_ld(html):
    """Every JSON-LD object on the page, as a search engine reads them."""
    collector = _ScriptCollector("application/ld+json")
    collector.feed(html)
    objects = []
    for script in collector.scripts:
        data = json.loads(script)
        objects.extend(data if isinstance(data, list) else [data])
    return objects
