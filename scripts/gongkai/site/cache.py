"""Province outputs kept between builds (`.cache/gongkai/`), so that publishing one new report rebuilds only its
province, the pages above the provinces and the merged search index.

A province's output (site/<code>/ with its search segment, and the front matter its build handed to the portal)
depends on: its own files under content/<code>/ (each by its bytes' hash), the set of provinces (each build lists
the others in its navigation), mkdocs.yml, pyproject.toml (gongkai's settings), site_overrides/, the gongkai package
itself (every file of it: a development checkout changes without a version bump), the versions of MkDocs, Material
and Markdown, and the published address. All of that is hashed into one fingerprint; a cached province is reused
only when its fingerprint is the same, so anything uncertain rebuilds. Files are hard-linked between the cache and
site/ where the file system allows (nothing ever writes into a built file: builds write new folders and rename).

A reused province is copied from the cache into the new site, unless site/ still holds it as the last build left
it (published.pickle: its fingerprint and published_stamp): then gongkai.site.build moves that folder into the new
site instead, one rename for 1,000 files. A province that is built again reads its last output here too, and so
does the portal (PORTAL): their pages whose inputs did not change are linked from it (gongkai.site.page_reuse).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from gongkai import store
from gongkai.config import Config
from gongkai.fingerprints import CACHE_FOLDER, HashMemo, code_print, compiled_templates, files_below, hash_tree
from gongkai.layout import is_shard

_CATALOG = "catalog.pickle"
_PUBLISHED = "published.pickle"  # what site/ holds: each province's fingerprint and published_stamp
_FINGERPRINT = "fingerprint"
_OUTPUT = "site"
PORTAL = "portal"  # the entry of the pages above the provinces (no province's code or shard name)
# Copying by hard links is the kernel's work, which threads overlap: restoring 30 cached provinces (33,000 links)
# took 5.4 s in one thread, 2.9 s in four.
LINKING_THREADS = 4


def shared_inputs(config: Config, shards: list[str], address: str) -> str:
    """The hash of what every province's output depends on besides its own content (`address`: the one
    `gongkai build --site-url` gave, or "")."""
    digest = hashlib.sha256(code_print().encode())
    for name in ("mkdocs.yml", "pyproject.toml"):
        path = config.root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    hash_tree(digest, config.root / "site_overrides", config.root)
    digest.update(address.encode() + b"\0")
    digest.update("\n".join(shards).encode())
    return digest.hexdigest()


def fingerprints(config: Config, codes: list[str], shared: str) -> dict[str, str]:
    """The hash of everything the output of each province depends on; content files are read again only where
    their stat changed (HashMemo, kept in .cache/gongkai/)."""
    memo = HashMemo(config.root / CACHE_FOLDER / "file-hashes.pickle")
    prints = {}
    for code in codes:
        digest = hashlib.sha256(shared.encode())
        hash_tree(digest, config.content_dir / code, config.content_dir, memo)
        prints[code] = digest.hexdigest()
    memo.save()
    return prints


@dataclasses.dataclass(frozen=True)
class Held:
    """Where a parallel build's province processes keep what they built (ProvinceCache.store's `held`) until the
    build's checks have passed, and the fingerprint of each province's inputs as the build read them."""

    folder: Path
    prints: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "prints": self.prints}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Held:
        return cls(Path(data["folder"]), dict(data["prints"]))


class ProvinceCache:
    """The cached outputs of one project's provinces: .cache/gongkai/<code>/{fingerprint, site/, catalog.pickle}."""

    def __init__(self, config: Config) -> None:
        self.folder = config.root / CACHE_FOLDER
        self._build = f"{os.getpid()}-{secrets.token_hex(4)}"  # names folders no earlier build left
        self._trash = self.folder / f".trash-{self._build}"
        self._templates = compiled_templates(config.root)  # beside the entries: not one of them

    def _entry(self, code: str) -> Path:
        return self.folder / code

    def catalog(self, code: str) -> Path:
        return self._entry(code) / _CATALOG

    def output(self, code: str) -> Path:
        """Where the last build of province `code` (or PORTAL, the pages above the provinces) is kept (it may not
        be there)."""
        return self._entry(code) / _OUTPUT

    def keep_portal(self, site_dir: Path) -> None:
        """The portal's pages as a build left them in `site_dir` (the provinces' folders left out), for the next
        build to keep those that did not change; replaced whole, as store() replaces a province."""
        with self._replacing(PORTAL, self.folder) as scratch:
            (scratch / _OUTPUT).mkdir()
            for item in site_dir.iterdir():
                if is_shard(item.name):
                    continue
                if item.is_dir():
                    store.link_tree(item, scratch / _OUTPUT / item.name)
                else:
                    store.link_or_copy(item, scratch / _OUTPUT / item.name)

    def has(self, code: str, print_: str) -> bool:
        entry = self._entry(code)
        stamp = entry / _FINGERPRINT
        return (
            stamp.is_file()
            and stamp.read_text("ascii") == print_
            and (entry / _OUTPUT).is_dir()
            and (entry / _CATALOG).is_file()
        )

    def restore(self, codes: list[str], site_dir: Path) -> subprocess.Popen[bytes]:
        """The cached outputs of `codes` into site_dir/<code>/, by a process of its own (hard links are the
        kernel's work: 33,000 of them took 2.9 s, and beside the builds they need no core of this process's); the
        caller waits for it."""
        pairs = [str(path) for code in codes for path in (self._entry(code) / _OUTPUT, site_dir / code)]
        return subprocess.Popen([sys.executable, "-m", "gongkai.site.cache", *pairs])  # noqa: S603 - our own module

    def relink(self, code: str, names: tuple[str, ...], site_dir: Path) -> None:
        """The cached files or folders `names` (paths in a province's output) into site_dir/<code>/ again."""
        for name in names:
            source, target = self._entry(code) / _OUTPUT / name, site_dir / code / name
            if source.is_dir():
                store.link_tree(source, target)
            elif source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                store.link_or_copy(source, target)

    def published(self) -> dict[str, tuple[str, str]]:
        """Province → (fingerprint, published_stamp) of what the last build left in site/ (nothing if unknown)."""
        try:
            found = pickle.loads((self.folder / _PUBLISHED).read_bytes())  # noqa: S301 - written by this class
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
            return {}
        return found if isinstance(found, dict) else {}

    def remember_published(self, published: dict[str, tuple[str, str]]) -> None:
        store.atomic_write(self.folder / _PUBLISHED, pickle.dumps(published), durable=False)

    def store(self, code: str, print_: str, site_dir: Path, catalog: bytes, held: Path | None = None) -> None:
        """Keep site_dir/<code>/ and its front matter under `print_`; written beside and renamed into place, so an
        interrupted build leaves no entry that claims a fingerprint it does not hold. With `held`, into that folder
        instead: a province process keeps its output there until the build's checks have passed (take_held)."""
        with self._replacing(code, held or self.folder) as scratch:
            store.link_tree(site_dir / code, scratch / _OUTPUT)
            (scratch / _CATALOG).write_bytes(catalog)
            (scratch / _FINGERPRINT).write_text(print_, "ascii")  # last: an entry without it is never reused

    def held_folder(self) -> Path:
        """A folder for this build's province processes to keep their outputs in (store's `held`)."""
        return self.folder / f".held-{self._build}"

    def take_held(self, held: Path, prints: dict[str, str]) -> list[str]:
        """The entries kept in `held` under these fingerprints moved into the cache, each replacing the province's
        old one; the rest of `held` thrown away. The provinces taken."""
        taken = []
        for code, print_ in prints.items():
            stamp = held / code / _FINGERPRINT
            if stamp.is_file() and stamp.read_text("ascii") == print_:
                if self._entry(code).exists():
                    self._throw_away(self._entry(code))
                (held / code).rename(self._entry(code))
                taken.append(code)
        self.discard(held)
        return taken

    def discard(self, held: Path) -> None:
        """What province processes kept in `held`, thrown away (the build failed, or it is taken)."""
        if held.exists():
            self._throw_away(held)

    @contextlib.contextmanager
    def _replacing(self, name: str, folder: Path) -> Iterator[Path]:
        """A new entry `name` of `folder` (the cache's, or a held one), filled in a folder beside the entries, then
        renamed into the place of the old one (thrown away)."""
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{name}.{os.getpid()}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        yield scratch
        entry = folder / name
        if entry.exists():
            self._throw_away(entry)
        scratch.rename(entry)

    def forget_others(self, codes: list[str]) -> None:
        """Entries of provinces that no longer have reports, and leftovers of interrupted builds, thrown away."""
        if not self.folder.is_dir():
            return
        kept = {self._entry(code) for code in [*codes, PORTAL]} | {self._trash, self._templates}
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry not in kept:
                self._throw_away(entry)  # files beside them are other caches (check, hashes)

    def empty_trash(self) -> None:
        """What store() replaced and forget_others() found, deleted by a process of its own."""
        if self._trash.exists():
            delete_detached(self._trash)

    def _throw_away(self, entry: Path) -> None:
        self._trash.mkdir(parents=True, exist_ok=True)
        try:
            entry.rename(self._trash / entry.name)  # names are unique: a province's entry is replaced once per build
        except FileNotFoundError:  # an earlier build's trash, deleted meanwhile by its own process
            pass


