"""What `gongkai build` works out and starts before anything else: the shards content/ holds (provinces, and the
unplaced reports' folder), whether the build is parallel, and the processes that build groups of shards.

Kept light on purpose (no MkDocs, no site module, not the store's front-matter model: gongkai.layout names the
shards): the command line imports it and starts the group processes before it loads the rest of the build, so
that their own start (Python, MkDocs, Material, the plugin and the gazetteer: about 0.8 s of a busy machine)
overlaps this process's (0.5 s), which an incremental build of one province waited for. Importing the store
with it started them 0.2 s later.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.config import Config
from gongkai.layout import is_shard

if TYPE_CHECKING:
    from gongkai.site.cache import Held
    from gongkai.site.page_reuse import Earlier

PARALLEL_FROM = 1000  # reports
WAIT_FOR_GROUP = "-"  # `gongkai build --province -`: the provinces come on standard input (GroupProcesses)
# Set by `gongkai build --site-url` and `--deploy`, read by every build process of one `gongkai build`.
SITE_URL_VARIABLE = "GONGKAI_SITE_URL"
DEPLOY_VARIABLE = "GONGKAI_DEPLOY"


def provinces(config: Config) -> list[str]:
    """The shards of a sharded build: province codes that have reports under content/, and _unsorted (reports
    whose place is not known yet) if it has any."""
    return sorted(
        path.name
        for path in config.content_dir.iterdir()
        if path.is_dir() and is_shard(path.name) and any(path.rglob("*.md"))
    )


def _markdown_files_below(folder: Path) -> int:
    """By os.walk, in a third of Path.rglob's time (0.07 s at 10,000 reports, before any group process starts)."""
    return sum(name.endswith(".md") for _folder, _subfolders, names in os.walk(folder) for name in names)


@dataclass(frozen=True)
class Parallel:
    """How a build of the whole site runs: the reports of each shard, how many processes build groups of shards at
    once, and whether each shard is a group of its own. Not `sharded`: one MkDocs build, no group processes."""

    sizes: dict[str, int]
    jobs: int
    per_province: bool

    @classmethod
    def of(cls, config: Config, jobs: int | None, per_province: bool) -> Parallel:
        """By default one process per CPU from PARALLEL_FROM reports on; below, starting processes costs more."""
        sizes = {code: _markdown_files_below(config.content_dir / code) for code in provinces(config)}
        if jobs is None:
            jobs = max(1, os.cpu_count() or 1) if sum(sizes.values()) >= PARALLEL_FROM else 1
        return cls(sizes, jobs, per_province)

    @property
    def sharded(self) -> bool:
        return self.jobs > 1 or self.per_province


class GroupProcesses:
    """The `gongkai build --province -` processes of a parallel build. Some are started before the plan and the
    others as soon as it is made, so that what each does first (start Python, load MkDocs, Material, the plugin and
    the gazetteer) overlaps what the build does meanwhile; each then waits on its standard input for one line
    naming the group of provinces it builds and where (nothing: the check failed, or fewer groups are stale, and
    it ends)."""

    def __init__(self, config: Config, strict: bool, count: int) -> None:
        self._command = [
            sys.executable,
            "-m",
            "gongkai.cli",
            "build",
            "--strict" if strict else "--no-strict",
            "--validated",
            "--province",
            WAIT_FOR_GROUP,
        ]
        self._env = {**os.environ, "GONGKAI_ROOT": str(config.root)}
        self._started: list[subprocess.Popen[str]] = []
        self._waiting: list[subprocess.Popen[str]] = []
        self._stopped = False
        self.start_waiting(count)

    def start_waiting(self, count: int) -> None:
        """As many processes waiting for a group as `count`."""
        while len(self._waiting) < count:
            self._waiting.append(self._start())

    def _start(self) -> subprocess.Popen[str]:
        process = subprocess.Popen(self._command, env=self._env, stdin=subprocess.PIPE, text=True)  # noqa: S603
        self._started.append(process)
        return process

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Every group's build ended now (the checks failed: nothing of it will be kept), and no other begun."""
        self._stopped = True
        for process in self._started:
            if process.poll() is None:
                process.terminate()

    def close(self) -> None:
        """The processes no group was given end."""
        while self._waiting:
            process = self._waiting.pop()
            if process.stdin:
                process.stdin.close()
            process.wait()

    def build(self, site_dir: Path, codes: list[str], catalog_out: Path | None, earlier: Earlier, held: Held) -> int:
        """One group built into `site_dir` by a waiting process, or by a new one; its exit status."""
        if self._stopped:
            return 1
        try:
            process = self._waiting.pop()  # atomic: threads of the build call this
        except IndexError:
            process = self._start()
        assert process.stdin is not None
        request = {
            "site_dir": str(site_dir),
            "codes": codes,
            "catalog_out": str(catalog_out) if catalog_out else None,
            "earlier": earlier.as_json(),
            "held": held.as_json(),
        }
        # One line (JSON has no line break of its own): the process reads a line, not to the end of its input, which
        # comes only once every process holding the pipe has closed it, and the build's forked checks hold it until
        # they end (after a code change at 10,000 reports, the groups waited 2.5 s for them).
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.close()
        return process.wait()


@contextlib.contextmanager
def started(config: Config, strict: bool, parallel: Parallel, clean: bool) -> Iterator[GroupProcesses | None]:
    """The group processes of a parallel build, started now (None if the build is not parallel): one, unless the
    build is clean, when every group is stale and each needs its process; the others once the plan is made."""
    if not parallel.sharded:
        yield None
        return
    processes = GroupProcesses(config, strict, min(parallel.jobs, len(parallel.sizes)) if clean else 1)
    try:
        yield processes
    finally:
        processes.close()
