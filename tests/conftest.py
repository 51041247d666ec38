"""Shared test set-up: the golden-file switch and a throw-away project root for commands that write."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic import copy_project

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/cases/*/expected.md from the current converter; review the diff before committing.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project (mkdocs.yml, pyproject.toml, site_overrides/, inbox/, content/) as GONGKAI_ROOT."""
    root = copy_project(tmp_path / "project", with_content=False)
    (root / "inbox").mkdir()
    monkeypatch.setenv("GONGKAI_ROOT", str(root))
    return root


# --- Site tests (test_site.py, test_browser.py) ------------------------------------------------------------------
# Their session-built site (`built_site`) lives in site_fixtures.py, registered here so it is built once and its
# asserts are rewritten like a test's.
pytest_plugins = ["site_fixtures"]
