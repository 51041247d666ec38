"""How the build gzips what it writes (search chunks and fragments, the text bundles, the sitemap): one library,
a level for each kind of reader, no timestamp, so the same site gives the same bytes.

ISA-L's deflate (python-isal) at its level 3 against zlib's level 4, which this used before (1,000 synthetic
reports, best of three): the search index's 1,259 files 43 against 135 ms for 3.99 against 3.80 MB (+4.8 %), the
text bundles 21 against 66 ms for 1.48 against 1.35 MB (+10 %). zlib-ng's level 4 kept the sizes (+1.4 %, +2 %) but
saved a quarter to a third of the time where ISA-L saves two thirds; at 10,000 reports zlib's level 4 was half a
second of the search merge that every build waits for (level 6 took 2.0 s).

The text bundles are downloaded by the few who study the whole collection, not by every reader as the search
files are: ISA-L's level 1, three times as fast as its level 3 for +22 % bytes (a province's bundle, 0.92 MB of
JSON: 3.4 against 9.5 ms, 0.22 against 0.18 MB), 0.3 s of a build at 10,000 reports (issue 17's cost)."""

from __future__ import annotations

from isal import igzip

LEVEL = 3  # ISA-L's highest: what readers' browsers fetch
DOWNLOAD_LEVEL = 1  # the text bundles


def gzipped(data: bytes | bytearray, level: int = LEVEL) -> bytes:
    return igzip.compress(data, level, mtime=0)
