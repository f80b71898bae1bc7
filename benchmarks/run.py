"""The build benchmark (`make bench`): our build against the usual stack on synthetic corpora.

    .venv/bin/python benchmarks/run.py                      # 10, 100, 500 reports (500 once)
    .venv/bin/python benchmarks/run.py --sizes 10 100 --runs 3 --no-write
    .venv/bin/python benchmarks/run.py --quick              # 10, 30, 100 reports once: a few minutes
    .venv/bin/python benchmarks/run.py --no-usual            # only our build

For every size N it generates a corpus (benchmarks/corpus.py, seed 1) into benchmarks/out/corpus-N/,
commits it into a git repository of its own and measures, as separate processes exactly as a user
or CI runs them:

* ours, cold: `python build.py build --root CORPUS --verbose` with no .cache/ and no site/ (the
  stage times it prints feed the cost model);
* ours, no-op: the same command again, nothing changed; checks that site/ stays byte-identical;
* ours, CI data commit: a fresh clone of the corpus (`git clone`) with only the cold build's
  .cache/ copied in (no site/), one report's indicators.yaml changed and committed, then the
  build; checks that every page of every other report is byte-identical to the cold build;
* ours, one report changed: the same change in the corpus itself (site/ and .cache/ in place);
  checks that every file outside that report's folder is byte-identical except the site-wide
  pages (search index, sitemap, start and organisation pages, which list every report);
* the usual stack, cold: `mkdocs build` of the same pages with Material for MkDocs and
  client-side Vega-Lite charts (benchmarks/usual_stack/make_site.py; the Markdown is written
  before timing).

Every measured build prints one line `[N] ours cold 49.8 s  cpu …` (`[N] usual cold …`, `[N] ours
no-op …`, `[N] ours ci-commit …`, `[N] ours 1-changed …`).

For each build: wall time, CPU time (user+sys of the whole process tree: polled from /proc for
every descendant, or RUSAGE_CHILDREN when larger), peak RSS of the process tree (the sum of VmRSS
over the build process and all its descendants, polled from /proc every 200 ms; shared pages
count once per process, so this is an upper bound) and the largest single process' max RSS. For
the output: total size, number of HTML pages and the median HTML page size.

Figures are medians over the runs. Sizes of --large reports or more run --large-runs times
(default once). If one round at a size takes so long that all runs would exceed --budget seconds,
that size runs once and the results say so. A cost model (fixed, per report, per chart, per page)
is fitted to the cold builds' stage times at the sizes measured and projected to 15 000 reports,
on one machine and split over CI runners. Results: benchmarks/out/results.json, and the section
between the markers in benchmarks/RESULTS.md is rewritten (the analysis around it is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
from usual_stack import make_site  # noqa: E402

OUT = HERE / "out"
RESULTS_MD = HERE / "RESULTS.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SITEWIDE = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}

#: Issue 17's targets (2 cores, medians of 3, the usual stack measured in the same run).
TARGETS = {
    "ratio_100": 1.0,  # cold at 100 reports ≤ 1,0 × the usual stack
    "ratio_500": 0.25,  # cold at 500 ≤ 0,25 × the usual stack
    "cold_500_s": 90.0,  # … and ≤ 90 s
    "ci_share": 0.25,  # a CI data commit ≤ 0,25 × the cold build (at 100 and 500)
    "cpu_per_wall": 1.6,  # both cores busy in a cold build
    "peak_rss_mb": 1024.0,  # at 500 reports
}
PORTAL_REPORTS = 15_000  # all 290 municipalities' follow-ups
STAGES = {
    "Läser och kontrollerar data": "read",
    "Diagram": "chart_specs",
    "Diagram och sidor": "charts_pages",
    "MkDocs": "mkdocs",
}


# --- measuring one process tree ---------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces and parentheses
        rest = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(rest[1]), []).append(int(entry.name))
    return children


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def tree_sample(root: int, cpu_seen: dict[int, float]) -> int:
    """Resident memory (bytes) of root and all its descendants, summed; records each process'
    CPU seconds (user+sys, last seen) in cpu_seen."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            fields = stat[stat.rfind(b")") + 2 :].split()
            # after "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
            cpu_seen[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_tree_rss_mb: float
    max_process_rss_mb: float
    returncode: int
    output: str = ""


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, interval: float = 0.2) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    cpu_seen: dict[int, float] = {}
    done = threading.Event()
    chunks: list[bytes] = []

    def drain() -> None:
        assert proc.stdout is not None
        for chunk in iter(lambda: proc.stdout.read(65536), b""):
            chunks.append(chunk)
        done.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    while proc.poll() is None:
        peak = max(peak, tree_sample(proc.pid, cpu_seen))
        time.sleep(interval)
    wall = time.perf_counter() - start
    reader.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The build process and the children it waited for, exactly (rusage); processes it did not
    # wait for (e.g. a forkserver's pool workers) only as last seen by the polling.
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    polled = sum(v for pid, v in cpu_seen.items() if pid != proc.pid)
    cpu = max(waited, cpu_seen.get(proc.pid, 0.0) + polled)
    return Run(
        wall_s=wall,
        cpu_s=cpu,
        peak_tree_rss_mb=peak / 2**20,
        max_process_rss_mb=after.ru_maxrss / 1024,  # KiB on Linux; max over all children so far
        returncode=proc.returncode,
        output=b"".join(chunks).decode("utf-8", "replace")[-4000:],
    )


