"""Entry point: python build.py check|schema|build|... (see followup/cli.py and the README)."""

from followup.cli import main

if __name__ == "__main__":  # guard: chart workers (spawned processes) import this module too
    raise SystemExit(main())
