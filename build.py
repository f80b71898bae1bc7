"""Entry point: python build.py check|schema|build|... (see followup/cli.py and the README)."""

from followup.cli import main

raise SystemExit(main())
