"""HTML, `<script>`, event-handler attributes and `javascript:` URLs in every kind of text field
(issue 7): the build escapes or removes them, never lets them run. Asserted on the built site.

One project puts a payload with a unique marker (`XSS_<field>`) into every text field of every data
file, and more into the content Markdown. The site is built once; the tests then parse every HTML
and SVG file and check that

* every `<script>` element is the theme's own: a same-site `src`, nothing inside;
* no element has an `on…` event-handler attribute;
* no URL attribute (href, src, action, …) uses `javascript:`, `vbscript:` or `data:text/html`;
* no `<iframe>`, `<object>`, `<embed>`, `<base>`, `<style>` or `<meta http-equiv="refresh">`
  comes from the data (a chart's own `<style>`, which declares its symbol face, is allowed in SVG
  files when its content is exactly `theme.SYMBOL_FACE`);
* each field's marker does reach the site (so the field really was rendered and checked).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import BUILD_GUARD, copy_code, output_of, run_build_py

from followup.charts import theme


def payload(field: str) -> str:
    """Hostile text for one field, safe to put in single quotes in YAML."""
    return (
        f"XSS_{field} <script>alert(1)</script> <img src=x onerror=alert(2)> "
        f'<a href="javascript:alert(3)" onclick="alert(4)">a</a> <svg onload=alert(5)> '
        f"[länk](javascript:alert(6)) <iframe src=javascript:alert(7)></iframe> "
        f'"><b onmouseover=alert(8)>b</b> <style>body{{display:none}}</style>'
    )


def q(field: str) -> str:
    return "'" + payload(field) + "'"


MARKDOWN_PAYLOAD = """\
# Rubrik XSS_content_title <script>alert(1)</script>

XSS_content_body

<script>alert("block")</script>

<div onclick="alert(1)">div</div>

<img src="x" onerror="alert(2)">

Inline <b onmouseover=alert(3)>fet</b> and <a href="javascript:alert(4)">a</a>.

