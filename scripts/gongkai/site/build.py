"""`gongkai build`: MkDocs with the project's mkdocs.yml, run from the project root (`gongkai serve` builds with it
too: gongkai.site.preview).

The site layer is the `gongkai` MkDocs plugin of this installed package (gongkai.site.plugin), which mkdocs.yml
names; it is added here if a project's mkdocs.yml leaves it out, so every build has it. A small site is one plain
MkDocs build (the same as `mkdocs build`); a large one is built in province groups by separate processes beside
the portal, then one search index and one sitemap are made over them all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from gongkai import gazetteer, store
from gongkai.check import check_content
from gongkai.config import Config
from gongkai.fingerprints import CACHE_FOLDER, compiled_templates
from gongkai.layout import is_shard
from gongkai.site import cache, compliance
from gongkai.site.cache import Held, ProvinceCache, delete_detached
from gongkai.site.catalog import Catalog, Report, handover, shard_of
from gongkai.site.page_reuse import KEYS, Earlier
from gongkai.site.plugin import INTERMEDIATES, GongkaiPlugin, finish_site
from gongkai.site.readings import Readings
from gongkai.site.scope import Mode, ShardScope
from gongkai.site.shards import DEPLOY_VARIABLE, SITE_URL_VARIABLE, GroupProcesses, Parallel, provinces, started

PLUGIN = "gongkai"  # its name in pyproject's mkdocs.plugins entry points
# mkdocs.yml ships with an address no site has: a build to publish must be given the real one.
PLACEHOLDER_HOSTS = frozenset({"example.gov.cn", "example.com", "example.org", "example.net"})
# The portal reads stale reports' front matter itself (about 1 ms each) when they are at most this share of all;
# more, and it waits for the groups' processes, which read them anyway, to start (seconds, growing with the site).
READ_HERE_SHARE = 0.2
log = logging.getLogger("gongkai")


@contextlib.contextmanager
def _in_root(root: Path) -> Iterator[None]:
    """mkdocs.yml names paths (docs_dir, custom_dir) relative to the project root."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(previous)


def _mkdocs_build(config: Config, site_dir: Path, strict: bool, scope: ShardScope | None = None) -> MkDocsConfig | None:
    """MkDocs over the project; its loaded configuration, or None if the build failed (the error is logged)."""
    with _in_root(config.root), _listed(config, scope or ShardScope()) as (docs_dir, scope):
        try:
            mkdocs_config = _load(config, strict=strict, site_dir=str(site_dir), **docs_dir)
            _plugin(mkdocs_config).scope = scope
            if scope.mode is Mode.PORTAL:  # its pages link to reports other builds render: not a line each
                mkdocs_config.validation.links.unrecognized_links = logging.DEBUG
            build(mkdocs_config)
        except (Abort, ConfigurationError) as error:
            log.error("站点构建失败：%s", error)
            return None
    return mkdocs_config


@contextlib.contextmanager
def _listed(config: Config, scope: ShardScope) -> Iterator[tuple[dict[str, str], ShardScope]]:
    """What MkDocs lists for a build of `scope` (its docs_dir, if not content/), and the scope that says so. MkDocs
    makes a File of every file below docs_dir before any plugin runs (0.3 s for the 20,000 files of 10,000 reports,
    in every build process; the plugin then dropped those of other shards): a build that reads no other shard's
    files lists a folder of links to content/'s entries that it renders."""
    if not scope.lists_rendered_only:
        yield {}, scope
        return
    rendered = [name for name in sorted(os.listdir(config.content_dir)) if scope.renders(f"{name}/")]
    left_out = frozenset(provinces(config)) - set(rendered)
    with tempfile.TemporaryDirectory(prefix="gongkai-docs-", dir=config.root) as listed:
        for name in rendered:
            Path(listed, name).symlink_to(config.content_dir.absolute() / name)
        yield {"docs_dir": listed}, dataclasses.replace(scope, left_out=left_out, content_dir=config.content_dir)


