"""gongkai.site.plain_inline skips Python-Markdown's inline patterns on plain text: the HTML must be the same as
Python-Markdown's own for real reports, hostile markup and generated text mixing prose with every inline syntax."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.site import pages
from gongkai.site.catalog import Catalog, Report
from gongkai.site.plain_inline import PlainTextInline
from xss_vectors import MARKUP

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "tables", "toc", "fenced_code"]  # mkdocs.yml's, and MkDocs' own fenced_code
REPORTS = sorted([*(ROOT / "tests" / "cases").glob("*/expected.md"), *(ROOT / "content").glob("*/*/*/*.md")])


def _both(text: str) -> tuple[str, str]:
    plain = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    fast = markdown.Markdown(extensions=[*EXTENSIONS, PlainTextInline()]).convert(text)
    return plain, fast


@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.parent.name)
def test_reports_render_the_same(path: Path) -> None:
    plain, fast = _both(path.read_text("utf-8"))
    assert fast == plain


def test_generated_index_pages_render_the_same() -> None:
    """Tables of links, pipes escaped in cells, the pager's attribute lists."""
    reports = [
        Report(str(path.relative_to(ROOT / "content")), {"title": f"标题|{number}*_`", "issuers": ["某某镇"]})
        for number, path in enumerate(sorted((ROOT / "content").glob("*/*/*/*.md")) * 40)
    ]
    for _uri, text in pages.generated_pages(Catalog(reports)):
        plain, fast = _both(text)
        assert fast == plain


def test_hostile_markup_renders_the_same() -> None:
    for vector in MARKUP:
        plain, fast = _both(f"# 标题{vector}\n\n正文{vector}尾\n\n| 甲 | 乙 |\n|---|---|\n| {vector} | 丙 |\n")
        assert fast == plain, vector


PIECES = st.sampled_from(
    [
        "法治政府建设",
        "依法行政，",
        "2024年",
        " ",
        "  \n",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "\\",
        "\\*",
        "[",
        "]",
        "(",
        ")",
        "[链接](a.md)",
        "![图](b.png)",
        "<",
        ">",
        "<b>",
        "</b>",
        "<http://example.com>",
        "<a@b.cn>",
        "&",
        "&amp;",
        "&#20320;",
        "&nbsp;",
        "{: .closing }",
        "{",
        "}",
        "# ",
        "## ",
        "| ",
        "|",
        "---",
        "- ",
        "1. ",
        "> ",
        "    ",
        "\t",
        "```",
        "~~~",
        "<!-- 注 -->",
        "\x02",
        "\x03",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_text_renders_the_same(text: str) -> None:
    plain, fast = _both(text)
    assert fast == plain
