"""Deterministic synthetic corpora for the benchmark: N reports shaped like the seeds.

    python benchmarks/corpus.py DEST --reports 100 [--seed 1]

writes a complete project into DEST: `data/`, `content/`, a copy of `templates/` and a
`mkdocs.yml` (the build adds the tool's hooks and theme), so that
`python build.py build --root DEST` builds it like the real project.

Every report has, like the two seed reports in data/ and content/:

* report.yaml: metadata, a three-paragraph summary, three key figures recomputed from the
  data (respondents, budget difference, completed deliverables);
* goals.yaml: three perspectives with two goals each, assessed on the default scale; two goals
  have a narrative section in content/ citing values with `{{ värde: … }}`;
* indicators.yaml: sick leave (percent, lower is better) and an engagement index, by gender
  (alla/kvinnor/män) for 2021–2023, with targets;
* surveys.yaml: a customer survey, 10 units × 2 rounds (2022, 2023), three questions, women/men
  groups and the stated totals row (respondent-weighted means, as the source would print them);
* finance.yaml: a budget/outcome table (2020–2023, stated differences) and a per-unit result
  table (5 units × 2 periods, stated totals);
* deliverables.yaml: 15 deliverables in two groups (planned, added).

That gives 10 charts (goals, 2 indicators, 3 survey questions + respondents, budget, per-unit,
deliverables) and 6 pages (Översikt, Mål, Indikatorer, Enkäter, Ekonomi, Leveranser) per report.

Determinism: report i's files depend only on (seed, i, variant), never on N, so a corpus of 500
reports contains the corpus of 10 as its first ten reports, and page sizes are comparable across
sizes. Ten reports share one organisation (data/<org>/organisation.yaml with 10 units).
`change_report(dest, i)` rewrites one report's indicators.yaml with other values (the benchmark's
"one report's data changed").
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
REPORTS_PER_ORG = 10

# --- words -------------------------------------------------------------------------------------

TOWNS = [
    "Alby",
    "Berga",
    "Dalby",
    "Ekeby",
    "Forsa",
    "Grästorp",
    "Hallby",
    "Ingarö",
    "Järvsö",
    "Kallby",
    "Lidby",
    "Mora",
    "Norrby",
    "Orsa",
    "Perstorp",
    "Rydby",
    "Sandby",
    "Torsby",
    "Ulvsby",
    "Vallby",
    "Åsby",
    "Älvby",
    "Önneby",
    "Bjärby",
    "Fjällby",
    "Gärdsby",
    "Hovby",
    "Kvarnby",
    "Lövsta",
    "Mörby",
]
TOWN_SUFFIXES = ["", "näs", "berg", "dal", "holm", "vik", "å", "sund", "hult", "mark"]

UNITS = [
    ("AVF", "Arbetsmarknads- och vuxenutbildningsförvaltningen"),
    ("BUF", "Barn- och utbildningsförvaltningen"),
    ("KLK", "Kommunledningskontoret"),
    ("KFF", "Kultur- och fritidsförvaltningen"),
    ("MRF", "Miljö- och räddningstjänstförvaltningen"),
    ("SEF", "Serviceförvaltningen"),
    ("SF", "Socialförvaltningen"),
    ("SBF", "Stadsbyggnadsförvaltningen"),
    ("VOF", "Vård- och omsorgsförvaltningen"),
    ("ANNAT", "Annat/vet ej"),
]

SUBJECTS = [
    "verksamheten",
    "förvaltningen",
    "projektet",
    "nämnden",
    "enheten",
    "kommunkoncernen",
    "arbetsgruppen",
    "styrgruppen",
    "pilotverksamheten",
    "organisationen",
]
VERBS = [
    "har utvecklat",
    "har följt upp",
    "har genomfört",
    "har förbättrat",
    "har analyserat",
    "har infört",
    "har samordnat",
    "har effektiviserat",
    "har prioriterat",
    "har utvärderat",
]
OBJECTS = [
    "arbetssätten inom service och bemötande",
    "den digitala ärendehanteringen",
    "uppföljningen av kvalitet och leveranssäkerhet",
    "samarbetet mellan förvaltningarna",
    "kompetensutvecklingen för medarbetarna",
    "rutinerna för avvikelsehantering",
    "dialogen med kunder och invånare",
    "planeringen av lokaler och resurser",
    "budgetuppföljningen per månad",
    "arbetsmiljön på arbetsplatserna",
    "jämställdhetsarbetet och likabehandlingen",
    "informationen till verksamheterna",
]
TAILS = [
    "under perioden",
    "enligt plan",
    "med gott resultat",
    "i samverkan med verksamheterna",
    "trots begränsade resurser",
    "som en del av det löpande arbetet",
    "med stöd av HR",
    "utifrån de prioriteringar som gjordes vid halvtidsuppföljningen",
    "inom befintlig ram",
]
GOAL_TITLES = [
    "Nöjda kunder och invånare",
    "Engagerade och friska medarbetare",
    "Effektiva tjänster och processer",
    "Hållbar ekonomi",
    "Digitala tjänster för alla",
    "Trygg och säker leverans",
    "Attraktiv arbetsgivare",
    "Minskad klimatpåverkan",
    "Tydlig styrning och uppföljning",
    "God tillgänglighet",
]
PERSPECTIVES = [
    ("god-kvalitet", "God kvalitet och värdeskapande processer"),
    ("medarbetare", "Attraktiv arbetsgivare"),
    ("ekonomi", "Stabil ekonomi"),
]
DELIVERABLE_TITLES = [
    "Rollbeskrivning för servicemedarbetare",
    "Digital tjänstekatalog",
    "Utredning om fastighetsnära tjänster",
    "Löpande uppföljningsrapporter",
    "Utvärdering av pilotverksamheterna",
    "Slutrapport",
    "Kommungemensam lokalvårdsstandard",
    "Gränsdragningslista för lokaler",
    "Förvaltningsöverenskommelse",
    "Modell för styrning och uppföljning",
    "Koncept för servicestandard",
    "Intern serviceutbildning",
    "Rutin för arbetsorderhantering",
    "Kompetensutvecklingsplan",
    "Kommunikationsplan",
    "Riktlinje för avvikelsehantering",
    "Mätning av kundnöjdhet",
    "Plan för robotisering och digitalisering",
]
STATUSES = [
    "slutford",
    "genomford",
    "faststalld",
    "overlamnad",
    "framtagen-ej-faststalld",
    "delvis-genomford",
    "pagar",
    "aterstar",
    "ersatt",
]
COMPLETED = {"slutford", "genomford", "faststalld", "overlamnad"}
ASSESSMENTS = ["uppnatt", "uppnatt", "delvis-uppnatt", "ej-uppnatt"]
QUESTIONS = [
    ("samlad-bedomning", "Samlad bedömning"),
    ("aterkoppling", "Återkoppling"),
    ("bemotande", "Bemötande"),
]
SURVEY_UNITS = 10
PER_UNIT_ROWS = 5


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def sv(value: Decimal | float | int, decimals: int) -> str:
    """A number written the Swedish way, as the seeds quote them: 7,77 · 295 591 · -13 225."""
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + " ".join(groups)
    return f"{text},{frac}" if frac else text


def dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


# --- one organisation / one report ---------------------------------------------------------------


def org_id(index: int, per_org: int = REPORTS_PER_ORG) -> str:
    return f"kommun-{index // per_org + 1:03d}"


def report_id(index: int) -> str:
    return f"uppfoljning-{index + 1:04d}"


def organisation_yaml(seed: int, org_index: int) -> str:
    rng = random.Random(f"org-{seed}-{org_index}")
    # Unique names (two municipalities never share one): the seed picks the starting town.
    start = rng.randrange(len(TOWNS)) if org_index == 0 else random.Random(f"org-{seed}-0").randrange(len(TOWNS))
    town = TOWNS[(start + org_index) % len(TOWNS)] + TOWN_SUFFIXES[org_index // len(TOWNS) % len(TOWN_SUFFIXES)]
    return dump(
        {
            "name": f"{town} kommun",
            "municipality": town,
            "units": [{"code": c, "name": n, "kind": "övrigt" if c == "ANNAT" else "förvaltning"} for c, n in UNITS],
        }
    )


@dataclass
class ReportFiles:
    data: dict[str, str]  # file name -> text (data/<org>/<report>/)
    content: dict[str, str]  # file name -> text (content/<org>/<report>/)


def _survey(rng: random.Random) -> tuple[dict, dict[str, int]]:
    rounds = []
    respondents_by_period: dict[str, int] = {}
    for period in ("2022", "2023"):
        units = []
        for code, _ in UNITS[:SURVEY_UNITS]:
            n = rng.randint(1, 15)
            scores = {q: Decimal(rng.randint(550, 1000)) / 100 for q, _ in QUESTIONS}
            units.append((code, n, scores))
        total = sum(n for _, n, _ in units)
        stated_scores = {}
        for q, _ in QUESTIONS:
            mean = sum(Decimal(n) * s[q] for _, n, s in units) / total
            stated_scores[q] = sv(mean, 2)
        women = rng.randint(total // 3, total // 2)
        men = rng.randint(1, max(1, total // 4))
        rounds.append(
            {
                "period": int(period),
                "units": [{"unit": code, "respondents": n, "scores": {q: sv(s[q], 2) for q in s}} for code, n, s in units],
                "groups": [
                    {
                        "group": "kvinnor",
                        "respondents": women,
                        "scores": {"samlad-bedomning": sv(rng.randint(600, 950) / 100, 2)},
                    },
                    {
                        "group": "man",
                        "respondents": men,
                        "scores": {"samlad-bedomning": sv(rng.randint(600, 950) / 100, 2)},
                    },
                ],
                "stated_total": {"respondents": total, "scores": stated_scores},
                "note": paragraph(rng, 2),
            }
        )
        respondents_by_period[period] = total
    survey = {
        "id": "kunddialog",
        "title": "Kunddialogenkät",
        "description": paragraph(rng, 2),
        "scale": {"min": 1, "max": 10, "label": "10-gradig skala"},
        "questions": [{"id": q, "text": t} for q, t in QUESTIONS],
        "rounds": rounds,
    }
    return survey, respondents_by_period


def _indicators(rng: random.Random, values_rng: random.Random) -> dict:
    """`values_rng` draws the outcomes: the same for every report (an organisation's later reports
    repeat the earlier years' values; a value given differently is a restatement, see
    check/across_reports.py). The value for alla lies between the groups' (compute/crosschecks.py)."""
    years = (2021, 2022, 2023)
    women = {y: 7.5 + values_rng.randint(-15, 15) / 10 for y in years}
    men = {y: women[y] - values_rng.randint(4, 30) / 10 for y in years}
    sick = [
        {"group": "alla", "values": {str(y): sv(round((women[y] + men[y]) / 2, 1), 1) for y in years}},
        {"group": "kvinnor", "values": {str(y): sv(women[y], 1) for y in years}},
        {"group": "man", "values": {str(y): sv(men[y], 1) for y in years}},
    ]
    women_e = {y: values_rng.randint(74, 88) for y in years}
    men_e = {y: women_e[y] - values_rng.randint(2, 8) for y in years}
    engagement = [
        {"group": "alla", "values": {str(y): round((women_e[y] + men_e[y]) / 2) for y in years}},
        {"group": "kvinnor", "values": {str(y): women_e[y] for y in years}},
        {"group": "man", "values": {str(y): men_e[y] for y in years}},
    ]
    return {
        "indicators": [
            {
                "id": "sjukfranvaro",
                "name": "Sjukfrånvaro, andel",
                "unit": "percent",
                "direction": "lower_is_better",
                "decimals": 1,
                "description": paragraph(rng, 2),
                "series": sick,
                "targets": [
                    {"period": 2023, "group": g, "value": sv(t, 1)} for g, t in (("alla", 6.0), ("kvinnor", 6.5), ("man", 4.5))
                ],
            },
            {
                "id": "hme",
                "name": "HME (hållbart medarbetarengagemang)",
                "unit": "index",
                "direction": "higher_is_better",
                "decimals": 0,
                "source": "Medarbetarenkäten",
                "series": engagement,
                "targets": [{"period": 2023, "value": 80, "note": "Målet var 80."}],
            },
        ]
    }