_DELETE_NICELY = "; ".join(
    [
        "import os, shutil, sys",
        "os.nice(19) if hasattr(os, 'nice') else None",
        "shutil.rmtree(sys.argv[1], ignore_errors=True)",
    ]
)


def delete_detached(folder: Path) -> None:
    """`folder` deleted by a process of its own that the build does not wait for: freeing tens of thousands of
    files takes seconds (the longer when their last links go). At the lowest priority (nice 19): the unlinking is
    kernel time on the build's two cores, which the merge after the groups, or the next build, needs more."""
    quiet = subprocess.DEVNULL
    subprocess.Popen(  # noqa: S603 - our own interpreter and a folder the build named
        [sys.executable, "-c", _DELETE_NICELY, str(folder)],
        stdin=quiet,
        stdout=quiet,
        stderr=quiet,
        start_new_session=True,
    )


def _copy_trees(pairs: list[str]) -> None:
    """Each source folder of `pairs` (source, target, source, target …) copied to its target."""
    with ThreadPoolExecutor(max_workers=LINKING_THREADS) as linking:
        list(
            linking.map(
                lambda pair: store.link_tree(Path(pair[0]), Path(pair[1])), zip(pairs[::2], pairs[1::2], strict=True)
            )
        )


def published_stamp(folder: Path) -> str:
    """What says a province's folder in site/ is still as a build left it: every file's path, size, modification
    time and inode (a file added, removed, replaced or written in place changes it). Not the change time, which
    moves whenever another link to the file (the cache's, an older site's) comes or goes."""
    digest = hashlib.sha256()
    prefix = len(str(folder)) + 1
    for entry in sorted(files_below(folder), key=lambda entry: entry.path):
        info = entry.stat(follow_symlinks=False)
        digest.update(f"{entry.path[prefix:]}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode())
    return digest.hexdigest()


if __name__ == "__main__":  # ProvinceCache.restore
    _copy_trees(sys.argv[1:])