def _load(config: Config, **options: Any) -> MkDocsConfig:
    """The project's mkdocs.yml, with the gongkai plugin whether or not it names it, and the address
    `gongkai build --site-url` gave."""
    if os.environ.get(SITE_URL_VARIABLE):
        options["site_url"] = os.environ[SITE_URL_VARIABLE].rstrip("/") + "/"
    mkdocs_config = load_config(str(config.root / "mkdocs.yml"), **options)
    if PLUGIN not in mkdocs_config.plugins:
        mkdocs_config = load_config(
            str(config.root / "mkdocs.yml"), plugins=[*mkdocs_config.plugins.keys(), PLUGIN], **options
        )
    return mkdocs_config


def _plugin(mkdocs_config: MkDocsConfig) -> GongkaiPlugin:
    plugin = mkdocs_config.plugins[PLUGIN]
    assert isinstance(plugin, GongkaiPlugin)
    return plugin


def site_url(config: Config) -> str:
    """The address the site is published at (mkdocs.yml's site_url, or the one `--site-url` gave)."""
    with _in_root(config.root):
        return _load(config).site_url or ""


def address_allowed(config: Config) -> bool:
    """A build to publish (`--deploy`) needs the site's real address; any other build with the placeholder is a
    preview, and says so."""
    address = site_url(config)
    host = (urlsplit(address).hostname or "").lower()
    if host and host not in PLACEHOLDER_HOSTS:
        return True
    where = f"site_url 是示例地址 {address}" if host else "mkdocs.yml 未设置 site_url"
    if os.environ.get(DEPLOY_VARIABLE):
        log.error(
            "%s：二维码、订阅源、站点地图和 canonical 链接都会指向它，不能用于发布。请在 mkdocs.yml 中把 site_url "
            "设为网站的真实地址，或用 gongkai build --deploy --site-url https://…/ 指定",
            where,
        )
        return False
    log.warning(
        "本地预览构建（%s）：二维码、订阅源和站点地图中的网址不是网站的真实地址；发布时请用 "
        "gongkai build --deploy --site-url https://…/",
        where,
    )
    return True


@dataclasses.dataclass(frozen=True)
class _Checked:
    """What the checks of `gongkai check` found, and how long they took."""

    errors: list[str]
    warnings: list[str]
    seconds: float


def _check(config: Config, shards: list[str] | None = None) -> _Checked:
    started = time.perf_counter()
    errors, warnings, _checked = check_content(config, shards=shards, for_build=True)
    return _Checked(errors, warnings, time.perf_counter() - started)


def _reported(config: Config, checked: _Checked) -> bool:
    """Whether the checks passed, after saying what they found."""
    log.info("检查用时 %.1f 秒", checked.seconds)
    for line in checked.warnings:
        log.warning("%s", line)
    for line in checked.errors:
        print(line, file=sys.stderr)
    if checked.errors:
        log.error(
            "发现 %d 个错误，未构建站点（已有的 %s/ 保持不变）：修正后可用 gongkai check 再检查",
            len(checked.errors),
            config.site_dir.name,
        )
    return not checked.errors


def validated(config: Config, shards: list[str] | None = None) -> bool:
    """The checks of `gongkai check` (on these shards, or all of content/) before anything is built: a build
    publishes what it finds, so an invalid report must stop it. Problems the site handles safely are warnings."""
    return _reported(config, _check(config, shards))


