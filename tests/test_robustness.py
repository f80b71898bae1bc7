"""Nothing the communicator does can destroy files, hang the build or be called a bug in the tool.

Each class of hostile or unlucky input, and the tests covering it (all run `build.py` in a
subprocess on a copy of the minimal published project, with a timeout where a hang is possible,
and assert the exact Swedish message, the exit code and that data/, content/ and site/ are
unchanged):

 1. --site-dir naming data/, content/, templates/, the project or a folder with other files:
    test_site_dir_is_refused_for_project_folders, test_site_dir_is_refused_for_the_project_itself,
    test_site_dir_is_refused_for_a_folder_with_other_files; allowed: test_site_dir_previous_site_and_empty_folder_are_replaced
 2. .site.lock a symlink/folder/FIFO/foreign file: test_lock_that_is_not_the_builds_is_a_located_error,
    test_lock_left_by_a_killed_build_is_reused; .cache a symlink (refused): test_cache_symlinked_out_of_the_project_is_refused
 3. FIFOs (any non-regular file) under data/ or content/: test_fifo_under_data_and_content_is_skipped_with_a_located_warning,
    test_fifo_named_by_a_section_file_is_a_located_error
 4. a very long unknown {{ värde: a.a.a… }}: test_very_long_reference_is_a_located_error_at_once
 5. folder names (slugs, reserved site names, length) and id length:
    test_folder_name_that_cannot_be_an_address_is_a_located_error, test_id_longer_than_100_characters_is_a_located_error
 6. symlink loops: test_symlink_loops_are_located_and_never_followed;
    too deep key figure chains: test_key_figure_chain_too_deep_is_a_located_error
 7. machine problems: test_machine_disk_full_is_a_clear_message, test_machine_read_only_project_folder_is_a_clear_message,
    test_machine_forbidden_lock_folder_is_a_clear_message, test_machine_unreadable_report_folder_is_located
 8. two inputs, one output: test_two_pages_published_as_one_file_is_an_error_naming_both,
    test_content_page_name_matches_the_renderer; unreadable content folder:
    test_unreadable_content_folder_is_a_located_error (not as root), test_unreadable_content_folder_is_located_even_as_root
 9. --format github escaping: test_github_annotation_escapes_percent_cr_and_lf_in_data_and_properties,
    test_github_format_of_a_folder_name_with_a_newline_cannot_inject_a_command
10. hidden characters / mixed scripts: test_id_unit_code_with_hidden_characters_is_an_error_and_mixed_scripts_a_warning,
    test_id_with_a_zero_width_space_is_refused
11. serve's 404 page CSP: test_serve_404_page_has_the_sites_content_security_policy (and, with a server,
    tests/test_serve.py::test_a_missing_page_has_the_sites_content_security_policy)
12. local images in content pages (silently lost; SVG with a script): tests/test_content_images.py
    (test_a_picture_in_a_content_page_is_copied_next_to_the_page_and_shown,
    test_an_incremental_build_keeps_the_picture_of_a_reused_report,
    test_an_svg_with_a_script_is_refused_by_build_and_the_site_is_unchanged, and the content checks there);
    corpus cases tests/badinput/markdown-image-svg-script and markdown-image-not-an-image
13. 2 000 goals (charts degrade): tests/test_chart_limits.py
    (test_a_report_of_2000_goals_and_2000_indicators_builds_with_located_messages and the limits there)
14. check says yes, build says no: tests/test_check_build_agree.py (the whole corpus through both commands)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import BUILD_GUARD, copy_code, copy_tree, output_of, run_build_py

#: A run that might hang (a FIFO, a lock) must finish within this (wall clock).
TIMEOUT = 10
GUARDED = ("data", "content", "site")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The minimal valid project with code, data and a built site/ (built once)."""
    root = copy_code(tmp_path_factory.mktemp("robust") / "project")
    write_project(root, {})
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    return root


@pytest.fixture
def project(published: Path, tmp_path: Path) -> Path:
    return copy_tree(published, tmp_path / "project")


