"""The report as one self-contained HTML page: plotly.js inlined once, each figure a `<div>` and
the small script that draws it; no `<script src>`, stylesheet or font from anywhere else, so the
page opens offline from a file.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from plotly.offline import get_plotlyjs, get_plotlyjs_version

#: Plotly's options for every figure: responsive width, no logo.
PLOTLY_CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


@dataclass(frozen=True)
class Chart:
    """A figure (or, when its data is absent, the note that says so); its element's id is
    `chart-<id>`."""

    id: str
    figure: Any | None = None
    note: str | None = None
    wide: bool = False


@dataclass(frozen=True)
class Table:
    """A small HTML table: a caption, column headings and rows of text."""

    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass
class Section:
    """One part of the page: a heading, an optional lead line, charts and tables."""

    id: str
    title: str
    lead: str | None = None
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    level: int = 2


@dataclass(frozen=True)
class Page:
    """Everything on the page, in order."""

    title: str
    subtitle: str
    sections: list[Section]
    footer: str


def render(page: Page) -> str:
    """The whole HTML document."""
    body = "\n".join(_section(s) for s in page.sections)
    nav = "".join(
        f'<a href="#{_attr(s.id)}">{html.escape(s.title)}</a>'
        for s in page.sections
        if s.level == 2 or s.id.startswith("company-")
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="finloom report; plotly.js {get_plotlyjs_version()}">
<title>{html.escape(page.title)}</title>
<style>{STYLE}</style>
<script>window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script>
<script>{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{html.escape(page.title)}</h1>
<p class="meta">{html.escape(page.subtitle)}</p>
<nav>{nav}</nav>
</header>
<main>
{body}
</main>
<footer>{html.escape(page.footer)}</footer>
</body>
</html>
"""


def figure_count(page: Page) -> int:
    """How many figures the page draws (each one a `.plotly-graph-div`)."""
    return sum(1 for s in page.sections for c in s.charts if c.figure is not None)


def _section(section: Section) -> str:
    tag = f"h{section.level}"
    parts = [f'<section id="{_attr(section.id)}" class="level-{section.level}">']
    parts.append(f"<{tag}>{html.escape(section.title)}</{tag}>")
    if section.lead:
        parts.append(f'<p class="lead">{html.escape(section.lead)}</p>')
    if section.charts:
        parts.append('<div class="grid">')
        parts.extend(_chart(c) for c in section.charts)
        parts.append("</div>")
    parts.extend(f'<p class="no-data">{html.escape(n)}</p>' for n in section.notes)
    parts.extend(_table(t) for t in section.tables)
    parts.append("</section>")
    return "\n".join(parts)


def _chart(chart: Chart) -> str:
    wide = " wide" if chart.wide else ""
    if chart.figure is None:
        note = html.escape(chart.note or "no data loaded")
        return (
            f'<div class="chart{wide} empty" id="chart-{_attr(chart.id)}">'
            f'<p class="no-data">{note}</p></div>'
        )
    inner = chart.figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=f"chart-{chart.id}",
        config=PLOTLY_CONFIG,
        default_width="100%",
    )
    return f'<div class="chart{wide}">{inner}</div>'


def _table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in table.rows
    )
    return (
        f"<table><caption>{html.escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


STYLE = """
:root { color-scheme: light; --ink: #0f172a; --muted: #475569; --line: #e2e8f0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans',
  sans-serif; color: var(--ink); background: #f8fafc; }
header { padding: 16px 24px 10px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 2px; font-size: 22px; }
.meta { margin: 0 0 8px; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; }
nav a { color: #2563eb; text-decoration: none; }
main { padding: 4px 24px 24px; }
section.level-2 { margin-top: 18px; }
section.level-3 { margin-top: 10px; }
h2 { font-size: 18px; margin: 14px 0 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 10px 0 6px; }
.lead { margin: 0 0 8px; color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px;
  min-width: 0; }
.chart.wide { grid-column: 1 / -1; }
.chart.empty { display: flex; align-items: center; justify-content: center; min-height: 80px; }
.no-data { color: var(--muted); font-style: italic; margin: 6px 0; }
table { border-collapse: collapse; margin: 12px 0; background: #fff; font-size: 13px;
  width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; }
footer { padding: 12px 24px 24px; color: var(--muted); font-size: 12px; }
"""
