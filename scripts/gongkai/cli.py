"""The one command staff, CI and developers use: `gongkai convert | ingest | check | build | serve | schema`.

Exit codes: 0 all good, 1 some file or check failed (each problem printed on stderr), 2 usage error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from gongkai import config as settings
from gongkai.read import InputError


def _fail(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """gongkai: government annual reports → Markdown → a public disclosure site."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of front matter per file and line.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), help="Write <name>.md files here instead of stdout.")
@click.option("--source-url", help="The web address the file was saved from (evidence for date and place).")
def convert(files: tuple[Path, ...], as_json: bool, output: Path | None, source_url: str | None) -> None:
    """Convert FILES and print Markdown with front matter (nothing is written to content/)."""
    from gongkai.pipeline import convert_file
    from gongkai.store import atomic_write

    config = settings.load()
    failed = False
    for path in files:
        try:
            conversion = convert_file(path, config, source_url=source_url)
        except InputError as error:
            _fail(f"{error.path}: {error.reason}")
            failed = True
            continue
        if as_json:
            click.echo(json.dumps(conversion.front_matter.model_dump(mode="json"), ensure_ascii=False, sort_keys=False))
        elif output is not None:
            atomic_write(output / f"{path.stem}.md", conversion.markdown.encode("utf-8"))
        else:
            click.echo(conversion.markdown, nl=False)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("-j", "--jobs", default=1, show_default=True, help="Convert this many files in parallel.")
@click.option("--keep", is_flag=True, help="Leave ingested files where they are (default: they leave inbox/).")
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--source-url", help="The web address the file(s) were saved from.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write the review report (Markdown) here.")
@click.option("--reconvert", is_flag=True, help="Convert every stored original again; fields and text a person edited are kept.")
def ingest(
    paths: tuple[Path, ...], jobs: int, keep: bool, dry_run: bool, source_url: str | None, report_path: Path | None, reconvert: bool
) -> None:
    """Convert submitted files (default: inbox/) into content/, with the original stored beside each report."""
    from gongkai.ingest import ingest as run_ingest
    from gongkai.ingest import submitted_files
    from gongkai.review import console_line, review_report

    config = settings.load()
    if reconvert:
        sys.exit(_reconvert(config, dry_run))
    if not paths and not config.inbox_dir.is_dir():
        _fail(f"收件箱 {config.inbox_dir} 不存在：没有待收录的文件")
        sys.exit(0)
    files = submitted_files(list(paths) or [config.inbox_dir])
    with _progress(len(files)) as advance:
        outcomes = run_ingest(
            files, config, workers=jobs, keep=keep, dry_run=dry_run, source_url=source_url,
            progress=lambda outcome: advance(console_line(outcome, config)),
        )
    report = review_report(outcomes, config)
    if report_path is not None:
        report_path.write_text(report, encoding="utf-8")
    failed = sum(1 for outcome in outcomes if outcome.status == "failed")
    added = sum(1 for outcome in outcomes if outcome.status in ("added", "would add"))
    click.echo(f"完成：新增 {added}，重复跳过 {sum(1 for o in outcomes if o.status == 'duplicate')}，失败 {failed}", err=True)
    sys.exit(1 if failed else 0)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal; plain lines in CI logs and pipes. Either way every file gets its line."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda line: click.echo(line, err=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("收录", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("ingest", total=total)

        def advance(line: str) -> None:
            bar.console.print(line, markup=False, highlight=False)
            bar.advance(task)

        yield advance


def _reconvert(config: settings.Config, dry_run: bool) -> int:
    from gongkai.ingest import reconvert

    results = reconvert(config, dry_run=dry_run)
    for result in results:
        name = result.markdown.relative_to(config.root) if result.markdown.is_relative_to(config.root) else result.markdown
        if result.error:
            _fail(f"{name}: {result.error}")
            continue
        parts = []
        if result.updated:
            parts.append("更新 " + "、".join(result.updated))
        if result.kept:
            parts.append("保留人工修改 " + "、".join(result.kept))
        click.echo(f"{name}: {'；'.join(parts) or '无变化'}{'（演练，未写入）' if dry_run else ''}", err=True)
    return 1 if any(result.error for result in results) else 0


@main.command()
def check() -> None:
    """Validate every report under content/; print path:line: problem for each error."""
    from gongkai.check import check_content

    config = settings.load()
    problems, warnings, checked = check_content(config)
    for line in warnings:
        click.echo(f"{line}（提醒）", err=True)
    for line in problems:
        click.echo(line, err=True)
    click.echo(f"检查了 {checked} 篇报告：{len(problems)} 个错误，{len(warnings)} 个提醒", err=True)
    sys.exit(1 if problems or checked == 0 else 0)


@main.command()
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on any MkDocs warning.")
@click.option("-j", "--jobs", type=int, help="Processes building provinces at the same time "
              "[default: 1 for small sites, else one per CPU].")
@click.option("--shard", type=click.Choice(["province"]), help="One process per province, then the portal.")
@click.option("--province", metavar="CODE[,CODE…]", help="Build these provinces' shards into site/CODE/ (a CI matrix).")
@click.option("--portal", is_flag=True, help="Build the portal, search index and sitemap around shards in site/<code>/.")
@click.option("--catalog-out", type=click.Path(dir_okay=False, path_type=Path), hidden=True,
              help="With --province: also write the front matter it read there (for the parallel build's portal).")
def build(strict: bool, jobs: int | None, shard: str | None, province: str | None, portal: bool,
          catalog_out: Path | None) -> None:
    """Build the public site into site/ (whole, or sharded by province for large collections)."""
    from gongkai.site import build as site

    config = settings.load()
    if province:
        sys.exit(site.build_province(config, province.split(","), strict, catalog_out))
    if portal:
        sys.exit(site.build_portal(config, strict))
    sys.exit(site.build_site(config, strict=strict, jobs=jobs, per_province=bool(shard)))


@main.command()
def shards() -> None:
    """Print the province codes that have reports, as JSON (the matrix of a sharded CI build)."""
    from gongkai.site.build import provinces

    click.echo(json.dumps(provinces(settings.load())))


@main.command()
@click.option("--port", default=8000, show_default=True)
def serve(port: int) -> None:
    """Preview the site on http://127.0.0.1:PORT/ (rebuilds on change)."""
    from gongkai.site.build import serve_site

    serve_site(settings.load(), port)


@main.command()
@click.option("--write", is_flag=True, help="Write schema/front-matter.schema.json instead of printing it.")
def schema(write: bool) -> None:
    """Print (or write) the front-matter JSON Schema exported from the model."""
    from gongkai.model import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if write:
        target = settings.load().root / "schema" / "front-matter.schema.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":
    main()
