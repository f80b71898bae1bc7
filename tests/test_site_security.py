"""Defence in depth on the built seed site (issue 7): a Content-Security-Policy on every page that
allows only the site's own files and no inline script (unless hashed), nothing on the pages that
the policy would block (inline handlers, style attributes), and external links that do not hand
the opener or referrer to the other site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projectcopy import published_seed

BROAD_SOURCES = {"*", "http:", "https:", "data:", "blob:", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return published_seed(tmp_path_factory) / "site"


@pytest.fixture(scope="module")
def pages(site) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 10
    return found


class PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.csp: list[str] = []
        self.csp_before_resources = True
        self.resources_seen = False
        self.inline_scripts: list[str] = []
        self.script_srcs: list[str] = []
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.links: list[dict[str, str | None]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(values.get("content") or "")
            if self.resources_seen:
                self.csp_before_resources = False
        if tag in ("script", "link", "style", "img"):
            self.resources_seen = True
        for name, _ in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style>")
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            if values.get("src"):
                self.script_srcs.append(values["src"] or "")
            else:
                self._script = []
        if tag == "a":
            self.links.append(values)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def test_every_page_has_exactly_one_csp_meta_before_any_resource(pages, site):
    wrong = []
    for path in pages:
        page = scan(path)
        if len(page.csp) != 1 or not page.csp_before_resources:
            wrong.append(path.relative_to(site).as_posix())
    assert wrong == []


def test_csp_default_src_is_self_only(pages):
    for path in pages:
        policy = directives(scan(path).csp[0])
        assert policy.get("default-src") == ["'self'"], path


def test_csp_allows_no_inline_or_foreign_script(pages):
    for path in pages:
        policy = directives(scan(path).csp[0])
        scripts = policy.get("script-src", policy["default-src"])
        assert not BROAD_SOURCES & set(scripts), (path, scripts)
        assert all(s == "'self'" or s.startswith("'sha256-") for s in scripts), (path, scripts)


def test_csp_allows_nothing_from_other_sites(pages):
    """Every fetch directive allows only the site itself ('self', hashes); images also data: URLs."""
    for path in pages:
        policy = directives(scan(path).csp[0])
        for name, sources in policy.items():
            if not name.endswith("-src"):
                continue
            allowed = {"'self'", "'none'"} | ({"data:"} if name == "img-src" else set())
            extra = [s for s in sources if s not in allowed and not s.startswith("'sha256-")]
            assert extra == [], (path, name, extra)


def unhashed_inline_scripts(page: PageScan) -> list[str]:
    policy = directives(page.csp[0])
    allowed = set(policy.get("script-src", policy["default-src"]))
    found = []
    for body in page.inline_scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in allowed:
            found.append(body[:60])
    return found


def test_inline_scripts_only_when_their_hash_is_in_the_policy(pages):
    assert [(path, unhashed_inline_scripts(scan(path))) for path in pages if unhashed_inline_scripts(scan(path))] == []


def test_an_unhashed_inline_script_is_caught(tmp_path):
    """The seed pages have no inline script at all: this control shows the check above can fail."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
        "</head><body><script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    assert unhashed_inline_scripts(scan(page)) == ["alert(1)"]


def test_scripts_are_the_sites_own_files(pages, site):
    for path in pages:
        for src in scan(path).script_srcs:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE), (path, src)
            assert (path.parent / src.split("?")[0]).resolve().is_file(), (path, src)
            assert (path.parent / src).resolve().is_relative_to(site.resolve()), (path, src)


def test_no_markup_the_policy_would_block(pages, site):
    """Inline handlers and style attributes would silently not work under the policy."""
    blocked = []
    for path in pages:
        page = scan(path)
        name = path.relative_to(site).as_posix()
        blocked += [f"{name}: {h}" for h in page.handlers]
        blocked += [f"{name}: {s}" for s in page.style_attributes]
        if page.style_elements:
            blocked.append(f"{name}: <style> element")
    assert blocked == []


def links_that_hand_over_the_opener(page: PageScan) -> list[str]:
    found = []
    for link in page.links:
        href = link.get("href") or ""
        if re.match(r"^(https?:)?//", href, re.IGNORECASE) or link.get("target") == "_blank":
            if not {"noopener", "noreferrer"} <= set((link.get("rel") or "").split()):
                found.append(href)
    return found


def test_external_links_get_noopener_noreferrer(pages):
    assert [
        (path, links_that_hand_over_the_opener(scan(path))) for path in pages if links_that_hand_over_the_opener(scan(path))
    ] == []


def test_an_external_link_in_content_gets_noopener_noreferrer(make_project, tmp_path):
    """The seed pages link nowhere outside the site: a report that does is built and checked here."""
    from followup.build.publish import build_site

    root = make_project({"content/org/rep/01-text.md": "# Text\n\nSe [DIGG](https://www.digg.se/) för mer.\n"})
    site = build_site(root, site_dir=tmp_path / "site").site_dir
    page = scan(site / "org" / "rep" / "01-text.html")
    assert any((link.get("href") or "").startswith("https://www.digg.se") for link in page.links)
    assert links_that_hand_over_the_opener(page) == []


def test_pages_send_no_referrer(pages):
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert '<meta name="referrer" content="no-referrer">' in text, path