def _finance(rng: random.Random) -> tuple[dict, int]:
    budget_rows = []
    total_difference = 0
    for year in (2020, 2021, 2022, 2023):
        budget = rng.randint(250_000, 340_000)
        outcome = budget + rng.randint(-15_000, 5_000)
        total_difference += outcome - budget
        budget_rows.append(
            {
                "period": year,
                "budget": sv(budget, 0),
                "outcome": sv(outcome, 0),
                "stated_difference": sv(outcome - budget, 0),
            }
        )
    per_unit_rows = []
    totals = {"2022": 0, "2023": 0}
    for code, _ in UNITS[:PER_UNIT_ROWS]:
        values = {}
        for period in totals:
            value = rng.randint(-30, 30) * 1000
            totals[period] += value
            values[period] = sv(value, 0)
        per_unit_rows.append({"unit": code, "values": values, "comment": sentence(rng)})
    tables = {
        "tables": [
            {
                "id": "forsaljningsintakter",
                "title": "Försäljningsintäkter",
                "kind": "budget_outcome",
                "unit": "tkr",
                "description": paragraph(rng, 2),
                "rows": budget_rows,
            },
            {
                "id": "resultat-per-enhet",
                "title": "Resultat per enhet",
                "kind": "per_unit",
                "unit": "sek",
                "periods": [2022, 2023],
                "rows": per_unit_rows,
                "stated_totals": {p: sv(v, 0) for p, v in totals.items()},
            },
        ]
    }
    return tables, total_difference


