"""`python -m followup COMMAND`: the same as `python build.py COMMAND` or `uppfoljning COMMAND`."""

from followup.cli import main

if __name__ == "__main__":  # guard: chart workers (spawned processes) import the main module too
    raise SystemExit(main())
