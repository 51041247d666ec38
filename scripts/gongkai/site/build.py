"""`gongkai build` and `gongkai serve`: MkDocs with the project's mkdocs.yml, run from the project root, then the
Pagefind search index over the built pages.

The hooks always come from this installed package (mkdocs.yml's `hooks:` path serves a plain `mkdocs build` in
the repository), so a project folder needs no copy of the code: tests and the benchmark build throw-away ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from gongkai.config import Config
from gongkai.site import search_index

HOOKS = str(Path(__file__).with_name("hooks.py"))
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


def build_site(config: Config, strict: bool = True) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    with _in_root(config.root):
        try:
            mkdocs_config = load_config(str(config.root / "mkdocs.yml"), strict=strict, site_dir=str(config.site_dir),
                                        hooks=[HOOKS])
            build(mkdocs_config)
        except (Abort, ConfigurationError) as error:
            log.error("站点构建失败：%s", error)
            return 1
    try:
        indexed = search_index.index_site(config.site_dir)
    except subprocess.CalledProcessError as error:
        log.error("检索索引生成失败（Pagefind 退出码 %s）：请检查上方 Pagefind 的输出", error.returncode)
        return 1
    print(f"站点已生成：{config.site_dir / 'index.html'}（全文检索收录报告 {indexed} 篇）")
    return 0


def serve_site(config: Config, port: int) -> None:
    """Live preview; full-text search needs the index, which only `gongkai build` writes (into site/)."""
    with _in_root(config.root):
        serve(str(config.root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}", hooks=[HOOKS])
