"""MkDocs hooks (mkdocs.yml `hooks:`): pass our pre-rendered page bodies through unchanged.

followup.site.render writes each page as a `.md` file whose body is finished HTML inside one
wrapping `<div>`. Python-Markdown would pass such a raw HTML block through, but it still
parses every page; these hooks hand MkDocs the body verbatim instead, which is byte-faithful
by construction and keeps large sites fast. The page chrome (breadcrumbs, navigation,
footer) comes from `config.extra.followup.pages[<src_uri>]`, filled in by followup.build.publish.

The search plugin splits every page into sections with Python's HTMLParser, which was 80 % of
MkDocs' time on a large site (measured, benchmarks/RESULTS.md). `on_config` gives the plugin
`SectionParser` instead: the same sections and text from a regular-expression tokenizer, which
is enough for the HTML this tool writes (attribute values escaped, no script or style in a
page body). tests/test_site.py checks that it gives the plugin's own result on every page.
"""

from __future__ import annotations

import html
import importlib
import re
from pathlib import Path
from typing import Any

_BODY = "_followup_body"

_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<(/?)([a-zA-Z][^\s/>]*)([^>]*)>", re.DOTALL)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_HEADINGS = {f"h{n}" for n in range(1, 7)}


class SectionParser:
    """What the search plugin's ContentParser gives (`data`: sections, `stripped_html`), faster."""

    def __init__(self, section_type: Any) -> None:
        self._section_type = section_type
        self.data: list[Any] = []
        self._chunks: list[str] = []

    def feed(self, text: str) -> None:
        section = None
        in_heading = False
        position = 0
        for match in _TOKEN.finditer(text):
            if match.start() > position:
                section = self._text(html.unescape(text[position : match.start()]), section, in_heading)
            position = match.end()
            closing, tag = match.group(1), (match.group(2) or "").lower()
            if tag not in _HEADINGS:
                continue
            if closing:
                in_heading = False
                continue
            in_heading = True
            section = self._section_type()
            found = _ID.search(match.group(3) or "")
            if found:
                section.id = html.unescape(next(g for g in found.groups() if g is not None))
            self.data.append(section)
        if position < len(text):
            self._text(html.unescape(text[position:]), section, in_heading)

    def _text(self, data: str, section: Any, in_heading: bool) -> Any:
        self._chunks.append(data)
        if section is not None:
            if in_heading:
                section.title = data
            else:
                section.text.append(data.rstrip("\n"))
        return section

    def close(self) -> None:
        pass

    @property
    def stripped_html(self) -> str:
        return "\n".join(self._chunks)


def on_config(config: Any, **kwargs: Any) -> Any:
    engine = type(config).__module__.split(".")[0]
    try:
        module: Any = importlib.import_module(f"{engine}.contrib.search.search_index")  # patched below
    except ImportError:  # pragma: no cover - an engine without the search plugin
        return config
    if not hasattr(module, "plugin_content_parser"):  # MkDocs loads this file anew for every build
        module.plugin_content_parser = module.ContentParser  # kept for the test that compares them
    section_type = module.ContentSection
    module.ContentParser = lambda *args, **kw: SectionParser(section_type)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    setattr(page, _BODY, markdown)
    return ""


def on_page_content(html: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    body = getattr(page, _BODY, html)
    engine = type(config).__module__.split(".")[0]
    if engine != "mkdocs" and 'id="mkdocs-search-' in body:
        # The search plugin's script looks its form up by an id that starts with the engine's
        # name (ProperDocs: properdocs-search-query); the search page is written for MkDocs.
        body = body.replace('"mkdocs-search-', f'"{engine}-search-')
    return body


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Write search/search_index.js: the search index as a script, for a site opened from disk.

    Chromium refuses both the search worker and XMLHttpRequest from a `file://` page, but loads a
    script; js/search.js then searches in the page with this copy of search_index.json.
    """
    folder = Path(config["site_dir"]) / "search"
    try:
        index = (folder / "search_index.json").read_text(encoding="utf-8")
    except FileNotFoundError:  # no search plugin
        return
    (folder / "search_index.js").write_text(f"window.followupSearchIndex = {index};\n", encoding="utf-8")


# After every other post_build handler: the partial build rewrites search_index.json in its own.
on_post_build.mkdocs_priority = -100  # type: ignore[attr-defined]
