"""Rendering: chart specs to SVG with vl-convert, in worker processes, through a content-addressed cache.

Every family module registers its drawer when imported; the workers draw by kind, so this module
imports them all.
"""

from __future__ import annotations

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
from typing import TYPE_CHECKING, Any, Sequence

from followup.charts import goals, indicators, over_years, surveys, tables  # noqa: F401 - each registers its drawers (workers draw by kind)
from followup.charts.spec import ChartSpec, _altair, draw_spec
from followup.charts.theme import FONT, SYMBOL_FACE, VL_VERSION

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Bump when the SVG post-processing changes, so cached SVGs are rendered again.
RENDER_REVISION = "3"
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


def chart_key(chart: ChartSpec) -> str:
    """Content address of a chart's SVG: its input (kind, data, texts, id) and the code fingerprint."""
    payload = json.dumps(
        [chart.kind, chart.data, chart.title, chart.alt_text, chart.id],
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
    _altair()
    use_own_fonts()


def _render_raw(spec: dict) -> str:
    import vl_convert  # noqa: PLC0415

    use_own_fonts()
    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def _work(job: tuple) -> tuple[dict, str]:
    """Draw (Altair) and render (vl-convert) one chart: ("chart", kind, data, title, alt, id) or ("spec", spec, id)."""
    if job[0] == "chart":
        _, kind, data, title, alt_text, chart_id = job
        spec = draw_spec(kind, data, title, alt_text)
    else:
        _, spec, chart_id = job
        meta = spec.get("usermeta") or {}
        title, alt_text = meta.get("title", ""), meta.get("description", "")
    svg = postprocess_svg(_render_raw(spec), title=title, description=alt_text, id_prefix=chart_id)
    return spec, svg


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
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)


def _cache_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.svg"


def render_charts(
    items: Sequence[ChartSpec | dict],
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    *,
    ids: Sequence[str] | None = None,
) -> list[str]:
    """The SVG of each chart (or plain Vega-Lite spec), in order; charts get `svg` (and `spec`) set.

    A chart's SVG is cached by its input (`chart_key`): on a hit neither Altair nor vl-convert
    runs. Misses are drawn and rendered in worker processes when there are enough of them.
    `cache_dir=None` disables the cache; `jobs` defaults to the usable CPUs, 1 renders here.
    `ids` names plain specs (their SVG ids are prefixed with it).
    """
    cache = Path(cache_dir) if cache_dir is not None else None
    results: list[str | None] = [None] * len(items)
    todo: dict[str, list[int]] = {}
    jobs_by_key: dict[str, tuple] = {}
    for index, item in enumerate(items):
        if isinstance(item, ChartSpec):
            key = chart_key(item)
            job: tuple = ("chart", item.kind, item.data, item.title, item.alt_text, item.id)
        else:
            key = cache_key(item)
            name = ids[index] if ids is not None else f"c-{key[:12]}"
            job = ("spec", item, name)
            key = hashlib.sha256((key + name).encode("utf-8")).hexdigest()
        if cache is not None:
            path = _cache_path(cache, key)
            if path.is_file():
                results[index] = path.read_text(encoding="utf-8")
                continue
        todo.setdefault(key, []).append(index)
        jobs_by_key[key] = job
    if todo:
        keys = list(todo)
        work = [jobs_by_key[k] for k in keys]
        workers = min(default_jobs() if jobs is None else max(1, jobs), len(work))
        chunksize = max(1, len(work) // (workers * 4))
        if _early_pool is not None and len(work) > 1:  # warm already (start_workers); stopped by the build
            done = list(_early_pool.map(_work, work, chunksize=chunksize))
        elif workers > 1 and len(work) >= PARALLEL_THRESHOLD:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_warm)
            try:
                done = list(pool.map(_work, work, chunksize=chunksize))
            finally:
                _end_pool(pool)
        else:
            done = [_work(job) for job in work]
        for key, (spec, svg) in zip(keys, done):
            for index in todo[key]:
                results[index] = svg
                item = items[index]
                if isinstance(item, ChartSpec) and item._spec is None:
                    item._spec = spec
            if cache is not None:
                path = _cache_path(cache, key)
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_text(svg, encoding="utf-8")
                os.replace(tmp, path)
    for item, result in zip(items, results):
        if isinstance(item, ChartSpec):
            item.svg = result or ""
    return [r or "" for r in results]