# --- the output ---------------------------------------------------------------------------------


def snapshot(site: Path) -> dict[str, str]:
    result = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            result[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def changed_files(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


@dataclass
class Output:
    total_mb: float
    files: int
    html_pages: int
    median_page_kb: float


def output_stats(site: Path) -> Output:
    sizes, total, files = [], 0, 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html" and path.name != "404.html":
                sizes.append(size)
    return Output(total / 2**20, files, len(sizes), (statistics.median(sizes) / 1024) if sizes else 0.0)


# --- one size -------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    reports: int
    runs: int
    ours_cold: list[Run] = field(default_factory=list)
    ours_noop: list[Run] = field(default_factory=list)
    ours_ci: list[Run] = field(default_factory=list)
    ours_change: list[Run] = field(default_factory=list)
    usual_cold: list[Run] = field(default_factory=list)
    stages: list[dict[str, float]] = field(default_factory=list)  # per cold build: stage -> seconds
    counts: dict[str, int] = field(default_factory=dict)  # reports, pages, charts of the site
    noop_identical: list[bool] = field(default_factory=list)
    ci_others_identical: list[bool] = field(default_factory=list)
    ci_unexpected: list[str] = field(default_factory=list)
    change_others_identical: list[bool] = field(default_factory=list)
    change_unexpected: list[str] = field(default_factory=list)
    change_files_changed: list[int] = field(default_factory=list)
    ours_output: Output | None = None
    usual_output: Output | None = None
    note: str = ""


def build_cmd(root: Path, jobs: int | None, *extra: str) -> list[str]:
    cmd = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), *extra]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd


def fail(what: str, run: Run) -> None:
    sys.stderr.write(f"{what} failed (exit {run.returncode}):\n{run.output}\n")
    raise SystemExit(1)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=dict(os.environ, **GIT_ENV), check=True, capture_output=True)


_STAGE_LINE = re.compile(r"^\W*(.+?)(?: \(\d+\))?: (?:(\d+) min )?(\d+(?:,\d+)?) s$")
_DONE_LINE = re.compile(r"(\d+) rapporter, (\d+) sidor, (\d+) diagram")


def parse_stages(output: str) -> tuple[dict[str, float], dict[str, int]]:
    """The stage times (`--verbose`) and the counts of the summary line of a build's output."""
    stages: dict[str, float] = {}
    counts: dict[str, int] = {}
    for line in output.splitlines():
        m = _STAGE_LINE.match(line.strip())
        if m and m.group(1) in STAGES:
            stages[STAGES[m.group(1)]] = int(m.group(2) or 0) * 60 + float(m.group(3).replace(",", "."))
        done = _DONE_LINE.search(line)
        if done:
            counts = {"reports": int(done.group(1)), "pages": int(done.group(2)), "charts": int(done.group(3))}
    return stages, counts


def report_folders(n: int) -> list[str]:
    return [f"{corpus_mod.org_id(i)}/{corpus_mod.report_id(i)}/" for i in range(n)]


def other_reports_identical(before: dict[str, str], after: dict[str, str], n: int, prefix: str) -> list[str]:
    """Files of reports other than `prefix` that differ between two builds."""
    folders = tuple(f for f in report_folders(n) if f != prefix)
    return [k for k in changed_files(before, after) if k.startswith(folders)]


