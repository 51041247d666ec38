"""The top folders of content/: one per province (its code), and UNPLACED for the reports whose place is not known
yet; each built as a unit (a shard). Kept apart from the store, so that `gongkai build` can list the shards and
start their build processes before it imports anything heavier (the store's front-matter model: 0.2 s)."""

from __future__ import annotations

import re

# Where ingest puts reports whose province and county it could not tell: published, listed on a page of their own
# (地区待确认) and searchable while staff settle the place, and built as a shard of its own as provinces are.
UNPLACED = "_unsorted"
_SHARD = re.compile(rf"^(?:\d{{6}}|{re.escape(UNPLACED)})$")


def is_shard(folder: str) -> bool:
    """A top folder of content/ built as a unit: a province code, or the unplaced reports' folder."""
    return bool(_SHARD.match(folder))
