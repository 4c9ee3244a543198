"""Markdown → safe HTML for knowledge content: markdown-it-py (CommonMark, tables, strikethrough; raw
HTML in the source is NOT passed through) and nh3 (ammonia) as the sanitiser on top, so that whatever
the parser emits only allowed tags, attributes and URL schemes reach the page. Links get
rel="nofollow noopener noreferrer"; images are not allowed (the CSP and the layout do not expect
remote images)."""
from __future__ import annotations

import functools
import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(["table", "strikethrough"])

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto", "tel"}


@functools.lru_cache(maxsize=512)
def _render(text: str) -> str:
    out = _md.render(text)
    # h1 is the page's own title: a "# Heading" in the body becomes h2
    out = out.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(out, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="nofollow noopener noreferrer")


def markdown(text: str | None) -> Markup:
    """Sanitised HTML of a Markdown text (empty for empty text)."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_render(text))


def plain(text: str | None) -> str:
    """The text of a Markdown source without markup (search documents, snippets, .ics descriptions)."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_render(text), tags=set())).strip()
