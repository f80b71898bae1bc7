"""Splitting a build over several machines: `build --shard i/n` builds the organisations of shard i
(every n-th organisation in name order, so shards get about as many), and `merge-shards` joins the
shards' sites into one site with one search index (followup.commands.shards).

A shard build records its reports (records, chart SVGs, a snapshot of its site) like any build. The
merge unions the shards' caches into the project's `.cache/` as if one build had published every
report, and runs the ordinary partial build on it: every report is reused from its shard, and the
site-wide pages (start, organisation, accessibility pages) and the search index are made once, over
all reports. Every shard and the merge must run the same tool on the same commit of the data.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Iterable

from followup.build import state as build_state
from followup.errors import FollowupError

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(FollowupError):
    """A shard folder that cannot be merged (missing, of another tool version, other data)."""


def parse_shard(text: str) -> tuple[int, int] | None:
    """ "2/8" -> (2, 8); None unless 1 ≤ i ≤ n."""
    m = _SHARD.match(text)
    if not m:
        return None
    i, n = int(m.group(1)), int(m.group(2))
    return (i, n) if 1 <= i <= n else None


def shard_reports(reports: Iterable[str], shard: tuple[int, int]) -> set[str]:
    """The reports ("org/report") of shard i of n: those of every n-th organisation, by name."""
    reports = list(reports)
    orgs = sorted({key.split("/", 1)[0] for key in reports})
    mine = {org for index, org in enumerate(orgs) if index % shard[1] == shard[0] - 1}
    return {key for key in reports if key.split("/", 1)[0] in mine}


def prepare_merge(root: Path, site: Path, shard_roots: list[Path], code: str, options: str) -> int:
    """Make the project's `.cache/` hold the shards' builds as one published build of `site`; the
    number of reports merged. Raises ShardError for a shard that cannot be merged."""
    root, site = Path(root), Path(site)
    reports: dict[str, str] = {}
    page_keys: dict[str, str] = {}
    problems: list[dict] = []
    entries: dict[str, list[dict]] = {}
    search_config: dict | None = None
    snapshot = build_state.snapshot_path(root, site)
    shutil.rmtree(snapshot, ignore_errors=True)
    for shard in shard_roots:
        shard = Path(shard)
        manifest = build_state.read_manifest(shard, shard / "site")
        if manifest is None or not (shard / "site").is_dir():
            raise ShardError(f"{shard.as_posix()}: ingen byggd del (site/ och .cache/ från 'build --shard')")
        previous = manifest.get("state") or {}
        if previous.get("code") != code or previous.get("options") != options:
            raise ShardError(f"{shard.as_posix()}: byggd med en annan version av verktyget eller andra val")
        reports.update(previous.get("reports") or {})
        page_keys.update({rel: key for rel, key in (manifest.get("page_keys") or {}).items() if rel not in page_keys})
        problems += [p for p in (manifest.get("result") or {}).get("problems") or [] if p not in problems]
        for source, target in ((Path("build") / "reports", Path("build") / "reports"), (Path("charts"), Path("charts"))):
            if (shard / ".cache" / source).is_dir():
                build_state.link_tree(shard / ".cache" / source, root / ".cache" / target)
        build_state.link_tree(shard / "site", snapshot)
        try:
            index = json.loads((shard / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ShardError(f"{shard.as_posix()}: site/search/search_index.json går inte att läsa") from exc
        search_config = search_config or index.get("config")
        mine: dict[str, list[dict]] = {}
        for entry in index.get("docs", []):
            mine.setdefault(entry["location"].split("#")[0], []).append(entry)
        for page, found in mine.items():
            entries.setdefault(page, found)
    # One search index: each page's entries from the shard that built it (the site-wide pages are
    # made again by the merge build, which replaces theirs).
    docs = [entry for page in entries.values() for entry in page]
    index_path = snapshot / "search" / "search_index.json"
    index_path.unlink(missing_ok=True)  # a hard link to a shard's file: never write through it
    index_path.write_text(json.dumps({"config": search_config or {}, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    state = {"code": code, "inputs": "merged", "reports": reports, "options": options, "cards": {}, "versions": ""}
    build_state.write_manifest(
        root,
        site,
        {
            "state": state,
            "digest": "merged",  # never a no-op: the merge build always runs
            "result": {"pages": 0, "reports": 0, "charts": 0, "problems": problems},
            "files": build_state.site_listing(snapshot),
            "page_keys": page_keys,
        },
    )
    return len(reports)
