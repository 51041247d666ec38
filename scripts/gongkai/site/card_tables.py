"""The list tables of our generated pages: kept out of Markdown's way, and read as cards on phones.

A generated page's tables are HTML already (gongkai.site.pages.html_table, every cell escaped there): Python-Markdown
and MkDocs each ran Python's HTML parser over them again for nothing, a fifth of the portal's build. TablesAside
takes them out of a page's Markdown and puts them back into its HTML after sanitising.

A table of four or more columns gets `class="gk-cards"` and each cell the name of its column (`data-label`), so the
stylesheet can show each row as a card below 600 px (title, place, dates and 文号 all visible without sideways
scrolling) while wide screens keep the table. Applied to our own generated pages: their tables are regular (one
header row)."""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Sequence

# html_table's output exactly: no blank line inside it, and an escaped cell cannot hold "\n</table>".
_GENERATED_TABLE = re.compile(r'^<table(?: class="gk-cards")?>\n<thead>\n.*?\n</table>$', re.DOTALL | re.MULTILINE)


class TablesAside:
    """The tables of each generated page (by its src_uri) while MkDocs renders its Markdown."""

    def __init__(self) -> None:
        self._marker = f"gk-table-{secrets.token_hex(8)}"  # no text of a page holds it: it is drawn per build
        self._tables: dict[str, list[str]] = {}

    def take(self, src_uri: str, markdown: str) -> str:
        """`markdown` with each table a paragraph naming its place in the list kept for this page."""
        tables = self._tables.setdefault(src_uri, [])

        def aside(match: re.Match[str]) -> str:
            tables.append(match.group(0))
            return f"{self._marker}-{len(tables) - 1}"

        return _GENERATED_TABLE.sub(aside, markdown)

    def put_back(self, src_uri: str, page_html: str) -> str:
        tables = self._tables.pop(src_uri, [])
        for number, table in enumerate(tables):
            page_html = page_html.replace(f"<p>{self._marker}-{number}</p>", table, 1)
        return page_html


MIN_COLUMNS = 4
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<td([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def as_cards(page_html: str) -> str:
    """`page_html` with each table of MIN_COLUMNS or more columns marked up to become cards on narrow screens (the
    tables of Markdown; html_table marks up its own as it writes them, through labelled_cells)."""
    return _TABLE.sub(_card_table, page_html)


def labelled_cells(header: Sequence[str]) -> list[str] | None:
    """The opening tag of each column's cells in a table read as cards, labelled as as_cards labels them; None
    for a table of fewer than MIN_COLUMNS columns."""
    return [f'<td data-label="{_label(cell)}">' for cell in header] if len(header) >= MIN_COLUMNS else None


def _label(header_cell: str) -> str:
    return html.escape(html.unescape(_TAG.sub("", header_cell)).strip(), quote=True)


def _card_table(match: re.Match[str]) -> str:
    inner = match.group(1)
    labels = [_label(cell) for cell in _HEADER_CELL.findall(inner)]
    if len(labels) < MIN_COLUMNS:
        return match.group(0)

    def labelled_row(row: re.Match[str]) -> str:
        cells = iter(labels)
        return (
            "<tr>"
            + _CELL.sub(lambda cell: f'<td{cell.group(1)} data-label="{next(cells, "")}">', row.group(1))
            + "</tr>"
        )

    body = _BODY.sub(lambda part: "<tbody>" + _ROW.sub(labelled_row, part.group(1)) + "</tbody>", inner)
    return f'<table class="gk-cards">{body}</table>'
