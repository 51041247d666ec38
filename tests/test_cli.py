"""The CLI contract, end to end through the real `gongkai` command: convert, ingest, check, build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parent / "cases"
GONGKAI = [sys.executable, "-m", "gongkai.cli"]

EXPECTED_PLACE_AND_YEAR = {
    "000-fengdu-shuanglu": ("重庆市", "丰都县", "500230", 2024),
    "000-fengdu-shuanglu-gb18030": ("重庆市", "丰都县", "500230", 2024),
    "002-dazu-youting": ("重庆市", "大足区", "500111", 2024),
    "002-dazu-youting-pdf": ("重庆市", "大足区", "500111", 2024),
    "003-taoyuan-jiaqiao": ("湖南省", "桃源县", "430725", 2024),
    "003-taoyuan-jiaqiao-gbk": ("湖南省", "桃源县", "430725", 2024),
    "004-lushan-beizi": ("河南省", "鲁山县", "410423", 2024),
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GONGKAI, *args], capture_output=True, text=True, cwd=cwd, env=os.environ.copy(), check=False
    )


def _input(case: str) -> Path:
    (found,) = (CASES / case).glob("input.*")
    return found


def test_convert_json_prints_one_object_per_file_with_county_and_year() -> None:
    cases = sorted(EXPECTED_PLACE_AND_YEAR)
    result = run("convert", "--json", *(str(_input(case)) for case in cases))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(cases)
    for case, line in zip(cases, lines, strict=True):
        data = json.loads(line)
        province, county, county_code, year = EXPECTED_PLACE_AND_YEAR[case]
        assert (data["province"], data["county"], data["county_code"], data["report_year"]) == (
            province,
            county,
            county_code,
            year,
        ), case


def test_convert_prints_markdown_with_front_matter(tmp_path: Path) -> None:
    result = run("convert", str(_input("004-lushan-beizi")))
    assert result.returncode == 0
    assert result.stdout.startswith("---\ntitle: 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n")
    assert "\n# 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n" in result.stdout


def test_convert_output_dir_writes_markdown_files(tmp_path: Path) -> None:
    result = run("convert", "-o", str(tmp_path), str(_input("000-fengdu-shuanglu")))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "input.md").read_text("utf-8").startswith("---\n")


def test_convert_bad_file_one_line_on_stderr_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "空白 报告.docx"
    bad.write_bytes(b"")
    good = _input("000-fengdu-shuanglu-gb18030")
    result = run("convert", "--json", str(bad), str(good))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"{bad}: 文件是空的"]
    assert len(result.stdout.splitlines()) == 1  # the good file still converts


def test_convert_writes_nothing_to_content(project: Path) -> None:
    run("convert", str(_input("004-lushan-beizi")), cwd=project)
    assert list((project / "content").rglob("*.md")) == []


def test_ingest_check_build_end_to_end(project: Path) -> None:
    for case in ("000-fengdu-shuanglu-gb18030", "002-dazu-youting", "003-taoyuan-jiaqiao-gbk", "004-lushan-beizi"):
        source = _input(case)
        shutil.copy(source, project / "inbox" / f"{case}{source.suffix}")
    result = run("ingest", cwd=project)
    assert result.returncode == 0, result.stderr
    assert list((project / "inbox").iterdir()) == []
    report = project / "content" / "500000" / "500111" / "2024" / "500111116-fzzf.md"
    assert report.is_file()
    assert (report.parent / "500111116-fzzf.docx").read_bytes() == _input("002-dazu-youting").read_bytes()
    assert run("check", cwd=project).returncode == 0
    built = run("build", cwd=project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    built_home = (site / "index.html").read_text("utf-8")
    for page in (
        "index.html",
        "500000/index.html",
        "500000/500111/index.html",
        "500000/500111/2024/index.html",
        "500000/500111/2024/500111116-fzzf/index.html",
        "410000/410423/2024/410423208-fzzf/index.html",
    ):
        assert (site / page).is_file(), page
    year_index = (site / "500000/500111/2024/index.html").read_text("utf-8")
    assert "关于邮亭镇人民政府法治政府建设情况报告" in year_index and "邮亭委文〔2025〕1号" in year_index
    report_page = (site / "500000/500111/2024/500111116-fzzf/index.html").read_text("utf-8")
    assert "重庆市大足区邮亭镇人民政府" in report_page and "2025年1月8日" in report_page
    assert "本地预览构建" in built.stderr  # mkdocs.yml's example address: a preview, and it says so

    # A build to publish is refused with the example address, and takes the real one from --site-url.
    refused = run("build", "--deploy", cwd=project)
    assert refused.returncode == 1 and "site_url" in refused.stderr and "example.gov.cn" in refused.stderr
    assert (site / "index.html").read_text("utf-8") == built_home  # the previous site stays
    published = run("build", "--deploy", "--site-url", "https://someone.github.io/gongkai", cwd=project)
    assert published.returncode == 0, published.stderr
    page = (site / "500000/500111/2024/500111116-fzzf/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://someone.github.io/gongkai/500000/500111/2024/500111116-fzzf/">' in page
    assert "https://someone.github.io/gongkai/" in (site / "sitemap.xml").read_text("utf-8")
    assert "example.gov.cn" not in (site / "feed.xml").read_text("utf-8")


def test_check_fails_on_an_empty_content_folder(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == 1


def test_shipped_content_is_what_the_pipeline_makes_of_the_samples(tmp_path: Path) -> None:
    """content/ is never hand-written: re-converting every shipped report changes nothing."""
    from gongkai import config as settings
    from gongkai.ingest import reconvert

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content")
    shutil.copy(root / "pyproject.toml", tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    results = reconvert(settings.load(tmp_path), dry_run=True)
    assert len(results) == 4
    assert [
        (result.markdown.name, result.updated, result.kept, result.error)
        for result in results
        if result.updated or result.kept or result.error
    ] == []
