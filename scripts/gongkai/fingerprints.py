"""What kept results are keyed by: where they are kept, and a hash of the code that made them.

`gongkai check` keeps each report's own check and `gongkai build` each province's output in CACHE_FOLDER; both are
reused only while the code (every file of the package) and the versions of what it runs are the same.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib import metadata
from pathlib import Path

import gongkai

CACHE_FOLDER = Path(".cache") / "gongkai"  # under the project root; .gitignore lists it
_TEMPLATES = "templates"
_DISTRIBUTIONS = ("gongkai", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")


def compiled_templates(root: Path) -> Path:
    """Where builds of the project at `root` keep the theme's compiled templates. Jinja keys each by the template's
    name and checks its source's checksum, so an edited template is compiled again."""
    return root / CACHE_FOLDER / _TEMPLATES


def file_stamp(info: os.stat_result) -> tuple[int, ...]:
    """What says a file is unchanged without reading it: size, modification and change times, inode. Any write
    moves the change time, which no tool can set back."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _unchanged(known: tuple[int, ...], now: tuple[int, ...]) -> bool:
    """Whether two (file_stamp, number of links) say the same file, unwritten: the same size, modification time and
    inode, and the same change time unless the file is hard-linked elsewhere, then and now. Each build links every
    original of content/ into the site and the cache and deletes the last build's links, which moves the change
    time without writing the file: every original was read and hashed again at each build (50,000 of them: 7–10 s
    of a 50,000-report build's comparing). A linked file (an original) is trusted, as `gongkai check` trusts an
    original by its size and modification time; a file of one link (a report's Markdown) is read again whenever
    its change time moved, so an edit that sets the modification time back is still seen."""
    linked = known[4] > 1 and now[4] > 1
    return known[:2] == now[:2] and known[3] == now[3] and (known[2] == now[2] or linked)


class HashMemo:
    """Files' sha256 kept with their file_stamp and number of links, as git's index keeps them: a file that is
    _unchanged is not read again, an edited one always is. Without a path nothing is kept between runs."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known: dict[str, tuple[tuple[int, ...], bytes]] = {}
        self.used: dict[str, tuple[tuple[int, ...], bytes]] = {}
        if path is None:
            return
        try:
            self.known = pickle.loads(path.read_bytes())  # noqa: S301 - written by this class
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
            self.known = {}

    def sha256(self, entry: os.DirEntry[str]) -> bytes:
        info = entry.stat(follow_symlinks=False)
        stamp = (*file_stamp(info), info.st_nlink)
        known = self.known.get(entry.path)
        digest = (
            known[1]
            if known is not None and len(known[0]) == len(stamp) and _unchanged(known[0], stamp)
            else hashlib.sha256(Path(entry.path).read_bytes()).digest()
        )
        self.used[entry.path] = (stamp, digest)
        return digest

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.used))
        except OSError:  # a read-only checkout hashes everything again next time, nothing worse
            pass


def files_below(folder: Path) -> list[os.DirEntry[str]]:
    """Every regular file below `folder`; links are not followed, caches skipped."""
    found: list[os.DirEntry[str]] = []
    pending = [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink() or entry.name == "__pycache__":
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    found.append(entry)
    return found


def hash_tree(digest: hashlib._Hash, folder: Path, base: Path, memo: HashMemo | None = None) -> None:
    """Every file below `folder` (path relative to `base`, and bytes), in a stable order; links and caches are
    not followed."""
    if not folder.is_dir():
        return
    memo = memo or HashMemo()
    prefix = len(str(base)) + 1
    for entry in sorted(files_below(folder), key=lambda entry: entry.path):
        digest.update(entry.path[prefix:].replace(os.sep, "/").encode() + b"\0")
        digest.update(memo.sha256(entry))


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
