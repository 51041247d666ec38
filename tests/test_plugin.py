"""The site plugin's configuration and the shard scopes (the whole site build runs in test_site.py and test_shards.py)."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from gongkai import config as settings
from gongkai.site import search_index
from gongkai.site.build import _mkdocs_build
from gongkai.site.card_tables import TablesAside, as_cards
from gongkai.site.markdown_pages import share_markdown
from gongkai.site.pages import html_table
from gongkai.site.plugin import GongkaiPlugin
from gongkai.site.scope import Mode, ShardScope
from synthetic import copy_project


def _config(tmp_path: Path, plugins: str) -> GongkaiPlugin:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n{plugins}", "utf-8")
    plugin = load_config(str(tmp_path / "mkdocs.yml")).plugins["gongkai"]
    assert isinstance(plugin, GongkaiPlugin)
    return plugin


def test_options_have_defaults_and_are_typed(tmp_path: Path) -> None:
    plugin = _config(tmp_path, "  - gongkai\n")
    assert (plugin.config.latest_on_home, plugin.config.feed_size) == (10, 50)
    assert plugin.scope == ShardScope()  # MkDocs' own commands build the whole site
    assert _config(tmp_path, "  - gongkai:\n      feed_size: 5\n").config.feed_size == 5
    with pytest.raises(Abort):
        _config(tmp_path, "  - gongkai:\n      feed_size: many\n")


def test_a_site_without_directory_urls_is_refused(tmp_path: Path) -> None:
    """Generated lists link to …/2024/report/ as directory URLs give them: another layout would break them all."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nuse_directory_urls: false\nplugins:\n  - gongkai\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    with pytest.raises(PluginError, match="use_directory_urls"):
        config.plugins.on_config(config)


def test_the_deadline_option_is_a_day_every_year_has(tmp_path: Path) -> None:
    """`deadline` (MM-DD) sets the day before which each report is due the year after its report year: a value
    that is no such day is refused when the configuration is read, naming the option, not met later as a crash."""
    (tmp_path / "docs").mkdir()
    for value, accepted in [("03-15", (3, 15)), ("4月1日", None), ("02-29", None), ("13-01", None), ("04-01-01", None)]:
        text = f"site_name: t\nplugins:\n  - gongkai:\n      deadline: '{value}'\n"
        (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
        config = load_config(str(tmp_path / "mkdocs.yml"))
        if accepted is None:
            with pytest.raises(PluginError, match="deadline"):
                config.plugins.on_config(config)
        else:
            config.plugins.on_config(config)
            assert config.plugins["gongkai"].deadline == accepted


@pytest.mark.parametrize(
    ("scope", "rendered"),
    [
        (ShardScope(), {"index.md", "410000/a.md", "500000/b.md", "_unsorted/c.md"}),
        (ShardScope.of_provinces(["500000"]), {"index.md", "500000/b.md"}),
        (ShardScope.portal([]), {"index.md"}),
    ],
)
def test_each_scope_renders_its_part(scope: ShardScope, rendered: set[str]) -> None:
    files = {"index.md", "410000/a.md", "500000/b.md", "_unsorted/c.md"}
    assert {name for name in files if scope.renders(name)} == rendered
    assert scope.sharded == (scope.mode is not Mode.WHOLE)


def test_search_script_reads_the_index_format_python_writes() -> None:
    """search.js and gongkai.site.search_index share two constants: a change on one side alone would misread."""
    script = (Path(__file__).resolve().parent.parent / "site_overrides" / "assets" / "search.js").read_text("utf-8")
    constants = dict(re.findall(r"^const (FINE_BITS|INDEX_VERSION) = (\d+);", script, re.MULTILINE))
    assert constants == {"FINE_BITS": str(search_index.FINE_BITS), "INDEX_VERSION": str(search_index.INDEX_VERSION)}


def _footer(gov_site: dict[str, str]) -> str:
    """site_overrides/partials/site-footer.html rendered as MkDocs renders it (Jinja without autoescaping)."""
    folder = Path(__file__).resolve().parent.parent / "site_overrides"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=False)
    return env.get_template("partials/site-footer.html").render(config=SimpleNamespace(extra={"gov_site": gov_site}))


def test_the_site_footer_shows_only_what_is_configured() -> None:
    assert "gk-site-footer" not in _footer({"SiteIDCode": "", "organizer": "", "icp": ""})  # no placeholder
    html = _footer(
        {
            "organizer": "某县人民政府办公室",
            "contact": "0375-1234567",
            "icp": "豫ICP备12345678号",
            "SiteIDCode": "4104230001",
            "feedback_url": "https://example.org/jiucuo",
            "police_record": "",
        }
    )
    for shown in (
        "主办单位：某县人民政府办公室",
        "联系方式：0375-1234567",
        "ICP备案号：豫ICP备12345678号",
        "网站标识码：4104230001",
        '<a href="https://example.org/jiucuo">纠错</a>',
    ):
        assert shown in html
    assert "公安备案号" not in html
    hostile = _footer({"organizer": "<script>alert(1)</script>", "feedback_url": "javascript:alert(1)"})
    assert "<script>" not in hostile and "javascript:" not in hostile and "&lt;script&gt;" in hostile


