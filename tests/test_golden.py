"""Golden files: each case's input converts to exactly its expected.md (front matter and body).

Regenerate with `pytest tests/test_golden.py --update-goldens` and read the diff as a reviewer would.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gongkai import config
from gongkai.pipeline import convert_file

CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(path for path in CASES.iterdir() if path.is_dir() and any(path.glob("input.*")))


def _input(case: Path) -> Path:
    (found,) = case.glob("input.*")
    return found


def _source_url(case: Path) -> str | None:
    settings = case / "case.toml"
    if not settings.is_file():
        return None
    value = tomllib.loads(settings.read_text("utf-8")).get("source_url")
    return str(value) if value else None


@pytest.mark.parametrize("case", CASE_DIRS, ids=[case.name for case in CASE_DIRS])
def test_converts_to_expected_markdown(case: Path, update_goldens: bool) -> None:
    conversion = convert_file(_input(case), config.load(case), source_url=_source_url(case))
    expected = case / "expected.md"
    if update_goldens or not expected.exists():
        expected.write_text(conversion.markdown, encoding="utf-8")
        if not update_goldens:
            pytest.fail(f"{expected} did not exist; written now: review it and commit it")
    assert conversion.markdown == expected.read_text("utf-8")


def test_every_case_has_an_expected_file() -> None:
    assert CASE_DIRS, "no golden cases found"
    assert all((case / "expected.md").is_file() for case in CASE_DIRS)
