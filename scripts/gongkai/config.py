"""Project settings: `[tool.gongkai]` in the project's pyproject.toml, with defaults for every key.

The project root is the nearest folder upwards from the working directory that holds mkdocs.yml, so every
command works from any subfolder; GONGKAI_ROOT overrides it (tests use this).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai import gazetteer
from gongkai.privacy import Policy
from gongkai.read.base import DEFAULT_MAX_BYTES, DEFAULT_OCR_MAX_PAGES


@dataclass(frozen=True)
class Config:
    root: Path
    content_dir: Path
    inbox_dir: Path
    site_dir: Path
    max_file_bytes: int = DEFAULT_MAX_BYTES
    privacy: Policy = field(default_factory=Policy)
    # A site that publishes one county's (or prefecture's) reports: that place's code, evidence for every report.
    default_place: str | None = None
    ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES  # a longer scan is refused, naming the limit

    def shown(self, path: Path) -> Path:
        """`path` as messages print it: relative to the project root when inside it, else as given."""
        text, root = str(path), f"{self.root}{os.sep}"
        if text.startswith(root) and f"{os.sep}..{os.sep}" not in text and not text.endswith(f"{os.sep}.."):
            return Path(text[len(root) :])  # as found under content/: no need to ask the file system (nor pathlib)
        resolved = path.resolve()
        return resolved.relative_to(self.root) if resolved.is_relative_to(self.root) else path


def find_root(start: Path | None = None) -> Path:
    if os.environ.get("GONGKAI_ROOT"):
        return Path(os.environ["GONGKAI_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def load(root: Path | None = None) -> Config:
    root = root or find_root()
    settings: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        settings = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("gongkai", {})
    privacy: dict[str, Any] = settings.get("privacy", {})
    defaults = Policy()
    policy = Policy(
        mask_id_cards=bool(privacy.get("mask_id_cards", defaults.mask_id_cards)),
        mask_mobiles=bool(privacy.get("mask_mobiles", defaults.mask_mobiles)),
        mask_private_email=bool(privacy.get("mask_private_email", defaults.mask_private_email)),
        private_email_domains=tuple(privacy.get("private_email_domains", defaults.private_email_domains)),
    )
    return Config(
        root=root,
        content_dir=root / settings.get("content_dir", "content"),
        inbox_dir=root / settings.get("inbox_dir", "inbox"),
        site_dir=root / settings.get("site_dir", "site"),
        max_file_bytes=int(float(settings.get("max_file_mb", DEFAULT_MAX_BYTES / 1048576)) * 1048576),
        privacy=policy,
        default_place=_checked_place(settings.get("default_place")),
        ocr_max_pages=int(settings.get("ocr_max_pages", DEFAULT_OCR_MAX_PAGES)),
    )


def _checked_place(code: object) -> str | None:
    if not code:
        return None
    if gazetteer.lookup(str(code)) is None:
        raise SystemExit(
            f"pyproject.toml：[tool.gongkai] default_place = {code!r} 不是有效的行政区划代码（应为县、市或省的 6 位代码）"
        )
    return str(code)