def test_tables_of_four_or_more_columns_are_marked_as_cards() -> None:
    table = (
        "<table>\n<thead>\n<tr>\n<th>标题</th>\n<th>地区</th>\n<th>发布日期</th>\n<th>文号</th>\n</tr>\n</thead>\n"
        '<tbody>\n<tr>\n<td><a href="a/">报告</a></td>\n<td>重庆市</td>\n<td>2025-03-28</td>\n<td>—</td>\n</tr>\n'
        "</tbody>\n</table>"
    )
    cards = as_cards(table)
    assert cards.startswith('<table class="gk-cards">')
    assert '<td data-label="地区">重庆市</td>' in cards and '<td data-label="文号">—</td>' in cards
    narrow = "<table><thead><tr><th>报告年度</th><th>报告数</th></tr></thead><tbody><tr><td>2024年</td><td>5</td></tr></tbody></table>"
    assert as_cards(narrow) == narrow  # two columns fit a phone as they are


# Cells as html_table is given them: escaped text, or a link.
_CELLS = st.one_of(
    st.text(st.sampled_from(list("报告年度&;\"' a=/—")), max_size=12),
    st.builds(lambda text: f'<a href="../x/">{text}</a>', st.text(st.sampled_from(list("甲乙 &;")), max_size=5)),
)


@given(st.lists(_CELLS, min_size=1, max_size=6), st.integers(0, 3), st.data())
def test_generated_tables_are_marked_as_cards_as_they_are_written(header: list[str], count: int, data: Any) -> None:
    """html_table labels a wide table's cells itself: what as_cards makes of the plain table (the one Markdown's
    tables give) it would otherwise have written."""
    rows = [data.draw(st.lists(_CELLS, min_size=len(header), max_size=len(header))) for _ in range(count)]
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    plain = f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"
    assert html_table(header, rows) == as_cards(plain)


def test_a_generated_pages_tables_skip_markdown_and_come_back_in_place() -> None:
    """What Markdown renders of a page whose tables were set aside, with each table back where it stood: the same
    HTML as Markdown's own raw-block handling gives, without parsing the tables."""
    import markdown

    first = html_table(["标题", "报告数"], [['<a href="a/">甲 &amp; 乙</a>', "1"]])
    second = html_table(["年度"], [["2024年"]])
    wide = html_table(
        ["报告年度", "报告", "公开情况", "发布日期"], [["2024年", '<a href="b/">报告</a>', "按时公开", "—"]]
    )
    page = f"# 列表\n\n{first}\n\n中间一段。\n\n{second}\n\n{wide}\n"
    aside = TablesAside()
    taken = aside.take("years/index.md", page)
    assert "<table" not in taken
    rendered = aside.put_back("years/index.md", markdown.markdown(taken))
    between_tags = re.compile(r">\s+<")  # Markdown leaves a blank line after a raw block; pages drop it anyway
    assert between_tags.sub("><", rendered) == between_tags.sub("><", markdown.markdown(page))
    assert aside.put_back("years/index.md", "<p>x</p>") == "<p>x</p>"  # each page's tables are put back once


def test_pages_sharing_one_markdown_converter_keep_nothing_from_the_page_before(tmp_path: Path) -> None:
    """gongkai.site.markdown_pages: a link reference, raw HTML's ids or the headings of one page must not reach the
    next, as they would through a converter not reset between pages: the second page is the one MkDocs renders."""
    (tmp_path / "docs").mkdir()
    sources = {
        "a.md": '# 甲\n\n[依据]: https://example.gov.cn/\n\n<div id="raw">原文</div>\n\n## 第一部分\n',
        "b.md": "# 乙\n\n见[依据]。\n\n## 第二部分\n",
    }
    for name, text in sources.items():
        (tmp_path / "docs" / name).write_text(text, "utf-8")
    config = load_config(config_file=None, site_name="t", docs_dir=str(tmp_path / "docs"))

    def rendered(shared: bool) -> Page:
        files = Files([File(name, config.docs_dir, str(tmp_path / "site"), True) for name in sources])
        if shared:
            share_markdown(files, config)
        for file in files:
            page = file.page or Page(None, file, config)
            page.read_source(config)
            page.render(config, files)
        second = files.get_file_from_path("b.md")
        assert second is not None and second.page is not None
        return second.page

    ours, theirs = rendered(shared=True), rendered(shared=False)
    assert "https://example.gov.cn/" not in str(ours.content)
    assert (ours.content, ours.title, ours.present_anchor_ids) == (
        theirs.content,
        theirs.title,
        theirs.present_anchor_ids,
    )
    assert [(item.title, [child.title for child in item.children]) for item in ours.toc] == [
        (item.title, [child.title for child in item.children]) for item in theirs.toc
    ]


def test_a_build_leaves_nothing_frozen_for_a_process_that_builds_again(tmp_path: Path) -> None:
    """on_files freezes what a build holds out of the garbage collector's walks; `gongkai serve` builds again and
    again in one process, so every build unfreezes it, also one that fails."""
    project = copy_project(tmp_path / "project")
    assert _mkdocs_build(settings.load(project), tmp_path / "site", strict=False) is not None
    assert gc.get_freeze_count() == 0
    broken = '{% extends "base.html" %}{% block content %}{{ page.meta.nothing.missing() }}{% endblock %}'
    (project / "site_overrides" / "main.html").write_text(broken, "utf-8")
    with pytest.raises(Exception, match="nothing"):
        _mkdocs_build(settings.load(project), tmp_path / "site", strict=False)
    assert gc.get_freeze_count() == 0
