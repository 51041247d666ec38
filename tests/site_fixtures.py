"""The site the site tests look at: built once per session through the CLI (`gongkai build` with GONGKAI_ROOT),
from a throw-away project holding the shipped sample reports, one with a hostile title, three whose place ingest
could not tell, and a synthetic 2023
large enough to be paginated. tests/conftest.py registers this module as a plugin, so the `built_site` fixture
exists once and the site is built once for both test_site.py and test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from synthetic import copy_project, run_gongkai, write_corpus

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = str(yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"])
SITE_PATH = urlsplit(SITE_URL).path  # /gongkai/: the test server serves the site there, as production would
SYNTHETIC_YEAR = 2023
SYNTHETIC_COUNT = 120  # years/2023/ spans three pages of ROWS_PER_PAGE (50)
HOSTILE_TITLE = '丰都县<script>alert("x")</script>&测试镇 "引号" 报告'


@dataclass(frozen=True)
class Sample:
    """A shipped sample report and what its pages must show."""

    src: str  # content path of the Markdown file
    title: str
    town: str

    @property
    def url(self) -> str:
        return self.src.removesuffix(".md") + "/"


YOUTING = Sample("500000/500111/2024/500111116-fzzf.md", "关于邮亭镇人民政府法治政府建设情况报告", "邮亭镇")
JIAQIAO = Sample("430000/430725/2024/430725115-fzzf.md", "桃源县架桥镇2024年法治政府建设工作报告", "架桥镇")
BEIZI = Sample("410000/410423/2024/410423208-fzzf.md", "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告", "背孜乡")
SHUANGLU = Sample("500000/500230/2024/500230111-fzzf.md", "丰都县双路镇人民政府2024年法治政府建设情况报告", "双路镇")
SAMPLES = (YOUTING, JIAQIAO, BEIZI, SHUANGLU)
HOSTILE = Sample("500000/500230/2024/500230101-fzzf.md", HOSTILE_TITLE, "测试镇")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the project (mkdocs.yml, content/ …)
    site: Path  # its built site/

    def html(self, url: str) -> str:
        return (self.site / url / "index.html").read_text("utf-8")


def _copy_original(content: Path, target: Path, marker: str) -> str:
    """A copy of the 双路镇 original made distinct by a line of its own (a valid report has its own original);
    its SHA-256, for the front matter."""
    data = (content / "500000/500230/2024/500230111-fzzf.txt").read_bytes() + f"\n{marker}\n".encode("gb18030")
    target.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _write_hostile_report(content: Path) -> None:
    """A copy of the 双路镇 report whose title tries to break out of HTML, Markdown tables and XML."""
    text = (content / SHUANGLU.src).read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    meta = yaml.safe_load(front.removeprefix("---\n"))
    digest = _copy_original(content, content / "500000/500230/2024/500230101-fzzf.txt", "hostile")
    meta.update(
        title=HOSTILE_TITLE,
        source_file="500230101-fzzf.txt",
        source_sha256=digest,
        published_date=dt.date(2025, 2, 1),
        doc_number="丰府|发〔2025〕<b>2</b>号",
        town="测试镇",
        town_code=None,
    )
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (content / HOSTILE.src).write_text(f"---\n{front}---\n{body}", "utf-8")


UNPLACED_COUNT = 3
UNPLACED_TITLES = [
    f"市中区茅桥镇人民政府关于2024年法治政府建设情况的报告（{number}）" for number in range(1, UNPLACED_COUNT + 1)
]
UNPLACED = Sample("_unsorted/fzzf-000000000001.md", UNPLACED_TITLES[0], "茅桥镇")


def write_unplaced_reports(content: Path, count: int = UNPLACED_COUNT) -> None:
    """Copies of the 双路镇 report as ingest leaves a report whose county it could not tell (市中区 is five
    places): no place in the front matter, in content/_unsorted/ under a name made from the file's hash."""
    text = (content / SHUANGLU.src).read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    meta = yaml.safe_load(front.removeprefix("---\n"))
    folder = content / "_unsorted"
    folder.mkdir(exist_ok=True)
    for number in range(1, count + 1):
        name = f"fzzf-{number:012d}"
        meta.update(
            {level: None for level in ("province", "prefecture", "county", "town")},
            **{f"{level}_code": None for level in ("province", "prefecture", "county", "town")},
        )
        digest = _copy_original(content, folder / f"{name}.txt", name)
        meta.update(
            title=UNPLACED_TITLES[number - 1],
            source_file=f"{name}.txt",
            source_sha256=digest,
            issuers=["市中区茅桥镇人民政府"],
            doc_number=None,
            review=["县名“市中区”有多处同名，未能确定所属省份"],
        )
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / f"{name}.md").write_text(f"---\n{front}---\n{body}", "utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_project(tmp_path_factory.mktemp("site-project"))
    _write_hostile_report(root / "content")
    write_unplaced_reports(root / "content")
    write_corpus(root / "content", SYNTHETIC_COUNT, years=(SYNTHETIC_YEAR,))
    run_gongkai(root, "build")
    return BuiltSite(root=root, site=root / "site")
