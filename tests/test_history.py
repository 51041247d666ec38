"""本机关历年报告: an organ with reports of two years gets a page listing them with their statuses, and each of its
reports links there."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from gongkai.config import load
from gongkai.site import render_cache
from gongkai.site.build import _mkdocs_build
from gongkai.site.organ_pages import ORGAN_FOLDER
from synthetic import copy_project, run_gongkai, write_corpus

pytestmark = pytest.mark.slow

SHUANGLU = Path("content/500000/500230/2024/500230111-fzzf.md")


def test_an_organ_with_two_years_of_reports_has_its_history_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    source = root / SHUANGLU
    original = source.with_suffix(".txt").read_bytes().replace("2024".encode("gb18030"), "2023".encode("gb18030"))
    folder = root / "content/500000/500230/2023"
    folder.mkdir()
    (folder / "500230111-fzzf.txt").write_bytes(original)
    meta, body = source.read_text("utf-8").removeprefix("---\n").split("\n---\n", 1)
    data = yaml.safe_load(meta)
    data.update(
        title=data["title"].replace("2024", "2023"),
        report_year=2023,
        published_date=None,
        source_sha256=hashlib.sha256(original).hexdigest(),
    )
    (folder / "500230111-fzzf.md").write_text(
        f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}", "utf-8"
    )
    run_gongkai(root, "build")
    site = root / "site"
    report = BeautifulSoup((site / "500000/500230/2024/500230111-fzzf/index.html").read_text("utf-8"), "lxml")
    link = report.select_one("section.report-compliance a[href*='organs/']")
    assert link is not None and "本机关" in (link.find_previous("dt").get_text() or "")
    history = (site / "500000/500230/2024/500230111-fzzf" / str(link["href"]) / "index.html").resolve()
    page = BeautifulSoup(history.read_text("utf-8"), "lxml")
    assert page.h1 is not None and page.h1.get_text().endswith("历年报告")
    # Its breadcrumb is its county's (首页 › 重庆市 › the county), as the report's begins: no folder of its own
    # (MkDocs would show "Organs" and the organ's hexadecimal key).
    crumbs = [crumb.get_text(strip=True) for crumb in page.select("nav.md-path a")]
    assert crumbs == [crumb.get_text(strip=True) for crumb in report.select("nav.md-path a")][:3]
    years = [row.find("td").get_text() for row in page.select("article table tbody tr")]
    assert years == ["2024年", "2023年"]
    address = history.parent.relative_to(site.resolve()).as_posix()
    assert f"{address}/</loc>" in (site / "sitemap.xml").read_text("utf-8")  # written after MkDocs' pages, listed
    beizi = BeautifulSoup((site / "410000/410423/2024/410423208-fzzf/index.html").read_text("utf-8"), "lxml")
    assert beizi.select_one("section.report-compliance a[href*='organs/']") is None  # one year only: no page
    stats = BeautifulSoup((site / "stats/index.html").read_text("utf-8"), "lxml")
    row = next(
        r
        for r in stats.select("article table tbody tr")
        if r.td and r.td.get_text() == "重庆市" and "2024年" in r.get_text()
    )
    assert row.find_all("td")[-1].get_text() == "100%（1 篇）"  # the 2024 report repeats all of its 2023 one


def test_organ_pages_rendered_from_their_folders_shell_are_what_material_renders_for_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """render_cache.ShellPerFolder renders the theme's output once for the organ pages of a county and puts each
    page's title, address and content in: built again with every organ page rendered by main.html itself, every
    page is the same. An organ whose name Material's filters would print in two ways is rendered alone. Written
    after MkDocs' own pages, the organ pages are in no previous/next chain."""
    project = tmp_path / "project"
    root = copy_project(project)
    written = write_corpus(root / "content", 24, years=(2022, 2023), layout="county")
    hostile = [path for path in written if path.name == written[0].name]  # one township's reports of both years
    assert len(hostile) == 2
    for path in hostile:
        text = path.read_text("utf-8")
        organ = yaml.safe_load(text.removeprefix("---\n").split("\n---\n", 1)[0])["publisher"]
        path.write_text(text.replace(f"publisher: {organ}", "publisher: 某某&<b>镇</b>人民政府"), "utf-8")
    # A title that compacting would change (a line break and an indent) is listed on its organ's page: put into
    # the compacted shell as it is, it would differ from the page compacted whole, so that page is rendered alone.
    spaced = next(path for path in written if path.name == written[1].name and "2022" in path.parts)
    text = spaced.read_text("utf-8")
    title = yaml.safe_load(text.removeprefix("---\n").split("\n---\n", 1)[0])["title"]
    spaced.write_text(text.replace(f"title: {title}", f'title: "{title}\\n   （续）"', 1), "utf-8")
    shells: list[str] = []
    shell = render_cache.ShellPerFolder._shell
    monkeypatch.setattr(
        render_cache.ShellPerFolder,
        "_shell",
        lambda self, page, context: shells.append(page.url) or shell(self, page, context),
    )
    assert _mkdocs_build(load(root), root / "site", strict=True) is not None
    organ_pages = sorted((root / "site").glob(f"*/*/{ORGAN_FOLDER}/*/index.html"))
    assert len(organ_pages) >= 10
    assert 0 < len(shells) < len(organ_pages) // 2  # one shell a county
    assert any("某某&amp;&lt;b&gt;镇" in page.read_text("utf-8") for page in organ_pages)
    assert any("\n（续）" in page.read_text("utf-8") for page in organ_pages)
    pages = sorted((root / "site").rglob("*.html"))
    neighbours = re.compile(r'<link rel="(?:prev|next)" href="([^"]*)"')
    for path in pages:
        text = path.read_text("utf-8")
        linked = [(path.parent / href).resolve() for href in neighbours.findall(text)]
        assert not any(ORGAN_FOLDER in target.parts for target in linked), path
        assert ORGAN_FOLDER not in path.parts or not linked, path

    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns("site"))
    monkeypatch.setattr(render_cache.ShellPerFolder, "_key", lambda self, page, context: None)  # each page alone
    assert _mkdocs_build(load(plain), plain / "site", strict=True) is not None
    assert len(pages) == len(list((plain / "site").rglob("*.html")))
    for path in pages:
        relative = path.relative_to(root / "site")
        assert path.read_text("utf-8") == (plain / "site" / relative).read_text("utf-8"), relative
