"""`gongkai build` and `gongkai serve`: MkDocs with the project's mkdocs.yml, run from the project root, then the
Pagefind search index over the built pages.

The hooks always come from this installed package (mkdocs.yml's `hooks:` path serves a plain `mkdocs build` in
the repository), so a project folder needs no copy of the code: tests and the benchmark build throw-away ones.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from gongkai.config import Config
from gongkai.site import search_index
from gongkai.site.events import SHARD_SCOPE

HOOKS = str(Path(__file__).with_name("hooks.py"))
PROVINCE = re.compile(r"^\d{6}$")
SHARDS_FILE = "search-shards.json"  # read by assets/search.js: the shards whose indexes it merges
log = logging.getLogger("gongkai")


@contextlib.contextmanager
def _in_root(root: Path) -> Iterator[None]:
    """mkdocs.yml names paths (docs_dir, custom_dir) relative to the project root."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(previous)


def _mkdocs_build(config: Config, site_dir: Path, strict: bool, scope: dict[str, str] | None = None) -> bool:
    with _in_root(config.root):
        try:
            mkdocs_config = load_config(str(config.root / "mkdocs.yml"), strict=strict, site_dir=str(site_dir), hooks=[HOOKS])
            if scope:
                mkdocs_config.extra[SHARD_SCOPE] = scope
            build(mkdocs_config)
        except (Abort, ConfigurationError) as error:
            log.error("站点构建失败：%s", error)
            return False
    return True


def _search_index(site_dir: Path) -> int | None:
    try:
        return search_index.index_site(site_dir)
    except subprocess.CalledProcessError as error:
        log.error("检索索引生成失败（Pagefind 退出码 %s）：请检查上方 Pagefind 的输出", error.returncode)
        return None


def build_site(config: Config, strict: bool = True) -> int:
    """The whole site in one process: MkDocs, then the search index."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    if not _mkdocs_build(config, config.site_dir, strict):
        return 1
    indexed = _search_index(config.site_dir)
    if indexed is None:
        return 1
    (config.site_dir / SHARDS_FILE).write_text("[]", "utf-8")  # one index, in pagefind/
    print(f"站点已生成：{config.site_dir / 'index.html'}（全文检索收录报告 {indexed} 篇）")
    return 0


def provinces(config: Config) -> list[str]:
    """Province codes that have reports under content/: the shards of a sharded build."""
    return sorted(path.name for path in config.content_dir.iterdir() if path.is_dir() and PROVINCE.match(path.name))


def build_province(config: Config, code: str, strict: bool = True) -> int:
    """One province as its own site in site/<code>/, with its own search index: independent of every other
    shard, so shards can be built by separate processes or machines (a CI matrix) and copied together."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    if code not in provinces(config):
        log.error("content/ 下没有省级代码为 %s 的报告", code)
        return 1
    with tempfile.TemporaryDirectory(prefix=f"gongkai-{code}-", dir=config.root) as scratch:
        if not _mkdocs_build(config, Path(scratch), strict, {"province": code}):
            return 1
        target = config.site_dir / code
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(scratch) / code), target)
    indexed = _search_index(target)
    if indexed is None:
        return 1
    print(f"分站已生成：{target / 'index.html'}（全文检索收录报告 {indexed} 篇）")
    return 0


def build_portal(config: Config, strict: bool = True) -> int:
    """The pages above the provinces (home, by-year, search, assets) around shards already in site/<code>/;
    the search page merges every shard's index."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    shards = [code for code in provinces(config) if (config.site_dir / code / "pagefind").is_dir()]
    with tempfile.TemporaryDirectory(prefix="gongkai-portal-", dir=config.root) as scratch:
        if not _mkdocs_build(config, Path(scratch), strict, {"portal": "1"}):
            return 1
        for item in Path(scratch).iterdir():
            target = config.site_dir / item.name
            if target.is_dir():
                shutil.rmtree(target)
            shutil.move(str(item), target)
    (config.site_dir / SHARDS_FILE).write_text(json.dumps(shards), "utf-8")
    print(f"门户已生成：{config.site_dir / 'index.html'}（检索合并 {len(shards)} 个分站）")
    return 0


def build_sharded(config: Config, strict: bool = True, jobs: int = 2) -> int:
    """Every province in its own process (`jobs` at a time), then the portal: what a CI matrix does, on one machine."""
    shutil.rmtree(config.site_dir, ignore_errors=True)
    command = [sys.executable, "-m", "gongkai.cli", "build", "--province"]
    strictness = ["--strict" if strict else "--no-strict"]
    env = {**os.environ, "GONGKAI_ROOT": str(config.root)}
    failed: list[str] = []
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        results = pool.map(lambda code: (code, subprocess.run([*command, code, *strictness], env=env, check=False)),
                           provinces(config))
        failed = [code for code, result in results if result.returncode != 0]
    if failed:
        log.error("分站构建失败：%s", "、".join(failed))
        return 1
    return build_portal(config, strict)


def serve_site(config: Config, port: int) -> None:
    """Live preview; full-text search needs the index, which only `gongkai build` writes (into site/)."""
    with _in_root(config.root):
        serve(str(config.root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}", hooks=[HOOKS])
