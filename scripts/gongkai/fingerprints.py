"""What kept results are keyed by: where they are kept, and a hash of the code that made them.

`gongkai check` keeps each report's own check and `gongkai build` each province's output in CACHE_FOLDER; both are
reused only while the code (every file of the package) and the versions of what it runs are the same.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import gongkai

CACHE_FOLDER = Path(".cache") / "gongkai"  # under the project root; .gitignore lists it
_DISTRIBUTIONS = ("gongkai", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")


def hash_tree(digest: hashlib._Hash, folder: Path, base: Path) -> None:
    """Every file below `folder` (path and bytes), in a stable order; links and caches are not followed."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _versions() -> bytes:
    found = []
    for name in _DISTRIBUTIONS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return "\n".join(found).encode()


def code_print() -> str:
    """The hash of the code that decides any output: the gongkai package (every file of it) and the versions of
    what it runs."""
    digest = hashlib.sha256()
    package = Path(gongkai.__file__).resolve().parent
    hash_tree(digest, package, package)
    digest.update(_versions())
    return digest.hexdigest()
