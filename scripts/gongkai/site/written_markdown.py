"""Report bodies in the Markdown gongkai.write writes, turned into HTML directly: the same HTML, table of contents,
title and anchor ids as Python-Markdown with the site's extensions, in under a quarter of the time
(bench/bench_written.py).

Python-Markdown runs every block past a dozen block processors, builds an element tree, runs eight tree processors
and serialises the tree again: a sixth of what a report page costs. A report body is a handful of constructs:
headings, paragraphs (strong text, backslash escapes, character entities), pipe tables, and closing lines with a
class (`{: .closing }`). A body made of those alone is rendered here; one holding anything else (a link, a list,
raw HTML, a line Python-Markdown could read as block syntax, a construct written by hand in a way the writer never
writes) gets None, and Python-Markdown renders it as before. So does every body while mkdocs.yml adds a Markdown
extension or sets a table-of-contents option these rules do not follow (`WrittenMarkdown.usable`).
tests/test_written_markdown.py renders the fixtures, the sample content, synthetic reports and generated text both
ways and compares all four results.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import toc as toc_extension
from markdown.util import ETX, STX, Registry

from gongkai.site.anchors import numbered_ids

# The processors of mkdocs.yml's extensions (toc, tables, attr_list), MkDocs' own (fenced_code) and ours, by name:
# with any other one registered, a body may mean something these rules do not know.
KNOWN_PROCESSORS = {
    "preprocessors": {"normalize_whitespace", "html_block", "fenced_code_block"},
    "blockprocessors": {
        *("empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference"),
        *("paragraph", "table"),
    },
    "treeprocessors": {
        *("inline", "prettify", "unescape", "toc", "attr_list", "gongkai_plain_text", "gongkai_numbered_anchors"),
    },
    "inlinePatterns": {
        *("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference"),
        *("short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong"),
    },
    "postprocessors": {"raw_html", "amp_substitute"},
}

_HEADING = re.compile(r"(#{1,6}) (.+)")
_CLASS_LINE = re.compile(r"\{: \.([A-Za-z][A-Za-z0-9_-]*) \}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")  # Python-Markdown's ENTITY_RE
# What a line of a paragraph may not start with: block syntax (headings, quotes, lists, rules, setext underlines,
# tables, fences, indented code) in any of its forms, or an ordered list's number.
_BLOCK_SYNTAX = re.compile(r"[#>+=_|~`\s-]|\*(?!\*[^\s*])|\d+\.")
# Characters that take part in inline syntax unless escaped (links, code, raw HTML, emphasis, attribute lists),
# control characters Python-Markdown uses as placeholders or rewrites, and the two spaces of a line break.
_UNSAFE = re.compile(r"[\[\]`<>_{}|\x00-\x09\x0b-\x1f\x7f]| \n| $")
_ESCAPE_PAIR = re.compile(r"\\.")
_INLINE_TOKEN = re.compile(r"\\(.)|&|\*+", re.DOTALL)
_TREE_TOKEN = re.compile(r"\\(.)|\*\*")
_SPACES_LINE = re.compile(r"(?<=\n) +\n")
_BLANK_LINES = re.compile(r"\n\n+")


@dataclasses.dataclass(frozen=True)
class Rendered:
    """What MkDocs' Page.render takes from Python-Markdown and its tree processors."""

    html: str
    toc_tokens: list[Any]  # Python-Markdown's toc tokens, nested
    title: str | None  # the text of the first block when it is a level-1 heading
    anchor_ids: set[str]


class _Outside(Exception):
    """The body holds something these rules do not render."""


@dataclasses.dataclass
class _Heading:
    level: int
    html: str  # inner HTML, as serialised
    name: str  # its text, as toc and MkDocs name the heading (tags stripped, whitespace collapsed)
    tree_text: str  # the text Python-Markdown's tree holds when anchors are numbered (escapes as placeholders)
    id: str | None = None


