"""Which files of content/'s report folders the site publishes: the policy for originals, in one place.

A report's original is published beside its page for download, unless personal data was masked in the text and
staff have not yet confirmed the original may go out (withheld: not even at a guessable address). Originals a
browser would run (a saved portal page with its scripts, an SVG, a .md MkDocs would render) are published as inert
text under <name>.txt. Every other file in a report folder (an original whose report is gone after an interrupted
ingest or a deleted .md, anything else copied there) is never published: it would bypass the withholding.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from gongkai.model import ReportMeta
from gongkai.site.catalog import Report, shard_of
from gongkai.store import link_or_copy

# Originals a browser would run if served as they are: they are published for download under <name>.txt.
INERT_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht", ".svg", ".xml", ".md", ".markdown")


class Publication(Enum):
    PUBLISH = "publish"  # as it is
    INERT = "inert"  # as text, under published_name()
    WITHHOLD = "withhold"  # not at all, while it holds personal data
    DROP = "drop"  # not a report's original: never published


def published_name(source_file: str) -> str:
    """The file name the original is published under (inert text for formats a browser would run)."""
    return source_file + ".txt" if source_file.lower().endswith(INERT_SUFFIXES) else source_file


def original_withheld(meta: ReportMeta) -> bool:
    """Personal data was masked in the text: the original still holds it until staff confirm it may go out."""
    return bool(meta.get("personal_data_masked")) and not meta.get("original_download_confirmed")


def decide(src_uri: str, originals: Mapping[str, bool], is_page: bool = False) -> Publication | None:
    """What happens to one file; None for the pages and the site's own files outside the report folders, which
    this policy leaves alone. `originals`: content path of each loaded report's original → withheld."""
    if src_uri not in originals:
        return Publication.DROP if shard_of(src_uri) and not is_page else None
    if originals[src_uri]:
        return Publication.WITHHOLD
    return Publication.INERT if published_name(src_uri) != src_uri else Publication.PUBLISH


def originals_of(reports: Iterable[Report]) -> dict[str, bool]:
    """The content path of each report's original → whether it is withheld. A report naming itself as its
    original (a .md submission whose original was lost) is a page, not an original."""
    reports = list(reports)
    originals = {
        str(PurePosixPath(report.src_uri).parent / str(report.meta.get("source_file"))): original_withheld(report.meta)
        for report in reports
    }
    for report in reports:
        originals.pop(report.src_uri, None)
    return originals


# Text originals in another encoding than UTF-8 (GBK portal pages, GB18030 text) are also published as UTF-8 text
# under this suffix: a browser opening the original's own bytes guesses the encoding wrong and shows 乱码.
UTF8_COPY = ".utf-8.txt"
_TEXT_FORMATS = frozenset({"txt", "html"})
_UTF8 = frozenset({"utf-8", "utf_8", "utf8", "ascii", "us-ascii", "utf-8-sig"})


def readable_copy(meta: ReportMeta) -> str | None:
    """The file name of the UTF-8 copy of this report's original, if it gets one."""
    encoding = str(meta.get("source_encoding") or "").lower()
    if meta.get("source_format") not in _TEXT_FORMATS or not encoding or encoding in _UTF8:
        return None
    return str(meta.get("source_file")) + UTF8_COPY


class LinkedOriginal(File):
    """An original published as a hard link of its file in content/ where the file system allows, a copy
    elsewhere. MkDocs copies every byte (two makedirs, two opens, a copy loop: 0.8 ms an original against
    0.08 ms for a link on the development machine). Nothing writes into a file of content/ in place (ingest
    and the state files replace a file by renaming a new one over it), so the published file stays the one
    the build saw."""

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_src_path is None or self._content is not None:
            super().copy_file(dirty)
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_copy(self.abs_src_path, self.abs_dest_path)


def apply(files: Files, reports: Iterable[Report], config: MkDocsConfig) -> None:
    """The files of `files` published, renamed or removed as the policy says, and UTF-8 copies of text originals
    in other encodings added beside the published ones."""
    reports = list(reports)
    originals = originals_of(reports)
    for file in list(files):
        decision = decide(file.src_uri, originals, file.is_documentation_page())
        if decision in (Publication.DROP, Publication.WITHHOLD):
            files.remove(file)
        elif decision in (Publication.INERT, Publication.PUBLISH) and file.abs_src_path:
            files.remove(file)
            name = published_name(file.src_uri)
            files.append(LinkedOriginal.generated(config, name, abs_src_path=file.abs_src_path))
    for report in reports:
        copy = readable_copy(report.meta)
        folder = PurePosixPath(report.src_uri).parent
        original = files.get_file_from_path(str(folder / published_name(str(report.meta.get("source_file")))))
        if copy is None or original is None or not original.abs_src_path or original_withheld(report.meta):
            continue
        try:
            text = Path(original.abs_src_path).read_bytes().decode(str(report.meta.get("source_encoding")), "replace")
        except LookupError:  # an encoding Python does not know: the original alone is offered
            continue
        files.append(File.generated(config, str(folder / copy), content=text))
