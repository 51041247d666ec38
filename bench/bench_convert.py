"""Milliseconds per file for each input format (median of R runs over the fixture cases).

Usage: .venv/bin/python bench/bench_convert.py [R]   (default 15). Conversion only: read → normalise → extract → write.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from gongkai import config as settings
from gongkai.pipeline import convert_file

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def run(repeats: int) -> None:
    config = settings.load(CASES)
    inputs = sorted(CASES.glob("*/input.*"))
    convert_file(inputs[0], config)  # load the gazetteer and imports once, as a long ingest run would
    print("| case | format | KB | median ms | min ms |\n|---|---|---|---|---|")
    for path in inputs:
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            convert_file(path, config)
            timings.append((time.perf_counter() - start) * 1000)
        size = path.stat().st_size // 1024
        print(
            f"| {path.parent.name} | {path.suffix[1:]} | {size} | {statistics.median(timings):.1f} | {min(timings):.1f} |"
        )


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
