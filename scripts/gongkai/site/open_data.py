"""Open data: every report as a row (site/data/reports.csv and reports.json), with its public front matter, its
addresses and what gongkai.site.compliance measured. Each province build writes its rows to
<code>/data-segment.json; the last step merges them (as the search segments), so a sharded build and a
one-process build write the same files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gongkai.model import FrontMatter
from gongkai.store import atomic_write

FOLDER = "data"
SEGMENT = "data-segment.json"
# Front matter that is the clerks' working notes, not the report's: left out of the public data.
PRIVATE = frozenset({"review"})
COLUMNS = [*(name for name in FrontMatter.model_fields if name not in PRIVATE), "page_url", "original_url",
           "publication_status", "deadline", "days_late", "working_days_written_to_published", "parts_present",
           "parts_missing", "repeat_share_previous_year", "repeat_share_same_county_year"]


def cell(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text, lists as they are."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def write_segment(folder: Path, rows: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / SEGMENT, json.dumps(rows, ensure_ascii=False, sort_keys=True).encode(), durable=False)


def merge(site_dir: Path, keep_segments: bool) -> int:
    """site_dir/data/reports.{json,csv} from every province's segment; the number of rows."""
    segments = sorted(site_dir.glob(f"*/{SEGMENT}"))
    rows = sorted((row for path in segments for row in json.loads(path.read_text("utf-8"))),
                  key=lambda row: str(row["page_url"]))
    target = site_dir / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    atomic_write(target / "reports.json", json.dumps(rows, ensure_ascii=False, indent=1).encode(), durable=False)
    atomic_write(target / "reports.csv", _csv(rows).encode("utf-8-sig"), durable=False)  # Excel reads the BOM
    if not keep_segments:
        for path in segments:
            path.unlink()
    return len(rows)


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "、".join(map(str, value)) if isinstance(value, list) else value
                         for key, value in row.items()})
    return out.getvalue()
