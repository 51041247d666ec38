"""Builds taking turns: this machine's speed moves by a third within minutes, so two builds compared are run one
after the other, again and again, the order alternating from round to round, rather than all of one and then all
of the other. Used by bench_against.py (this code against an older commit) and bench_feature_cost.py --build (the
site with and without issue 17's features)."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Build:
    command: list[str]
    env: dict[str, str]
    root: Path  # the project: its site/ is deleted (untimed) before each build


def take_turns(builds: dict[str, Build], rounds: int, pause: float) -> dict[str, list[tuple[float, float]]]:
    """Each build's wall clock and CPU seconds (user + system of every process it waited for), `rounds` times,
    after a round that is not counted (the checks' memo, the compiled templates and the file system's cache warm,
    as a CI cache keeps them); `pause` seconds before each build, in which the last one's detached deletions (nice
    19) end. Each build is printed as it ends; a failed build ends the bench with its error output."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
    for round_number in range(rounds + 1):
        for name in list(builds) if round_number % 2 == 0 else list(builds)[::-1]:
            build = builds[name]
            shutil.rmtree(build.root / "site", ignore_errors=True)
            time.sleep(pause)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run(build.command, env=build.env, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if result.returncode:
                sys.exit(
                    f"{name}: {' '.join(build.command)} failed (exit {result.returncode}):\n{result.stderr[-3000:]}"
                )
            if round_number:
                cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                runs[name].append((wall, cpu))
                print(f"round {round_number}: {name} {wall:.1f} s, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
    return runs
