"""Page rendering into the MkDocs docs_dir (followup.render)."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest

from followup.build.pipeline import check_project
from followup.build.publish import DataVersion
from followup.site.environment import make_env
from followup.site.render import render_project
from followup.site.urls import relative_url, src_of

REPO = Path(__file__).resolve().parent.parent
VERSION = DataVersion("abc1234", 0)


@pytest.fixture(scope="module")
def seed_docs(tmp_path_factory):
    project, _ = check_project(REPO)
    docs = tmp_path_factory.mktemp("docs")
    rendered = render_project(project, docs, version=VERSION)
    return docs, rendered


def render_copy(make_project, files, tmp_path):
    root = make_project(files)
    project, _ = check_project(root)  # the loader's own reference checks are tested elsewhere
    docs = tmp_path / "docs"
    return render_project(project, docs, version=VERSION), docs


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target,from_url,expected",
    [
        ("lund/rapport/mal.html", "lund/rapport/index.html", "mal.html"),
        ("index.html", "lund/rapport/mal.html", "../../index.html"),
        ("lund/index.html", "index.html", "lund/index.html"),
        ("lund/rapport/indikatorer.html#indikator-hme", "lund/rapport/mal.html", "indikatorer.html#indikator-hme"),
        ("https://example.org/", "index.html", "https://example.org/"),
        ("#main", "lund/index.html", "#main"),
    ],
)
def test_relative_url(target, from_url, expected):
    assert relative_url(target, from_url) == expected


def test_source_of_output_url():
    assert src_of("lund/rapport/mal.html") == "lund/rapport/mal.md"


# --- environment ----------------------------------------------------------------------------


def test_templates_use_strict_undefined(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        make_env(tmp_path).get_template("t.html.j2").render()


def test_templates_autoescape(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ text }}", encoding="utf-8")
    assert make_env(tmp_path).get_template("t.html.j2").render(text="<b>") == "&lt;b&gt;"


def test_templates_have_swedish_number_filters(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ x | value('sek') }}", encoding="utf-8")
    assert make_env(tmp_path).get_template("t.html.j2").render(x=11785000) == "11\u00a0785\u00a0000\u00a0kr"


# --- the seed site's page sources ------------------------------------------------------------


def test_seed_renders_without_problems(seed_docs):
    _, rendered = seed_docs
    assert [p for p in rendered.problems if p.severity == "error"] == []


def test_page_source_is_front_matter_and_one_wrapping_div(seed_docs):
    docs, _ = seed_docs
    text = (docs / "lund/samordnade-servicetjanster/index.md").read_text(encoding="utf-8")
    front, body = text.split("---\n\n", 1)
    assert front == '---\ntitle: "Slutrapport Samordnade servicetjänster"\n'
    assert body.startswith('<div class="page-body">\n') and body.endswith("\n</div>\n")


def test_only_pages_with_data_are_generated(seed_docs):
    docs, _ = seed_docs
    lund = docs / "lund/samordnade-servicetjanster"
    eskilstuna = docs / "eskilstuna/processmal-2020-2023"
    assert (lund / "leveranser.md").exists() and not (lund / "enkater.md").exists()
    assert not (lund / "indikatorer.md").exists()
    assert (eskilstuna / "enkater.md").exists() and (eskilstuna / "indikatorer.md").exists()
    assert not (eskilstuna / "leveranser.md").exists()


def test_content_pages_are_rendered_as_report_pages(seed_docs):
    docs, rendered = seed_docs
    assert (docs / "lund/samordnade-servicetjanster/02-viktiga-handelser.md").exists()
    info = rendered.page_info["lund/samordnade-servicetjanster/02-viktiga-handelser.md"]
    assert info["sources"] == ["content/lund/samordnade-servicetjanster/02-viktiga-handelser.md"]


def test_site_pages_are_generated(seed_docs):
    docs, _ = seed_docs
    for name in ("index.md", "sok.md", "tillganglighet.md", "lund/index.md", "eskilstuna/index.md"):
        assert (docs / name).exists(), name


def test_report_nav_lists_only_its_own_report(seed_docs):
    _, rendered = seed_docs
    info = rendered.page_info["lund/samordnade-servicetjanster/mal.md"]
    urls = [item["url"] for item in info["report_nav"]["items"]]
    assert urls and all(u.startswith("lund/samordnade-servicetjanster/") for u in urls)
    assert [i["current"] for i in info["report_nav"]["items"]].count(True) == 1
    assert "site_nav" not in info


def test_provenance_names_the_pages_data_files_and_revision(seed_docs):
    _, rendered = seed_docs
    info = rendered.page_info["lund/samordnade-servicetjanster/leveranser.md"]
    assert info["sources"] == ["data/lund/samordnade-servicetjanster/deliverables.yaml"]
    assert info["revised"] == "2024-02-06"
    assert info["version"] == "abc1234"


def test_chart_files_are_written_beside_the_report(seed_docs):
    docs, _ = seed_docs
    charts = docs / "eskilstuna/processmal-2020-2023/diagram"
    wide = sorted(p.stem for p in charts.glob("*.svg") if not p.stem.endswith("-smal"))
    narrow = sorted(p.stem.removesuffix("-smal") for p in charts.glob("*-smal.svg"))
    csvs = sorted(p.stem for p in charts.glob("*.csv"))
    jsons = sorted(p.stem for p in charts.glob("*.json"))
    assert wide and wide == narrow == csvs == jsons


def test_chart_json_file_holds_the_csv_data(seed_docs):
    from followup.charts.spec import read_csv

    charts = seed_docs[0] / "lund/samordnade-servicetjanster/diagram"
    data = json.loads((charts / "tabell-resultat-per-pilotverksamhet.json").read_text(encoding="utf-8"))
    header, *rows = read_csv((charts / "tabell-resultat-per-pilotverksamhet.csv").read_text(encoding="utf-8"))
    assert [c["label"] for c in data["columns"]] == header

    def cell(v):
        return v if isinstance(v, str) else "" if v is None else str(v).replace(".", ",")

    as_csv = [[cell(v) for v in row] for row in data["rows"]]
    assert as_csv == rows
    assert data["rows"][0] == ["Spyken", -6000, -27000]


def test_chart_shows_the_narrow_drawing_on_phones_and_links_csv_and_json(seed_docs):
    docs, _ = seed_docs
    body = (docs / "eskilstuna/processmal-2020-2023/indikatorer.md").read_text(encoding="utf-8")
    assert '<source media="screen and (max-width: 45rem)" srcset="diagram/indikator-sjukfranvaro-smal.svg"' in body
    assert '<a href="diagram/indikator-sjukfranvaro.json" download>Data som JSON</a>' in body


def test_charts_are_images_with_alt_text_table_and_csv_link(seed_docs):
    docs, _ = seed_docs
    body = (docs / "eskilstuna/processmal-2020-2023/indikatorer.md").read_text(encoding="utf-8")
    assert '<figure class="chart" id="chart-indikator-sjukfranvaro">' in body
    assert '<img class="chart__image" src="diagram/indikator-sjukfranvaro.svg" alt="' in body
    assert '<a href="diagram/indikator-sjukfranvaro.csv" download>' in body
    assert "<summary>Visa diagrammets data som tabell</summary>" in body


def test_acknowledged_stated_total_is_explained_next_to_the_table(seed_docs):
    docs, _ = seed_docs
    body = (docs / "eskilstuna/processmal-2020-2023/enkater.md").read_text(encoding="utf-8")
    assert "Angivet medelvärde 8,58 · beräknat från data 8,62.</span> Källan anger 8,58" in body


def test_page_info_is_plain_data(seed_docs):
    _, rendered = seed_docs
    json.dumps(rendered.page_info)  # handed to MkDocs' config.extra


# --- small projects ---------------------------------------------------------------------------


def test_html_in_data_is_escaped(make_project, tmp_path):
    rendered, docs = render_copy(
        make_project,
        {
            "data/org/rep/report.yaml": """\
                title: Testrapport
                document_type: uppföljning
                status: utkast
                period: 2020–2023
                summary: "Hej <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
                """
        },
        tmp_path,
    )
    body = (docs / "org/rep/index.md").read_text(encoding="utf-8")
    assert "<script>" not in body and "<img src=x" not in body and 'href="javascript:' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_unknown_value_reference_in_content_is_a_located_error(make_project, tmp_path):
    rendered, _ = render_copy(
        make_project,
        {"content/org/rep/text.md": "# Text\n\nIntäkterna var {{ värde: tables.finns-inte.total }}.\n"},
        tmp_path,
    )
    errors = [(p.path, p.line, p.column) for p in rendered.problems if p.severity == "error"]
    assert errors == [("content/org/rep/text.md", 3, 16)]


def test_unknown_chart_reference_names_the_reports_charts(make_project, tmp_path):
    rendered, _ = render_copy(make_project, {"content/org/rep/text.md": "# Text\n\n{{ diagram: saknas }}\n"}, tmp_path)
    (problem,) = rendered.problems
    assert (problem.path, problem.line, problem.column) == ("content/org/rep/text.md", 3, 1)
    assert problem.message.startswith("unknown chart 'saknas'")


def test_unknown_reference_in_a_data_field_is_located_in_the_yaml(make_project, tmp_path):
    rendered, _ = render_copy(
        make_project,
        {
            "data/org/rep/report.yaml": """\
                title: Testrapport
                document_type: uppföljning
                status: utkast
                period: 2020–2023
                summary: |
                  Första raden.
                  Värdet är {{ värde: goals.saknas }} här.
                """
        },
        tmp_path,
    )
    located = [(p.path, p.line, p.column) for p in rendered.problems]
    assert located == [("data/org/rep/report.yaml", 7, 13)]


def test_value_reference_renders_the_formatted_value(make_project, tmp_path):
    rendered, docs = render_copy(
        make_project,
        {
            "data/org/rep/deliverables.yaml": """\
                groups:
                  - id: g
                    title: Leveranser
                    origin: planned
                    items:
                      - {id: a, title: A, status: slutford}
                      - {id: b, title: B, status: pagar}
                      - {id: c, title: C, status: slutford}
                """,
            "content/org/rep/text.md": "# Text\n\nAndel klara: {{ värde: deliverables.share_completed }}.\n",
        },
        tmp_path,
    )
    assert rendered.problems == []
    body = (docs / "org/rep/text.md").read_text(encoding="utf-8")
    assert '<span class="ref-value">67\u00a0%</span>' in body


def test_broken_template_is_reported_with_its_file_and_line(make_project, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    for src in (REPO / "templates/pages").iterdir():
        (templates / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (templates / "search.html.j2").write_text("<h1>Sök</h1>\n{% if %}\n", encoding="utf-8")
    root = make_project({})
    project, _ = check_project(root)
    rendered = render_project(project, tmp_path / "docs", version=VERSION, templates_dir=templates)
    (problem,) = rendered.problems
    assert problem.path.endswith("search.html.j2")
    assert problem.line == 2
    assert problem.message.startswith("template error: TemplateSyntaxError")
