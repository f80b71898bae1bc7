"""MkDocs hooks (mkdocs.yml `hooks:`): pass our pre-rendered page bodies through unchanged.

followup.render writes each page as a `.md` file whose body is finished HTML inside one
wrapping `<div>`. Python-Markdown would pass such a raw HTML block through, but it still
parses every page; these hooks hand MkDocs the body verbatim instead, which is byte-faithful
by construction and keeps large sites fast. The page chrome (breadcrumbs, navigation,
footer) comes from `config.extra.followup.pages[<src_uri>]`, filled in by followup.publish.
"""

from __future__ import annotations

from typing import Any

_BODY = "_followup_body"


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
