"""Publishing: MkDocs into a temporary folder, atomic swap, lock, data version (followup.publish)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from followup.build.publish import (
    BuildLocked,
    build_lock,
    build_site,
    data_version,
    recover,
    run_mkdocs,
    swap_into_place,
)
from followup.errors import DataErrors

REPO = Path(__file__).resolve().parent.parent


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": "2024-02-06T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-02-06T12:00:00+00:00",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


# --- data version ----------------------------------------------------------------------------


def test_data_version_is_unknown_outside_git(tmp_path):
    version = data_version(tmp_path)
    assert (version.commit, version.epoch, version.label) == ("okänd", 0, "okänd")


def test_data_version_is_the_short_head_commit(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "data")
    head = git(tmp_path, "rev-parse", "--short=7", "HEAD").strip()
    version = data_version(tmp_path)
    assert version.commit == head and version.label == head
    assert version.epoch == 1707220800  # the commit date, not the build time


def test_data_version_says_when_data_is_not_committed(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "README").write_text("x\n", encoding="utf-8")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-q", "-m", "start")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    assert data_version(tmp_path).label.endswith("(med ej incheckade ändringar)")


# --- lock ------------------------------------------------------------------------------------


def test_second_build_is_refused_while_the_lock_is_held(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(BuildLocked) as info:
            with build_lock(tmp_path):
                pass
    message = str(info.value)
    assert message.startswith(f"ett annat bygge pågår redan (process {os.getpid()})")
    assert "vänta tills det är klart" in message


def test_lock_is_released_after_the_build(tmp_path):
    with build_lock(tmp_path):
        pass
    with build_lock(tmp_path):
        pass


# --- swap and recovery ---------------------------------------------------------------------------


def test_swap_replaces_the_published_site(tmp_path):
    site, new = tmp_path / "site", tmp_path / ".site-tmp-1" / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(new, site)
    assert tree(site) == {"index.html": b"new"}
    assert not new.exists()


def test_swap_creates_the_site_the_first_time(tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(new, tmp_path / "site")
    assert tree(tmp_path / "site") == {"index.html": b"new"}


def test_recover_puts_back_a_site_left_between_two_renames(tmp_path):
    old = tmp_path / ".site-old-abc"
    old.mkdir()
    (old / "index.html").write_text("published", encoding="utf-8")
    recover(tmp_path, tmp_path / "site")
    assert tree(tmp_path / "site") == {"index.html": b"published"}
    assert not old.exists()


def test_recover_removes_leftover_temporary_folders(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / ".site-tmp-x" / "docs").mkdir(parents=True)
    recover(tmp_path, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- MkDocs ------------------------------------------------------------------------------------------

TRICKY_BODY = (
    '<div class="page-body">\n<h1>Rubrik &amp; mer</h1>\n\n<p>*inte kursiv* _inte heller_ `ingen kod` '
    "&lt;script&gt; &copy; 7,77\u00a0%</p>\n\n\n<pre>  rad 1\n\n    rad 2 &lt;b&gt;</pre>\n"
    '<table><tr><td markdown="1">**x**</td></tr></table>\n<!-- kommentar -->\n<p>[länk](x.md) 4 &lt; 5</p>\n</div>\n'
)


def test_mkdocs_passes_the_page_body_through_byte_for_byte(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\ntitle: "Test"\n---\n\n' + TRICKY_BODY, encoding="utf-8")
    info = {
        "index.md": {
            "kind": "about",
            "title": "Test",
            "breadcrumbs": [],
            "sources": [],
            "revised": None,
            "version": "okänd",
        }
    }
    run_mkdocs(REPO / "mkdocs.yml", docs, tmp_path / "site", extra={"followup": {"pages": info}})
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    main = html.split('<main id="main" tabindex="-1">\n', 1)[1].split("\n</main>", 1)[0]
    assert main == TRICKY_BODY


#: What MkDocs writes into every site: the build replaces only such a folder (or an empty one).
PREVIOUS_SITE = {"sitemap.xml": b"<urlset/>", "search/search_index.json": b"{}"}


def mark_as_previous_site(site):
    for rel, data in PREVIOUS_SITE.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)


def test_failed_build_leaves_the_published_site_untouched(make_project, tmp_path):
    root = make_project({"data/org/rep/goals.yaml": "perspectives: []\n"})
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("published", encoding="utf-8")
    mark_as_previous_site(site)
    before = tree(site)
    with pytest.raises(DataErrors):
        build_site(root, site_dir=site, config_file=REPO / "mkdocs.yml")
    assert tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".site.lock", "site"]


def test_broken_theme_template_is_located_and_leaves_the_site_untouched(make_project, tmp_path):
    root = make_project({})
    theme = tmp_path / "templates" / "theme"  # a project's own theme, beside its mkdocs.yml
    shutil.copytree(REPO / "templates" / "theme", theme)
    main = theme / "main.html"
    text = main.read_text(encoding="utf-8")
    assert "{{ page.content" in text
    main.write_text(text.replace("{{ page.content", "{{ page.content | nosuchfilter", 1), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("published", encoding="utf-8")
    mark_as_previous_site(site)
    with pytest.raises(DataErrors) as info:
        build_site(root, site_dir=site, config_file=config)
    (problem,) = info.value.problems
    assert problem.path.endswith("main.html")
    assert "nosuchfilter" in problem.message
    assert tree(site) == {"index.html": b"published", **PREVIOUS_SITE}


def test_build_publishes_a_site_and_cleans_up(make_project, tmp_path):
    root = make_project({})
    site = tmp_path / "out" / "site"
    result = build_site(root, site_dir=site, config_file=REPO / "mkdocs.yml")
    assert result.site_dir == site
    assert (site / "org" / "rep" / "index.html").exists()
    assert sorted(p.name for p in site.parent.iterdir()) == [".site.lock", "site"]
