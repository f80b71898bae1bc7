"""Partial builds, the rendering and MkDocs side: a renderer that reuses the records of unchanged
reports (`renderer_factory`) and MkDocs run in dirty mode on exactly the changed pages, the rest
hard-linked from the published site (`MkDocsPartial`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from followup.build.records import (
    BUNDLE_VIEW,
    SOFT_MISSES,
    SUMMARY_VIEW,
    VIEW_MISSES,
    CachedView,
    Deferred,
    PartialBuildFailed,
    Plan,
    RecordingView,
    ReportRecord,
    page_key,
    save_record,
)
from followup.build.state import CACHE_DIR, BuildState, site_listing
from followup.charts.render import drawing_keys
from followup.fileio import atomic_write
from followup.site import render


class _DropDirtyWarning:
    """MkDocs warns that a dirty build may give inaccurate navigation; ours marks exactly the
    changed files modified (and the theme draws navigation from page_info), so the warning does
    not apply, and under `strict: true` it would abort the build."""

    def filter(self, record: Any) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_FILTER = _DropDirtyWarning()


def _years_path(root: Path, code: str, digests: dict[str, str], keys: list[str]) -> Path | None:
    """Where an organisation's series over the years are kept, by its reports' digests (None: unknown)."""
    if any(key not in digests for key in keys):
        return None
    text = "\0".join([code, *(f"{key}\0{digests[key]}" for key in sorted(keys))])
    return Path(root) / CACHE_DIR / "years" / f"{hashlib.sha256(text.encode()).hexdigest()}.pickle"


def _read_years(path: Path | None) -> Any:
    """The series over the years kept at `path`, or None (missing or unreadable: made again)."""
    try:
        return pickle.loads(path.read_bytes()) if path is not None else None
    except Exception:  # noqa: BLE001 - missing or unreadable: build everything
        return None


def _real(b: Any) -> Any:
    return b.__dict__["_real"] if isinstance(b, RecordingView) else b


def renderer_factory(plan: Plan | None, code: str, root: Path, digests: dict[str, str] | None = None) -> Any:
    """A render.SiteRenderer subclass (as a factory) that reuses the plan's records and records
    what it renders, for the next build. `digests`: the reports' digests (BuildState.reports)."""

    class CachingRenderer(render.SiteRenderer):
        def organisation_years(self, bundles: list[Any]) -> Any:
            # Made from every report of the organisation: computed when they were loaded (a partial
            # build loads all of an organisation's reports, records.plan), else taken from the cache.
            keys = [f"{b.org_id}/{b.report_id}" for b in bundles]
            path = _years_path(root, code, digests or {}, keys)
            if not any(isinstance(b, (CachedView, Deferred)) for b in bundles):
                years = super().organisation_years([_real(b) for b in bundles])
                if path is not None:
                    with contextlib.suppress(Exception):  # unpicklable: the next partial build builds everything
                        path.parent.mkdir(parents=True, exist_ok=True)
                        atomic_write(path, pickle.dumps(years, protocol=pickle.HIGHEST_PROTOCOL))
                    self.years_files.add(path)
                return years
            years = _read_years(path)
            if path is None or years is None:
                fresh = [_real(b) for b in bundles if not isinstance(b, (CachedView, Deferred))]
                if fresh:
                    # Some reports of the organisation were loaded and one is kept back (it has errors,
                    # its published pages stay): a partial build loads a whole organisation otherwise.
                    # The series are made from the reports that can be read; the kept-back one joins
                    # them again once it is fixed.
                    return super().organisation_years(fresh)
                raise PartialBuildFailed("no cached series over the years for " + ", ".join(keys))
            self.years_files.add(path)
            return years

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.reuse = plan.reused if plan is not None else {}
            self.reused_files: dict[str, str] = {}
            self.rendered_spans: dict[tuple[str, str], tuple[int, int, list[str]]] = {}
            self.records: list[ReportRecord] = []
            self.chart_keys: set[str] = set()  # every chart on the site (the cache keeps these)
            self.page_keys: dict[str, str] = {}
            self.site_reuse = plan.site_pages if plan is not None else None
            self.site_files: list[str] = []
            self.site_info: list[str] = []
            self.years_files: set[Path] = set()  # the organisations' series used (the cache keeps these)

        # -- the site-wide pages: reused while no card changed, else rendered from views --
        def _site_view(self, b: Any) -> Any:
            return b if isinstance(b, (CachedView, RecordingView, Deferred)) else RecordingView("report", b, BUNDLE_VIEW)

        def _site_capture(self, render_it: Any) -> None:
            start, before = len(self.result.files), set(self.result.page_info)
            render_it()
            self.site_files.extend(self.result.files[start:])
            self.site_info.extend(src for src in self.result.page_info if src not in before)

        def report_card(self, b: Any) -> dict[str, Any]:
            card = super().report_card(b)
            summary = card.get("summary")
            if summary is not None and not isinstance(summary, (CachedView, RecordingView, Deferred)):
                card["summary"] = RecordingView("summary", summary, SUMMARY_VIEW)
            return card

        def render_start(self, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                self.result.page_info.update(self.site_reuse["page_info"])
                self.reused_files.update(self.site_reuse["files"])
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_start(views))

        def render_organisation(self, org_id: str, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_organisation(org_id, views))

        def render_accessibility(self, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_accessibility(views))

        def render_guide(self) -> None:
            # The author guide is made from the code (models, guide templates), which a partial
            # build shares with the last build; recorded with the site-wide pages.
            if self.site_reuse is not None:
                return
            self._site_capture(lambda: super(CachingRenderer, self).render_guide())

        def site_pages_record(self, cards: dict[str, str]) -> dict[str, Any]:
            if self.site_reuse is not None:
                return self.site_reuse
            return {
                "views_ok": not SOFT_MISSES and not VIEW_MISSES,
                "cards": cards,
                "files": {rel: self.page_keys[rel] for rel in self.site_files},
                "page_info": {src: self.result.page_info[src] for src in self.site_info},
            }

        def reused(self, b: Any) -> bool:
            return (b.org_id, b.report_id) in self.reuse

        def summary_for(self, b: Any) -> Any:
            record = self.reuse.get((b.org_id, b.report_id))
            return record.summary if record is not None else super().summary_for(b)

        def reuse_report(self, b: Any) -> None:
            record = self.reuse[(b.org_id, b.report_id)]
            self.result.page_info.update(record.page_info)
            self.result.charts += record.charts
            self.reused_files.update(record.files)
            self.chart_keys.update(record.chart_keys)

        def render_report(self, b: Any) -> None:
            start, before = len(self.result.files), set(self.result.page_info)
            super().render_report(b)
            pages = [src for src in self.result.page_info if src not in before]
            self.rendered_spans[(b.org_id, b.report_id)] = (start, len(self.result.files), pages)

        def render(self) -> Any:
            VIEW_MISSES.clear()
            SOFT_MISSES.clear()
            result = super().render()
            if VIEW_MISSES:
                raise PartialBuildFailed("a page read " + ", ".join(sorted(set(VIEW_MISSES))) + " of a reused report")
            for rel in result.files:
                data = (self.docs / rel).read_bytes()
                self.page_keys[rel] = page_key(data, result.page_info.get(rel))
            self.page_keys.update(self.reused_files)
            digests = plan.state.reports if plan is not None else None
            for b in self.project.reports:
                key = (b.org_id, b.report_id)
                if key not in self.rendered_spans:
                    continue
                start, end, pages = self.rendered_spans[key]
                files = {rel: self.page_keys[rel] for rel in result.files[start:end]}
                keys = [k for c in self.charts.get(key, []) for k in drawing_keys(c)]
                self.chart_keys.update(keys)
                self.records.append(
                    ReportRecord(
                        key=f"{b.org_id}/{b.report_id}",
                        digest=(digests or {}).get(f"{b.org_id}/{b.report_id}", ""),
                        bundle=b,
                        summary=self.summaries[key],
                        charts=len(self.charts.get(key, [])),
                        files=files,
                        page_info={src: result.page_info[src] for src in pages},
                        chart_keys=keys,
                    )
                )
            if self.site_reuse is None:  # every organisation's series were used: the others are stale
                folder = Path(root) / CACHE_DIR / "years"
                for stale in folder.glob("*.pickle") if folder.is_dir() else ():
                    if stale not in self.years_files:
                        with contextlib.suppress(OSError):
                            stale.unlink()
            result.renderer = self  # for the build: records, page keys, reused files
            return result

    return CachingRenderer