def snapshot(root: Path) -> dict[str, str]:
    """data/, content/ and site/: every entry -> its kind and (regular files) content digest.
    Never opens anything but a regular file (a FIFO would block)."""
    digest: dict[str, str] = {}
    for name in GUARDED:
        base = root / name
        if not base.exists():
            continue
        for current, dirs, files in os.walk(base):
            for entry in [*dirs, *files]:
                path = Path(current) / entry
                st = path.lstat()
                rel = path.relative_to(root).as_posix()
                if stat.S_ISLNK(st.st_mode):
                    digest[rel] = "link:" + os.readlink(path)
                elif stat.S_ISREG(st.st_mode):
                    digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    digest[rel] = f"mode:{stat.S_IFMT(st.st_mode)}"
    return digest


def run(root: Path, *args: str, timeout: float = TIMEOUT) -> tuple[int, str]:
    """`build.py ARGS` in root; (exit code, output). Never a traceback, never 'internal error'."""
    result = run_build_py(root, *args, timeout=timeout, limit=False)
    output = output_of(result)
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    return result.returncode, output


def unchanged_run(root: Path, *args: str, timeout: float = TIMEOUT) -> tuple[int, str]:
    before = snapshot(root)
    code, output = run(root, *args, timeout=timeout)
    assert snapshot(root) == before, output
    return code, output


# --- 1. --site-dir ---------------------------------------------------------------------------------

REFUSED_INSIDE = (
    "build.py build: fel: utmappen {shown} är, innehåller eller ligger i {folder}; bygget skulle ersätta "
    "filer som det inte har skrivit. Välj en egen mapp för webbplatsen, t.ex. site/. Ingenting ändrades.\n"
)


@pytest.mark.parametrize(
    "target,folder",
    [
        ("data", "data"),
        ("data/org", "data"),
        ("content", "content"),
        ("templates", "templates"),
        ("templates/theme", "templates"),
    ],
)
def test_site_dir_is_refused_for_project_folders(project, target, folder):
    (project / "content").mkdir(exist_ok=True)
    code, output = unchanged_run(project, "build", "--site-dir", target)
    assert code == 2
    assert output == REFUSED_INSIDE.format(shown=(project / target).as_posix(), folder=(project / folder).as_posix())


@pytest.mark.parametrize("target", [".", ".."])
def test_site_dir_is_refused_for_the_project_itself(project, target):
    code, output = unchanged_run(project, "build", "--site-dir", target)
    assert code == 2
    assert output == (
        f"build.py build: fel: utmappen {(project / target).as_posix()} är eller innehåller projektmappen "
        f"{project.as_posix()}; bygget skulle ersätta den. Välj en egen mapp för webbplatsen, t.ex. site/. "
        "Ingenting ändrades.\n"
    )


def test_site_dir_is_refused_for_a_folder_with_other_files(project, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "budget.xlsx").write_bytes(b"precious")
    code, output = unchanged_run(project, "build", "--site-dir", str(other))
    assert code == 2
    assert output == (
        f"build.py build: fel: utmappen {other.as_posix()} innehåller filer som bygget inte har skrivit "
        "(ingen tidigare byggd webbplats); bygget ersätter bara en tom mapp eller en webbplats som det själv "
        "har byggt. Välj en annan mapp, eller töm den först. Ingenting ändrades.\n"
    )
    assert (other / "budget.xlsx").read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "project"]


