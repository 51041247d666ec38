"""本机关历年报告: an organ with reports of two years gets a page listing them with their statuses, and each of its
reports links there."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from synthetic import copy_project, run_gongkai

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
    beizi = BeautifulSoup((site / "410000/410423/2024/410423208-fzzf/index.html").read_text("utf-8"), "lxml")
    assert beizi.select_one("section.report-compliance a[href*='organs/']") is None  # one year only: no page
    stats = BeautifulSoup((site / "stats/index.html").read_text("utf-8"), "lxml")
    row = next(
        r
        for r in stats.select("article table tbody tr")
        if r.td and r.td.get_text() == "重庆市" and "2024年" in r.get_text()
    )
    assert row.find_all("td")[-1].get_text() == "100%（1 篇）"  # the 2024 report repeats all of its 2023 one
