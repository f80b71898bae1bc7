"""Bad and hostile input (issue 7): a clear located message, exit 1, no traceback, bounded time
and memory, and the published site/ untouched.

Every case runs `build.py check` and `build.py build` in a subprocess on a temporary copy of a
minimal valid project (tests/conftest.py's MINIMAL_FILES) whose site/ was built before. The child
runs with a memory cap (RLIMIT_AS) and a timeout that only guards against hangs.

The corpus lives in tests/badinput/<case>/: the files of the case, laid out as in a project (they
are copied over the minimal project), and `expected.txt` with the exact problem lines
(`path:line:col: severity: message`) that both commands must print, nothing more. A case with an
`xfail.txt` is a known gap (the file says why). Cases that need symlinks, huge or binary-exact
files (BOM, CRLF), deleted files or a broken template are generated below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import (
    BUILD_GUARD,
    copy_code,
    copy_tree,
    leftovers,
    output_of,
    problem_lines,
    run_build_py,
    tree_digest,
)

CORPUS = Path(__file__).resolve().parent / "badinput"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
COMMANDS = ("check", "build")

REPORT = "data/org/rep/report.yaml"
GOALS = "data/org/rep/goals.yaml"
ORG = "data/org/organisation.yaml"
CONTENT = "content/org/rep"

REPORT_TEXT = (
    "title: Testrapport\ndocument_type: uppföljning\nstatus: fastställd\nperiod: 2020–2023\nsummary: En kort sammanfattning.\n"
)


# --- Fixtures and the one assertion ------------------------------------------------------


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The minimal valid project with code, data and a built site/ (built once)."""
    root = copy_code(tmp_path_factory.mktemp("published") / "project")
    write_project(root, {})
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    assert (root / "site" / "index.html").is_file()
    return root


@pytest.fixture
def project(published: Path, tmp_path: Path) -> Path:
    """A fresh copy of the published minimal project, to break."""
    return copy_tree(published, tmp_path / "project")


def rejected(root: Path, command: str) -> list[str]:
    """Run `build.py <command>`; assert it failed cleanly and left site/ alone; its problem lines."""
    site_before = tree_digest(root / "site")
    assert site_before, "the copy has no built site/"
    result = run_build_py(root, command)
    output = output_of(result)
    assert "Traceback" not in output, output
    assert "internt fel" not in output, output
    assert result.returncode == 1, output
    assert tree_digest(root / "site") == site_before
    assert leftovers(root) == []
    lines = problem_lines(output)
    assert lines, f"no located problem in the output:\n{output}"
    return lines


def accepted(root: Path, command: str) -> str:
    result = run_build_py(root, command, timeout=BUILD_GUARD, limit=False)
    output = output_of(result)
    assert "Traceback" not in output, output
    assert result.returncode == 0, output
    return output


