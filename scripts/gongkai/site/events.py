"""MkDocs event handlers (loaded through the thin `hooks.py` that mkdocs.yml names).

on_files: read every report's front matter into a Catalog and add the generated index pages.
on_nav: show place names instead of code folder names. on_page_context: give report pages their view.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from gongkai.site.catalog import Catalog, load_report, place_name
from gongkai.site.pages import generated_pages
from gongkai.site.report_view import report_view

# Originals a browser would run if served as they are (a saved portal page with its scripts, an SVG, a .md
# that MkDocs would render): they are published for download under <name>.txt, as inert text.
_INERT_SUFFIXES = (".html", ".htm", ".xhtml", ".svg", ".xml", ".md", ".markdown")
_CODE = re.compile(r"^\d{6}$")
_YEAR = re.compile(r"^\d{4}$")

_catalog = Catalog()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _catalog
    _catalog = Catalog()
    originals: set[str] = set()
    for file in list(files.documentation_pages()):
        report = load_report(file.src_uri, file.content_string)
        if report is not None:
            _catalog.reports.append(report)
            originals.add(str(PurePosixPath(file.src_uri).parent / str(report.meta.get("source_file"))))
    for file in list(files):
        if file.src_uri in originals and file.src_uri.lower().endswith(_INERT_SUFFIXES):
            files.remove(file)
            files.append(File.generated(config, file.src_uri + ".txt", abs_src_path=file.abs_src_path))
    for src_uri, markdown in generated_pages(_catalog):
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=markdown))
    return files


def _section_title(section: Section) -> str:
    folder = section.title
    if _CODE.match(folder):
        return place_name(folder)
    if _YEAR.match(folder):
        return f"{folder}年"
    return {"Years": "按年度浏览", "years": "按年度浏览"}.get(folder, folder)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    stack: list[Any] = list(nav.items)
    while stack:
        item = stack.pop()
        if isinstance(item, Section):
            item.title = _section_title(item)
            stack.extend(item.children)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Titles come from submissions; MkDocs' templates print them unescaped, so escape them once here.
    if page.meta.get("title") is not None:
        page.title = Markup(escape(str(page.meta["title"])))  # type: ignore[assignment]
    return markdown


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if "source_sha256" in page.meta and page.file.abs_src_path:
        context["report"] = report_view(page, config, Path(page.file.abs_src_path).parent, _INERT_SUFFIXES)
    return context
