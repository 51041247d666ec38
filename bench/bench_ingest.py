"""Ingest throughput: N synthetic .docx reports with -j1 and -j2 (target: ≥ 30 docx/s with -j2 on 2 cores).

Usage: .venv/bin/python bench/bench_ingest.py [N]   (default 200). Prints one table row per worker count.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from gongkai import config as settings  # noqa: E402
from gongkai.ingest import ingest  # noqa: E402
from synthetic import make_corpus  # noqa: E402


def run(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as work:
        sources = make_corpus(Path(work) / "submissions", count)
        print("| files | -j | seconds | docx/s | added | failed |\n|---|---|---|---|---|---|")
        for workers in (1, 2):
            root = Path(work) / f"project-j{workers}"
            (root / "content").mkdir(parents=True)
            (root / "mkdocs.yml").write_text("site_name: bench\n", "utf-8")
            config = settings.load(root)
            start = time.perf_counter()
            outcomes = ingest(sources, config, workers=workers, keep=True)
            seconds = time.perf_counter() - start
            added = sum(outcome.status == "added" for outcome in outcomes)
            failed = sum(outcome.status == "failed" for outcome in outcomes)
            print(f"| {len(sources)} | {workers} | {seconds:.2f} | {len(sources) / seconds:.1f} | {added} | {failed} |")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