def test_site_dir_previous_site_and_empty_folder_are_replaced(project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = run(project, "build", "-q", "--site-dir", str(empty), timeout=BUILD_GUARD)
    assert code == 0, output
    assert (empty / "index.html").is_file()
    # the default site/ of the project was built by the build: rebuilt without complaint
    (project / "data/org/rep/report.yaml").write_text(
        (project / "data/org/rep/report.yaml").read_text(encoding="utf-8").replace("Testrapport", "Ny rapport"),
        encoding="utf-8",
    )
    code, output = run(project, "build", "-q", timeout=BUILD_GUARD)
    assert code == 0, output


# --- 2. the lock file and .cache --------------------------------------------------------------------


def lock_message(what: str, root: Path) -> str:
    return (
        f".site.lock:1:1: error: låsfilen .site.lock {what}; bygget använder den inte. "
        f"Ta bort {(root / '.site.lock').as_posix()} och bygg igen (bygget skapar en ny låsfil)."
    )


def make_lock(root: Path, kind: str, tmp_path: Path) -> None:
    lock = root / ".site.lock"
    if lock.exists() or lock.is_symlink():
        lock.unlink()
    if kind == "symlink":
        victim = tmp_path / "victim.txt"
        victim.write_text("do not truncate", encoding="utf-8")
        lock.symlink_to(victim)
    elif kind == "folder":
        lock.mkdir()
    elif kind == "fifo":
        os.mkfifo(lock)
    elif kind == "foreign":
        lock.write_text("my notes\n", encoding="utf-8")


@pytest.mark.parametrize(
    "kind,what",
    [
        ("symlink", "är en symbolisk länk"),
        ("folder", "är en mapp"),
        ("fifo", "är ingen vanlig fil (t.ex. en namngiven rörledning eller enhet)"),
        ("foreign", "finns redan men skrevs inte av bygget"),
    ],
)
def test_lock_that_is_not_the_builds_is_a_located_error(project, tmp_path, kind, what):
    make_lock(project, kind, tmp_path)
    code, output = unchanged_run(project, "build")
    assert code == 1
    assert lock_message(what, project) in output.splitlines()
    if kind == "symlink":
        assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "do not truncate"
    if kind == "foreign":
        assert (project / ".site.lock").read_text(encoding="utf-8") == "my notes\n"


def test_lock_left_by_a_killed_build_is_reused(project):
    (project / ".site.lock").write_text("12345\n", encoding="utf-8")
    code, output = run(project, "build", "-q", timeout=BUILD_GUARD)
    assert code == 0, output


def test_cache_symlinked_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(project / ".cache", ignore_errors=True)
    (project / ".cache").symlink_to(outside)
    code, output = unchanged_run(project, "build")
    assert code == 1
    assert (
        ".cache:1:1: error: .cache är en symbolisk länk; bygget skriver bara i en egen mapp .cache/ i projektet. "
        "Ta bort .cache (bygget skapar en ny mapp nästa gång)."
    ) in output.splitlines()
    assert list(outside.iterdir()) == []


# --- 3. FIFOs, sockets, devices under data/ and content/ -------------------------------------------


def fifo_warning(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return (
        f"{rel}:1:1: warning: '{name}' hoppas över: den är en namngiven rörledning (FIFO), ingen vanlig fil; "
        "bara vanliga filer och mappar läses. Ta bort den eller ersätt den med en vanlig fil."
    )


FIFOS = (
    "data/org/rep/goals.yaml",
    "data/org/rep/extra.csv",
    "data/stray",
    "data/org/stray",
    "content/org/rep/02-fifo.md",
)


@pytest.mark.parametrize("command", ["check", "build"])
def test_fifo_under_data_and_content_is_skipped_with_a_located_warning(project, command):
    (project / "content/org/rep").mkdir(parents=True, exist_ok=True)
    for rel in FIFOS:
        os.mkfifo(project / rel)
    code, output = unchanged_run(project, command, timeout=TIMEOUT if command == "check" else BUILD_GUARD)
    assert code == 0, output
    lines = output.splitlines()
    for rel in FIFOS:
        assert fifo_warning(rel) in lines


def test_fifo_named_by_a_section_file_is_a_located_error(project):
    (project / "content/org/rep").mkdir(parents=True, exist_ok=True)
    os.mkfifo(project / "content/org/rep/analys.md")
    (project / "data/org/rep/report.yaml").write_text(
        (project / "data/org/rep/report.yaml").read_text(encoding="utf-8")
        + "attachments:\n  - {title: Analys, file: analys.md}\n",
        encoding="utf-8",
    )
    code, output = unchanged_run(project, "check")
    assert code == 1, output
    assert (
        "data/org/rep/report.yaml:7:27: error: filen 'analys.md' läses inte: den är en namngiven rörledning (FIFO), "
        "ingen vanlig fil; ersätt den med en vanlig fil"
    ) in output.splitlines()


# --- 4. a very long unknown reference --------------------------------------------------------------

REPORT = "title: Testrapport\ndocument_type: uppföljning\nstatus: utkast\nperiod: 2020–2023\nsummary: En kort sammanfattning.\n"


def test_very_long_reference_is_a_located_error_at_once(project):
    (project / "content/org/rep").mkdir(parents=True, exist_ok=True)
    reference = ".".join(["a"] * 50_000)
    (project / "content/org/rep/01-inledning.md").write_text(
        "# Inledning\n\nVärdet {{ värde: " + reference + " }}.\n", encoding="utf-8"
    )
    code, output = unchanged_run(project, "check")
    assert code == 1
    assert output.splitlines()[0] == (
        "content/org/rep/01-inledning.md:3:8: error: referensen är för lång (99999 tecken; högst 200 tillåts); "
        "skriv namnet på ett värde, t.ex. 'keyfigures.<id>'"
    )


# --- 6. symlink loops and too deep key figure chains -----------------------------------------------

LOOP = "den är en symbolisk länk i en slinga, ingen vanlig fil"


def test_symlink_loops_are_located_and_never_followed(project):
    (project / "content/org/rep").mkdir(parents=True, exist_ok=True)
    (project / "data/org/rep/report.yaml").write_text(
        REPORT + "attachments:\n  - {title: Analys, file: loop.md}\n", encoding="utf-8"
    )
    (project / "content/org/rep/01-inledning.md").write_text("# Inledning\n\n![Bild](bild.png)\n", encoding="utf-8")
    for rel in ("data/org/rep/goals.yaml", "content/org/rep/loop.md", "content/org/rep/bild.png"):
        os.symlink(rel.rsplit("/", 1)[-1], project / rel)
    code, output = unchanged_run(project, "check")
    assert code == 1
    lines = output.splitlines()
    assert (
        f"content/org/rep/01-inledning.md:3:1: error: filen 'bild.png' läses inte: {LOOP}; ersätt den med en vanlig fil" in lines
    )
    assert f"data/org/rep/report.yaml:7:27: error: filen 'loop.md' läses inte: {LOOP}; ersätt den med en vanlig fil" in lines
    assert (
        f"data/org/rep/goals.yaml:1:1: warning: 'goals.yaml' hoppas över: {LOOP}; bara vanliga filer och mappar "
        "läses. Ta bort den eller ersätt den med en vanlig fil."
    ) in lines


def test_key_figure_chain_too_deep_is_a_located_error(project):
    figures = "key_figures:\n  - {id: k0, label: K, unit: sek, stated: 1}\n" + "".join(
        f"  - {{id: k{i}, label: K, unit: sek, compute: {{op: sum, of: [keyfigures.k{i - 1}, 1]}}}}\n" for i in range(1, 400)
    )
    (project / "data/org/rep/report.yaml").write_text(REPORT + figures, encoding="utf-8")
    code, output = unchanged_run(project, "check")
    assert code == 1
    assert output.splitlines()[0] == (
        "data/org/rep/report.yaml:58:50: error: nyckeltalet 'k51' beräknas ur en för lång kedja av nyckeltal "
        "(mer än 50 i rad, via 'k1'); beräkna det ur färre led"
    )
    assert "RecursionError" not in output


# --- 5. organisation and report folder names -------------------------------------------------------


@pytest.mark.parametrize(
    "folder,message",
    [
        (
            "data/Stora_Bokstäver",
            "mappnamnet 'Stora_Bokstäver' duger inte som adress för en organisation: använd bara "
            "små bokstäver a–z, siffror 0–9 och bindestreck (t.ex. 'stora-bokstaver')",
        ),
        (
            "data/org/Min rapport",
            "mappnamnet 'Min rapport' duger inte som adress för en rapport: använd bara små "
            "bokstäver a–z, siffror 0–9 och bindestreck (t.ex. 'min-rapport')",
        ),
        (
            "data/css",
            "mappnamnet 'css' är reserverat för webbplatsens egna filer (404, assets, css, diagram, fonts, img, "
            "index, js, search, sitemap, skriva-rapport, sok, static, theme, tillganglighet); välj ett annat namn för "
            "organisationen",
        ),
        (
            "data/org/diagram",
            "mappnamnet 'diagram' är reserverat för webbplatsens egna filer; välj ett annat namn för rapporten",
        ),
        ("data/" + "a" * 120, "mappnamnet är för långt (120 tecken; högst 100 tillåts) för en organisation; korta det"),
    ],
)
def test_folder_name_that_cannot_be_an_address_is_a_located_error(project, folder, message):
    (project / folder / "rep").mkdir(parents=True)
    (project / folder / "rep" / "report.yaml").write_text(REPORT, encoding="utf-8")
    code, output = unchanged_run(project, "check")
    assert code == 1
    assert f"{folder}:1:1: error: {message}" in output.splitlines()


def test_id_longer_than_100_characters_is_a_located_error(project):
    (project / "data/org/rep/report.yaml").write_text(
        REPORT + "key_figures:\n  - {id: " + "k" * 150 + ", label: K, unit: sek, stated: 1}\n", encoding="utf-8"
    )
    code, output = unchanged_run(project, "check")
    assert code == 1
    assert "data/org/rep/report.yaml:7:10: error: 'id' är för långt (150 tecken; högst 100 tillåts); korta det" in (
        output.splitlines()
    )


# --- 8. two inputs, one output; unreadable content folder ------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_two_pages_published_as_one_file_is_an_error_naming_both(project, command):
    (project / "content/org/rep").mkdir(parents=True, exist_ok=True)
    (project / "content/org/rep/mal.md").write_text("# Mål\n", encoding="utf-8")
    (project / "content/org/rep/text-mal.md").write_text("# Mål igen\n", encoding="utf-8")
    code, output = unchanged_run(project, command, timeout=60)
    assert code == 1
    assert (
        "content/org/rep/text-mal.md:1:1: error: sidan publiceras som text-mal.html, precis som "
        "content/org/rep/mal.md; en av sidorna skulle skriva över den andra. Byt namn på en av filerna"
    ) in output.splitlines()


def test_content_page_name_matches_the_renderer():
    from followup.project import REPORT_PAGE_NAMES
    from followup.site.render import RESERVED

    assert REPORT_PAGE_NAMES == RESERVED


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_content_folder_is_a_located_error(project):
    folder = project / "content/org/rep"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "01-inledning.md").write_text("# Inledning\n", encoding="utf-8")
    folder.chmod(0)
    try:
        code, output = run(project, "check")
    finally:
        folder.chmod(0o755)
    assert code == 1
    assert (
        "content/org/rep:1:1: error: mappen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till "
        f"{folder.as_posix()} (t.ex. chmod u+rx)"
    ) in output.splitlines()


# --- 10. hidden characters and mixed scripts ---------------------------------------------------------


def test_id_unit_code_with_hidden_characters_is_an_error_and_mixed_scripts_a_warning(project):
    (project / "data/org/organisation.yaml").write_text(
        'name: Testkommun\nunits:\n  - {code: "A\\u200bVF", name: X}\n  - {code: "BU\\u0410", name: Y}\n'
        '  - {code: "R\\u202eLO", name: Z}\n',
        encoding="utf-8",
    )
    code, output = unchanged_run(project, "check")
    assert code == 1
    lines = output.splitlines()
    assert (
        "data/org/organisation.yaml:3:12: error: enhetskoden 'A<U+200B>VF' innehåller osynliga tecken eller "
        "styrtecken (U+200B ZERO WIDTH SPACE); skriv den med vanliga synliga tecken"
    ) in lines
    assert (
        "data/org/organisation.yaml:5:12: error: enhetskoden 'R<U+202E>LO' innehåller osynliga tecken eller "
        "styrtecken (U+202E RIGHT-TO-LEFT OVERRIDE); skriv den med vanliga synliga tecken"
    ) in lines
    assert (
        "data/org/organisation.yaml:4:12: warning: enhetskoden 'BUА' blandar latinska och kyrilliska bokstäver, "
        "som kan se likadana ut; skriv den med bara ett alfabet"
    ) in lines


def test_id_with_a_zero_width_space_is_refused(project):
    (project / "data/org/rep/report.yaml").write_text(
        REPORT + 'key_figures:\n  - {id: "a\\u200bb", label: K, unit: sek, stated: 1}\n', encoding="utf-8"
    )
    code, output = unchanged_run(project, "check")
    assert code == 1
    assert output.splitlines()[0].startswith("data/org/rep/report.yaml:7:10: error: 'a\u200bb' is not a valid id")


# --- 7. machine problems -------------------------------------------------------------------------------


def machine_run(project, monkeypatch, capsys, error: OSError, target: str = "tempfile.mkdtemp") -> tuple[int, str]:
    """`build` in-process with `target` raising `error` (a full disk cannot be made in a test)."""
    from followup import cli

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(target, fail)
    before = snapshot(project)
    code = cli.main(["build", "-q", "--root", str(project)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "internal error" not in output and "Traceback" not in output, output
    assert snapshot(project) == before
    return code, output


def test_machine_disk_full_is_a_clear_message(project, monkeypatch, capsys):
    (project / "data/org/rep/report.yaml").write_text(REPORT.replace("Testrapport", "Ändrad"), encoding="utf-8")
    site_parent = str(project)
    code, output = machine_run(project, monkeypatch, capsys, OSError(28, "No space left on device", site_parent))
    assert code == 1
    assert output.endswith(
        f"build.py build: fel: disken är full ({site_parent}); frigör utrymme på disken och kör kommandot igen. "
        "Den publicerade webbplatsen (site/) lämnades orörd.\n"
    )


def test_machine_read_only_project_folder_is_a_clear_message(project, monkeypatch, capsys):
    (project / "data/org/rep/report.yaml").write_text(REPORT.replace("Testrapport", "Ändrad"), encoding="utf-8")
    code, output = machine_run(project, monkeypatch, capsys, OSError(30, "Read-only file system", str(project)))
    assert code == 1
    assert output.endswith(
        f"build.py build: fel: filsystemet är skrivskyddat ({project}); välj en skrivbar mapp (t.ex. med --site-dir) "
        "eller ta bort skrivskyddet. Den publicerade webbplatsen (site/) lämnades orörd.\n"
    )


def test_machine_forbidden_lock_folder_is_a_clear_message(project, monkeypatch, capsys):
    lock = str(project / ".site.lock")
    code, output = machine_run(
        project,
        monkeypatch,
        capsys,
        PermissionError(13, "Permission denied", lock),
        "followup.build.sitefolder._open_lock",
    )
    assert code == 1
    assert output.endswith(
        f"build.py build: fel: behörighet saknas ({lock}); ge ditt konto rätt att läsa och skriva där, eller välj en "
        "annan mapp (t.ex. med --site-dir). Den publicerade webbplatsen (site/) lämnades orörd.\n"
    )


def test_machine_unreadable_report_folder_is_located(project, monkeypatch):
    from followup.build.pipeline import check_project

    folder = project / "data/org/rep"
    real = Path.iterdir

    def iterdir(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    _, problems = check_project(project)
    assert [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message}" for p in problems] == [
        "data/org/rep:1:1: error: mappen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till "
        f"{folder.as_posix()} (t.ex. chmod u+rx)"
    ]


# --- 9. --format github escaping ---------------------------------------------------------------------


def test_github_annotation_escapes_percent_cr_and_lf_in_data_and_properties():
    from followup.errors import Problem, format_github

    problem = Problem("data/a\n::error file=x::b,c:d%/x.yaml", 2, 3, "rad 1\r\nrad 2 100 %\n::error::falskt")
    line = format_github(problem)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=data/a%0A%3A%3Aerror file=x%3A%3Ab%2Cc%3Ad%25/x.yaml,line=2,col=3"
        "::rad 1%0D%0Arad 2 100 %25%0A::error::falskt"
    )


def test_github_format_of_a_folder_name_with_a_newline_cannot_inject_a_command(project):
    bad = project / "data" / "org\n::error file=x::injected"
    bad.mkdir()
    code, output = unchanged_run(project, "check", "--format", "github")
    assert code == 1
    assert not any(line.startswith("::error file=x") for line in output.splitlines())
    assert "::error file=data/org%0A%3A%3Aerror file=x%3A%3Ainjected,line=1,col=1::" in output


# --- 11. serve's 404 page ---------------------------------------------------------------------------


def test_serve_404_page_has_the_sites_content_security_policy():
    import re

    from projectcopy import REPO

    from followup.commands import serve

    main = (REPO / "templates/theme/main.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', main).group(1)
    assert serve.SITE_CSP == policy
    for page in (serve.not_found_page(), serve.placeholder_page({"building": True, "errors": []})):
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in page


def test_unreadable_content_folder_is_located_even_as_root(project, monkeypatch):
    from followup.build.pipeline import check_project

    folder = project / "content/org/rep"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "01-inledning.md").write_text("# Inledning\n", encoding="utf-8")
    real = Path.iterdir

    def iterdir(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    _, problems = check_project(project)
    assert [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message}" for p in problems] == [
        "content/org/rep:1:1: error: mappen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till "
        f"{folder.as_posix()} (t.ex. chmod u+rx)"
    ]
