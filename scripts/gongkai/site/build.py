"""`gongkai build` and `gongkai serve`: MkDocs with the project's mkdocs.yml, run from the project root."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from gongkai.config import Config


@contextlib.contextmanager
def _in_root(root: Path) -> Iterator[None]:
    """mkdocs.yml names paths (hooks, docs_dir) relative to the project root."""
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
            mkdocs_config = load_config(str(config.root / "mkdocs.yml"), strict=strict, site_dir=str(config.site_dir))
            build(mkdocs_config)
        except (Abort, ConfigurationError) as error:
            logging.getLogger("gongkai").error("站点构建失败：%s", error)
            return 1
    print(f"站点已生成：{config.site_dir / 'index.html'}")
    return 0


def serve_site(config: Config, port: int) -> None:
    with _in_root(config.root):
        serve(str(config.root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}")