def log_run(n: int, what: str, run: Run, extra: str = "") -> str:
    ratio = run.cpu_s / run.wall_s if run.wall_s else 0.0
    return (
        f"[{n}] {what} {run.wall_s:.1f} s  cpu {run.cpu_s:.1f} s  cpu/wall {ratio:.2f}  "
        f"tree {run.peak_tree_rss_mb:.0f} MB{('  ' + extra) if extra else ''}"
    )


def bench_size(n: int, runs: int, *, seed: int, usual: bool, budget: float, jobs: int | None, log) -> SizeResult:
    root = OUT / f"corpus-{n}"
    if root.exists():
        shutil.rmtree(root)
    corpus_mod.generate(root, n, seed)
    (root / ".gitignore").write_text("site/\n.cache/\n.site*\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    usual_root = OUT / f"usual-{n}"
    if usual:
        if usual_root.exists():
            shutil.rmtree(usual_root)
        make_site.write_usual_project(root, usual_root)
    ci_root = OUT / f"ci-{n}"
    result = SizeResult(reports=n, runs=runs)
    target = n // 2
    prefix = f"{corpus_mod.org_id(target)}/{corpus_mod.report_id(target)}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    round_started = time.perf_counter()
    done_runs = 0
    while done_runs < runs:
        corpus_mod.change_report(root, target, seed, variant=0)  # back to the committed data
        for leftover in (root / ".cache", root / "site"):
            shutil.rmtree(leftover, ignore_errors=True)
        run = measure(build_cmd(root, jobs, "--verbose"), REPO, env)
        if run.returncode:
            fail(f"ours cold build ({n} reports)", run)
        result.ours_cold.append(run)
        stages, counts = parse_stages(run.output)
        result.stages.append(stages)
        result.counts = counts or result.counts
        log(log_run(n, "ours cold", run, " ".join(f"{k} {v:.1f}" for k, v in stages.items())))
        first = snapshot(root / "site")

        run = measure(build_cmd(root, jobs), REPO, env)
        if run.returncode:
            fail(f"ours no-op build ({n} reports)", run)
        result.ours_noop.append(run)
        second = snapshot(root / "site")
        result.noop_identical.append(first == second)
        log(log_run(n, "ours no-op", run, f"identical: {first == second}"))

        # CI: a fresh clone of the next commit with only the last run's .cache/.
        shutil.rmtree(ci_root, ignore_errors=True)
        git(OUT, "clone", "-q", str(root), str(ci_root))
        shutil.copytree(root / ".cache", ci_root / ".cache", symlinks=True)
        corpus_mod.change_report(ci_root, target, seed, variant=1)
        git(ci_root, "commit", "-q", "-am", "one report changed")
        run = measure(build_cmd(ci_root, jobs), REPO, env)
        if run.returncode:
            fail(f"ours CI data commit build ({n} reports)", run)
        result.ours_ci.append(run)
        others = other_reports_identical(first, snapshot(ci_root / "site"), n, prefix)
        result.ci_others_identical.append(not others)
        result.ci_unexpected = sorted(set(result.ci_unexpected) | set(others))[:50]
        log(log_run(n, "ours ci-commit", run, f"other reports' files changed: {len(others)}"))

        corpus_mod.change_report(root, target, seed, variant=1)
        run = measure(build_cmd(root, jobs), REPO, env)
        if run.returncode:
            fail(f"ours one-report build ({n} reports)", run)
        result.ours_change.append(run)
        third = snapshot(root / "site")
        changed = changed_files(second, third)
        unexpected = other_reports_identical(second, third, n, prefix)
        result.change_files_changed.append(len(changed))
        result.change_others_identical.append(not unexpected)
        result.change_unexpected = sorted(set(result.change_unexpected) | set(unexpected))[:50]
        log(log_run(n, "ours 1-changed", run, f"{len(changed)} files changed, in other reports: {len(unexpected)}"))
        if result.ours_output is None:
            result.ours_output = output_stats(root / "site")

        if usual:
            shutil.rmtree(usual_root / "site", ignore_errors=True)
            run = measure([mkdocs, "build", "-q"], usual_root, env)
            if run.returncode:
                fail(f"usual stack build ({n} reports)", run)
            result.usual_cold.append(run)
            log(log_run(n, "usual cold", run))
            if result.usual_output is None:
                result.usual_output = output_stats(usual_root / "site")
        done_runs += 1
        if done_runs == 1 and runs > 1:
            one_round = time.perf_counter() - round_started
            if one_round * runs > budget:
                result.runs = 1
                result.note = f"ran once: one round took {one_round:.0f} s, {runs} rounds would exceed the {budget:.0f} s budget"
                log(f"[{n}] {result.note}")
                break
    corpus_mod.change_report(root, target, seed, variant=0)
    shutil.rmtree(ci_root, ignore_errors=True)
    return result


# --- summary -------------------------------------------------------------------------------------


def med(runs: list[Run], attr: str) -> float | None:
    values = [getattr(r, attr) for r in runs]
    return statistics.median(values) if values else None


def machine() -> dict:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpus_online": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg": open("/proc/loadavg").read().split()[:3],
    }


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least squares y = a + b·x: (a, b); None with fewer than two distinct x."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - b * mx, b


