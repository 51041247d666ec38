"""The package is typed (mypy --strict over scripts/gongkai finds nothing) and lint-clean (ruff)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "gongkai"],
        cwd=ROOT / "scripts", capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    """The lint rules chosen in pyproject.toml ([tool.ruff.lint]) over the package, tests, benchmarks and tools."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "scripts", "tests", "bench", "tools"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
