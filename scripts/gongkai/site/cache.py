"""Province outputs kept between builds (`.cache/gongkai/`), so that publishing one new report rebuilds only its
province, the pages above the provinces and the merged search index.

A province's output (site/<code>/ with its search segment, and the front matter its build handed to the portal)
depends on: its own files under content/<code>/ (each by its bytes' hash), the set of provinces (each build lists
the others in its navigation), mkdocs.yml, pyproject.toml (gongkai's settings), site_overrides/, the gongkai package
itself (every file of it: a development checkout changes without a version bump), the versions of MkDocs, Material
and Markdown, and the published address. All of that is hashed into one fingerprint; a cached province is reused
only when its fingerprint is the same, so anything uncertain rebuilds. Files are hard-linked between the cache and
site/ where the file system allows (nothing ever writes into a built file: builds write new folders and rename).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from gongkai.config import Config
from gongkai.fingerprints import CACHE_FOLDER, HashMemo, code_print, hash_tree

_CATALOG = "catalog.pickle"
_FINGERPRINT = "fingerprint"
_OUTPUT = "site"


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


class ProvinceCache:
    """The cached outputs of one project's provinces: .cache/gongkai/<code>/{fingerprint, site/, catalog.pickle}."""

    def __init__(self, config: Config) -> None:
        self.folder = config.root / CACHE_FOLDER

    def _entry(self, code: str) -> Path:
        return self.folder / code

    def catalog(self, code: str) -> Path:
        return self._entry(code) / _CATALOG

    def has(self, code: str, print_: str) -> bool:
        entry = self._entry(code)
        stamp = entry / _FINGERPRINT
        return (
            stamp.is_file()
            and stamp.read_text("ascii") == print_
            and (entry / _OUTPUT).is_dir()
            and (entry / _CATALOG).is_file()
        )

    def restore(self, code: str, site_dir: Path) -> None:
        """The cached output of `code` into site_dir/<code>/."""
        _copy_tree(self._entry(code) / _OUTPUT, site_dir / code)

    def store(self, code: str, print_: str, site_dir: Path, catalog: bytes) -> None:
        """Keep site_dir/<code>/ and its front matter under `print_`; written beside and renamed into place, so an
        interrupted build leaves no entry that claims a fingerprint it does not hold."""
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = self.folder / f".{code}.{os.getpid()}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        _copy_tree(site_dir / code, scratch / _OUTPUT)
        (scratch / _CATALOG).write_bytes(catalog)
        (scratch / _FINGERPRINT).write_text(print_, "ascii")  # last: an entry without it is never reused
        entry = self._entry(code)
        old = self.folder / f".{code}.{os.getpid()}.old"
        if entry.exists():
            entry.rename(old)
        scratch.rename(entry)
        shutil.rmtree(old, ignore_errors=True)

    def forget_others(self, codes: list[str]) -> None:
        """Entries of provinces that no longer have reports, and leftovers of interrupted builds, removed."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry.name not in codes:  # files beside them are other caches (check, hashes)
                shutil.rmtree(entry, ignore_errors=True)


def _copy_tree(source: Path, target: Path) -> None:
    """A copy of `source` at `target`, hard-linked file by file where the file system allows."""

    def link_or_copy(from_path: str, to_path: str) -> object:
        try:
            os.link(from_path, to_path)
        except OSError:
            shutil.copy2(from_path, to_path)
        return to_path

    shutil.copytree(source, target, copy_function=link_or_copy, symlinks=False)
