"""Rendering: chart specs to SVG with vl-convert, in worker processes, through a content-addressed cache.

Every family module registers its drawer when imported; the workers draw by kind, so this module
imports them all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import importlib.metadata
import json
import multiprocessing
import os
import re
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from followup.charts import indicators, over_years, surveys, tables  # noqa: F401 - each registers its drawers (workers draw by kind)
from followup.charts.spec import ChartSpec, draw_spec, load_altair
from followup.charts.theme import FONT, SYMBOL_FACE, VL_VERSION, WIDTHS
from followup.fileio import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Bump when the SVG post-processing changes, so cached SVGs are rendered again.
RENDER_REVISION = "4"
DEFAULT_CACHE_DIR = Path(".cache") / "charts"
# --- Rendering -------------------------------------------------------------------------------------------

_ROOT_OPEN = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r'\bid="([^"]+)"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def _version(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What else shapes a chart besides its input: this module's code and the tool versions."""
    h = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):  # every chart family's code
        h.update(module.read_bytes())
    for part in (_version("altair"), _version("vl-convert-python"), VL_VERSION, RENDER_REVISION):
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()


def drawing_keys(chart: ChartSpec) -> list[str]:
    """The cache keys of a chart's drawings (one per width; none for a chart shown as its table)."""
    return [] if chart.omitted is not None else [chart_key(chart, width) for width in WIDTHS.values()]