def _deliverables(rng: random.Random) -> tuple[dict, int]:
    titles = rng.sample(DELIVERABLE_TITLES, 15)
    items = []
    completed = 0
    for n, title in enumerate(titles):
        status = rng.choice(STATUSES)
        completed += status in COMPLETED
        item: dict = {"id": f"leverans-{n + 1:02d}", "title": f"{title}.", "status": status, "outcome": sentence(rng)}
        if status in ("aterstar", "pagar", "overlamnad"):
            item["responsible"] = "avdelningschef för lokalservice"
            item["remains_after_project"] = True
            item["remaining_work"] = sentence(rng)
        items.append(item)
    return (
        {
            "introduction": "Nedan beskrivs projektets leveranser och deras utfall.",
            "groups": [
                {"id": "leveranser", "title": "Leveranser", "origin": "planned", "items": items[:10]},
                {
                    "id": "tillkomna-leveranser",
                    "title": "Tillkomna leveranser",
                    "origin": "added",
                    "description": paragraph(rng, 2),
                    "items": items[10:],
                },
            ],
        },
        completed,
    )


def report_files(seed: int, index: int, variant: int = 0) -> ReportFiles:
    """The files of report `index` (0-based). `variant` only changes indicators.yaml."""
    rng = random.Random(f"report-{seed}-{index}")
    year = 2020  # every dated value lies in 2020–2023, the report's period
    goal_titles = rng.sample(GOAL_TITLES, 6)
    survey, respondents = _survey(rng)
    finance, total_difference = _finance(rng)
    deliverables, completed = _deliverables(rng)
    indicators = _indicators(random.Random(f"indicators-{seed}-{index}-{variant}"), random.Random(f"values-{seed}-{variant}"))

    perspectives = []
    content: dict[str, str] = {}
    for p_index, (pid, ptitle) in enumerate(PERSPECTIVES):
        goals = []
        for g_index in range(2):
            n = p_index * 2 + g_index
            goal: dict = {
                "id": f"mal-{n + 1}",
                "title": goal_titles[n],
                "assessment": rng.choice(ASSESSMENTS),
                "period": f"{year}–{year + 3}",
                "description": paragraph(rng, 3),
                "priorities": {
                    "set_at": "halvtidsuppföljningen",
                    "period": f"{year + 2}–{year + 3}",
                    "items": [sentence(rng) for _ in range(2)],
                },
            }
            if n == 0:
                goal["surveys"] = ["kunddialog"]
            if n == 2:
                goal["indicators"] = ["sjukfranvaro", "hme"]
                del goal["assessment"]  # assessed from the indicators (a stated one may disagree: compute/crosschecks.py)
            if n == 4:
                goal["tables"] = ["forsaljningsintakter", "resultat-per-enhet"]
            if n in (0, 2):
                name = f"mal-{n + 1}.md"
                goal["sections"] = [{"title": "Vad har gjorts och vad blev resultatet?", "file": name}]
                ref = "surveys.kunddialog.2023.respondents" if n == 0 else "indicators.sjukfranvaro.alla.2023"
                content[name] = (
                    f"# {goal_titles[n]}\n\n{paragraph(rng)}\n\n"
                    f"Resultatet blev {{{{ värde: {ref} }}}} för 2023. {paragraph(rng, 3)}\n\n"
                    f"- {sentence(rng)}\n- {sentence(rng)}\n- {sentence(rng)}\n\n{paragraph(rng, 4)}\n"
                )
            else:
                goal["assessment_text"] = paragraph(rng, 2)
            goals.append(goal)
        perspectives.append({"id": pid, "title": ptitle, "goals": goals})

    report = {
        "title": f"Uppföljning av verksamhetsmål {year}–{year + 3}, rapport {index + 1}",
        "short_title": f"Verksamhetsmål {year}–{year + 3} ({index + 1})",
        "document_type": "uppföljning" if index % 2 == 0 else "slutrapport",
        "status": "fastställd" if index % 3 else "förslag",
        "period": f"{year}–{year + 3}",
        "board": "Servicenämnden",
        "administration": "Serviceförvaltningen",
        "signed_by": [{"name": "Kim Andersson", "title": "förvaltningschef", "unit": "Serviceförvaltningen"}],
        "summary": "\n\n".join(paragraph(rng, 6) for _ in range(3)),
        "key_figures": [
            {
                "id": "svarande-2023",
                "label": "Antal svarande i kunddialogenkäten 2023",
                "unit": "count",
                "stated": str(respondents["2023"]),
                "period": 2023,
                "compute": {"op": "sum", "of": ["surveys.kunddialog.2023.respondents"]},
            },
            {
                "id": "budgetavvikelse",
                "label": "Försäljningsintäkter mot budget 2020–2023",
                "unit": "tkr",
                "stated": sv(total_difference, 0),
                "period": "2020–2023",
                "compute": {"op": "sum", "of": ["tables.forsaljningsintakter.difference"]},
            },
            {
                "id": "slutforda-leveranser",
                "label": "Slutförda leveranser",
                "unit": "count",
                "stated": str(completed),
                "compute": {"op": "sum", "of": ["deliverables.completed"]},
            },
        ],
        "source_notes": [{"kind": "note", "text": paragraph(rng, 2)}],
    }
    goals_file = {"title": "Verksamhetsmål", "perspectives": perspectives}
    return ReportFiles(
        data={
            "report.yaml": dump(report),
            "goals.yaml": dump(goals_file),
            "indicators.yaml": dump(indicators),
            "surveys.yaml": dump({"surveys": [survey]}),
            "finance.yaml": dump(finance),
            "deliverables.yaml": dump(deliverables),
        },
        content=content,
    )


