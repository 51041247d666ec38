"""External converters (pandoc, LibreOffice) run under a memory ceiling and a time limit.

A submission is untrusted input: a 1.5 MB .docx whose XML inflates to gigabytes took pandoc to 5 GB. Every
converter we start runs in a child whose address space is capped (`RLIMIT_AS`, from its exec on) and
is killed after a deadline, so no input can take down a CI runner; a converter that hits either limit is an
InputError naming the file, like any other unreadable input.
"""

from __future__ import annotations

import functools
import resource
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from gongkai.read.base import InputError, os_problem

MEMORY_LIMIT_BYTES = 2 * 1024**3
TIME_LIMIT_SECONDS = 120


@functools.cache
def _prlimit() -> str | None:
    return shutil.which("prlimit")  # util-linux, essential in Debian


def _cap_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_limited(
    path: Path | str,
    command: Sequence[str],
    *,
    input_bytes: bytes | None = None,
    what: str,
    timeout: float = TIME_LIMIT_SECONDS,
    memory: int = MEMORY_LIMIT_BYTES,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `command` with the limits; its result whatever its exit code (the caller reads stderr).

    The ceiling must hold from exec on (pandoc's runtime sizes its reservations at start-up), so it is set by
    util-linux's prlimit wrapping the command; without prlimit, by a preexec_fn, which works the same but forces
    Python's slow spawn path (about 8 ms a call). `what` names the converter in the message a clerk sees.
    """
    wrapper = _prlimit()
    argv = [wrapper, f"--as={memory}", "--", *command] if wrapper else list(command)
    try:
        return subprocess.run(
            argv,
            input=input_bytes,
            capture_output=True,
            check=False,
            timeout=timeout,
            cwd=cwd,
            preexec_fn=None if wrapper else functools.partial(_cap_memory, memory),  # noqa: PLW1509
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            path, f"{what} 处理此文件超过 {timeout:.0f} 秒仍未完成，已中止（文件可能异常或被构造过）"
        ) from None
    except OSError as error:
        raise InputError(path, f"无法启动 {what}（{os_problem(error)}）") from None


def exceeded_memory(result: subprocess.CompletedProcess[bytes]) -> bool:
    """The child died for want of memory: pandoc's runtime says "Heap exhausted", C programs get std::bad_alloc
    or are killed by a signal after a failed allocation."""
    stderr = result.stderr.decode("utf-8", "replace")
    return (
        result.returncode < 0
        or "Heap exhausted" in stderr
        or "bad_alloc" in stderr
        or "out of memory" in stderr.lower()
    )
