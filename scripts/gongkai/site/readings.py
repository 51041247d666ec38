"""What a build reads of each report file (its front matter, where its body starts, its sentences' fingerprints),
kept by the hash of the file's text, so that the next build of the province parses only the reports that changed.

A province's build leaves READINGS beside its output (a build intermediate kept in .cache/gongkai/<code>/site/,
never published); the next build of that province, and the portal that reads a stale province's front matter
itself (gongkai.site.build), take each report whose text hashes the same from it: parsing the YAML and
fingerprinting the sentences took 0.24 ms a report, taking them from here 0.02 ms (hashing the text; reading the
file is 0.05 ms either way; 518 reports of one province). What was read under other code or settings (the
`shared` hash of page_reuse.Earlier) is not taken.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.site import compliance
from gongkai.site.catalog import Report, load_report, shard_of

if TYPE_CHECKING:
    from gongkai.site.page_reuse import Earlier

# <code>/readings.pickle: src_uri → (Reading, its sentences' fingerprints), and the shared hash they were read under
READINGS = "readings.pickle"


@dataclass(frozen=True)
class Reading:
    source: bytes  # blake2b of the file's text (also the page's source in page_reuse's key)
    report: Report
    body_at: int  # where the Markdown body starts in the text


class Readings:
    """The readings the provinces' last builds left in `folders` (their outputs; none read under another `shared`
    hash), and those of this build, to leave for the next."""

    def __init__(self, folders: Iterable[Path] = (), shared: str = "") -> None:
        self.shared = shared
        self.known: dict[str, tuple[Reading, frozenset[int]]] = {}  # with the sentences' fingerprints
        self.read_now: dict[str, Reading] = {}
        self._sentences: dict[str, frozenset[int]] = {}  # of the reports read now, once fingerprinted
        # src_uri → body of the reports read now whose sentences are not fingerprinted yet: one batch at most.
        self._unprinted: dict[str, str] = {}
        self._unprinted_size = 0
        for folder in folders:
            try:
                found_shared, found = pickle.loads((folder / READINGS).read_bytes())  # noqa: S301 - from write()
            except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
                continue
            if found_shared == shared and isinstance(found, dict):
                self.known.update(found)

    @classmethod
    def left_by(cls, earlier: Earlier | None, codes: Iterable[str]) -> Readings:
        """What the last builds of these provinces left (none without `earlier`: nothing is kept then)."""
        if earlier is None:
            return cls()
        return cls([earlier.folders[code] for code in codes if code in earlier.folders], earlier.shared)

    def read(self, src_uri: str, text: str) -> Reading | None:
        """The report in `text` (None if it is no report page: load_report), parsed unless the last build read
        the same text."""
        source = hashlib.blake2b(text.encode()).digest()
        known = self.known.get(src_uri)
        if known is not None and known[0].source == source:
            reading, self._sentences[src_uri] = known
        else:
            loaded = load_report(src_uri, text)
            if loaded is None:
                return None
            report, body = loaded
            reading = Reading(source, report, len(text) - len(body))
            self._unprinted[src_uri] = body
            self._unprinted_size += len(body)
            if self._unprinted_size >= compliance.BATCH_UNITS:
                self._fingerprint()
        self.read_now[src_uri] = reading
        return reading

    def sentences(self) -> dict[str, frozenset[int]]:
        """The fingerprints of the sentences of every report read now."""
        self._fingerprint()
        return {uri: self._sentences[uri] for uri in self.read_now}

    def _fingerprint(self) -> None:
        """The sentences of the reports read since the last call fingerprinted, together (compliance.fingerprints_of
        hashes a batch of texts faster than each alone)."""
        if self._unprinted:
            prints = compliance.fingerprints_of(list(self._unprinted.values()))
            self._sentences.update(zip(self._unprinted, prints, strict=True))
            self._unprinted, self._unprinted_size = {}, 0

    def write(self, folder: Path, code: str) -> None:
        """This build's readings of province `code`'s reports, for its next build, in its output `folder`."""
        sentences = self.sentences()
        mine = {
            uri: (reading, sentences[uri]) for uri, reading in sorted(self.read_now.items()) if shard_of(uri) == code
        }
        (folder / READINGS).write_bytes(pickle.dumps((self.shared, mine), protocol=pickle.HIGHEST_PROTOCOL))
