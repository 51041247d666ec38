"""Heading anchors from the official numbering, so a shared link to a section survives edits of the report.

Python-Markdown's toc makes ids from heading text, and Chinese text slugifies to nothing: it numbers them _1, _2…
in page order, so adding one heading moved every link after it. Report headings carry their own numbering
(一、 → （二） → 3. → （4）, GB/T 9704), which is what a reader cites: 一、 is #s1, its （二） is #s1-2, that
one's 3. is #s1-2-3. A tree processor run before toc sets these ids (toc keeps ids it finds); a heading without
numbering, or whose id is taken, is left to toc.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from gongkai.textrules import chinese_number, numbering_level

_BEFORE_TOC = 6  # toc's tree processor is registered at 5; higher runs first (after the inline one, at 20)
_NUMBER = re.compile(r"^[（(]?(\d{1,2}|[一二三四五六七八九十]{1,3})")
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def section_number(text: str) -> int | None:
    """The number a heading's own numbering gives it: 一、 → 1, （十二） → 12, 3. → 3; None without numbering."""
    if numbering_level(text) is None:
        return None
    match = _NUMBER.match(text.removeprefix("第"))
    if match is None:
        return None
    digits = match.group(1)
    return int(digits) if digits.isdigit() else chinese_number(digits)


def numbered_ids(headings: list[tuple[int, str]], taken: set[str]) -> list[str | None]:
    """The id each heading (level 2-6 and its text, in page order, none with an id of its own) gets from its
    numbering, None where toc is left to make one; `taken` (the page's ids) gets the new ones."""
    path: list[int] = []
    ids: list[str | None] = []
    for level, text in headings:
        ids.append(None)
        number = section_number(text.strip())
        depth = level - 1  # h2 is the first level of the body
        if depth > len(path) + 1:
            continue
        path = [*path[: depth - 1], number or 0]  # 0: an unnumbered heading, whose subheadings get no id here
        if 0 in path:
            continue
        anchor = "s" + "-".join(map(str, path))
        if anchor not in taken:
            ids[-1] = anchor
            taken.add(anchor)
    return ids


class _NumberedIds(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        taken = {element.get("id") or "" for element in root.iter() if element.get("id")}
        headings = [element for element in root.iter() if element.tag in _HEADINGS and not element.get("id")]
        found = numbered_ids([(int(element.tag[1]), "".join(element.itertext())) for element in headings], taken)
        for element, anchor in zip(headings, found, strict=True):
            if anchor:
                element.set("id", anchor)


class NumberedAnchors(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_NumberedIds(md), "gongkai_numbered_anchors", _BEFORE_TOC)
