"""Incremental builds, under one name for the build (followup.build.publish): the build's state
and manifest (followup.build.state), the per-report records a partial build reuses
(followup.build.records) and its rendering and MkDocs side (followup.build.partial). Only what
the build calls is named here; the rest is in those modules."""

from __future__ import annotations

from followup.build.partial import MkDocsPartial, renderer_factory, save_records
from followup.build.records import CachedView, PartialBuildFailed, plan, prune_records
from followup.build.state import CachedResult, current_state, keep_snapshot, record, site_id, unchanged

__all__ = [
    "CachedResult",
    "CachedView",
    "MkDocsPartial",
    "PartialBuildFailed",
    "current_state",
    "keep_snapshot",
    "plan",
    "prune_records",
    "record",
    "renderer_factory",
    "save_records",
    "site_id",
    "unchanged",
]