def chart_key(chart: ChartSpec, width: int = WIDTHS["wide"]) -> str:
    """Content address of a chart's SVG: its input (kind, data, texts, id, width) and the code fingerprint."""
    payload = json.dumps(
        [chart.kind, chart.data, chart.title, chart.alt_text, chart.id, width],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((_code_fingerprint() + payload).encode("utf-8")).hexdigest()


def cache_key(spec: dict) -> str:
    """Content address of the SVG of a ready Vega-Lite spec (for render_charts on plain specs)."""
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((_code_fingerprint() + "spec" + payload).encode("utf-8")).hexdigest()


def postprocess_svg(svg: str, *, title: str, description: str, id_prefix: str) -> str:
    """Make Vega's SVG accessible and deterministic.

    The root gets role="img", an aria-label and a <title>/<desc>; Vega's inner ARIA roles are
    dropped (the picture is one image); ids (clip paths, numbered per process) are renamed in
    order of appearance with a chart-specific prefix.
    """
    ids = list(dict.fromkeys(_ID.findall(svg)))
    if ids:
        mapping = {old: f"{id_prefix}-{n}" for n, old in enumerate(ids, 1)}
        pattern = re.compile(r'(id="|url\(#|href="#)(' + "|".join(re.escape(i) for i in ids) + r')(?=["\)])')
        svg = pattern.sub(lambda m: m.group(1) + mapping[m.group(2)], svg)
    root = _ROOT_OPEN.search(svg)
    if root is None:  # pragma: no cover - vl-convert always gives an <svg>
        return svg
    body = _INNER_ARIA.sub("", svg[root.end() :])
    open_tag = re.sub(r'\s(?:role|aria-label|class)="[^"]*"', "", root.group(0))
    label = html.escape(description, quote=True)
    open_tag = open_tag[:-1] + f' role="img" aria-label="{label}" font-family="{FONT}">'
    head = (
        f"<title>{html.escape(title, quote=False)}</title><desc>{html.escape(description, quote=False)}</desc>"
        f"<style>{SYMBOL_FACE}</style>"
    )
    return svg[: root.start()] + open_tag + head + body


#: A fontconfig file that names no existing font folder (see the comment in it).
NO_SYSTEM_FONTS = Path(__file__).with_name("no-system-fonts.conf")
#: A chart with an axis label: rendering it makes vl-convert load its font database.
_FONT_WARM_UP = {
    "data": {"values": [{"a": "Å"}]},
    "mark": "point",
    "encoding": {"x": {"field": "a", "type": "nominal"}},
}
_own_fonts = False


def use_own_fonts() -> None:
    """Make this process's vl-convert measure text with its built-in fonts only.

    vl-convert reads the fontconfig file named by FONTCONFIG_FILE once, when it first measures
    text; it is set for that moment only, so programs started later (Chromium for PDFs) still
    see the machine's fonts.
    """
    global _own_fonts
    if _own_fonts:
        return
    import vl_convert  # noqa: PLC0415

    saved = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(NO_SYSTEM_FONTS)
    try:
        vl_convert.vegalite_to_svg(_FONT_WARM_UP, vl_version=VL_VERSION)
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved
    _own_fonts = True


def _warm() -> None:
    """Process initializer: import Altair and start vl-convert (with its own fonts) once per worker.

    Ctrl-C reaches the whole process group: the build process handles it and ends the workers,
    so a worker ignores it (else every worker would print a traceback).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_altair()
    use_own_fonts()


def _render_raw(spec: dict) -> str:
    import vl_convert  # noqa: PLC0415

    use_own_fonts()
    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def _work(job: tuple) -> tuple[dict, str, str | None]:
    """Draw (Altair) and render (vl-convert) one chart: ("chart", kind, data, title, alt, id, width) or ("spec", spec, id).

    -> (spec, svg, None), or (spec, "", why) when vl-convert cannot render it: a chart degrades
    to its table (followup.charts.limits), it never ends the build."""
    if job[0] == "chart":
        _, kind, data, title, alt_text, chart_id, width = job
        spec = draw_spec(kind, data, title, alt_text, width)
    else:
        _, spec, chart_id = job
        meta = spec.get("usermeta") or {}
        title, alt_text = meta.get("title", ""), meta.get("description", "")
    try:
        raw = _render_raw(spec)
    except (ValueError, RecursionError) as exc:  # vl-convert reports Vega's own failures as ValueError
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = next((line for line in lines if "Error" in line), lines[0] if lines else type(exc).__name__)
        return spec, "", f"Vega: {reason[:160]}"
    svg = postprocess_svg(raw, title=title, description=alt_text, id_prefix=chart_id)
    return spec, svg, None


def _mp_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # the server imports this module once; workers fork from it
        return context
    return multiprocessing.get_context("spawn")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


#: Below this many charts to draw and render, a pool costs more than it saves.
PARALLEL_THRESHOLD = 6

#: Workers started ahead by `start_workers` (one build at a time per process).
_early_pool: ProcessPoolExecutor | None = None


def _ready() -> None:
    """A task that makes the pool start a worker (and run its initializer) now."""


def start_workers(jobs: int | None = None) -> None:
    """Start and warm the chart workers now, so that their start-up (Altair import, vl-convert's
    runtime) overlaps loading and checking the data: 1 s of a one-report rebuild (measured).
    `render_charts` uses them; `stop_workers` ends them (call it in a `finally`)."""
    global _early_pool
    workers = default_jobs() if jobs is None else max(1, jobs)
    if _early_pool is not None or workers < 2 or threading.current_thread() is not threading.main_thread():
        return  # the preview server builds in a thread: it keeps the pool of render_charts
    _early_pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_warm)
    for _ in range(workers):
        _early_pool.submit(_ready)


def stop_workers() -> None:
    """End the workers of `start_workers` now, also in the middle of a chart (an interrupted build)."""
    global _early_pool
    pool, _early_pool = _early_pool, None
    if pool is not None:
        _end_pool(pool)


def _end_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting for the chart a worker is on (its workers ignore Ctrl-C)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)
    # The pool's manager thread closes its wake-up pipe when it sees the workers gone; left in
    # concurrent.futures' exit hook, that closed pipe printed an "OSError: Bad file descriptor"
    # traceback when the interpreter ended after a failed build.
    if manager is not None:
        manager.join(timeout=5)
        if not manager.is_alive():
            from concurrent.futures import process  # deferred: only needed after a pool is ended

            with contextlib.suppress(AttributeError, TypeError):
                process._threads_wakeups.pop(manager, None)


def _cache_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.svg"


def _counted(results: Iterable[Any], total: int, progress: Callable[[int, int], None] | None) -> list[Any]:
    """The results as a list, reporting each one to `progress` as it arrives."""
    done: list[Any] = []
    if progress is not None:
        progress(0, total)
    for result in results:
        done.append(result)
        if progress is not None:
            progress(len(done), total)
    return done


def render_charts(
    items: Sequence[ChartSpec | dict],
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    *,
    ids: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """The SVG of each chart (or plain Vega-Lite spec), in order; charts get `svg`, `svg_narrow` (and `spec`) set.

    A chart is drawn at each width of theme.WIDTHS: `svg` is the wide drawing (and the one
    returned), `svg_narrow` the narrow one.

    A chart's SVG is cached by its input (`chart_key`): on a hit neither Altair nor vl-convert
    runs. Misses are drawn and rendered in worker processes when there are enough of them.
    `cache_dir=None` disables the cache; `jobs` defaults to the usable CPUs, 1 renders here.
    `ids` names plain specs (their SVG ids are prefixed with it). `progress(done, total)` is
    called as the charts to render (the cache misses) are done.
    """
    cache = Path(cache_dir) if cache_dir is not None else None
    # One task per drawing: a chart is drawn at each of theme.WIDTHS (wide first), a plain spec once.
    tasks: list[tuple[int, str]] = []
    for index, item in enumerate(items):
        tasks += [(index, v) for v in WIDTHS] if isinstance(item, ChartSpec) else [(index, "")]
    results: list[str | None] = [None] * len(tasks)
    todo: dict[str, list[int]] = {}
    jobs_by_key: dict[str, tuple] = {}
    for number, (index, variant) in enumerate(tasks):
        item = items[index]
        if isinstance(item, ChartSpec) and item.omitted is not None:
            results[number] = ""  # too big to draw (followup.charts.limits): shown as its table
            continue
        if isinstance(item, ChartSpec):
            width = WIDTHS[variant]
            key = chart_key(item, width)
            prefix = item.id if variant == "wide" else f"{item.id}-{variant}"
            job: tuple = ("chart", item.kind, item.data, item.title, item.alt_text, prefix, width)
        else:
            key = cache_key(item)
            name = ids[index] if ids is not None else f"c-{key[:12]}"
            job = ("spec", item, name)
            key = hashlib.sha256((key + name).encode("utf-8")).hexdigest()
        if cache is not None:
            path = _cache_path(cache, key)
            if path.is_file():
                results[number] = path.read_text(encoding="utf-8")
                continue
        todo.setdefault(key, []).append(number)
        jobs_by_key[key] = job
    if todo:
        keys = list(todo)
        work = [jobs_by_key[k] for k in keys]
        workers = min(default_jobs() if jobs is None else max(1, jobs), len(work))
        chunksize = max(1, len(work) // (workers * 4))
        if _early_pool is not None and len(work) > 1:  # warm already (start_workers); stopped by the build
            done = _counted(_early_pool.map(_work, work, chunksize=chunksize), len(work), progress)
        elif workers > 1 and len(work) >= PARALLEL_THRESHOLD:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_warm)
            try:
                done = _counted(pool.map(_work, work, chunksize=chunksize), len(work), progress)
            finally:
                _end_pool(pool)
        else:
            done = _counted(map(_work, work), len(work), progress)
        for key, (spec, svg, failed) in zip(keys, done):
            for number in todo[key]:
                results[number] = svg
                index, variant = tasks[number]
                item = items[index]
                if isinstance(item, ChartSpec) and item._spec is None and variant == "wide":
                    item._spec = spec
                if isinstance(item, ChartSpec):
                    item.failed = failed
            if cache is not None and failed is None:
                path = _cache_path(cache, key)
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, svg)
    by_item: dict[int, dict[str, str]] = {}
    for (index, variant), result in zip(tasks, results):
        by_item.setdefault(index, {})[variant] = result or ""
    for index, item in enumerate(items):
        if isinstance(item, ChartSpec):
            item.svg = by_item[index]["wide"]
            item.svg_narrow = by_item[index]["narrow"]
    return [by_item[index].get("wide", by_item[index].get("", "")) for index in range(len(items))]


def _work_many(jobs: list[tuple]) -> list[tuple[dict, str, str | None]]:
    """Several charts in one task (one report's): fewer round trips to the workers."""
    return [_work(job) for job in jobs]


def _set_drawing(chart: ChartSpec, variant: str, svg: str) -> None:
    if variant == "wide":
        chart.svg = svg
    else:
        chart.svg_narrow = svg


class PendingCharts:
    """Charts of many groups (one group per report) rendering in the workers while the caller goes
    on: the build renders a report's pages as soon as its charts are done (`wait`) instead of
    waiting for every chart of the site, so the main process and the workers keep both cores busy.

    Cache hits are filled in at once; each group's misses are one task for the workers (a chart
    also missing in an earlier group waits for that group's task). With fewer misses than
    PARALLEL_THRESHOLD, or one job, charts are rendered here when waited for. Call `close`."""

    def __init__(
        self, groups: Sequence[Sequence[ChartSpec]], jobs: int | None = None, cache_dir: Path | str | None = DEFAULT_CACHE_DIR
    ):
        self.cache = Path(cache_dir) if cache_dir is not None else None
        self.groups = [list(g) for g in groups]
        self.done = [False] * len(self.groups)
        self.keys: list[list[tuple[int, str, str]]] = []
        self.where: dict[str, tuple[int, int]] = {}  # key -> (group, index in its task)
        self.tasks: list[list[tuple]] = [[] for _ in self.groups]
        self.task_keys: list[list[str]] = [[] for _ in self.groups]
        self.results: dict[int, Any] = {}  # group -> future, or its list of (spec, svg)
        self.pool: ProcessPoolExecutor | None = None
        misses = 0
        for g, charts in enumerate(self.groups):
            keys: list[tuple[int, str, str]] = []  # (chart index, drawing: wide/narrow, cache key)
            for ci, chart in enumerate(charts):
                if chart.omitted is not None:
                    continue  # too big to draw (followup.charts.limits): shown as its table
                for variant, width in WIDTHS.items():
                    key = chart_key(chart, width)
                    keys.append((ci, variant, key))
                    if key in self.where:
                        continue
                    if self.cache is not None:
                        path = _cache_path(self.cache, key)
                        if path.is_file():
                            _set_drawing(chart, variant, path.read_text(encoding="utf-8"))
                            continue
                    self.where[key] = (g, len(self.tasks[g]))
                    self.task_keys[g].append(key)
                    prefix = chart.id if variant == "wide" else f"{chart.id}-{variant}"
                    self.tasks[g].append(("chart", chart.kind, chart.data, chart.title, chart.alt_text, prefix, width))
                    misses += 1
            self.keys.append(keys)
        workers = default_jobs() if jobs is None else max(1, jobs)
        pool = _early_pool
        if pool is None and workers > 1 and misses >= PARALLEL_THRESHOLD:
            pool = self.pool = ProcessPoolExecutor(max_workers=min(workers, misses), mp_context=_mp_context(), initializer=_warm)
        if pool is not None and misses > 1:
            for g, task in enumerate(self.tasks):
                if task:
                    self.results[g] = pool.submit(_work_many, task)

    def _task(self, g: int) -> list[tuple[dict, str, str | None]]:
        """The (spec, svg, failure) of group g's misses, rendered here or waited for; cached once done
        (a drawing vl-convert could not render is not cached: the next build tries again)."""
        found = self.results.get(g)
        if isinstance(found, list):
            return found
        found = _work_many(self.tasks[g]) if found is None else found.result()
        self.results[g] = found
        if self.cache is not None:
            for key, (_spec, svg, failed) in zip(self.task_keys[g], found):
                if failed is None:
                    path = _cache_path(self.cache, key)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(path, svg)
        return found

    def wait(self, g: int) -> list[ChartSpec]:
        """The charts of group g with their drawings (and specs) set."""
        if not self.done[g]:
            charts = self.groups[g]
            for ci, variant, key in self.keys[g]:
                if key in self.where:  # else a cache hit, filled in already
                    owner, index = self.where[key]
                    spec, svg, failed = self._task(owner)[index]
                    chart = charts[ci]
                    _set_drawing(chart, variant, svg)
                    if failed is not None:
                        chart.failed = failed
                    if variant == "wide" and chart._spec is None:
                        chart._spec = spec
            self.done[g] = True
        return self.groups[g]

    def wait_all(self) -> None:
        for g in range(len(self.groups)):
            self.wait(g)

    def close(self) -> None:
        """End a pool of its own (the early workers are the build's to stop)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            _end_pool(pool)


def prune_cache(cache_dir: Path | str, keep: set[str]) -> int:
    """Remove every cached SVG whose key is not in `keep` (the charts the last build used), and
    leftovers of interrupted writes; the number of files removed. Without it the cache of a CI
    that keeps it grows with every data commit."""
    removed = 0
    cache = Path(cache_dir)
    if not cache.is_dir():
        return removed
    for folder in cache.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in folder.iterdir():
            if path.suffix == ".svg" and path.stem in keep:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
    return removed
