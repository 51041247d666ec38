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
from importlib import metadata
from pathlib import Path

import gongkai
from gongkai.config import Config

FOLDER = Path(".cache") / "gongkai"  # under the project root; .gitignore lists it
_CATALOG = "catalog.pickle"
_FINGERPRINT = "fingerprint"
_OUTPUT = "site"
_DISTRIBUTIONS = ("gongkai", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")
_ADDRESS_VARIABLE = "GONGKAI_SITE_URL"  # gongkai.site.build.SITE_URL_VARIABLE (imported there from here)


def _hash_tree(digest: hashlib._Hash, folder: Path, base: Path) -> None:
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
    _hash_tree(digest, package, package)
    digest.update(_versions())
    return digest.hexdigest()


def shared_inputs(config: Config, shards: list[str]) -> str:
    """The hash of what every province's output depends on besides its own content."""
    digest = hashlib.sha256(code_print().encode())
    for name in ("mkdocs.yml", "pyproject.toml"):
        path = config.root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    _hash_tree(digest, config.root / "site_overrides", config.root)
    digest.update(os.environ.get(_ADDRESS_VARIABLE, "").encode() + b"\0")
    digest.update("\n".join(shards).encode())
    return digest.hexdigest()


def fingerprint(config: Config, code: str, shared: str) -> str:
    """The hash of everything the output of province `code` depends on."""
    digest = hashlib.sha256(shared.encode())
    _hash_tree(digest, config.content_dir / code, config.content_dir)
    return digest.hexdigest()


class ProvinceCache:
    """The cached outputs of one project's provinces: .cache/gongkai/<code>/{fingerprint, site/, catalog.pickle}."""

    def __init__(self, config: Config) -> None:
        self.folder = config.root / FOLDER

    def _entry(self, code: str) -> Path:
        return self.folder / code

    def catalog(self, code: str) -> Path:
        return self._entry(code) / _CATALOG

    def has(self, code: str, print_: str) -> bool:
        entry = self._entry(code)
        stamp = entry / _FINGERPRINT
        return stamp.is_file() and stamp.read_text("ascii") == print_ and (entry / _OUTPUT).is_dir() \
            and (entry / _CATALOG).is_file()

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
            if entry.name not in codes:
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
