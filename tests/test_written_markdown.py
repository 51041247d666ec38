"""gongkai.site.written_markdown renders report bodies without Python-Markdown: whatever it renders must come out as
Python-Markdown (with the site's extensions and MkDocs' tree processors) renders it — HTML, table of contents, title
and anchor ids — for real reports, generated reports, hostile text and random text in the writer's syntax; what it
cannot render it must decline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure import pages as mkdocs_pages

from gongkai.document import Closing, Document, Front, Heading, Inline, Paragraph, Table
from gongkai.site.anchors import NumberedAnchors
from gongkai.site.plain_inline import PlainTextInline
from gongkai.site.written_markdown import Rendered, WrittenMarkdown
from gongkai.write import body_markdown
from synthetic import write_corpus
from xss_vectors import MARKUP

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS: list[Any] = ["toc", "tables", "fenced_code", "attr_list"]  # MkDocs' defaults and mkdocs.yml's
CONFIGS = {"toc": {"permalink": False, "toc_depth": "2-4"}}
REPORTS = sorted([*(ROOT / "tests" / "cases").glob("*/expected.md"), *(ROOT / "content").glob("*/*/*/*.md")])


def _converter(*extra: Any) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[*EXTENSIONS, PlainTextInline(), NumberedAnchors(), *extra], extension_configs=CONFIGS
    )


def _python_markdown(text: str) -> Rendered:
    """What MkDocs' Page.render takes from Python-Markdown (gongkai.site.markdown_pages, without links)."""
    md = _converter()
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
    anchors._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(text)
    return Rendered(html, md.toc_tokens, title.title, anchors.present_anchor_ids | raw_html.present_anchor_ids)


RENDERER = WrittenMarkdown(_converter())


def _body(path: Path) -> str:
    text = path.read_text("utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def _same_or_declined(text: str) -> bool:
    """True when rendered (and the same as Python-Markdown's); False when declined."""
    fast = RENDERER.render(text)
    if fast is not None:
        assert fast == _python_markdown(text), text
    return fast is not None


@pytest.mark.parametrize(
    "path", REPORTS, ids=lambda path: path.parent.name if path.name == "expected.md" else path.stem
)
def test_real_reports_render_as_python_markdown(path: Path) -> None:
    assert _same_or_declined(_body(path))


def test_synthetic_reports_render_as_python_markdown(tmp_path: Path) -> None:
    written = write_corpus(tmp_path, 300, seed=21)
    assert all(_same_or_declined(_body(path)) for path in written)


def test_what_it_does_not_know_is_declined() -> None:
    for text in [
        "正文[链接](https://example.gov.cn/)",
        "- 列表项",
        "1. 列表项",
        "> 引用",
        "    缩进代码",
        "```\ncode\n```",
        "~~~\ncode\n~~~",
        "正文<b>加粗</b>",
        "正文\n===",
        "正文\n---",
        "***",
        "*强调*",
        "** 不是加粗**",
        "正文  \n换行",
        "标题\n{: #id }",
        "# 标题 {: .x }",
        "正文 | 竖线",
        "正文_下划线_",
        "`代码`",
        "## 标题 ##",
        "#标题",
        "[TOC]",
        "| 甲 |\n|---|\n| 乙 |",  # one column
        "| 甲 | 乙 |\n|:---|---:|\n| 丙 | 丁 |",  # aligned
        "| 甲 | 乙 |\n|---|---|",  # no rows
    ]:
        assert RENDERER.render(text) is None, text
        _python_markdown(text)  # Python-Markdown renders it, as before


def test_hostile_markup_is_declined_or_rendered_the_same() -> None:
    for vector in MARKUP:
        for text in [f"# 标题{vector}\n\n正文{vector}尾\n", f"| 甲 | 乙 |\n|---|---|\n| {vector} | 丙 |\n"]:
            _same_or_declined(text)


def test_another_extension_turns_it_off() -> None:
    assert RENDERER.usable
    assert not WrittenMarkdown(_converter("admonition")).usable
    assert not WrittenMarkdown(markdown.Markdown(extensions=[*EXTENSIONS], extension_configs=CONFIGS)).usable
    permalinks = markdown.Markdown(
        extensions=[*EXTENSIONS, PlainTextInline(), NumberedAnchors()], extension_configs={"toc": {"permalink": True}}
    )
    assert not WrittenMarkdown(permalinks).usable
    shifted = markdown.Markdown(
        extensions=[*EXTENSIONS, PlainTextInline(), NumberedAnchors()], extension_configs={"toc": {"baselevel": 2}}
    )
    assert not WrittenMarkdown(shifted).usable


TEXT = st.lists(
    st.sampled_from(
        [
            "法治政府建设",
            "依法行政，",
            "2024年",
            "一、",
            "（二）",
            "3.",
            "第四条",
            " ",
            "\u3000",
            "&",
            "&amp;",
            "&lt;",
            "&#126;",
            "&nbsp",
            "*",
            "**",
            "_",
            "#",
            "-",
            "+",
            "|",
            "\\",
            "[",
            "]",
            "{",
            "}",
            "<",
            ">",
            "`",
            "~",
            "=",
            ".",
            "a",
            "A1",
            "\n",
        ]
    ),
    max_size=12,
).map("".join)


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    """Documents of the shapes the converters make, their text drawn from Markdown's special characters."""
    blocks: list[Heading | Paragraph | Table] = []
    for kind in draw(st.lists(st.sampled_from(["heading", "paragraph", "table"]), max_size=8)):
        if kind == "heading":
            blocks.append(Heading(draw(st.integers(2, 4)), draw(TEXT)))
        elif kind == "paragraph":
            runs = draw(st.lists(st.builds(Inline, TEXT, st.booleans()), min_size=1, max_size=4))
            blocks.append(Paragraph([runs]))
        else:
            width = draw(st.integers(2, 4))
            rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=2, max_size=4))
            blocks.append(Table(rows))
    return Document(Front(), blocks, Closing(), "docx", None, {}, {})


@settings(max_examples=400, deadline=None)
@given(_documents(), TEXT)
def test_written_documents_render_as_python_markdown(document: Document, title: str) -> None:
    _same_or_declined(body_markdown(document, title or "标题"))


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, max_size=6).map("\n\n".join))
def test_any_text_renders_as_python_markdown_or_is_declined(text: str) -> None:
    _same_or_declined(text)


def test_the_sites_own_configuration_renders_report_bodies_directly() -> None:
    """mkdocs.yml's extensions and the plugin's, as a build registers them: the direct rendering is on (an
    extension added to either would turn it off silently, and every page would cost a sixth more)."""
    from gongkai.config import load
    from gongkai.site.build import _in_root, _load

    with _in_root(ROOT):
        config = _load(load(ROOT))
        config = config.plugins.on_config(config)
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    assert WrittenMarkdown(converter).usable
