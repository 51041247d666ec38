"""How the build gzips what it writes (search chunks and fragments, the text bundles, the sitemap): one level, no
timestamp, so the same site gives the same bytes."""

from __future__ import annotations

import gzip

# At 10,000 reports level 6 took 2.0 s of the 2.2 s search merge, level 4 a quarter of that, for chunks 4.5 % and
# fragments 1.4 % larger.
LEVEL = 4


def gzipped(data: bytes | bytearray) -> bytes:
    return gzip.compress(data, LEVEL, mtime=0)
