"""Link check over the built site: every internal link and #anchor resolves, and every chart's
CSV download exists and holds the numbers of the data table shown with the chart."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = "http://site.invalid/"
LINK_ATTRS = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
    ("video", "src"),
    ("audio", "src"),
    ("track", "src"),
    ("use", "href"),
    ("image", "href"),
}


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []  # (tag, url, line)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS or (tag in ("use", "image") and name == "xlink:href"):
                self.links.append((tag, value.strip(), line))
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    if part.strip():
                        self.links.append((tag, part.split()[0], line))

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def parsed_site(site_dir):
    pages = {}
    for file in sorted(site_dir.rglob("*.html")):
        parser = _LinkParser()
        parser.feed(file.read_text(encoding="utf-8"))
        pages[file.relative_to(site_dir).as_posix()] = parser
    return pages


def _target_file(site_dir: Path, page_rel: str, url: str) -> tuple[str | None, str]:
    """Resolve an internal URL of a page to (site-relative file, fragment); file None if it leaves the site."""
    absolute = urljoin(ROOT + page_rel, url)
    if not absolute.startswith(ROOT):
        return None, ""
    parts = urlsplit(absolute)
    rel = unquote(parts.path[1:])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel, parts.fragment


def _is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def test_every_internal_link_and_anchor_resolves(site_dir, parsed_site):
    problems = []
    checked = 0
    for page_rel, parser in parsed_site.items():
        for tag, url, line in parser.links:
            if not _is_internal(url):
                continue
            checked += 1
            rel, fragment = _target_file(site_dir, page_rel, url)
            if rel is None:
                problems.append(f"{page_rel}:{line}: <{tag}> {url!r} climbs out of the site")
                continue
            if not (site_dir / rel).is_file():
                problems.append(f"{page_rel}:{line}: <{tag}> {url!r}: {rel} does not exist")
                continue
            if fragment and rel.endswith(".html"):
                ids = parsed_site[rel].ids if rel in parsed_site else set()
                if unquote(fragment) not in ids and fragment != "top":
                    problems.append(f"{page_rel}:{line}: <{tag}> {url!r}: no id {fragment!r} in {rel}")
    assert checked > 0, "no internal links found"
    assert not problems, f"{len(problems)} broken of {checked} internal links:\n" + "\n".join(problems[:60])


def test_no_page_links_to_a_local_file_or_absolute_site_path(parsed_site):
    """file: URLs and root-absolute paths break when the site is copied to an intranet sub-path."""
    problems = [
        f"{page_rel}:{line}: <{tag}> {url!r}"
        for page_rel, parser in parsed_site.items()
        for tag, url, line in parser.links
        if url.startswith("file:") or (url.startswith("/") and not url.startswith("//"))
    ]
    assert not problems, "\n".join(problems[:60])


# --------------------------------------------------------------------------- CSV against the data table

_NUMBER = r"[+\-−]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?"
# a number, then its unit as the page writes it: %, kr, or an organisation's own ("kWh/m², år", "ton CO2")
_TABLE_NUMBER = re.compile(rf"^\s*({_NUMBER})(?:\s*(?:%|‰|[^\d\s+\-−,][^\n]*))?\s*$")
_MISSING = {"", "–", "—", "-", "−", "saknas", "uppgift saknas", "statistik saknas", "ej mätt", "ej aktuellt"}


def parse_table_number(text: str) -> tuple[float, int] | None:
    """A Swedish formatted table cell ('7,77', '295 591', '6,5 %', '−13 225 kr') -> (value, decimals)."""
    match = _TABLE_NUMBER.match(text)
    if not match:
        return None
    number = match.group(1)
    cleaned = re.sub(r"[ \u00a0\u202f]", "", number).replace("−", "-").replace(",", ".")
    decimals = len(number.split(",")[1]) if "," in number else 0
    return float(cleaned), decimals


def parse_csv_number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def compare_chart_csv(csv_text: str, table: list[list[str]]) -> list[str]:
    rows = list(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")), delimiter=";"))
    problems = []
    if len(rows) != len(table):
        problems.append(f"CSV has {len(rows)} rows (with header), the table {len(table)}")
        return problems
    numbers = 0
    csv_numbers = sum(parse_csv_number(cell.strip()) is not None for row in rows[1:] for cell in row)
    for r, (csv_row, table_row) in enumerate(zip(rows, table)):
        if len(csv_row) != len(table_row):
            problems.append(f"row {r + 1}: CSV has {len(csv_row)} cells, the table {len(table_row)}")
            continue
        if r == 0:
            continue  # header labels may differ (machine names in CSV)
        for c, (cell, shown) in enumerate(zip(csv_row, table_row)):
            value = parse_csv_number(cell.strip())
            if cell.strip() == "":
                if shown.strip().lower() not in _MISSING and parse_table_number(shown) is not None:
                    problems.append(f"row {r + 1} col {c + 1}: CSV empty, table shows {shown!r}")
                continue
            if value is None:  # a label: shown as written
                if " ".join(cell.split()) != " ".join(shown.split()):
                    problems.append(f"row {r + 1} col {c + 1}: CSV {cell!r}, table shows {shown!r}")
                continue
            parsed = parse_table_number(shown)
            if parsed is None:
                if not re.fullmatch(r"\d{4}", cell.strip()):  # a year label may carry extra text
                    problems.append(f"row {r + 1} col {c + 1}: CSV {cell!r}, table shows {shown!r}")
                continue
            shown_value, decimals = parsed
            numbers += 1
            if abs(round(value, decimals) - shown_value) > 10**-decimals / 2 + 1e-9:
                problems.append(f"row {r + 1} col {c + 1}: CSV {cell!r}, table shows {shown!r}")
    if csv_numbers and numbers == 0:
        problems.append("no numbers in common between CSV and table")
    return problems


def test_every_chart_has_a_data_table_and_a_csv_download(page_reports):
    problems = [
        f"{r.path}: chart #{c['id']} has {'no CSV link' if not c['csv'] else 'no data table'}"
        for r in page_reports.values()
        for c in r.facts["charts"]
        if not c["csv"] or not c["table"]
    ]
    assert not problems, "\n".join(problems)


def test_every_chart_csv_exists_and_holds_the_numbers_of_its_table(page_reports, site_dir, base_url):
    problems = []
    checked = 0
    for r in page_reports.values():
        for chart in r.facts["charts"]:
            if not chart["csv"] or not chart["table"]:
                continue
            if not chart["csv"].startswith(base_url):
                problems.append(f"{r.path}: chart #{chart['id']}: CSV link {chart['csv']} leaves the site")
                continue
            file = site_dir / unquote(urlsplit(chart["csv"]).path.lstrip("/"))
            if not file.is_file():
                problems.append(f"{r.path}: chart #{chart['id']}: {file.relative_to(site_dir)} missing")
                continue
            text = file.read_bytes().decode("utf-8")
            checked += 1
            problems += [
                f"{r.path}: chart #{chart['id']} ({file.name}): {p}"
                for p in compare_chart_csv(text.lstrip("\ufeff"), chart["table"])
            ]
    assert checked > 0, "no chart with a CSV download found"
    assert not problems, "\n".join(problems[:60])
