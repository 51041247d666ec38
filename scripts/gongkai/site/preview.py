"""`gongkai serve`: the site as `gongkai build` makes it, served on 127.0.0.1 and rebuilt when a file changes.

A preview is the build itself, checks and all, so a clerk sees what will be published. Rebuilding reuses what
`gongkai build` reuses (from 1,000 reports, every province whose files did not change, gongkai.site.cache), so a
fix to one report shows after that province and the portal pages are rebuilt, not the whole site. A build that
fails (a report the check refuses) leaves the last good site served and says why. MkDocs' own `mkdocs serve`
rebuilds everything in one process on every change: minutes at 10,000 reports.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from gongkai.config import Config
from gongkai.site.build import build_site, site_url

SETTINGS = ("mkdocs.yml", "pyproject.toml")  # files at the project root the site is built from
QUIET_SECONDS = 0.8  # rebuild once the files have stopped changing for this long (an editor saves in bursts)


class _Changes(FileSystemEventHandler):
    """Notes the time of the last change to what the site is built from: content/, site_overrides/, mkdocs.yml,
    pyproject.toml (never site/, the cache, a build's staging folders or an editor's swap files)."""

    def __init__(self, config: Config) -> None:
        self.root = config.root
        self.sources = (config.content_dir, config.root / "site_overrides")
        self.last: float | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        path = Path(str(event.src_path))
        inside = any(path.is_relative_to(source) for source in self.sources)
        if not inside and not (path.parent == self.root and path.name in SETTINGS):
            return
        if path.name.startswith(".") or path.name.endswith("~"):
            return
        self.last = time.monotonic()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under the published address's path (/gongkai/), as a web server would; / redirects there."""

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix  # before the base class, which handles the request in its __init__
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not self.path.startswith(self.prefix):
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:  # the base class's signature; quiet
        pass


def serve_site(config: Config, port: int) -> None:
    """Build, serve, and rebuild on every change to content/, site_overrides/, mkdocs.yml or pyproject.toml until
    interrupted (Ctrl+C)."""
    prefix = urlsplit(site_url(config)).path or "/"
    build_site(config)
    handler = functools.partial(_Handler, prefix=prefix, directory=str(config.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    changes = _Changes(config)
    observer = Observer()
    for watched in changes.sources:
        if watched.is_dir():
            observer.schedule(changes, str(watched), recursive=True)
    observer.schedule(changes, str(config.root), recursive=False)  # SETTINGS
    observer.start()
    print(f"预览：http://127.0.0.1:{port}{prefix}（修改报告或模板后自动重新构建，刷新浏览器即可看到；按 Ctrl+C 结束）")
    try:
        while True:
            time.sleep(0.2)
            if changes.last is not None and time.monotonic() - changes.last > QUIET_SECONDS:
                changes.last = None
                if build_site(config) == 0:
                    print("已重新构建，刷新浏览器即可看到。")
                else:
                    print("重新构建失败（见上面的错误），预览的仍是上一次构建的站点。")
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