@contextlib.contextmanager
def _staging(config: Config) -> Iterator[Config]:
    """A configuration building into a fresh folder beside site/; the caller swaps it in when it is complete,
    so a failed or interrupted build leaves the previous site as it was."""
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{config.site_dir.name}-building-", dir=config.site_dir.parent))
    folder.chmod(store.NEW_FOLDER_MODE)  # mkdtemp's 0700 would become site/'s: a web server could not enter it
    try:
        yield dataclasses.replace(config, site_dir=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _swap_in(built: Path, site_dir: Path, detach_delete: bool = False) -> None:
    """The new site replaces the old one: two renames in one folder, the old one deleted after, by a process of
    its own with `detach_delete` (a large site)."""
    old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    if not old.exists():
        return
    if detach_delete:
        delete_detached(old)
    else:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    config: Config,
    strict: bool = True,
    jobs: int | None = None,
    per_province: bool = False,
    clean: bool = False,
    early: tuple[Parallel, GroupProcesses | None] | None = None,
) -> int:
    """The whole site, validated and built beside site/ (swapped in when complete and valid): when parallel
    (gongkai.site.shards), groups of provinces built by separate processes beside the portal and the checks (what a
    CI matrix does on many machines, `per_province` making one group per province), then search and sitemap. A
    province build's output is kept in .cache/gongkai/ and reused while its inputs stay the same
    (gongkai.site.cache); `clean` rebuilds every one. `early`: how the command line found the build parallel, and
    the group processes it started first of all (shards.started)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    with contextlib.ExitStack() as stack:
        if early is None:
            parallel = Parallel.of(config, jobs, per_province)
            early = parallel, stack.enter_context(started(config, strict, parallel, clean))
        return _build_site(config, strict, clean, *early)


def _build_site(config: Config, strict: bool, clean: bool, parallel: Parallel, processes: GroupProcesses | None) -> int:
    """build_site, once the group processes (None: not parallel) are started."""
    if not address_allowed(config):
        return 1
    if clean:  # nothing kept from earlier builds, compiled templates included
        shutil.rmtree(compiled_templates(config.root), ignore_errors=True)
    with _staging(config) as staged:
        plan = _plan(staged, config.site_dir, parallel, clean) if processes is not None else None
        status = _build_planned(config, staged, strict, parallel.jobs, plan, processes)
        if status == 0:
            swapped = time.perf_counter()
            _swap_in(staged.site_dir, config.site_dir, detach_delete=parallel.sharded)
            log.info("替换 %s/ 并删除旧版用时 %.1f 秒", config.site_dir.name, time.perf_counter() - swapped)
            print(
                f"站点已生成：{config.site_dir}/（预览请运行 gongkai serve 并打开 http://127.0.0.1:8000/；"
                "直接打开其中的 HTML 文件时，页面间的链接无法使用）"
            )
    return status


def _build_at_once(config: Config, strict: bool) -> int:
    """A small site: one MkDocs build, whose plugin finishes the whole site."""
    return 0 if _mkdocs_build(config, config.site_dir, strict) else 1


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What a parallel build reuses and what it builds: province → reports, → fingerprint, those reused from the
    cache, the stale ones and their groups."""

    sizes: dict[str, int]
    prints: dict[str, str]
    reused: list[str]
    stale: dict[str, int]
    groups: list[list[str]]
    seconds: float  # spent comparing
    published: Path  # site/, where the last build's provinces are
    adopted: dict[str, str]  # reused provinces whose folder in site/ is as it was left: → its published_stamp
    earlier: Earlier  # the stale provinces' and the portal's last outputs, whose unchanged pages their builds keep


def _plan(config: Config, published: Path, parallel: Parallel, clean: bool) -> _Plan:
    """What to reuse and what to build into `config`'s folder; `published`: the site the last build left."""
    started = time.perf_counter()
    sizes, jobs = parallel.sizes, parallel.jobs
    shared = cache.shared_inputs(config, sorted(sizes), os.environ.get(SITE_URL_VARIABLE, ""))
    prints = cache.fingerprints(config, sorted(sizes), shared)
    cached = ProvinceCache(config)
    reused = [code for code in sorted(sizes) if not clean and cached.has(code, prints[code])]
    stale = {code: size for code, size in sizes.items() if code not in reused}
    groups = (
        [[code] for code in sorted(stale)] if parallel.per_province else _balanced_groups(stale, jobs) if stale else []
    )
    earlier = {
        area: cached.output(entry)
        for area, entry in [*((code, code) for code in sorted(stale)), ("", cache.PORTAL)]
        if not clean and cached.output(entry).is_dir()
    }
    seconds = time.perf_counter() - started
    return _Plan(sizes, prints, reused, stale, groups, seconds, published, {}, Earlier(shared, earlier))


def _adoptable(config: Config, published: Path, reused: list[str], prints: dict[str, str]) -> dict[str, str]:
    """The reused provinces whose folder in site/ is still what the last build left (and the cache holds), each
    with its published_stamp: they are moved into the new site, not copied from the cache (33,000 hard links took
    4 s of CPU beside the builds)."""
    left = ProvinceCache(config).published()
    return {
        code: stamp
        for code in reused
        if code in left
        and left[code][0] == prints[code]
        and (published / code).is_dir()
        and (stamp := cache.published_stamp(published / code)) == left[code][1]
    }