[javascript](javascript:alert(5)) [upper](JaVaScRiPt:alert(6)) [entity](&#106;avascript:alert(7))
[tab](java&#09;script:alert(8)) [vb](vbscript:msgbox(9)) [data](data:text/html;base64,PHNjcmlwdD4=)
[spaces]( javascript:alert(10) ) <javascript:alert(11)> [ref][r1] [title](https://example.org "x\\" onmouseover=\\"alert(12)")

[r1]: javascript:alert(13)

![bild](javascript:alert(14)) ![extern](https://example.org/x.png "t\\" onerror=\\"alert(15)")

[extern länk](https://example.org/rapport) and <https://example.org/auto>

| Kolumn <script>alert(16)</script> |
|---|
| <img src=x onerror=alert(17)> |

Footnote[^1].

[^1]: <script>alert(18)</script> [x](javascript:alert(19))
"""


FILES = {
    "data/org/organisation.yaml": f"""\
        name: {q("org_name")}
        municipality: {q("municipality")}
        short_name: {q("org_short_name")}
        units:
          - code: AVF
            name: {q("unit_name")}
            kind: {q("unit_kind")}
            note: {q("unit_note")}
          - code: '<b onmouseover=alert(1)>X'
            name: {q("unit_name_hostile_code")}
        groups:
          - id: unga
            label: {q("group_label")}
        accessibility_contact:
          name: {q("contact_name")}
          email: 'x@example.org"><script>alert(1)</script>'
          phone: {q("contact_phone")}
        """,
    "data/org/rep/report.yaml": f"""\
        title: {q("title")}
        short_title: {q("short_title")}
        document_type: slutrapport
        status: fastställd
        period: 2020–2023
        board: {q("board")}
        administration: {q("administration")}
        project: {q("project")}
        decision:
          body: {q("decision_body")}
          date: 2023-05-01
          decided_by:
            name: {q("decided_by_name")}
            title: {q("decided_by_title")}
            unit: {q("decided_by_unit")}
          proposal: {q("decision_proposal")}
          note: {q("decision_note")}
        registration_number: {q("registration_number")}
        owner: {q("owner")}
        prepared_by: {q("prepared_by")}
        signed_by:
          - name: {q("signed_by_name")}
            title: {q("signed_by_title")}
        summary: {q("summary")}
        key_figures:
          - id: intakter
            label: {q("key_figure_label")}
            unit: tkr
            stated: 100
            note: {q("key_figure_note")}
        timeline:
          - date: 2021-01-01
            title: {q("timeline_title")}
            description: {q("timeline_description")}
        attachments:
          - title: {q("attachment_title")}
            file: bilaga.md
        source_notes:
          - kind: discrepancy
            text: {q("source_note")}
        """,
    "data/org/rep/goals.yaml": f"""\
        title: {q("goals_title")}
        introduction: {q("goals_introduction")}
        perspectives:
          - id: kunder
            title: {q("perspective_title")}
            description: {q("perspective_description")}
            goals:
              - id: service
                title: {q("goal_title")}
                assessment: uppnatt
                assessment_text: {q("assessment_text")}
                description: {q("goal_description")}
                priorities:
                  set_at: {q("priorities_set_at")}
                  items:
                    - {q("priority_item")}
                what_was_done: {q("what_was_done")}
                result: {q("goal_result")}
                analysis: {q("goal_analysis")}
                next_steps: {q("next_steps")}
                sections:
                  - title: {q("section_title")}
                    body: {q("section_body")}
                  - title: {q("section_file_title")}
                    file: avsnitt.md
                indicators: [sjukfranvaro]
        """,
    "data/org/rep/indicators.yaml": f"""\
        indicators:
          - id: sjukfranvaro
            name: {q("indicator_name")}
            unit: percent
            direction: lower_is_better
            description: {q("indicator_description")}
            source: {q("indicator_source")}
            scale: {{min: 0, max: 100, label: {q("indicator_scale_label")}}}
            series:
              - group: alla
                values: {{2021: 6.5, 2022: null, 2023: 7.3}}
                missing: {{2022: {q("missing_reason")}}}
                notes: {{2023: {q("series_note")}}}
              - group: unga
                values: {{2021: 5.0, 2023: 5.5}}
            targets:
              - period: 2023
                value: 6
                note: {q("target_note")}
        """,
    "data/org/rep/surveys.yaml": f"""\
        surveys:
          - id: kunddialog
            title: {q("survey_title")}
            description: {q("survey_description")}
            source: {q("survey_source")}
            scale: {{min: 1, max: 10, label: {q("survey_scale_label")}}}
            questions:
              - id: samlad
                text: {q("question_text")}
            rounds:
              - period: 2021
                note: {q("round_note")}
                units:
                  - {{unit: AVF, respondents: 10, scores: {{samlad: 7.5}}}}
                  - {{unit: '<b onmouseover=alert(1)>X', respondents: 5, scores: {{samlad: 8}}}}
              - period: 2022
                units:
                  - {{unit: AVF, respondents: 12, scores: {{samlad: 7.9}}}}
                  - {{unit: '<b onmouseover=alert(1)>X', respondents: 6, scores: {{samlad: 8.2}}}}
        """,
    "data/org/rep/finance.yaml": f"""\
        tables:
          - id: budget
            title: {q("budget_title")}
            kind: budget_outcome
            unit: tkr
            description: {q("budget_description")}
            note: {q("budget_note")}
            source: {q("budget_source")}
            rows:
              - period: 2021
                budget: 100
                outcome: 90
                comment: {q("budget_comment")}
              - period: 2022
                budget: 100
                outcome: 110
          - id: perenhet
            title: {q("per_unit_title")}
            kind: per_unit
            unit: tkr
            periods: [2021, 2022]
            rows:
              - unit: AVF
                values: {{2021: 10, 2022: 12}}
                comment: {q("per_unit_comment")}
              - unit: '<b onmouseover=alert(1)>X'
                values: {{2021: 5, 2022: 6}}
            total_comment: {q("per_unit_total_comment")}
          - id: kostnader
            title: {q("breakdown_title")}
            kind: breakdown
            unit: tkr
            rows:
              - label: {q("breakdown_label")}
                amount: 40
                comment: {q("breakdown_comment")}
              - label: Övrigt
                amount: 60
        """,
    "data/org/rep/tables.yaml": f"""\
        tables:
          - id: fore-efter
            title: {q("before_after_title")}
            kind: before_after
            unit: sek
            before: 2021
            after: 2023
            rows:
              - unit: AVF
                before: 100
                after: 80
                comment: {q("before_after_comment")}
          - id: ovrigt
            title: {q("generic_title")}
            kind: table
            columns:
              - id: namn
                label: {q("generic_column_label")}
              - id: antal
                label: Antal
                unit: count
                sum: true
            rows:
              - namn: {q("generic_cell")}
                antal: 3
        """,
    "data/org/rep/deliverables.yaml": f"""\
        introduction: {q("deliverables_introduction")}
        groups:
          - id: planerade
            title: {q("deliverable_group_title")}
            origin: planned
            description: {q("deliverable_group_description")}
            items:
              - id: d1
                title: {q("deliverable_title")}
                description: {q("deliverable_description")}
                status: slutford
                outcome: {q("deliverable_outcome")}
                responsible: {q("deliverable_responsible")}
                remains_after_project: true
                remaining_work: {q("remaining_work")}
        """,
    "content/org/rep/text.md": MARKDOWN_PAYLOAD,
    "content/org/rep/avsnitt.md": MARKDOWN_PAYLOAD.replace("XSS_content_body", "XSS_section_file_body"),
    "content/org/rep/bilaga.md": MARKDOWN_PAYLOAD.replace("XSS_content_body", "XSS_attachment_body"),
}

FIELDS = sorted(set(re.findall(r"XSS_([a-z_]+)", "\n".join(FILES.values()))))

#: Fields the site does not show (anywhere), so their markers cannot be found. Keep short.
NOT_SHOWN = {
    "attachment_body",  # an attachment is listed by title; its file is not published
    "decided_by_unit",  # report.yaml decision.decided_by.unit
    "unit_note",  # organisation.yaml units[].note
}

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|livescript)", re.IGNORECASE)


class Audit(HTMLParser):
    """Collects what must never be in the built pages."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.findings: list[str] = []
        self.in_script = False
        self.style: list[str] | None = None  # the text of the <style> element being read
        self.style_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"{self.name}:{self.getpos()[0]}"
        values = dict(attrs)
        for attr, value in attrs:
            if attr.startswith("on"):
                self.findings.append(f"{where}: <{tag} {attr}=…> event handler")
            if attr in URL_ATTRIBUTES and value is not None:
                squeezed = re.sub(r"[\x00-\x20]+", "", value)
                if BAD_SCHEME.match(squeezed):
                    self.findings.append(f"{where}: <{tag} {attr}={value!r}>")
        if tag == "script":
            src = values.get("src") or ""
            if not src or re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE) or not src.endswith(".js"):
                self.findings.append(f"{where}: <script> without a same-site src ({src!r})")
            self.in_script = True
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"{where}: <{tag}> element")
        if tag == "style":
            self.style, self.style_line = [], self.getpos()[0]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.findings.append(f"{where}: <meta http-equiv=refresh>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag == "style" and self.style is not None:
            own = self.name.endswith(".svg") and "".join(self.style) == theme.SYMBOL_FACE
            if not own:
                self.findings.append(f"{self.name}:{self.style_line}: <style> element")
            self.style = None

    def handle_data(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)
        if self.in_script and data.strip():
            self.findings.append(f"{self.name}:{self.getpos()[0]}: inline script content {data.strip()[:40]!r}")


def audit(path: Path, name: str) -> list[str]:
    parser = Audit(name)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    if parser.style is not None:
        parser.findings.append(f"{name}:{parser.style_line}: unclosed <style> element")
    return parser.findings


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_code(tmp_path_factory.mktemp("hostile") / "project")
    write_project(root, FILES)
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    output = output_of(result)
    assert "Traceback" not in output, output
    assert result.returncode == 0, output
    return root / "site"


def site_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_hostile_project_builds(hostile_site):
    assert (hostile_site / "org/rep/index.html").is_file()


def test_no_script_event_handler_or_javascript_url_in_any_page(hostile_site):
    findings = []
    for path in site_files(hostile_site, ".html"):
        findings += audit(path, path.relative_to(hostile_site).as_posix())
    assert findings == []


def test_no_script_event_handler_or_javascript_url_in_any_chart(hostile_site):
    charts = site_files(hostile_site, ".svg")
    assert charts, "the hostile project should have charts"
    findings = []
    for path in charts:
        findings += audit(path, path.relative_to(hostile_site).as_posix())
        text = path.read_text(encoding="utf-8")
        if "<foreignObject" in text:
            findings.append(f"{path.name}: <foreignObject>")
    assert findings == []


def test_hostile_markup_is_shown_as_text(hostile_site):
    page = (hostile_site / "org/rep/index.html").read_text(encoding="utf-8")
    assert "XSS_title &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_text_field_reaches_the_site(hostile_site):
    shown = "\n".join(p.read_text(encoding="utf-8") for p in site_files(hostile_site, ".html", ".svg", ".csv"))
    missing = [f for f in FIELDS if f"XSS_{f}" not in shown and f not in NOT_SHOWN]
    assert missing == []


def test_external_links_in_content_get_noopener_noreferrer(hostile_site):
    page = (hostile_site / "org/rep/text.html").read_text(encoding="utf-8")
    links = re.findall(r"<a\b[^>]*\bhref=\"https://example\.org[^\"]*\"[^>]*>", page)
    assert len(links) >= 2
    for link in links:
        rel = re.search(r'\brel="([^"]*)"', link)
        assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), link
