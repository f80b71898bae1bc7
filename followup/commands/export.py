"""One self-contained HTML file per report, for intranet systems that take a single file.

The report is assembled like the PDF (followup/commands/printable.py: metadata, table of contents, every
page of the report) and then made self-contained in Chromium: stylesheets are inlined as
`<style>` (their `url(...)` resources as data: URIs), chart images and other images become
data: URIs, CSV downloads become data: links, links into the rest of the site become plain
text. No script is kept (the document needs none). The only references left are #anchors,
data: URIs and hyperlinks written in the report's content (to other web sites, mailto:, tel:).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from followup.commands import docx_export
from followup.commands import printable as pr
from followup.i18n import _

INLINE_JS = r"""
async (base) => {
  const toDataUrl = async (url, type) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    let blob = await response.blob();
    if (type) blob = new Blob([blob], {type});
    return await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  };
  const inlineCss = async (css, cssUrl, depth) => {
    // @import rules first (rare), then url(...) resources.
    const imports = [...css.matchAll(/@import\s+(?:url\()?\s*['"]?([^'")\s]+)['"]?\s*\)?\s*([^;]*);/g)];
    for (const m of imports) {
      const url = new URL(m[1], cssUrl).href;
      let text = depth < 4 ? await (await fetch(url)).text() : '';
      text = await inlineCss(text, url, depth + 1);
      css = css.replace(m[0], m[2].trim() ? '@media ' + m[2].trim() + ' {\n' + text + '\n}' : text);
    }
    const urls = [...new Set([...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map(m => m[2]))];
    for (const u of urls) {
      if (u.startsWith('data:') || u.startsWith('#')) continue;
      const data = await toDataUrl(new URL(u, cssUrl).href);
      css = css.split(u).join(data);
    }
    return css;
  };
  for (const link of [...document.querySelectorAll('link[rel~=stylesheet]')]) {
    const text = await (await fetch(link.href)).text();
    const style = document.createElement('style');
    if (link.media && link.media !== 'all') style.media = link.media;
    style.textContent = await inlineCss(text, link.href, 0);
    link.replaceWith(style);
  }
  document.querySelectorAll('link:not([rel~=stylesheet]), script, noscript, base').forEach(e => e.remove());
  for (const img of [...document.querySelectorAll('img[src], source[src], input[src]')]) {
    const src = img.getAttribute('src');
    if (!src.startsWith('data:')) img.setAttribute('src', await toDataUrl(img.src));
  }
  for (const el of [...document.querySelectorAll('[srcset]')]) el.removeAttribute('srcset');
  for (const el of [...document.querySelectorAll('[style*="url("]')]) {
    el.setAttribute('style', await inlineCss(el.getAttribute('style'), document.baseURI, 0));
  }
  for (const a of [...document.querySelectorAll('a[download], a[href$=".csv"]')]) {
    if (!a.href.startsWith(base)) continue;
    const name = decodeURIComponent(new URL(a.href).pathname.split('/').pop());
    const type = name.endsWith('.json') ? 'application/json;charset=utf-8' : 'text/csv;charset=utf-8';
    a.setAttribute('href', await toDataUrl(a.href, type));
    a.setAttribute('download', name);
  }
  for (const a of [...document.querySelectorAll('a[href], area[href]')]) {
    const href = a.getAttribute('href');
    if (href.startsWith('#') || href.startsWith('data:')) continue;
    if (href.startsWith(base) || href.startsWith('javascript:')) { a.replaceWith(...a.childNodes); continue; }
    if (/^https?:/i.test(href)) {
      const rel = new Set((a.getAttribute('rel') || '').split(/\s+/).filter(Boolean));
      rel.add('noopener'); rel.add('noreferrer');
      a.setAttribute('rel', [...rel].join(' '));
    }
  }
  return '<!DOCTYPE html>\n' + document.documentElement.outerHTML + '\n';
}
"""

_ALLOWED_HYPERLINK = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)


class ExportError(pr.PrintError):
    """An exported file that is not self-contained (reported by the command like any printing problem)."""


class _ReferenceScanner(HTMLParser):
    """Collects every attribute that makes the browser fetch or navigate somewhere."""

    RESOURCE_ATTRS = {"src", "srcset", "data", "poster", "action", "formaction", "background", "manifest"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "script":
            self.problems.append(f"line {line}: <script>")
        for name, value in attrs:
            if value is None:
                continue
            value = value.strip()
            if name in self.RESOURCE_ATTRS and not value.startswith("data:"):
                self.problems.append(f"line {line}: <{tag} {name}={value[:80]!r}>")
            elif name in ("href", "xlink:href"):
                if value.startswith(("#", "data:")):
                    continue
                if tag == "a" and _ALLOWED_HYPERLINK.match(value):
                    continue  # a hyperlink written in the content: nothing is loaded
                self.problems.append(f"line {line}: <{tag} {name}={value[:80]!r}>")
            elif name == "style" and "url(" in value and "url(data:" not in value.replace('"', "").replace("'", ""):
                self.problems.append(f"line {line}: <{tag} style> with url()")

    handle_startendtag = handle_starttag


def external_references(document: str) -> list[str]:
    """Every reference in `document` to something outside it (empty for a self-contained file)."""
    scanner = _ReferenceScanner()
    scanner.feed(document)
    problems = scanner.problems
    for match in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", document):
        if not match.group(2).startswith(("data:", "#")):
            problems.append(f"url({match.group(2)[:80]}) in CSS")
    if re.search(r"@import\s", document):
        problems.append("@import in CSS")
    return problems


def render_export(browser, base_url: str, printable: pr.PrintableReport) -> str:
    document = pr.document_html(printable)
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    try:
        page = pr.open_document(context, base_url, printable, document)
        result = page.evaluate(INLINE_JS, base_url)
    finally:
        context.close()
    problems = external_references(result)
    if problems:
        raise ExportError(
            _("den exporterade filen hänvisar fortfarande utanför sig själv: {references}").format(
                references="; ".join(problems[:10])
            )
        )
    return result


def write_exports(bundles, site_dir: Path, out_dir: Path) -> list[Path]:
    """Write `<out_dir>/<org>-<report>.html` for each bundle from the built site in `site_dir`."""
    return pr.write_each(bundles, site_dir, out_dir, suffix=".html", render=render_export)


def setup(parser):
    """CLI set-up (followup/cli.py): add the options, return the runner."""
    pr.add_arguments(parser, what=_("en HTML-fil"), default_output="export")
    # dest differs from `format`: main() reads args.format as the format of printed problems.
    parser.add_argument(
        "--format",
        dest="export_format",
        choices=("html", "docx"),
        default="html",
        help=_(
            "html: en fristående HTML-fil (export/<organisation>-<rapport>.html); "
            "docx: ett Word-dokument (export/<organisation>/<rapport>.docx)"
        ),
    )
    return run


def run(args) -> int:
    """`python build.py export <org>/<report> | --all`: writes export/<org>-<report>.html,
    or with `--format docx` export/<org>/<report>.docx."""
    if getattr(args, "export_format", "html") == "docx":
        return pr.run_command(args, docx_export.write_docx, what="Word")
    return pr.run_command(args, write_exports, what="HTML")