def save_records(root: Path, state: BuildState, records: list[ReportRecord]) -> None:
    for record in records:
        record.digest = state.reports.get(record.key, "")
        if record.digest:
            save_record(root, state.code, record)


def _walk_sort_key(rel: str) -> tuple:
    """The order in which MkDocs' get_files walks the docs dir: a folder's files (index first) before
    its subfolders, each level sorted by name."""
    parts = rel.split("/")
    name = parts[-1]
    stem = name.rsplit(".", 1)[0]
    return tuple((1, d) for d in parts[:-1]) + ((0, (stem not in ("index", "README"), name)),)


class MkDocsPartial:
    """MkDocs event handlers for a partial build (registered by `prepare`)."""

    def __init__(self, plan: Plan, page_keys: dict[str, str], virtual: set[str]):
        self.plan = plan
        self.page_keys = page_keys
        self.virtual = virtual  # docs files not written now (reused reports): known, not read
        self.modified = {rel for rel, key in page_keys.items() if plan.previous_keys.get(rel) != key}
        self.expected: list[str] = []  # every output file the site must hold (dest paths)
        self.files: Any = None
        self.listing: dict[str, list[int]] | None = None  # the assembled site's listing

    def prepare(self, config: Any) -> None:
        import logging

        build_log = logging.getLogger("mkdocs.commands.build")
        if _DIRTY_FILTER not in build_log.filters:
            build_log.addFilter(_DIRTY_FILTER)
        if config["nav"] is None:
            # The theme draws every navigation from page_info, never from MkDocs' nav; building the
            # automatic nav of thousands of pages is most of MkDocs' time in a partial build. (Should
            # the theme ever use it, the tests comparing partial with cold builds fail.)
            config["nav"] = []
            config.validation.nav.omitted_files = logging.DEBUG
        config.plugins._register_event("files", self.on_files)
        config.plugins._register_event("post_build", self.on_post_build)

    def on_files(self, files: Any, config: Any) -> Any:
        from mkdocs.structure.files import File, Files

        docs_dir = str(config.docs_dir)
        own = [f for f in files if f.src_dir == docs_dir]
        theme = [f for f in files if f.src_dir != docs_dir]
        # Reused pages are known to MkDocs (sitemap, search order) but never read or built; reused
        # static files (chart SVG/CSV) are not MkDocs' business at all: assemble() links them.
        pages = sorted(rel for rel in self.virtual if rel.endswith(".md"))
        own += [File(rel, docs_dir, config.site_dir, config.use_directory_urls) for rel in pages]
        own.sort(key=lambda f: _walk_sort_key(f.src_uri))
        for f in own:
            changed = f.src_uri in self.modified
            f.is_modified = (lambda: True) if changed else (lambda: False)
        for f in theme:
            f.is_modified = lambda: True  # a few assets: copied fresh
        self.files = Files(own + theme)
        self.expected = [f.dest_uri for f in self.files]
        self.expected += sorted(rel for rel in self.virtual if not rel.endswith(".md"))
        return self.files

    def on_post_build(self, config: Any) -> None:
        search = config.plugins.get("search")
        if search is None or getattr(search, "search_index", None) is None:
            return
        fresh: dict[str, list[dict]] = {}
        for entry in search.search_index._entries:
            fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
        published: dict[str, list[dict]] = {}
        try:
            old = json.loads((self.plan.site / "search" / "search_index.json").read_text(encoding="utf-8"))
            for entry in old.get("docs", []):
                published.setdefault(entry["location"].split("#")[0], []).append(entry)
        except (OSError, ValueError):
            raise RuntimeError("the published search index is unreadable; build from scratch")  # noqa: B904
        merged: list[dict] = []
        for f in self.files.documentation_pages():
            url = f.url
            merged.extend(fresh.get(url, []) if f.src_uri in self.modified else published.get(url, []))
        search.search_index._entries = merged
        output = search.search_index.generate_search_index()
        target = Path(config.site_dir) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")

    def assemble(self, new_site: Path) -> int:
        """Hard-link every expected file MkDocs did not write from the published site, and every
        file it wrote with the same bytes as the published one (theme assets, 404 page, sitemap),
        so unchanged files keep their inode and mtime; return the number of linked files."""
        new, old = os.fspath(new_site), os.fspath(self.plan.site)
        written = site_listing(new_site)
        # The new site's listing, for the manifest: a hard link has the published file's size and
        # mtime (recorded in the published manifest), so only the written files need a stat.
        self.listing = dict(written)
        previous = self.plan.previous_files
        linked = 0
        for rel, (size, _) in written.items():
            fresh, published = os.path.join(new, rel), os.path.join(old, rel)
            try:
                if os.stat(published).st_size != size:
                    continue
                with open(published, "rb") as a, open(fresh, "rb") as b:
                    if a.read() != b.read():
                        continue
            except OSError:
                continue
            tmp = fresh + ".link"
            try:
                os.link(published, tmp)
                os.replace(tmp, fresh)
                linked += 1
                if rel in previous and self.plan.exact_listing:
                    self.listing[rel] = previous[rel]
                else:
                    st = os.stat(fresh)
                    self.listing[rel] = [st.st_size, st.st_mtime_ns]
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        made: set[str] = set()
        for dest in self.expected:
            if dest in written:
                continue
            target = os.path.join(new, dest)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            source = os.path.join(old, dest)
            try:
                os.link(source, target)
            except FileExistsError:
                continue
            except OSError:
                import shutil

                shutil.copy2(source, target)  # another file system: copy (keeps the mtime)
            if dest in previous and self.plan.exact_listing:
                self.listing[dest] = previous[dest]
            else:
                st = os.stat(target)
                self.listing[dest] = [st.st_size, st.st_mtime_ns]
            linked += 1
        return linked
