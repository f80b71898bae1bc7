"""`python build.py merge-shards SHARD...`: one site from the parts built with `build --shard i/n`.

Each SHARD is the project folder a shard was built in (its `site/` and `.cache/`, e.g. a CI job's
artifact), of the same commit and tool version as this project. The shards' records, chart SVGs and
sites are joined into this project's `.cache/`, then the ordinary build runs: every report is taken
from its shard, the site-wide pages and the search index are made once over all reports, and the
result is the site a whole build would give (followup.build.shards).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from followup.build import publish, shards
from followup.build.state import code_digest, options_text
from followup.commands.options import add_jobs_option, add_site_dir_option
from followup.config import config_file_for
from followup.console import add_output_options, report_problems
from followup.errors import EXIT_DATA
from followup.i18n import _


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument(
        "shards", nargs="+", type=Path, metavar=_("DEL"), help=_("projektmappar där delarna byggdes med build --shard")
    )
    add_site_dir_option(parser)
    add_jobs_option(parser)
    add_output_options(parser)

    def run(args: argparse.Namespace) -> int:
        root = Path(args.root).resolve()
        site = Path(args.site_dir) if args.site_dir else root / "site"
        if not site.is_absolute():
            site = root / site
        config_file = config_file_for(root)
        try:
            shards.prepare_merge(
                root, site, list(args.shards), code_digest(root, config_file), options_text(publish.build_options(args.strict))
            )
        except shards.ShardError as exc:
            sys.stderr.write("build.py merge-shards: " + _("fel: {error}. Ingenting ändrades.").format(error=exc) + "\n")
            return EXIT_DATA
        args.utkast, args.shard = False, None
        return publish.run_build(args, report_problems)

    return run
