"""Lists of reports read as cards on phones: a table of four or more columns gets `class="gk-cards"` and each cell
the name of its column (`data-label`), so the stylesheet can show each row as a card below 600 px (title, place,
dates and 文号 all visible without sideways scrolling) while wide screens keep the table.

Applied to the HTML of our own generated pages after sanitising: their tables are regular (one header row)."""

from __future__ import annotations

import html
import re

MIN_COLUMNS = 4
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<td([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def as_cards(page_html: str) -> str:
    """`page_html` with each table of MIN_COLUMNS or more columns marked up to become cards on narrow screens."""
    return _TABLE.sub(_card_table, page_html)


def _card_table(match: re.Match[str]) -> str:
    inner = match.group(1)
    labels = [
        html.escape(html.unescape(_TAG.sub("", cell)).strip(), quote=True) for cell in _HEADER_CELL.findall(inner)
    ]
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
