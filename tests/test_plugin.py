"""The site plugin's configuration and the shard scopes (the whole site build runs in test_site.py and test_shards.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from gongkai.site import search_index
from gongkai.site.plugin import GongkaiPlugin
from gongkai.site.scope import Mode, ShardScope


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
