"""Rebuilding after one new report: incremental (`gongkai build`, reusing unchanged provinces from .cache/gongkai/)
against a from-scratch build (`gongkai build --clean`) of the same project.

Usage: .venv/bin/python bench/bench_incremental.py [N ...] [--builds 3] [--keep DIR]
(default N = 10000; synthetic reports written as Markdown, county layout, as bench_site.py --no-ingest). Prints,
per N, the median (min–max) wall-clock seconds of `builds` clean builds, of `builds` incremental builds each after
one new report (each right after a clean build), and of a build after no change, and the incremental/clean ratio
(of the medians, then of each pair); and where an incremental build's time goes (from its log). Figures, not a
timed test.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic import copy_project, write_corpus  # noqa: E402

GONGKAI = str(Path(sys.executable).parent / "gongkai")


def _build(root: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [GONGKAI, "build", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GONGKAI_ROOT": str(root)},
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return elapsed, result.stderr


def _figure(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} s ({min(times):.1f}–{max(times):.1f})"


def measure(root: Path, count: int, builds: int) -> None:
    write_corpus(copy_project(root, with_content=False) / "content", count, layout="county")
    clean: list[float] = []
    incremental: list[float] = []
    log = ""
    # Taking turns, a clean build and then one new report: this machine's speed moves by a third within minutes,
    # and all clean builds first, then all incremental ones, measured the ratio across those moves.
    for number in range(builds):
        clean.append(_build(root, "--clean")[0])
        write_corpus(root / "content", 1, years=(2019,), seed=10_000 + number)  # a report of a year not yet there
        elapsed, log = _build(root)
        incremental.append(elapsed)
    unchanged, _ = _build(root)
    ratio = statistics.median(incremental) / statistics.median(clean)
    pairs = ", ".join(f"{new / full:.0%}" for full, new in zip(clean, incremental, strict=True))
    print(f"| {count:,} | {_figure(clean)} | {_figure(incremental)} | {unchanged:.1f} s | {ratio:.0%} ({pairs}) |")
    steps = re.findall(
        r"(检查用时 .*|增量构建：.*|沿用上次构建的页面 .*|分站 .* 用时 .*|门户页面用时 .*|检索索引与站点地图用时 .*)",
        log,
    )
    print("  last incremental build: " + "; ".join(steps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[10000])
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build under DIR/<N>/ and keep it (default: a temp dir)")
    arguments = parser.parse_args()
    print("| N | clean build | incremental, one new report | no change | incremental / clean |")
    print("|---|---|---|---|---|")
    for count in arguments.counts:
        if arguments.keep:
            measure(arguments.keep / str(count), count, arguments.builds)
        else:
            with tempfile.TemporaryDirectory() as folder:
                measure(Path(folder) / "project", count, arguments.builds)


if __name__ == "__main__":
    main()