def cost_model(rows: list[dict]) -> dict | None:
    """Fixed, per report, per chart and per page seconds (2 cores), fitted per stage across sizes:
    reading and checking by reports, charts and pages (one overlapped stage) by charts, MkDocs by
    pages, the rest (start-up, digests, writing the cache, the swap) by reports."""
    usable = [r for r in rows if r.get("stages") and r.get("counts") and r.get("cold_s")]
    if len({r["reports"] for r in usable}) < 2:
        return None
    stage = {
        "read": [(r["counts"]["reports"], r["stages"].get("read", 0.0)) for r in usable],
        "charts": [
            (r["counts"]["charts"], r["stages"].get("chart_specs", 0.0) + r["stages"].get("charts_pages", 0.0)) for r in usable
        ],
        "mkdocs": [(r["counts"]["pages"], r["stages"].get("mkdocs", 0.0)) for r in usable],
        "rest": [(r["counts"]["reports"], r["cold_s"] - sum(r["stages"].values())) for r in usable],
    }
    fits = {k: fit(v) for k, v in stage.items()}
    if any(f is None for f in fits.values()):
        return None
    big = max(usable, key=lambda r: r["reports"])
    charts_per_report = big["counts"]["charts"] / big["counts"]["reports"]
    pages_per_report = big["counts"]["pages"] / big["counts"]["reports"]
    model = {
        "fixed_s": sum(f[0] for f in fits.values()),  # type: ignore[index]
        "per_report_s": fits["read"][1] + fits["rest"][1],  # type: ignore[index]
        "per_chart_s": fits["charts"][1],  # type: ignore[index]
        "per_page_s": fits["mkdocs"][1],  # type: ignore[index]
        "charts_per_report": charts_per_report,
        "pages_per_report": pages_per_report,
        "sizes": sorted(r["reports"] for r in usable),
    }
    model["per_report_all_s"] = (
        model["per_report_s"] + charts_per_report * model["per_chart_s"] + pages_per_report * model["per_page_s"]
    )
    rss = fit([(r["reports"], r["peak_tree_rss_mb"]) for r in usable if r.get("peak_tree_rss_mb")])
    model["rss_mb"] = rss
    ci = fit([(r["reports"], r["ci_s"]) for r in rows if r.get("ci_s")])
    model["ci"] = ci
    return model


def predict(model: dict, reports: float) -> float:
    return model["fixed_s"] + reports * model["per_report_all_s"]


