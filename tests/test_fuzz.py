"""Fuzzing with hypothesis: the HTML reader, the text reader and the whole pipeline never crash; the only
exception they may raise is the documented InputError (a clear message for staff)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import config as settings_module
from gongkai.pipeline import convert_file
from gongkai.read import InputError
from gongkai.read import html as html_reader
from xss_vectors import ALL

TAGS = [
    "p",
    "div",
    "span",
    "table",
    "tr",
    "td",
    "br",
    "h1",
    "h2",
    "ul",
    "li",
    "a",
    "b",
    "script",
    "style",
    "main",
    "article",
    "nav",
    "footer",
    "iframe",
    "font",
    "o:p",
    "dl",
    "figure",
    "figcaption",
    "center",
]
TEXT = st.text(
    alphabet=st.sampled_from(list("法治政府建设年度报告镇县一、（）。，：2024年月日 \n\t<>&\"'=/")), max_size=60
)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 4))
        if choice == 0:
            parts.append(
                f"<{draw(st.sampled_from(TAGS))}{draw(st.sampled_from(['', ' class=TRS_Editor', ' id=zoom', ' colspan=0', ' style=display:none', ' href=javascript:x']))}>"
            )
        elif choice == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif choice == 2:
            parts.append(draw(st.sampled_from(ALL)))
        else:
            parts.append(draw(TEXT))
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    head = draw(st.sampled_from(["", f"<meta charset='{encoding}'>", "<meta name='ArticleTitle' content='报告'>"]))
    return f"<html><head>{head}</head><body>{''.join(parts)}</body></html>".encode(encoding, "replace")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(html_pages())
def test_html_reader_never_crashes(tmp_path: Path, page: bytes) -> None:
    path = tmp_path / "page.html"
    try:
        html_reader.read(path, page, "html")
    except InputError as error:
        assert error.reason


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".docx", ".pdf", ".md", ".rtf"]))
def test_pipeline_never_crashes_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        conversion = convert_file(path, settings_module.load(tmp_path))
    except InputError as error:
        assert error.reason
    else:
        assert conversion.markdown.startswith("---\n")
