"""Full-text search: a Pagefind index of the report pages, built after MkDocs has written site/.

Why not index the pages as they are: Pagefind's extended build cuts Chinese into words with jieba when indexing,
but the browser cuts the query with its own ICU dictionary, and the two disagree for exactly the words readers
type here (ICU splits 邮亭镇 into 邮|亭|镇 and 普法 into 普|法, jieba keeps them), so such queries find nothing
or the wrong reports (measured: 邮亭镇 found nothing, 普法 found a page without it; Pagefind issue #659).
We index overlapping character pairs instead (邮亭镇 → 邮亭 亭镇 镇), the classic CJK bigram scheme, which needs
no dictionary on either side: assets/search.js cuts the query the same way and asks for the pairs in sequence.
Pairs are written as ASCII tokens (`0c` + two base-36 code points) so no browser segmenter ever splits them
again, in a shadow copy of each report page: readers' pages are untouched, and the page's data-pagefind-*
attributes (body, filters, meta) are read from it unchanged. The index is built as a language without stemming
or segmentation ("und"), so the extended binary's jieba is not used any more.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

# Han characters (and 〇 of 二〇二五年); keep in step with HAN in content/assets/search.js.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PIECES = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)|(\s+)|(.)", re.DOTALL)
_TEXT_NODE = re.compile(r">([^<]+)<")
# A report's title, place, organs and 文号, written by site_overrides/main.html for matching and ranking only
# (search.js boosts matches in them, so a town's own report comes before reports that merely mention the town);
# the fields a result shows stay as written.
_RANKING_FIELD = re.compile(r'(<meta data-pagefind-meta="terms\[content\]" content=")([^"]*)(")')
_MARKER = "0c"  # starts every pair token; a digit then a letter, which no Chinese report text produces
# Pagefind writes every UI bundle; the site loads only pagefind.js (which loads the worker and the wasm).
_UNUSED_BUNDLE = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                  "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
INDEX_LANGUAGE = "und"  # no stemming, no word segmentation: the tokens are already words


@cache  # a few thousand distinct characters, met millions of times
def _code(char: str) -> str:
    number, digits = ord(char), ""
    for _ in range(4):  # 36**4 covers every code point up to U+3134F
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits


def _han_tokens(run: str) -> Iterator[str]:
    """邮亭镇 → 邮亭 亭镇 镇: one token per character, so the text can be restored from the tokens."""
    for index, char in enumerate(run):
        yield _MARKER + _code(char) + (_code(run[index + 1]) if index + 1 < len(run) else "")


def searchable_text(text: str) -> str:
    """Text as Pagefind should index it: Han pairs as tokens; punctuation kept, glued to the token before it
    (so it takes no word position and a phrase across 〔2025〕 stays contiguous)."""
    tokens: list[str] = []
    pending = ""  # punctuation before the first token
    for han, word, _space, other in _PIECES.findall(text):
        if han or word:
            new = list(_han_tokens(han)) if han else [unicodedata.normalize("NFKC", word)]
            new[0] = pending + new[0]
            pending = ""
            tokens += new
        elif other and tokens:
            tokens[-1] += other
        else:
            pending += other
    if pending:
        tokens.append(pending)
    return f" {' '.join(tokens)} " if tokens else text


def _shadow_page(page_html: str) -> str:
    def terms(match: re.Match[str]) -> str:
        return match[1] + html.escape(searchable_text(html.unescape(match[2])).strip()) + match[3]

    def text(match: re.Match[str]) -> str:
        return ">" + html.escape(searchable_text(html.unescape(match[1])), quote=False) + "<"

    return _TEXT_NODE.sub(text, _RANKING_FIELD.sub(terms, page_html))


def index_site(site_dir: Path) -> int:
    """Write site_dir/pagefind/ from the pages marked data-pagefind-body (the reports); returns their number.

    A site without reports gets no index (Pagefind refuses an empty one); its search page says search is off."""
    count = 0
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as scratch:
        shadow = Path(scratch)
        for page in site_dir.rglob("*.html"):
            text = page.read_text("utf-8")
            if "data-pagefind-body" in text:
                target = shadow / page.relative_to(site_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_shadow_page(text), "utf-8")
                count += 1
        if not count:
            return 0
        subprocess.run(
            [sys.executable, "-m", "pagefind_bin_extended", "--site", str(shadow), "--output-path",
             str(site_dir / "pagefind"), "--force-language", INDEX_LANGUAGE, "--silent"],
            check=True,
        )
    for name in _UNUSED_BUNDLE:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
    return count