def _build_planned(
    config: Config, staged: Config, strict: bool, jobs: int, plan: _Plan | None, processes: GroupProcesses | None
) -> int:
    """The site into `staged`'s folder: without a plan, checked first, then one MkDocs build; else as planned, by
    processes started for the groups at once, while the checks run beside them and which published provinces can be
    moved into the new site is found (both look at every file: about 4 s and 2 s at 50,000 reports). Nothing is
    kept or published unless the checks pass."""
    if plan is None or processes is None:
        return _build_at_once(staged, strict) if validated(config) else 1
    processes.start_waiting(min(jobs, len(plan.groups)))
    with _meanwhile(config, staged, plan) as meanwhile:
        meanwhile.checked.add_done_callback(lambda done: processes.stop() if _failed(done) else None)
        return _build_whole(staged, strict, jobs, plan, processes, meanwhile)


def _failed(checked: Future[_Checked]) -> bool:
    return checked.exception() is not None or bool(checked.result().errors)


@dataclasses.dataclass(frozen=True)
class _Meanwhile:
    """What a parallel build works out beside building: the checks of content/ (of `config`, the project's) and
    the provinces it can adopt from site/ (_adoptable)."""

    config: Config
    checked: Future[_Checked]
    adoptable: Future[dict[str, str]]

    def passed(self) -> bool:
        """Whether the checks passed, after saying what they found (once: the caller asks once)."""
        return _reported(self.config, self.checked.result())


@contextlib.contextmanager
def _meanwhile(config: Config, staged: Config, plan: _Plan) -> Iterator[_Meanwhile]:
    """The checks and _adoptable, each worked out by a forked copy of this process that ends once it has handed its
    result back (its memory counts while the groups build otherwise), or by threads where processes cannot fork.
    Both are forked before any thread of ours runs. They hold copies of the waiting group processes' pipes, which is
    why a group's request is one line (shards.GroupProcesses.build), not everything up to the pipe's end."""
    if "fork" not in multiprocessing.get_all_start_methods():
        with ThreadPoolExecutor(2) as helpers:
            yield _Meanwhile(
                config,
                helpers.submit(_check, config),
                helpers.submit(_adoptable, staged, plan.published, plan.reused, plan.prints),
            )
        return
    checking = _Forked(_check, config)
    adopting = _Forked(_adoptable, staged, plan.published, plan.reused, plan.prints)
    with ThreadPoolExecutor(2) as waiting:  # threads only now: every fork is done
        yield _Meanwhile(config, waiting.submit(checking.result), waiting.submit(adopting.result))


