"""Python-Markdown's inline patterns skipped for text that holds none of the characters they start with.

Python-Markdown tries each of its fourteen inline patterns on every paragraph, heading and table cell, although a
report is nearly all plain prose: a tenth of the build at 10,000 reports. A tree processor run just before the
inline one marks such text atomic, as Python-Markdown itself marks text no pattern may touch, so the HTML is the
same (tests/test_plain_inline.py renders fixtures and generated text both ways). An inline pattern it does not know
(an extension added to mkdocs.yml) may start with any character: then it stays out of the way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Python-Markdown 3.x's inline patterns, and what each needs in the text to match: a backtick, a backslash, "[" (links
# and images), "<" (autolinks, inline HTML), "&" (entities), "*" or "_" (emphasis), two spaces before a line
# break; STX/ETX mark placeholders for stashed HTML.
KNOWN_PATTERNS = frozenset(
    {
        "backtick",
        "escape",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "not_strong",
        "em_strong",
        "em_strong2",
        "strong_em",
        "strong",
        "emphasis",
        "emphasis2",
    }
)
_MARKUP = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
_BEFORE_INLINE = 21  # the inline tree processor is registered at 20; higher runs first


class _MarkPlainText(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        if sum(name in self.md.inlinePatterns for name in KNOWN_PATTERNS) != len(self.md.inlinePatterns):
            return
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and not isinstance(text, AtomicString) and not _MARKUP.search(text):
                element.text = AtomicString(text)
            if tail and not isinstance(tail, AtomicString) and not _MARKUP.search(tail):
                element.tail = AtomicString(tail)


class PlainTextInline(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_MarkPlainText(md), "gongkai_plain_text", _BEFORE_INLINE)
