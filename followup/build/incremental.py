"""Incremental builds: the build's state and manifest (followup.build.state), the per-report
records a partial build reuses (followup.build.records) and its rendering and MkDocs side
(followup.build.partial), under one name for the build."""

from __future__ import annotations

from followup.build.partial import MkDocsPartial, renderer_factory, save_records
from followup.build.records import (
    BUNDLE_VIEW,
    SUMMARY_VIEW,
    CachedView,
    Deferred,
    PartialBuildFailed,
    Plan,
    RecordingView,
    ReportRecord,
    load_record,
    page_key,
    plan,
    prune_records,
    save_record,
)
from followup.build.state import (
    CACHE_DIR,
    CARD_FILES,
    BuildState,
    CachedResult,
    code_digest,
    current_state,
    forget,
    input_digests,
    keep_snapshot,
    manifest_path,
    read_manifest,
    record,
    site_id,
    site_listing,
    unchanged,
)

__all__ = [
    "BUNDLE_VIEW",
    "CACHE_DIR",
    "CARD_FILES",
    "SUMMARY_VIEW",
    "BuildState",
    "CachedResult",
    "CachedView",
    "Deferred",
    "MkDocsPartial",
    "PartialBuildFailed",
    "Plan",
    "RecordingView",
    "ReportRecord",
    "code_digest",
    "current_state",
    "forget",
    "input_digests",
    "keep_snapshot",
    "load_record",
    "manifest_path",
    "page_key",
    "plan",
    "prune_records",
    "read_manifest",
    "record",
    "renderer_factory",
    "save_record",
    "save_records",
    "site_id",
    "site_listing",
    "unchanged",
]
