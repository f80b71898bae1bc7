#!/usr/bin/env python3
"""Turn `build.py check --format json` into a GitLab Code Quality report.

    python build.py check --format json > check.json || status=$?
    python scripts/gitlab-codequality.py check.json gl-code-quality-report.json
    exit ${status:-0}

GitLab shows the problems in the merge request and on the changed lines. The problems are also
printed as `path:line:col: severity: message` lines for the job log. Errors become severity
"major", warnings "minor". Standard library only; an empty or unreadable input gives an empty
report (the check's own exit status still fails the job).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

SEVERITY = {"error": "major", "warning": "minor"}
#: The job log shows the lines as `check` prints them, in Swedish.
SEVERITY_WORD = {"error": "fel", "warning": "varning"}


def full_message(problem: dict) -> str:
    message, hint = problem.get("message", ""), problem.get("hint")
    if not hint:
        return message
    return f"{message}{' ' if message.endswith(('.', '?', '!')) else '. '}{hint}"


def convert(report: dict) -> list[dict]:
    issues = []
    for problem in report.get("problems", []):
        path, line, column = problem["path"], int(problem["line"]), int(problem["column"])
        message = full_message(problem)
        fingerprint = hashlib.sha256(f"{path}:{line}:{column}:{message}".encode("utf-8")).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": "followup-check",
                "description": message,
                "categories": ["Bug Risk"],
                "severity": SEVERITY.get(problem.get("severity"), "info"),
                "fingerprint": fingerprint,
                "location": {
                    "path": path,
                    "lines": {"begin": line},
                    "positions": {"begin": {"line": line, "column": column}},
                },
            }
        )
    return issues


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    source, target = Path(argv[1]), Path(argv[2])
    try:
        report = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"gitlab-codequality: no check report in {source} ({exc}); writing an empty report\n")
        report = {}
    issues = convert(report)
    target.write_text(json.dumps(issues, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for problem in report.get("problems", []):
        word = SEVERITY_WORD.get(problem["severity"], problem["severity"])
        print(f"{problem['path']}:{problem['line']}:{problem['column']}: {word}: {full_message(problem)}")
    if "summary" in report:
        print(report["summary"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
