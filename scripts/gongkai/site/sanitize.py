"""Defence in depth: every page body is passed through a maintained HTML sanitiser (nh3, i.e. Ammonia).

Submissions are already escaped when written as Markdown (gongkai.write), so nothing should be left to remove;
this makes sure that a mistake there, or a hand-edited report, still cannot put live markup on the site.
Only what Python-Markdown produces from our Markdown is allowed, and links only to http(s), mailto and
relative addresses.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "blockquote",
    "code",
    "pre",
    "span",
    "div",
    "sup",
    "sub",
    "nav",
    "small",
    "abbr",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(fragment: str, images: bool = False) -> str:
    """`fragment` with only the allowed markup; `images`: our own generated pages' charts (the statistics page's
    SVG files, by relative address), never a report's."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS | {"img"} if images else ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template"},
        attributes={**ALLOWED_ATTRIBUTES, "img": {"src", "alt"}} if images else ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