class WrittenMarkdown:
    """The renderer for one configured Python-Markdown instance (its escapable characters, its toc settings)."""

    def __init__(self, converter: Markdown) -> None:
        toc = converter.treeprocessors["toc"] if "toc" in converter.treeprocessors else None
        if not isinstance(toc, toc_extension.TocTreeprocessor):
            toc = None
        registered: dict[str, Registry[Any]] = {
            "preprocessors": converter.preprocessors,
            "blockprocessors": converter.parser.blockprocessors,
            "treeprocessors": converter.treeprocessors,
            "inlinePatterns": converter.inlinePatterns,
            "postprocessors": converter.postprocessors,
        }
        self.usable = (
            toc is not None
            and all(
                len(registry) == len(KNOWN_PROCESSORS[kind])
                and all(name in registry for name in KNOWN_PROCESSORS[kind])
                for kind, registry in registered.items()
            )
            and not toc.use_permalinks
            and not toc.use_anchors
            and toc.marker == "[TOC]"
            and toc.base_level == 0  # toc's baselevel 1: headings keep their levels
        )
        self._escapable = frozenset(converter.ESCAPED_CHARS) - set("&<>\"'")
        self._slugify: Callable[[str, str], str] = toc.slugify if toc else toc_extension.slugify
        self._separator: str = toc.sep if toc else "-"
        self._toc_levels = range(toc.toc_top, toc.toc_bottom + 1) if toc else range(0)

    def render(self, text: str) -> Rendered | None:
        """The body's HTML and what MkDocs reads beside it, or None for a body these rules do not render."""
        if not self.usable or "\r" in text or "\t" in text or not text.strip():
            return None
        try:
            return self._render(text)
        except _Outside:
            return None

    def _render(self, text: str) -> Rendered:
        # Lines of spaces are blank lines, and blank lines beyond the first only separate blocks, as in
        # Python-Markdown (its NormalizeWhitespace and EmptyBlockProcessor).
        blocks = _BLANK_LINES.split(_SPACES_LINE.sub("\n", text).strip("\n"))
        headings: list[_Heading] = []
        parts: list[str | _Heading] = []
        for block in blocks:
            if block.startswith("#"):
                heading = self._heading(block)
                headings.append(heading)
                parts.append(heading)
            elif block.startswith("|"):
                parts.append(self._table(block))
            else:
                parts.append(self._paragraph(block))
        anchor_ids = self._set_ids(headings)
        toc_tokens: list[Any] = [
            {"level": h.level, "id": h.id, "name": h.name, "html": h.html, "data-toc-label": ""}
            for h in headings
            if h.level in self._toc_levels
        ]
        first = parts[0] if parts else None
        title = first.name if isinstance(first, _Heading) and first.level == 1 else None
        body = "\n".join(
            part if isinstance(part, str) else f'<h{part.level} id="{part.id}">{part.html}</h{part.level}>'
            for part in parts
        )
        return Rendered(body, toc_extension.nest_toc_tokens(toc_tokens), title, anchor_ids)

    def _set_ids(self, headings: list[_Heading]) -> set[str]:
        """Numbered ids first (gongkai.site.anchors), then toc's slugs for the rest, as the tree processors do."""
        taken: set[str] = set()
        body = [heading for heading in headings if heading.level > 1]
        for heading, anchor in zip(body, numbered_ids([(h.level, h.tree_text) for h in body], taken), strict=True):
            heading.id = anchor
        used = set(taken)
        counters: dict[str, int] = {}
        for heading in headings:
            if heading.id is None:
                slug = self._slugify(html.unescape(heading.name), self._separator)
                heading.id = toc_extension.unique(slug, used, counters)
        if any('"' in h.id or "&" in h.id or "<" in h.id for h in headings if h.id):
            raise _Outside  # an id that would need escaping in its attribute: not from the default slugify
        return {h.id for h in headings if h.id}

    def _heading(self, block: str) -> _Heading:
        match = _HEADING.fullmatch(block)
        if match is None:
            raise _Outside
        content = match.group(2).strip()
        unescaped = _ESCAPE_PAIR.sub("", content)
        if not content or "#" in unescaped or "&" in unescaped:  # toc strips closing hashes; entities are stashed
            raise _Outside
        inner = self._inline(content)
        return _Heading(len(match.group(1)), inner, toc_extension.strip_tags(inner), _tree_text(content))

    def _paragraph(self, block: str) -> str:
        lines = block.split("\n")
        css_class = None
        if len(lines) > 1 and (match := _CLASS_LINE.fullmatch(lines[-1])):
            css_class = match.group(1)
            lines.pop()
        text = "\n".join(lines).lstrip()  # as Python-Markdown's paragraphs are
        if "|" in text or any(not line.strip() or _BLOCK_SYNTAX.match(line) for line in [*lines, text]):
            raise _Outside
        inner = self._inline(text)
        return f'<p class="{css_class}">{inner}</p>' if css_class else f"<p>{inner}</p>"

    def _table(self, block: str) -> str:
        lines = block.split("\n")
        if len(lines) < 3:
            raise _Outside
        header, separator, *rows = lines
        widths = {len(_cells(line)) for line in [header, *rows]}
        columns = _cells(separator)
        if not rows or widths != {len(columns)} or len(columns) < 2 or any(set(c) != {"-"} for c in columns):
            raise _Outside
        out = ["<table>", "<thead>", "<tr>"]
        out += [f"<th>{self._inline(cell)}</th>" for cell in _cells(header)]
        out += ["</tr>", "</thead>", "<tbody>"]
        for row in rows:
            out.append("<tr>")
            out += [f"<td>{self._inline(cell)}</td>" for cell in _cells(row)]
            out.append("</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out)

    def _inline(self, text: str) -> str:
        """The HTML of text with escapes, entities and strong spans."""
        if _UNSAFE.search(_ESCAPE_PAIR.sub("", text) if "\\" in text else text):
            raise _Outside
        out: list[str] = []
        last = 0
        strong = False
        for token in _INLINE_TOKEN.finditer(text):
            start = token.start()
            out.append(text[last:start])
            last = token.end()
            if (escaped := token.group(1)) is not None:
                if escaped not in self._escapable:
                    raise _Outside
                out.append(escaped)
            elif token.group() == "&":
                entity = _ENTITY.match(text, start)  # stashed as raw HTML by Python-Markdown, else escaped
                out.append(entity.group() if entity else "&amp;")
                last = entity.end() if entity else last
            elif token.group() == "**" and _strong_marker(text, start, opening=not strong):
                out.append("</strong>" if strong else "<strong>")
                strong = not strong
            else:
                raise _Outside
        if strong:
            raise _Outside
        out.append(text[last:])
        return "".join(out)


def _tree_text(content: str) -> str:
    """A heading's text as Python-Markdown's tree holds it when the anchors are numbered: escaped characters as
    placeholders, strong text as its text (entities are declined in headings)."""
    return _TREE_TOKEN.sub(lambda token: f"{STX}{ord(token.group(1))}{ETX}" if token.group(1) else "", content)


def _strong_marker(text: str, position: int, opening: bool) -> bool:
    """`**` opening strong text (followed by a character other than a space) or closing it (preceded by one other
    than a space or an escaped star)."""
    if opening:
        after = text[position + 2 : position + 3]
        return bool(after) and not after.isspace()
    before = text[position - 1]
    return not before.isspace() and before != "*"


def _cells(row: str) -> list[str]:
    """A table row's cells as Python-Markdown's tables splits them: at pipes not escaped, each stripped of spaces."""
    if not row.startswith("|") or not row.endswith("|") or row.endswith("\\|"):
        raise _Outside
    cells, current, position = [], [], 1
    while position < len(row) - 1:
        char = row[position]
        if char == "\\":
            current.append(row[position : position + 2])
            position += 2
            continue
        if char == "|":
            cells.append("".join(current).strip(" "))
            current = []
        else:
            current.append(char)
        position += 1
    cells.append("".join(current).strip(" "))
    return cells