def write_bytes(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- The corpus in tests/badinput/ ---------------------------------------------------------


def _case_param(case: str):
    reason = CORPUS / case / "xfail.txt"
    marks = [pytest.mark.xfail(reason=reason.read_text(encoding="utf-8").strip(), strict=False)] if reason.exists() else []
    return pytest.param(case, marks=marks, id=case)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", [_case_param(c) for c in CASES])
def test_corpus_case_gives_exact_located_problems(project, case, command):
    source = CORPUS / case
    shutil.copytree(source, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt", "xfail.txt"))
    expected = (source / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert rejected(project, command) == expected


def test_every_corpus_case_has_expected_problems():
    for case in CASES:
        expected = CORPUS / case / "expected.txt"
        assert expected.is_file(), f"{case}: expected.txt missing"
        assert expected.read_text(encoding="utf-8").strip(), f"{case}: expected.txt is empty"


# --- Size limit ----------------------------------------------------------------------------

LIMIT = 5 * 1024 * 1024


@pytest.mark.parametrize("command", COMMANDS)
def test_yaml_file_over_the_size_limit(project, command):
    write_bytes(project, GOALS, b"# " + b"x" * (LIMIT - 3) + b"\n" + b"a: 1\n")
    assert rejected(project, command) == [
        "data/org/rep/goals.yaml:1:1: fel: filen är för stor (5 242 885 byte; högst 5 242 880 byte "
        "tillåts); dela upp den i flera filer"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_huge_sparse_yaml_file_is_refused_before_reading(project, command):
    # 3 GB (sparse: costs no disk); the child may use at most 1.5 GB, so it must not be read.
    with open(project / GOALS, "wb") as handle:
        handle.truncate(3 * 1024**3)
    assert rejected(project, command) == [
        "data/org/rep/goals.yaml:1:1: fel: filen är för stor (3 221 225 472 byte; högst 5 242 880 byte "
        "tillåts); dela upp den i flera filer"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_file_over_the_size_limit(project, command):
    write_bytes(project, f"{CONTENT}/inledning.md", b"# Inledning\n\n" + b"Text. " * (LIMIT // 6 + 1))
    assert rejected(project, command) == [
        "content/org/rep/inledning.md:1:1: fel: filen är för stor (5 242 897 byte; högst 5 242 880 byte "
        "tillåts); dela upp den"
    ]


# --- Encodings and line ends: BOM and CRLF are accepted -------------------------------------

BOM = b"\xef\xbb\xbf"


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def test_bom_and_crlf_in_yaml_and_markdown_are_accepted(project):
    write_bytes(project, REPORT, BOM + crlf(REPORT_TEXT))
    write_bytes(project, ORG, BOM + crlf("name: Testkommun\nunits:\n  - {code: AVF, name: Arbetsmarknadsförvaltningen}\n"))
    write_bytes(project, f"{CONTENT}/inledning.md", BOM + crlf("# Inledning\n\nFörsta stycket.\n\nAndra stycket.\n"))
    assert "Inga fel" in accepted(project, "check")
    accepted(project, "build")
    page = (project / "site/org/rep/inledning.html").read_text(encoding="utf-8")
    assert "<h1>Inledning</h1>" in page
    assert "\ufeff" not in page and "\r" not in page
    assert "<p>Andra stycket.</p>" in page


@pytest.mark.parametrize("command", COMMANDS)
def test_error_in_bom_crlf_file_is_located_on_the_right_line_and_column(project, command):
    write_bytes(project, REPORT, BOM + crlf(REPORT_TEXT + "status_note: x\n"))
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:6:1: fel: okänd nyckel 'status_note'; menade du 'status'?"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_bom_in_the_middle_of_a_file_is_not_a_bom(project, command):
    write_bytes(project, REPORT, crlf(REPORT_TEXT) + BOM + b"board: x\r\n")
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:6:1: fel: osynligt BOM-tecken (U+FEFF) inne i filen, t.ex. där två "
        "filer har slagits ihop; ta bort det"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_utf16_file_is_not_utf8(project, command):
    write_bytes(project, REPORT, REPORT_TEXT.encode("utf-16"))
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:1:1: fel: filen är inte UTF-8-text (ogiltig byte 0xFF vid position 0); spara den som UTF-8"
    ]


# --- Symbolic links out of the project -------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project (outside it) with files a link could point to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "hemlig.md").write_text("# Hemlig\n\nLösenord: hunter2\n", encoding="utf-8")
    (folder / "bilaga.pdf").write_bytes(b"%PDF-1.4 secret\n")
    (folder / "report.yaml").write_text(REPORT_TEXT, encoding="utf-8")
    return folder


SECTION_GOALS = """\
perspectives:
  - id: kunder
    title: Nöjda kunder
    goals:
      - id: service
        title: God service
        sections:
          - title: Analys
            file: analys.md
"""

LINK_MESSAGE = "is a symbolic link to a place outside the project"


@pytest.mark.parametrize("command", COMMANDS)
def test_section_file_symlinked_outside_the_project(project, outside, command):
    write_project(project, {GOALS: SECTION_GOALS})
    (project / CONTENT).mkdir(parents=True)
    (project / CONTENT / "analys.md").symlink_to(outside / "hemlig.md")
    assert rejected(project, command) == [
        "content/org/rep/analys.md:1:1: fel: filen är en symbolisk länk till en plats utanför "
        "projektet; kopiera filen in i projektet i stället",
        "data/org/rep/goals.yaml:9:19: fel: filen 'analys.md' är en symbolisk länk till en plats "
        "utanför projektet; kopiera filen till content/org/rep/ i stället",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_attachment_symlinked_outside_the_project(project, outside, command):
    write_project(project, {REPORT: REPORT_TEXT + "attachments:\n  - title: Bilaga\n    file: bilaga.pdf\n"})
    (project / CONTENT).mkdir(parents=True)
    (project / CONTENT / "bilaga.pdf").symlink_to(outside / "bilaga.pdf")
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:8:11: fel: filen 'bilaga.pdf' är en symbolisk länk till en plats "
        "utanför projektet; kopiera filen till content/org/rep/ i stället"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_attachment_in_a_symlinked_folder_outside_the_project(project, outside, command):
    write_project(project, {REPORT: REPORT_TEXT + "attachments:\n  - title: Bilaga\n    file: filer/bilaga.pdf\n"})
    (project / CONTENT).mkdir(parents=True)
    (project / CONTENT / "filer").symlink_to(outside, target_is_directory=True)
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:8:11: fel: filen 'filer/bilaga.pdf' är en symbolisk länk till en "
        "plats utanför projektet; kopiera filen till content/org/rep/ i stället"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_content_page_symlinked_outside_the_project(project, outside, command):
    (project / CONTENT).mkdir(parents=True)
    (project / CONTENT / "hemlig.md").symlink_to(outside / "hemlig.md")
    assert rejected(project, command) == [
        "content/org/rep/hemlig.md:1:1: fel: filen är en symbolisk länk till en plats utanför "
        "projektet; kopiera filen in i projektet i stället"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_content_folder_symlinked_outside_the_project(project, outside, command):
    (project / "content/org").mkdir(parents=True)
    (project / CONTENT).symlink_to(outside, target_is_directory=True)
    assert rejected(project, command) == [
        "content/org/rep/hemlig.md:1:1: fel: filen är en symbolisk länk till en plats utanför "
        "projektet; kopiera filen in i projektet i stället"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_data_file_symlinked_outside_the_project(project, outside, command):
    (project / REPORT).unlink()
    (project / REPORT).symlink_to(outside / "report.yaml")
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:1:1: fel: filen är en symbolisk länk till en plats utanför projektet; "
        "kopiera filen in i projektet i stället",
    ]


def test_symlink_inside_the_project_is_fine(project):
    write_project(project, {GOALS: SECTION_GOALS, f"{CONTENT}/texter/analys-original.md": "# Analys\n\nText.\n"})
    (project / CONTENT / "analys.md").symlink_to("texter/analys-original.md")
    assert "Inga fel" in accepted(project, "check")


# --- Missing and empty data ----------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_empty_data_folder(project, command):
    shutil.rmtree(project / "data")
    (project / "data").mkdir()
    assert rejected(project, command) == [
        "data:1:1: fel: det finns inga rapporter under data/; lägg till en mapp "
        "data/<organisation>/<rapport>/ med en report.yaml, och data/<organisation>/organisation.yaml"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_no_data_folder(project, command):
    shutil.rmtree(project / "data")
    assert rejected(project, command) == [
        "data:1:1: fel: det finns inga rapporter under data/; lägg till en mapp "
        "data/<organisation>/<rapport>/ med en report.yaml, och data/<organisation>/organisation.yaml"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_report_folder_with_no_files(project, command):
    (project / REPORT).unlink()
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:1:1: fel: filen saknas: mappen är tom; varje rapportmapp behöver en "
        "report.yaml (title, document_type, status, period, summary); skapa den"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_report_folder_with_only_hidden_files(project, command):
    (project / REPORT).unlink()
    write_bytes(project, "data/org/rep/.DS_Store", b"\x00\x00\x00\x01Bud1")
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:1:1: fel: filen saknas: mappen är tom; varje rapportmapp behöver en "
        "report.yaml (title, document_type, status, period, summary); skapa den"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_empty_report_file(project, command):
    write_bytes(project, REPORT, b"")
    assert rejected(project, command) == [
        "data/org/rep/report.yaml:1:1: fel: filen är tom; den ska ha nycklarna title, document_type, "
        "status, period, summary. Fyll i den eller ta bort filen."
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_organisation_without_organisation_file(project, command):
    (project / ORG).unlink()
    assert rejected(project, command) == [
        "data/org/organisation.yaml:1:1: fel: filen saknas: varje organisationsmapp behöver "
        "organisation.yaml (minst 'name: ...'); skapa den"
    ]


# --- Broken templates (on a copy: the copy's own templates/ are used) ----------------------


def break_template(root: Path, rel: str, line: int, text: str) -> None:
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, text)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_template_syntax_error_names_the_template_and_line(project):
    break_template(project, "templates/pages/start.html.j2", 3, "{% if %}")
    lines = rejected(project, "build")
    assert len(lines) == 1
    assert lines[0].startswith("templates/pages/start.html.j2:3:1: fel: mallfel: TemplateSyntaxError: ")


def test_template_unclosed_block_names_the_template(project):
    path = project / "templates/pages/start.html.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n{% for x in [1] %}\n", encoding="utf-8")
    lines = rejected(project, "build")
    assert len(lines) == 1
    assert lines[0].startswith("templates/pages/start.html.j2:")
    assert "TemplateSyntaxError" in lines[0]


def test_template_runtime_error_names_the_template_and_line(project):
    break_template(project, "templates/pages/start.html.j2", 3, "{{ no_such_variable.attribute }}")
    lines = rejected(project, "build")
    assert len(lines) == 1
    assert lines[0].startswith("templates/pages/start.html.j2:3:1: fel: mallfel: UndefinedError: ")
    assert "no_such_variable" in lines[0]


def test_theme_template_syntax_error_names_the_template_and_line(project):
    theme = project / "templates/theme/main.html"
    line = theme.read_text(encoding="utf-8").split("\n").index("<head>") + 2  # after <head>
    break_template(project, "templates/theme/main.html", line, "{% endif %}")
    lines = rejected(project, "build")
    assert len(lines) == 1
    assert lines[0].startswith(f"templates/theme/main.html:{line}:")
    assert "endif" in lines[0]


# --- The formats CI reads -------------------------------------------------------------------

#: JSON keeps the machine's severity ("error"); the text form shows the Swedish word.
SEVERITY_WORDS = {"error": "fel", "warning": "varning"}
FORMAT_CASES = ["alias-bomb", "non-utf8-yaml", "section-file-dotdot", "negative-stated-count"]


def as_github(line: str) -> str:
    """`path:line:col: severity: message` as a GitHub Actions workflow command (whose severity
    keywords are GitHub's own, in English)."""
    location, severity, message = line.split(": ", 2)
    severity = {"fel": "error", "varning": "warning"}[severity]
    path, row, column = location.rsplit(":", 2)
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{severity} file={path},line={row},col={column}::{message}"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", FORMAT_CASES)
def test_github_format_prints_one_annotation_per_problem(project, case, command):
    shutil.copytree(CORPUS / case, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.txt"))
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    site_before = tree_digest(project / "site")
    result = run_build_py(project, command, "--format", "github")
    output = output_of(result)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [as_github(line) for line in expected]
    assert tree_digest(project / "site") == site_before


@pytest.mark.parametrize("case", FORMAT_CASES)
def test_json_format_lists_every_problem_with_its_location(project, case):
    import json

    shutil.copytree(CORPUS / case, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.txt"))
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_build_py(project, "check", "--format", "json")
    assert result.returncode == 1, output_of(result)
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"] == len(expected)
    shown = [
        f"{p['path']}:{p['line']}:{p['column']}: {SEVERITY_WORDS[p['severity']]}: {p['message']}"
        + (("" if p["message"].endswith((".", "?", "!")) else ".") + " " + p["hint"] if p["hint"] else "")
        for p in report["problems"]
    ]
    assert shown == expected


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_image_symlinked_outside_the_project(project, outside, command):
    write_project(project, {f"{CONTENT}/inledning.md": "# Inledning\n\nSe bilden.\n\n![Schema](bild.png)\n"})
    (outside / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    (project / CONTENT / "bild.png").symlink_to(outside / "bild.png")
    assert rejected(project, command) == [
        "content/org/rep/inledning.md:5:1: fel: filen 'bild.png' är en symbolisk länk till en plats "
        "utanför projektet; kopiera filen till content/org/rep/ i stället"
    ]