class _Forked:
    """A function run by a forked copy of this process; result() waits for what it hands back through a pipe."""

    def __init__(self, function: Callable[..., Any], *arguments: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._results, sending = context.Pipe(duplex=False)
        # Not a daemon: the checks start processes of their own when many reports are new.
        self._process = context.Process(target=_hand_back, args=(sending, function, *arguments))
        self._process.start()
        sending.close()  # the child's end: an ended child then reads as EOF

    def result(self) -> Any:
        try:
            received = self._results.recv()
        except EOFError:  # it ended without a word
            received = None
        finally:
            self._process.join()
            self._results.close()
        if received is None:
            raise RuntimeError(f"子进程意外结束（退出码 {self._process.exitcode}）")
        succeeded, value = received
        if not succeeded:
            raise value
        return value


def _hand_back(sending: Connection, function: Callable[..., Any], *arguments: Any) -> None:
    """In a forked process: `function`'s result, or the exception it raised, sent back to the parent."""
    try:
        sending.send((True, function(*arguments)))
    except Exception as error:  # noqa: BLE001 - raised again in the parent, by _Forked.result
        sending.send((False, error))
    finally:
        sending.close()


def _build_whole(
    config: Config, strict: bool, jobs: int, plan: _Plan, processes: GroupProcesses, meanwhile: _Meanwhile
) -> int:
    """Province groups built by `jobs` separate processes beside the portal, reusing cached provinces; then, if the
    checks passed, the search index and sitemap of them all."""
    shutil.rmtree(config.site_dir, ignore_errors=True)
    config.site_dir.mkdir(parents=True)
    cached = ProvinceCache(config)
    sizes, prints, reused, stale, groups = plan.sizes, plan.prints, plan.reused, plan.stale, plan.groups
    log.info(
        "增量构建：%d 个分站沿用上次的结果，%d 个重新构建（比对用时 %.1f 秒）", len(reused), len(stale), plan.seconds
    )
    copied: list[str] = []
    restoring: subprocess.Popen[bytes] | None = None
    held = Held(cached.held_folder(), {code: prints[code] for code in stale})
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-catalogs-", dir=config.root) as scratch:
            try:
                # The portal (built meanwhile in this process) needs the front matter of every report: reused
                # provinces hand over their cached one. When every group runs at once, each hands over what it has
                # read, so it is not parsed twice; a few stale reports are read here instead, without waiting for
                # the groups' processes to start (about 3 s of an incremental build at 10,000 reports).
                handovers = [Path(scratch, f"{number}.pickle") for number in range(len(groups))]
                if len(groups) > jobs:  # groups waiting for a worker: the portal would wait for them too
                    handovers = []
                read_here = sum(stale.values()) <= READ_HERE_SHARE * sum(sizes.values())
                with ThreadPoolExecutor(max_workers=1) as background:
                    provinces_built = background.submit(
                        _build_groups,
                        processes,
                        config.site_dir,
                        groups,
                        jobs,
                        [] if read_here else handovers,
                        plan.earlier,
                        held,
                    )
                    catalogs = (
                        [_read_here(config, code, plan.earlier, Path(scratch)) for code in sorted(stale)]
                        if read_here
                        else handovers
                    )
                    while not (handed_over := all(map(Path.exists, catalogs))) and not provinces_built.done():
                        time.sleep(0.05)
                    reused_catalogs = [cached.catalog(code) for code in reused]
                    portal_started = time.perf_counter()
                    built = (
                        _build_portal_pages(config, strict, [*reused_catalogs, *catalogs], plan.earlier)
                        if handed_over
                        else None
                    )
                    log.info("门户页面用时 %.1f 秒", time.perf_counter() - portal_started)
                    # Found meanwhile (after the portal, which does not need it: at 50,000 reports it took 2–4 s
                    # beside the builds); the reused provinces it cannot adopt are copied from the cache.
                    plan = dataclasses.replace(plan, adopted=meanwhile.adoptable.result())
                    if plan.adopted:
                        log.info("其中 %d 个沿用的分站直接从 %s/ 移入新站点", len(plan.adopted), plan.published.name)
                    copied = [code for code in reused if code not in plan.adopted]
                    restoring = cached.restore(copied, config.site_dir) if copied else None  # waited for below
                    provinces_ok = provinces_built.result()
            except Exception:
                if not meanwhile.passed():  # an invalid report can break a build anywhere: the checks say which
                    return 1
                raise
            if not meanwhile.passed() or not provinces_ok or built is None:
                return 1
            kept = time.perf_counter()
            cached.keep_portal(config.site_dir)  # for the next build to keep its unchanged pages
            (config.site_dir / KEYS).unlink(missing_ok=True)  # the cache's, not the site's
            lost = sorted(set(stale) - set(cached.take_held(held.folder, held.prints)))
            if lost:  # nothing wrong with the site: these provinces are built again next time
                log.warning("分站 %s 的构建结果未能保存到 %s，下次构建时重新构建", "、".join(lost), CACHE_FOLDER)
            cached.forget_others(sorted(sizes))
            log.info("保存 %d 个分站的构建结果用时 %.1f 秒", len(stale) - len(lost), time.perf_counter() - kept)
    finally:
        cached.discard(held.folder)  # a failed build keeps nothing
        cached.empty_trash()
        waited = time.perf_counter()
        restored = restoring is None or restoring.wait() == 0
        if restoring is not None:
            log.info("从缓存复制 %d 个沿用的分站另等 %.1f 秒", len(copied), time.perf_counter() - waited)
    if not restored:
        log.error("从 %s 恢复分站失败，未构建站点：请用 gongkai build --clean 重新构建", CACHE_FOLDER)
        return 1
    _finish_adopting(cached, plan, config.site_dir, built.site_url)
    return 0


def _finish_adopting(cached: ProvinceCache, plan: _Plan, site_dir: Path, site_url: str | None) -> None:
    """The merge, with what it needs of the adopted provinces linked from the cache again; then the adopted
    provinces moved from the published site into `site_dir` (just before the swap, so that site/ lacks them for
    a moment only; given back if a move fails), and what site/ will hold remembered for the next build."""
    for code in plan.adopted:
        cached.relink(code, INTERMEDIATES, site_dir)
    finish_site(
        site_dir, site_url, keep_segments=False, elsewhere={code: plan.published / code for code in plan.adopted}
    )
    moved: list[str] = []
    try:
        for code in plan.adopted:
            shutil.rmtree(site_dir / code)  # what is left of the intermediates: folders emptied by the merge
            (plan.published / code).rename(site_dir / code)
            moved.append(code)
    except BaseException:
        for code in moved:
            (site_dir / code).rename(plan.published / code)
        raise
    cached.remember_published(
        {
            code: (plan.prints[code], plan.adopted.get(code) or cache.published_stamp(site_dir / code))
            for code in plan.sizes
        }
    )


def _keep(config: Config, codes: list[str], catalog: Catalog, held: Held) -> None:
    """The provinces just built into site_dir, each kept in `held` with the front matter read for it."""
    reports: dict[str, list[Report]] = {code: [] for code in codes}
    for report in catalog.reports:
        reports.setdefault(shard_of(report.src_uri) or "", []).append(report)
    shares = catalog.repeat_shares
    cached = ProvinceCache(config)

    def keep_one(code: str) -> None:
        mine = {report.src_uri: shares[report.src_uri] for report in reports[code] if report.src_uri in shares}
        handed_over = handover(reports[code], mine)
        cached.store(code, held.prints[code], config.site_dir, handed_over, held.folder)

    with ThreadPoolExecutor(max_workers=cache.LINKING_THREADS) as linking:
        list(linking.map(keep_one, codes))


def _read_here(config: Config, code: str, earlier: Earlier, folder: Path) -> Path:
    """The front matter of province `code`, read here, in a file of `folder`, as its build would hand it over."""
    path = folder / f"{code}.read-here.pickle"
    path.write_bytes(_handover_of(config, code, earlier))
    return path


def _handover_of(config: Config, code: str, earlier: Earlier) -> bytes:
    """What the build of one province would have handed over, read again from content/ (a report whose text its
    last build read is not parsed again: gongkai.site.readings)."""
    readings = Readings.left_by(earlier, [code])
    reports = []
    for path in store.report_files(config.content_dir / code):
        reading = readings.read(path.relative_to(config.content_dir).as_posix(), path.read_text("utf-8-sig"))
        if reading is not None:
            reports.append(reading.report)
    sentences = readings.sentences()
    prints = [(report.src_uri, report.meta, sentences[report.src_uri]) for report in reports]
    return handover(reports, compliance.previous_shares(compliance.repetition(prints)))


def _balanced_groups(sizes: dict[str, int], count: int) -> list[list[str]]:
    """Provinces in `count` groups of about equal numbers of reports (largest first, each to the lightest group)."""
    groups: list[list[str]] = [[] for _ in range(max(1, min(count, len(sizes))))]
    totals = [0] * len(groups)
    for code in sorted(sizes, key=lambda code: (-sizes[code], code)):
        lightest = totals.index(min(totals))
        groups[lightest].append(code)
        totals[lightest] += sizes[code]
    return [sorted(group) for group in groups if group]


def _build_groups(
    processes: GroupProcesses,
    site_dir: Path,
    groups: list[list[str]],
    jobs: int,
    catalogs: list[Path],
    earlier: Earlier,
    held: Held,
) -> bool:
    """Each group by its own process, `jobs` at a time, each keeping its output in `held`; with `catalogs`, one
    file per group, each writes there the front matter of its reports."""

    def run(number: int) -> tuple[list[str], int]:
        started = time.perf_counter()
        returncode = processes.build(site_dir, groups[number], catalogs[number] if catalogs else None, earlier, held)
        if not processes.stopped:
            log.info("分站 %s 用时 %.1f 秒", ",".join(groups[number]), time.perf_counter() - started)
        return groups[number], returncode

    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        results = list(pool.map(run, range(len(groups))))
    failed = [code for group, returncode in results if returncode for code in group]
    if failed and not processes.stopped:  # stopped: the checks failed, and say why
        log.error("分站构建失败：%s", "、".join(failed))
    return not failed


def build_waiting_group(config: Config, strict: bool) -> int:
    """What a process shards.GroupProcesses started does: load what every province build needs, then build the
    group its standard input names, where it names (nothing, if it names none)."""
    with _in_root(config.root), contextlib.suppress(Abort, ConfigurationError):  # said by the build that needs it
        _load(config, strict=strict)  # MkDocs, Material and the plugin imported
    gazetteer.lookup("110000")  # the gazetteer read
    request = sys.stdin.readline()  # one line (GroupProcesses.build)
    if not request.strip():
        return 0
    group = json.loads(request)
    config = dataclasses.replace(config, site_dir=Path(group["site_dir"]))
    catalog_out = Path(group["catalog_out"]) if group["catalog_out"] else None
    earlier, held = Earlier.from_json(group["earlier"]), Held.from_json(group["held"])
    return build_province(config, group["codes"], strict, catalog_out, False, earlier, held)


def build_province(
    config: Config,
    codes: list[str],
    strict: bool = True,
    catalog_out: Path | None = None,
    validate: bool = True,
    earlier: Earlier | None = None,
    held: Held | None = None,
) -> int:
    """These provinces as their own site in site/<code>/, each with its search segment: independent of every
    other shard, so shards can be built by separate processes or machines (a CI matrix) and copied together.
    With `catalog_out`, the front matter read there is written to that file (see build_site). `validate`: the
    shards' reports are checked first (the parallel build checks all of content/ itself). With `earlier`, pages are
    kept from the provinces' last outputs where unchanged, and each page's key is left for the next; with `held`,
    the output is kept for the cache there (the parallel build takes it in once its checks have passed: linking
    35,000 files at 10,000 reports took it 2 s after the groups, which now do it beside each other)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    unknown = sorted(set(codes) - set(provinces(config)))
    if unknown:
        log.error("content/ 下没有省级代码为 %s 的报告", "、".join(unknown))
        return 1
    if validate and not (address_allowed(config) and validated(config, codes)):
        return 1
    with tempfile.TemporaryDirectory(prefix="gongkai-shard-", dir=config.root) as scratch:
        built = _mkdocs_build(config, Path(scratch), strict, ShardScope.of_provinces(codes, catalog_out, earlier))
        if built is None:
            return 1
        for code in codes:
            target = config.site_dir / code
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(Path(scratch) / code), target)
    if held is not None:
        _keep(config, codes, _plugin(built).catalog, held)
    print(f"分站已生成：{'、'.join(str(config.site_dir / code) for code in codes)}")
    return 0


def _build_portal_pages(
    config: Config, strict: bool, catalogs: list[Path] | None = None, earlier: Earlier | None = None
) -> MkDocsConfig | None:
    """The pages above the provinces, into site_dir; with `earlier`, those unchanged since the last build kept from
    .cache/gongkai/ (gongkai.site.page_reuse)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-portal-", dir=config.root) as scratch:
        built = _mkdocs_build(config, Path(scratch), strict, ShardScope.portal(catalogs or [], earlier))
        if built is None:
            return None
        for item in Path(scratch).iterdir():
            if is_shard(item.name):  # a stub page for the sidebar: the province's own build made the real one
                continue
            target = config.site_dir / item.name
            if target.is_dir():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(item), target)
    return built


def build_portal(config: Config, strict: bool = True) -> int:
    """The pages above the provinces (home, by-year, search, assets) around shards already in site/<code>/, and
    the search index and sitemap of them all. Shards keep their segments, so the portal can be built again."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")
    if not address_allowed(config) or not validated(config):
        return 1
    built = _build_portal_pages(config, strict)
    if built is None:
        return 1
    indexed = finish_site(config.site_dir, built.site_url, keep_segments=True)
    print(f"门户已生成：{config.site_dir / 'index.html'}（全文检索收录报告 {indexed} 篇）")
    return 0