def fmt_time(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def model_lines(model: dict | None) -> list[str]:
    if model is None:
        return ["", "Cost model: needs cold builds at two sizes or more (run with --sizes A B …)."]
    n = PORTAL_REPORTS
    one = predict(model, n)
    lines = [
        "",
        f"Cost model (2 cores, wall seconds), least squares per stage over the cold builds at {', '.join(map(str, model['sizes']))} reports:",
        "",
        "| term | seconds | fitted from |",
        "|---|---:|---|",
        f"| fixed | {model['fixed_s']:.2f} | the intercepts (start-up, imports, worker warm-up) |",
        f"| per report | {model['per_report_s']:.4f} | reading and checking + digests, cache and swap |",
        f"| per chart | {model['per_chart_s']:.4f} | charts and pages (one overlapped stage) against charts |",
        f"| per page | {model['per_page_s']:.4f} | MkDocs against pages |",
        f"| = per report, all in ({model['charts_per_report']:.1f} charts, {model['pages_per_report']:.1f} pages) | {model['per_report_all_s']:.4f} | |",
        "",
        f"Projection for {n:,} reports (a national portal) on one 2-core machine: **{fmt_time(one)}** cold"
        + (f", peak memory ≈ {(model['rss_mb'][0] + model['rss_mb'][1] * n) / 1024:.1f} GB" if model.get("rss_mb") else "")
        + (
            f"; a CI data commit (one report, kept .cache/) ≈ {fmt_time(model['ci'][0] + model['ci'][1] * n)}"
            if model.get("ci")
            else ""
        )
        + ".",
        "",
        "Split across CI runners by organisation (`build --shard i/n` per runner, then `merge-shards` joins the sites and their search indexes; projected from the model, the merge not included):",
        "",
        "| runners | reports per runner | wall per runner | peak memory per runner |",
        "|---:|---:|---:|---:|",
    ]
    for runners in (1, 4, 8, 16, 32):
        share = n / runners
        mem = f"{(model['rss_mb'][0] + model['rss_mb'][1] * share) / 1024:.1f} GB" if model.get("rss_mb") else "–"
        lines.append(f"| {runners} | {share:,.0f} | {fmt_time(predict(model, share))} | {mem} |")
    return lines


def summarize(
    results: list[SizeResult], info: dict, args: argparse.Namespace, earlier: list[dict] | None = None
) -> tuple[dict, str]:
    """`earlier`: rows of a previous results.json for sizes not measured in this run (--keep)."""
    rows = []
    for r in results:
        cold = med(r.ours_cold, "wall_s")
        usual = med(r.usual_cold, "wall_s")
        cold_cpu = med(r.ours_cold, "cpu_s")
        stage_names = sorted({k for st in r.stages for k in st})
        rows.append(
            {
                "reports": r.reports,
                "runs": r.runs,
                "note": r.note,
                "cold_s": cold,
                "cold_cpu_s": cold_cpu,
                "cpu_per_wall": statistics.median([x.cpu_s / x.wall_s for x in r.ours_cold]) if r.ours_cold else None,
                "noop_s": med(r.ours_noop, "wall_s"),
                "ci_s": med(r.ours_ci, "wall_s"),
                "change_s": med(r.ours_change, "wall_s"),
                "usual_s": usual,
                "usual_cpu_s": med(r.usual_cold, "cpu_s"),
                "ratio": (cold / usual) if cold and usual else None,
                "per_report_s": cold / r.reports if cold else None,
                "stages": {k: statistics.median([st.get(k, 0.0) for st in r.stages]) for k in stage_names},
                "counts": r.counts,
                "peak_tree_rss_mb": max(
                    (x.peak_tree_rss_mb for x in r.ours_cold + r.ours_noop + r.ours_change + r.ours_ci), default=None
                ),
                "max_process_rss_mb": max((x.max_process_rss_mb for x in r.ours_cold), default=None),
                "usual_peak_tree_rss_mb": max((x.peak_tree_rss_mb for x in r.usual_cold), default=None),
                "noop_identical": all(r.noop_identical) if r.noop_identical else None,
                "ci_others_identical": all(r.ci_others_identical) if r.ci_others_identical else None,
                "ci_unexpected": r.ci_unexpected,
                "change_others_identical": all(r.change_others_identical) if r.change_others_identical else None,
                "change_files_changed": r.change_files_changed,
                "change_unexpected": r.change_unexpected,
                "ours_output": asdict(r.ours_output) if r.ours_output else None,
                "usual_output": asdict(r.usual_output) if r.usual_output else None,
                "raw": {
                    name: [asdict(x) | {"output": ""} for x in getattr(r, name)]
                    for name in ("ours_cold", "ours_noop", "ours_ci", "ours_change", "usual_cold")
                },
            }
        )
    measured = {row["reports"] for row in rows}
    for row in earlier or []:
        if row["reports"] not in measured:
            rows.append(dict(row, note=(row.get("note") or "") + f" (from the run of {row.get('date', '?')})"))
    rows.sort(key=lambda r: r["reports"])
    for row in rows:
        row.setdefault("date", dt.datetime.now().isoformat(timespec="seconds"))
    model = cost_model(rows)
    data = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": info,
        "seed": args.seed,
        "rows": rows,
        "model": model,
        "duration_s": info.get("duration_s"),
    }

    lines = [
        BEGIN,
        f"Measured {data['date']} by `benchmarks/run.py` on {info['cpus_usable']} usable cores "
        f"({info['cpu_model'] or 'unknown CPU'}), {info['memory_gb']} GB RAM, Python {info['python']}, "
        f"{info['platform']}. Load average at start: {' '.join(info['loadavg'])}; at end: "
        f"{' '.join(info.get('loadavg_end', []))}. The whole run took {fmt_time(info.get('duration_s') or 0)}.",
        "",
        "Wall-clock seconds, medians of the runs shown (CPU seconds = user+sys of the whole process tree).",
        "",
        "| reports | runs | ours cold | (CPU) | CPU/wall | no-op | CI data commit | 1 report changed | usual stack cold | (CPU) | ratio ours/usual | s per report (cold) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['reports']} | {row['runs']} | {fmt(row['cold_s'])} | {fmt(row['cold_cpu_s'])} | {fmt(row.get('cpu_per_wall'), 2)} | "
            f"{fmt(row['noop_s'], 2)} | {fmt(row.get('ci_s'), 2)} | {fmt(row['change_s'], 2)} | {fmt(row['usual_s'])} | "
            f"{fmt(row['usual_cpu_s'])} | {fmt(row['ratio'], 2)} | {fmt(row['per_report_s'], 3)} |"
        )
    lines += [
        "",
        "Cold build stages (`--verbose`, wall seconds): reading and checking · chart specs and cache look-ups · charts "
        "and pages (overlapped) · MkDocs · the rest (start-up, digests, cache, swap).",
        "",
        "| reports | charts | pages | read | chart specs | charts and pages | MkDocs | rest |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        st, c = row.get("stages") or {}, row.get("counts") or {}
        rest = (row["cold_s"] - sum(st.values())) if row.get("cold_s") and st else None
        lines.append(
            f"| {row['reports']} | {c.get('charts', '–')} | {c.get('pages', '–')} | {fmt(st.get('read'))} | "
            f"{fmt(st.get('chart_specs'))} | {fmt(st.get('charts_pages'))} | {fmt(st.get('mkdocs'))} | {fmt(rest)} |"
        )
    lines += [
        "",
        "| reports | peak RSS, process tree (MB) | largest process (MB) | usual stack peak (MB) | output (MB) | HTML pages | median page (KB) | usual: output (MB) / pages / median (KB) | no-op byte-identical | CI commit: other reports identical | 1 changed: other reports identical (files changed) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for row in rows:
        o, u = row["ours_output"] or {}, row["usual_output"] or {}
        usual_out = f"{fmt(u.get('total_mb'))} / {u.get('html_pages', '–')} / {fmt(u.get('median_page_kb'))}" if u else "–"
        lines.append(
            f"| {row['reports']} | {fmt(row['peak_tree_rss_mb'], 0)} | {fmt(row['max_process_rss_mb'], 0)} | "
            f"{fmt(row['usual_peak_tree_rss_mb'], 0)} | {fmt(o.get('total_mb'))} | {o.get('html_pages', '–')} | "
            f"{fmt(o.get('median_page_kb'))} | {usual_out} | {row['noop_identical']} | {row.get('ci_others_identical')} | "
            f"{row['change_others_identical']} ({', '.join(map(str, row['change_files_changed']))}) |"
        )
    notes = [f"- {row['reports']} reports: {row['note']}" for row in rows if row["note"]]
    for row in rows:
        for what in ("ci_unexpected", "change_unexpected"):
            if row.get(what):
                notes.append(f"- {row['reports']} reports, {what}: {', '.join(row[what])}")
    if notes:
        lines += ["", *notes]

    by_size = {row["reports"]: row for row in rows}

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "**missed**")

    def at(size: int, key: str) -> float | None:
        return (by_size.get(size) or {}).get(key)

    def le(value: float | None, limit: float) -> bool | None:
        return None if value is None else value <= limit

    def ci_share(size: int) -> float | None:
        ci, cold = at(size, "ci_s"), at(size, "cold_s")
        return ci / cold if ci and cold else None

    big = max(rows, key=lambda r: r["reports"]) if rows else {}
    cpu_ratios = [row["cpu_per_wall"] for row in rows if row.get("cpu_per_wall") and row["reports"] >= 30]
    cpu_ratio = cpu_ratios[-1] if cpu_ratios else None
    identical = [row.get("ci_others_identical") for row in rows if row.get("ci_others_identical") is not None]
    lines += [
        "",
        "Issue 17's targets (2 cores, medians, the usual stack measured in the same run):",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| cold at 100 reports ≤ 1,0 × the usual stack | {fmt(at(100, 'ratio'), 2)} ({fmt(at(100, 'cold_s'))} s against {fmt(at(100, 'usual_s'))} s) | {verdict(le(at(100, 'ratio'), TARGETS['ratio_100']))} |",
        f"| cold at 500 ≤ 0,25 × the usual stack | {fmt(at(500, 'ratio'), 2)} ({fmt(at(500, 'cold_s'))} s against {fmt(at(500, 'usual_s'))} s) | {verdict(le(at(500, 'ratio'), TARGETS['ratio_500']))} |",
        f"| cold at 500 ≤ 90 s | {fmt(at(500, 'cold_s'))} s | {verdict(le(at(500, 'cold_s'), TARGETS['cold_500_s']))} |",
        f"| CI data commit at 100 ≤ 0,25 × cold | {fmt(ci_share(100), 2)} ({fmt(at(100, 'ci_s'), 1)} s) | {verdict(le(ci_share(100), TARGETS['ci_share']))} |",
        f"| CI data commit at 500 ≤ 0,25 × cold | {fmt(ci_share(500), 2)} ({fmt(at(500, 'ci_s'), 1)} s) | {verdict(le(ci_share(500), TARGETS['ci_share']))} |",
        f"| … every page of every other report byte-identical | {', '.join(map(str, identical)) or '–'} | {verdict(all(identical) if identical else None)} |",
        f"| CPU/wall ≥ 1,6 in a cold build (largest size ≥ 30) | {fmt(cpu_ratio, 2)} | {verdict(None if cpu_ratio is None else cpu_ratio >= TARGETS['cpu_per_wall'])} |",
        f"| peak memory ≤ 1 GB at 500 | {fmt(at(500, 'peak_tree_rss_mb'), 0)} MB | {verdict(le(at(500, 'peak_tree_rss_mb'), TARGETS['peak_rss_mb']))} |",
        "| chart cache pruned to what the last build used | tests/test_ci_commit.py | checked by the test |",
    ]
    if big and big.get("reports") not in (100, 500):
        lines.append(f"\n(The targets name 100 and 500 reports; this run measured {', '.join(str(r['reports']) for r in rows)}.)")
    lines += model_lines(model)
    lines += ["", f"Command: `{' '.join(['.venv/bin/python', 'benchmarks/run.py', *args.argv])}`", END]
    return data, "\n".join(lines)


def write_results_md(section: str) -> None:
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else f"# Build benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS_MD.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 500], help="corpus sizes (reports)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (medians are shown)")
    parser.add_argument("--large", type=int, default=500, help="sizes from this many reports run --large-runs times")
    parser.add_argument("--large-runs", type=int, default=1, help="runs of the large sizes (default once)")
    parser.add_argument("--quick", action="store_true", help="sizes 10 30 100, once each: a few minutes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=7200.0, help="seconds for all runs of one size")
    parser.add_argument("--jobs", type=int, default=None, help="passed to build.py build --jobs")
    parser.add_argument("--no-usual", action="store_true", help="skip the usual stack")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the rows of out/results.json for sizes not measured now")
    args = parser.parse_args(argv)
    args.argv = argv
    if args.quick:
        args.sizes, args.runs = [10, 30, 100], 1
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()

    def log(message: str) -> None:
        print(message, flush=True)

    log(f"machine: {info}")
    earlier: list[dict] = []
    if args.keep and (OUT / "results.json").exists():
        previous = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        earlier = [dict(row, date=row.get("date") or previous.get("date")) for row in previous.get("rows", [])]
    results = []
    for n in args.sizes:
        log(f"{n} reports:")
        runs = args.runs if n < args.large else min(args.runs, args.large_runs)
        results.append(bench_size(n, runs, seed=args.seed, usual=not args.no_usual, budget=args.budget, jobs=args.jobs, log=log))
        info["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        info["duration_s"] = time.perf_counter() - started
        data, section = summarize(results, info, args, earlier)
        (OUT / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    print(section)
    if not args.no_write:
        write_results_md(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
