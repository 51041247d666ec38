"""`gongkai check`: each problem a clerk can make in front matter gives one `path:line: problem` line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai import config as settings
from gongkai.check import check_content
from gongkai.ingest import ingest

CASES = Path(__file__).resolve().parent / "cases"
REPORT = "content/410000/410423/2024/410423208-fzzf.md"


@pytest.fixture
def ingested(project: Path) -> Path:
    shutil.copy(CASES / "004-lushan-beizi" / "input.docx", project / "inbox" / "report.docx")
    ingest([project / "inbox"], settings.load(project))
    return project


def _edit(project: Path, old: str, new: str) -> None:
    path = project / REPORT
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(project: Path, prefix: str) -> int:
    lines = (project / REPORT).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def test_a_clean_report_passes(ingested: Path) -> None:
    errors, _warnings, checked = check_content(settings.load(ingested))
    assert (errors, checked) == ([], 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("county_code: '410423'", "county_code: '500111'", "county_code", "不符"),
        ("county_code: '410423'", "county_code: '419999'", "county_code", "不是有效的行政区划代码"),
        ("town_code: '410423208'", "town_code: '500111116'", "town_code", "不属于"),
        ("written_date: null", "written_date: 2025-02-30", "written_date", "成文日期"),
        ("report_year: 2024", "report_year: 二〇二四", "report_year", "报告年度"),
        ("publisher: 鲁山县背孜乡人民政府", "publisher: null", "publisher", "缺少必填项"),
        ("topic: 综合政务", "topci: 综合政务", "topci", "未知字段"),
    ],
)
def test_each_problem_names_the_file_and_line(ingested: Path, old: str, new: str, field: str, message: str) -> None:
    _edit(ingested, old, new)
    errors, _warnings, _checked = check_content(settings.load(ingested))
    expected_prefix = f"{REPORT}:{_line_of(ingested, field + ':')}: "
    assert any(error.startswith(expected_prefix) and message in error for error in errors), errors


def test_broken_yaml_is_reported_with_its_line(ingested: Path) -> None:
    _edit(ingested, "title: ", "title: [")
    errors, _warnings, _checked = check_content(settings.load(ingested))
    assert len(errors) == 1 and errors[0].startswith(f"{REPORT}:") and "YAML" in errors[0]


def test_a_moved_year_is_caught_and_the_right_folder_named(ingested: Path) -> None:
    _edit(ingested, "report_year: 2024", "report_year: 2023")
    errors, _warnings, _checked = check_content(settings.load(ingested))
    assert any("content/410000/410423/2023/" in error for error in errors), errors


def test_a_replaced_original_is_caught(ingested: Path) -> None:
    (ingested / REPORT).with_suffix(".docx").write_bytes(b"other bytes")
    errors, _warnings, _checked = check_content(settings.load(ingested))
    assert any("SHA-256" in error for error in errors), errors


def test_duplicate_reports_fail(ingested: Path) -> None:
    target = ingested / "content/410000/410423/2024/copy.md"
    shutil.copy(ingested / REPORT, target)
    text = target.read_text("utf-8").replace("source_file: 410423208-fzzf.docx", "source_file: copy.docx")
    target.write_text(text, "utf-8")
    shutil.copy((ingested / REPORT).with_suffix(".docx"), target.with_suffix(".docx"))
    errors, _warnings, _checked = check_content(settings.load(ingested))
    assert any("重复" in error for error in errors), errors


def test_late_publication_is_a_warning_not_an_error(ingested: Path) -> None:
    _edit(ingested, "published_date: null", "published_date: 2025-06-30")
    errors, warnings, _checked = check_content(settings.load(ingested))
    assert errors == [] and any("4 月 1 日" in warning for warning in warnings)


def test_a_second_check_remembers_each_report_but_never_a_change(ingested: Path) -> None:
    """check.pickle keeps each report's own result while its bytes and its original's size and time stay the same:
    an edit, a replaced original or a duplicate made since are found as on a first check."""
    config = settings.load(ingested)
    first = check_content(config)
    assert (ingested / ".cache" / "gongkai" / "check.pickle").is_file()
    assert check_content(config) == first and not first.errors
    _edit(ingested, "report_year: 2024", "report_year: 2024x")
    assert any("report_year" in error for error in check_content(config).errors)
    _edit(ingested, "report_year: 2024x", "report_year: 2024")
    assert check_content(config) == first
    original = (ingested / REPORT).with_suffix(".docx")
    original.write_bytes(b"X" * original.stat().st_size)  # the same size: its time tells
    assert any("SHA-256" in error for error in check_content(config).errors)


def test_a_duplicate_found_from_the_memo_leaves_the_memo_as_it_was(ingested: Path) -> None:
    """The message a duplicate adds is the check's of this run, never written into the remembered result."""
    config = settings.load(ingested)
    first = check_content(config)
    target = ingested / "content/410000/410423/2024/copy.md"
    shutil.copy(ingested / REPORT, target)
    for _run in range(2):  # the second run takes the first report's result from the memo
        assert sum("重复" in error for error in check_content(config).errors) == 1
    target.unlink()
    assert check_content(config) == first
