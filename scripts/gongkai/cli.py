"""The one command staff, CI and developers use: `gongkai convert | ingest | check | build | serve | schema`.

Exit codes: 0 all good, 1 some file or check failed (each problem printed on stderr), 2 usage error.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from gongkai import config as settings
from gongkai.read import InputError


def _fail(message: str) -> None:
    click.echo(message, err=True)


class _Commands(click.Group):
    """Any failure we did not foresee is one line on stderr and exit 1, as the README promises, never a
    traceback in a clerk's terminal (GONGKAI_DEBUG=1 shows it, for developers)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail("已中断")
            sys.exit(130)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if os.environ.get("GONGKAI_DEBUG"):
                traceback.print_exc()
            from gongkai.read.base import os_problem

            reason = os_problem(error) if isinstance(error, OSError) else f"{type(error).__name__}: {error}"
            where = f"{error.filename}: " if isinstance(error, OSError) and error.filename else ""
            _fail(f"gongkai {ctx.invoked_subcommand or ''}: {where}内部错误（{reason}）；设置 GONGKAI_DEBUG=1 可看详情")
            sys.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """gongkai: government annual reports → Markdown → a public disclosure site."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of front matter per file and line.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write <name>.md files here instead of stdout.",
)
@click.option("--source-url", help="The web address the file was saved from (evidence for date and place).")
def convert(files: tuple[Path, ...], as_json: bool, output: Path | None, source_url: str | None) -> None:
    """Convert FILES and print Markdown with front matter (nothing is written to content/)."""
    from gongkai.pipeline import convert_file, limit_memory, unexpected_error
    from gongkai.read.base import os_problem
    from gongkai.store import atomic_write

    config = settings.load()
    limit_memory()
    failed = False
    for path in files:
        try:
            conversion = convert_file(path, config, source_url=source_url)
        except InputError as error:
            _fail(f"{error.path}: {error.reason}")
            failed = True
            continue
        except Exception as error:  # noqa: BLE001 - one file's trouble never stops the others
            _fail(f"{path}: {unexpected_error(error)}")
            failed = True
            continue
        if as_json:
            click.echo(json.dumps(conversion.front_matter.model_dump(mode="json"), ensure_ascii=False, sort_keys=False))
        elif output is not None:
            target = output / f"{path.stem}.md"
            try:
                atomic_write(target, conversion.markdown.encode("utf-8"))
            except OSError as error:
                _fail(f"{target}: 无法写入（{os_problem(error)}）")
                failed = True
        else:
            click.echo(conversion.markdown, nl=False)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", default=1, show_default=True, help="Convert this many files in parallel.")
@click.option("--keep", is_flag=True, help="Leave ingested files where they are (default: they leave inbox/).")
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--source-url", help="The web address the file(s) were saved from.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the review report (Markdown) here.",
)
@click.option(
    "--reconvert", is_flag=True, help="Convert every stored original again; fields and text a person edited are kept."
)
def ingest(
    paths: tuple[Path, ...],
    jobs: int,
    keep: bool,
    dry_run: bool,
    source_url: str | None,
    report_path: Path | None,
    reconvert: bool,
) -> None:
    """Convert submitted files (default: inbox/) into content/, with the original stored beside each report."""
    from gongkai.ingest import Outcome, Status, submitted_files
    from gongkai.ingest import ingest as run_ingest
    from gongkai.pipeline import limit_memory
    from gongkai.review import console_line, review_report
    from gongkai.store import LockBusy

    config = settings.load()
    limit_memory()
    if reconvert:
        sys.exit(_reconvert(config, dry_run))
    if not paths and not config.inbox_dir.is_dir():
        _fail(f"收件箱 {config.inbox_dir} 不存在：没有待收录的文件")
        sys.exit(0)
    targets = list(paths) or [config.inbox_dir]
    files, refused = submitted_files(targets, config.root)
    outcomes: list[Outcome] = []
    problem = None
    try:
        with _progress(len(files) + len(refused)) as advance:
            outcomes = run_ingest(
                targets,
                config,
                workers=jobs,
                keep=keep,
                dry_run=dry_run,
                source_url=source_url,
                progress=lambda outcome: advance(console_line(outcome, config)),
            )
    except LockBusy as error:
        problem = str(error)
        _fail(problem)
    finally:
        if report_path is not None:
            _write_report(report_path, review_report(outcomes, config, problem))
    failed = sum(1 for outcome in outcomes if outcome.status == Status.FAILED)
    added = sum(1 for outcome in outcomes if outcome.status in (Status.ADDED, Status.WOULD_ADD))
    duplicates = sum(1 for outcome in outcomes if outcome.status == Status.DUPLICATE)
    click.echo(f"完成：新增 {added}，重复跳过 {duplicates}，失败 {failed}", err=True)
    sys.exit(1 if failed or problem else 0)


def _write_report(path: Path, report: str) -> None:
    from gongkai.read.base import os_problem
    from gongkai.store import atomic_write

    try:
        atomic_write(path, report.encode("utf-8"))
    except OSError as error:
        _fail(f"{path}: 无法写入核对报告（{os_problem(error)}）")


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal; plain lines in CI logs and pipes. Either way every file gets its line."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda line: click.echo(line, err=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "收录", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True)
    ) as bar:
        task = bar.add_task("ingest", total=total)

        def advance(line: str) -> None:
            bar.console.print(line, markup=False, highlight=False)
            bar.advance(task)

        yield advance


def _reconvert(config: settings.Config, dry_run: bool) -> int:
    from gongkai.ingest import reconvert
    from gongkai.store import LockBusy

    try:
        results = reconvert(config, dry_run=dry_run)
    except LockBusy as error:
        _fail(str(error))
        return 1
    for result in results:
        name = config.shown(result.markdown)
        if result.error:
            _fail(f"{name}: {result.error}")
            continue
        if result.skipped:
            _fail(f"{name}: {result.skipped}")
            continue
        parts = []
        if result.updated:
            parts.append("更新 " + "、".join(result.updated))
        if result.restored:
            parts.append(
                "恢复被删除的字段 " + "、".join(result.restored) + "（要清空某项，请写“字段: null”，不要删除整行）"
            )
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
@click.option(
    "-j",
    "--jobs",
    type=int,
    help="Processes building provinces at the same time [default: 1 for small sites, else one per CPU].",
)
@click.option("--shard", type=click.Choice(["province"]), help="One process per province, then the portal.")
@click.option("--province", metavar="CODE[,CODE…]", help="Build these provinces' shards into site/CODE/ (a CI matrix).")
@click.option(
    "--portal", is_flag=True, help="Build the portal, search index and sitemap around shards in site/<code>/."
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    hidden=True,
    help="Build into this folder instead of site/ (the parallel build's staging folder).",
)
@click.option("--validated", is_flag=True, hidden=True, help="The caller has checked content/ already.")
@click.option(
    "--site-url",
    metavar="URL",
    help="The address the site is published at, instead of mkdocs.yml's "
    "site_url (the Pages workflow passes the one GitHub gives).",
)
@click.option("--clean", is_flag=True, help="Rebuild every province, ignoring the outputs kept in .cache/gongkai/.")
@click.option(
    "--deploy",
    is_flag=True,
    help="A build to publish: refused while the address is mkdocs.yml's example "
    "placeholder (QR codes, the feed and the sitemap would point there).",
)
def build(
    strict: bool,
    jobs: int | None,
    shard: str | None,
    province: str | None,
    portal: bool,
    site_dir: Path | None,
    validated: bool,
    site_url: str | None,
    clean: bool,
    deploy: bool,
) -> None:
    """Check every report, then build the public site into site/ (whole, or sharded by province)."""
    import dataclasses
    import os

    from gongkai.site import shards

    if site_url:  # in the environment, so that the province processes of a parallel build get it too
        os.environ[shards.SITE_URL_VARIABLE] = site_url
    if deploy:
        os.environ[shards.DEPLOY_VARIABLE] = "1"
    config = settings.load()
    if site_dir is not None:
        config = dataclasses.replace(config, site_dir=site_dir.absolute())
    if province or portal:
        from gongkai.site import build as site

        if province == shards.WAIT_FOR_GROUP:
            _exit_after_build(site.build_waiting_group(config, strict))
        if province:
            _exit_after_build(site.build_province(config, province.split(","), strict, validate=not validated))
        _exit_after_build(site.build_portal(config, strict))
    # The group processes of a parallel build start before this process loads the build (shards).
    parallel = shards.Parallel.of(config, jobs, bool(shard))
    with shards.started(config, strict, parallel, clean) as processes:
        from gongkai.site import build as site

        gc.freeze()  # what is imported lives as long as the process: the collector need not walk it (0.15 s)
        status = site.build_site(config, strict=strict, clean=clean, early=(parallel, processes))
    _exit_after_build(status)


def _exit_after_build(status: int) -> NoReturn:
    """Exit without the interpreter's last garbage collection: it walked a build's millions of objects, none of
    which needs it, for half a second (of each province process too, which the build waits for)."""
    gc.freeze()
    sys.exit(status)


@main.command()
def shards() -> None:
    """Print the province codes that have reports, as JSON (the matrix of a sharded CI build)."""
    from gongkai.site.shards import provinces

    click.echo(json.dumps(provinces(settings.load())))


@main.command()
@click.option("--port", default=8000, show_default=True)
def serve(port: int) -> None:
    """Preview the site on http://127.0.0.1:PORT/ (rebuilt, incrementally, on every change)."""
    from gongkai.site.preview import serve_site

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
