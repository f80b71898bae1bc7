"""How a report's parts are named in its navigation: the text chapters without the source's own
section numbers (the numbered sections the data pages replace would leave gaps: "2., 3.3., 3.4."),
one entry per subject (a data page does not share its name with a chapter), and no chapter that
only repeats the summary the overview already shows."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import PurePosixPath
from typing import Any

from followup.site.precision import PRECISION_NOTE, SurveyPrecision

# "3.3. Ekonomi", "4 Erfarenheter", "6.1 Överlämning": a section number before the words.
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=\S)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_SPACE = re.compile(r"\s+")

# A data page named like a chapter of the report's text is renamed by what it holds.
DISTINCT_TITLES = {"ekonomi": "Tabeller"}


def nav_label(title: str) -> str:
    """The title without a leading section number: '3.3. Ekonomi' -> 'Ekonomi'."""
    stripped = _SECTION_NUMBER.sub("", title, count=1)
    return stripped or title


def _paragraphs(markdown: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", markdown.strip())
    return [_SPACE.sub(" ", _EMPHASIS.sub("", block)).strip() for block in blocks if block.strip()]


# Two copies of one text in a source differ by a typo or two ("arbetsätt" / "arbetssätt").
SAME_TEXT = 0.98


def _said(paragraph: str, said: list[str]) -> bool:
    return any(SequenceMatcher(None, paragraph, s, autojunk=False).ratio() >= SAME_TEXT for s in said)


def repeats_summary(markdown: str, summary: str | None) -> bool:
    """True when every paragraph of a chapter is a paragraph of the summary (emphasis and a typo
    aside): the chapter would show the reader the overview's summary a second time."""
    if not summary or not markdown.strip():
        return False
    said = _paragraphs(str(summary))
    paragraphs = _paragraphs(markdown)
    return bool(paragraphs) and all(not p.startswith("#") and _said(p, said) for p in paragraphs)


def distinct_title(key: str, title: str, chapter_labels: list[str]) -> str:
    """A data page's title, changed when a chapter of the text has its subject's name (Lund's
    chapter '3.3. Ekonomi' beside the page 'Ekonomi och tabeller': the page becomes 'Tabeller')."""
    first_word = title.split(" ", 1)[0].casefold()
    if key in DISTINCT_TITLES and any(label.casefold() == first_word for label in chapter_labels):
        return DISTINCT_TITLES[key]
    return title


def nav_items(pages: list[Any]) -> list[dict[str, Any]]:
    """The report navigation: every page by its short label, text chapters marked as such."""
    return [
        {"title": nav_label(p.title) if p.key.startswith("text:") else p.title, "url": p.url, "text": p.key.startswith("text:")}
        for p in pages
    ]


def published_chapters(bundle: Any, pages: list[Any]) -> list[Any]:
    """The report's chapters that get a page of their own. Names the data pages (in `pages`, the
    overview first) distinctly from the chapters; a chapter repeating the summary is left out and
    listed among the overview's sources instead."""
    labels = [nav_label(cp.title) for cp in bundle.content_pages]
    for page in pages:
        page.title = distinct_title(page.key, page.title, labels)
    published = []
    for cp in bundle.content_pages:
        if repeats_summary(cp.markdown, bundle.report.summary):
            pages[0].sources.append(cp.path)
        else:
            published.append(cp)
    return published


def chapter_urls(bundle: Any, pages: list[Any]) -> dict[str, str]:
    """Chapter file name -> the URL a link to it leads to: its page, or the overview's summary
    when the chapter was left out as a repeat of it."""
    urls = {PurePosixPath(cp.path).name: pages[0].url + "#sammanfattning" for cp in bundle.content_pages}
    urls.update({PurePosixPath(p.content.path).name: p.url for p in pages if p.content is not None})
    return urls


def page_helpers(bundle: Any) -> dict[str, Any]:
    """What the report templates call for names and precision."""
    return {"nav_label": nav_label, "precision": SurveyPrecision(bundle), "PRECISION_NOTE": PRECISION_NOTE}
