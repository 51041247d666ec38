"""The originals policy (gongkai.site.originals): which files of the report folders the site publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from gongkai.site.catalog import Report
from gongkai.site.originals import Publication, apply, decide, originals_of, published_name, readable_copy

FOLDER = "500000/500111/2024"


def _report(name: str, source_file: str, **meta: Any) -> Report:
    return Report(f"{FOLDER}/{name}.md", {"source_file": source_file, **meta})


REPORTS = [
    _report("a", "a.docx"),
    _report("b", "b.html"),
    _report("c", "c.pdf", personal_data_masked=2),
    _report("d", "d.pdf", personal_data_masked=1, original_download_confirmed=True),
    _report("e", "e.md"),  # a Markdown submission whose original is itself
]


@pytest.mark.parametrize(
    ("name", "is_page", "expected"),
    [
        ("a.docx", False, Publication.PUBLISH),
        ("b.html", False, Publication.INERT),  # a saved page would run its scripts: published as text
        ("c.pdf", False, Publication.WITHHOLD),  # personal data masked, not yet confirmed
        ("d.pdf", False, Publication.PUBLISH),  # confirmed by staff
        ("orphan.docx", False, Publication.DROP),  # no report names it (an interrupted ingest, a deleted .md)
        ("notes.txt", False, Publication.DROP),  # anything else copied into a report folder
        ("e.md", True, None),  # a report page, not an original
        ("a.md", True, None),
    ],
)
def test_each_file_of_a_report_folder(name: str, is_page: bool, expected: Publication | None) -> None:
    assert decide(f"{FOLDER}/{name}", originals_of(REPORTS), is_page) is expected


def test_files_outside_the_report_folders_are_left_alone() -> None:
    originals = originals_of(REPORTS)
    assert decide("assets/gongkai.css", originals) is None and decide("index.md", originals, True) is None


def test_inert_names() -> None:
    assert published_name("x.HTML") == "x.HTML.txt" and published_name("x.svg") == "x.svg.txt"
    assert published_name("x.docx") == "x.docx" and published_name("x.pdf") == "x.pdf"


def test_apply_publishes_renames_and_removes(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    names = ["a.md", "a.docx", "b.md", "b.html", "c.md", "c.pdf", "orphan.docx"]
    for name in names:
        (docs / FOLDER).mkdir(parents=True, exist_ok=True)
        (docs / FOLDER / name).write_text("x", "utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "site.css").write_text("x", "utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    config.plugins._current_plugin = "gongkai"  # what MkDocs sets while a plugin's event runs
    files = Files(
        [File(f"{FOLDER}/{name}", str(docs), str(tmp_path / "site"), True) for name in names]
        + [File("assets/site.css", str(docs), str(tmp_path / "site"), True)]
    )
    apply(files, REPORTS[:3], config)
    published = sorted(file.src_uri for file in files)
    assert published == sorted(
        [
            f"{FOLDER}/a.md",
            f"{FOLDER}/a.docx",
            f"{FOLDER}/b.md",
            f"{FOLDER}/b.html.txt",
            f"{FOLDER}/c.md",
            "assets/site.css",
        ]
    )
    inert = files.get_file_from_path(f"{FOLDER}/b.html.txt")
    assert inert is not None and inert.abs_src_path == str(docs / FOLDER / "b.html")  # the original's bytes


@pytest.mark.parametrize(
    ("meta", "copy"),
    [
        ({"source_file": "a.txt", "source_format": "txt", "source_encoding": "gb18030"}, "a.txt.utf-8.txt"),
        ({"source_file": "b.html", "source_format": "html", "source_encoding": "GBK"}, "b.html.utf-8.txt"),
        ({"source_file": "c.html", "source_format": "html", "source_encoding": "utf-8"}, None),
        ({"source_file": "d.docx", "source_format": "docx", "source_encoding": None}, None),
    ],
)
def test_text_originals_in_other_encodings_get_a_utf8_copy(meta: dict[str, Any], copy: str | None) -> None:
    assert readable_copy(meta) == copy  # type: ignore[arg-type]  # a partial front matter
