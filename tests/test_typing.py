"""The package is typed (mypy --strict over scripts/gongkai finds nothing) and lint-clean (ruff)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "gongkai"],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(command: list[str]) -> None:
    """The lint rules chosen in pyproject.toml ([tool.ruff.lint]) and ruff's formatting (`ruff format` writes it),
    over the package, tests, benchmarks and tools."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "scripts", "tests", "bench", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_never_load_code_from_bench() -> None:
    """Benchmarks import what they share with the tests from tests/ (synthetic.py, scans.py, metadata_scoring.py);
    the reverse would make a benchmark's edit break or skew the tests."""
    loaders = re.compile(r"(sys\.path\.\w+|spec_from_file_location|import_module)\([^)]*bench")
    assert [path.name for path in (ROOT / "tests").glob("*.py") if loaders.search(path.read_text("utf-8"))] == []