# --- a whole project ------------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_config(dest: Path, repo: Path = REPO) -> None:
    """templates/ and mkdocs.yml from the checkout (the build sets the tool's hooks itself)."""
    shutil.copytree(repo / "templates", dest / "templates", dirs_exist_ok=True)
    _write(dest / "mkdocs.yml", (repo / "mkdocs.yml").read_text(encoding="utf-8"))


def generate(
    dest: Path, reports: int, seed: int = 1, *, repo: Path = REPO, per_org: int = REPORTS_PER_ORG, start: int = 0
) -> Path:
    """Write a project of `reports` reports into dest (created; must not hold data/ yet).
    `per_org` reports share an organisation; `start` > 0 adds reports start.. to an existing project."""
    dest = Path(dest)
    if start == 0:
        if (dest / "data").exists():
            raise FileExistsError(f"{dest / 'data'} exists; generate into an empty folder")
        write_config(dest, repo)
    for org_index in range(start // per_org, (start + reports + per_org - 1) // per_org):
        _write(dest / "data" / f"kommun-{org_index + 1:03d}" / "organisation.yaml", organisation_yaml(seed, org_index))
    for index in range(start, start + reports):
        files = report_files(seed, index)
        for name, text in files.data.items():
            _write(dest / "data" / org_id(index, per_org) / report_id(index) / name, text)
        for name, text in files.content.items():
            _write(dest / "content" / org_id(index, per_org) / report_id(index) / name, text)
    return dest


def change_report(dest: Path, index: int, seed: int = 1, variant: int = 1, *, per_org: int = REPORTS_PER_ORG) -> Path:
    """Rewrite report `index`'s indicators.yaml with other values; returns the file."""
    path = Path(dest) / "data" / org_id(index, per_org) / report_id(index) / "indicators.yaml"
    path.write_text(report_files(seed, index, variant).data["indicators.yaml"], encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.dest, args.reports, args.seed)
    print(f"wrote {args.reports} reports into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
