"""HTML building blocks of the demo's filing documents: headings, paragraphs, statement tables.

Amounts are whole dollars from the demo's ground truth, shown in thousands the way filings print
them: negatives in parentheses "(1,234)", zero as "—", a "$" on the first row and on totals.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: Row kinds: how a row's values are printed.
AMOUNT, EPS, SHARES, PERCENT, TEXT = "amount", "eps", "shares", "percent", "text"


@dataclass(frozen=True)
class Column:
    """One value column of a table: its group header ("Year Ended"), date header, and periods."""

    group: str
    header: str


@dataclass(frozen=True)
class Row:
    """One table row: a label and values (none for a caption row such as "Operating expenses:")."""

    label: str
    values: tuple[int | float | str, ...] = ()
    kind: str = AMOUNT
    dollar: bool = False
    total: bool = False
    indent: int = 0


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def long_date(d: date) -> str:
    """ "December 31, 2024" (no leading zero on the day)."""
    return f"{d:%B} {d.day}, {d.year}"


def thousands(value: int) -> str:
    """Whole dollars (or shares) as thousands: 1234000 → "1,234", -1234000 → "(1,234)", 0 → "—"."""
    if value % 1000:
        raise ValueError(f"{value} is not a whole number of thousands")
    k = value // 1000
    if k == 0:
        return "—"
    return f"({-k:,})" if k < 0 else f"{k:,}"


def per_share(value: int | float) -> str:
    """EPS with two decimals, negatives in parentheses."""
    return f"({-value:.2f})" if value < 0 else f"{value:.2f}"


def percent(value: float | None) -> str:
    """A percentage with one decimal, "(4.5)%" when negative, "NM" (not meaningful) for None."""
    if value is None:
        return "NM"
    return f"({-value:.1f})%" if value < 0 else f"{value:.1f}%"


def change(new: int, old: int) -> float | None:
    """Percentage change from `old` to `new`; None (not meaningful) unless both are positive."""
    return (new - old) / old * 100 if new > 0 and old > 0 else None


def millions(value: int) -> str:
    """ "$1,234.5 million" for prose."""
    return f"${value / 1e6:,.1f} million"


def heading(text: str, center: bool = False) -> str:
    align = ' class="c"' if center else ""
    return f'<div{align}><span class="b">{esc(text)}</span></div>\n'


def subheading(text: str) -> str:
    return f'<div><span class="b"><i>{esc(text)}</i></span></div>\n'


def para(text: str) -> str:
    return f"<p>{esc(text)}</p>\n"


def centered(text: str) -> str:
    return f'<div class="c">{esc(text)}</div>\n'


def page_footer(footer: str, page: int) -> str:
    """A running footer and page break, as printed filings carry at the end of each page."""
    return f'<div class="c">{esc(footer)} | {page}</div>\n<hr style="page-break-after:always"/>\n'


def _format(value: int | float | str, kind: str) -> str:
    if isinstance(value, str):
        return value
    if kind == EPS:
        return per_share(value)
    if kind == PERCENT:
        return percent(float(value))
    return thousands(int(value))


def text_table(rows: Sequence[Sequence[str]], header: Sequence[str] = ()) -> str:
    """A plain grid of text cells (cover page, table of contents, exhibit index)."""
    out = ['<table class="x">\n']
    if header:
        cells = "".join(f'<td class="h">{esc(h)}</td>' for h in header)
        out.append(f"<tr>{cells}</tr>\n")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>\n")
    out.append("</table>\n")
    return "".join(out)


def statement_table(columns: Sequence[Column], rows: Sequence[Row]) -> str:
    """A financial table: group header row, date header row, then a label and one cell per value."""
    out = ["<table>\n<tr><td></td>"]
    i = 0
    while i < len(columns):
        j = i
        while j < len(columns) and columns[j].group == columns[i].group:
            j += 1
        out.append(f'<td colspan="{j - i}" class="h">{esc(columns[i].group)}</td>')
        i = j
    out.append("</tr>\n<tr><td></td>")
    out.extend(f'<td class="h">{esc(c.header)}</td>' for c in columns)
    out.append("</tr>\n")
    for row in rows:
        style = ' class="t"' if row.total else ""
        pad = ' class="i"' if row.indent else ""
        out.append(f"<tr{style}><td{pad}>{esc(row.label)}</td>")
        if not row.values:
            out.append(f'<td colspan="{len(columns)}"></td>')
        for value in row.values:
            text = _format(value, row.kind)
            sign = "$" if row.dollar and text != "—" else ""
            out.append(f"<td>{sign}{esc(text)}</td>")
        out.append("</tr>\n")
    out.append("</table>\n")
    return "".join(out)


def statement(
    title: str, scale: str, columns: Sequence[Column], rows: Sequence[Row], unaudited: bool = False
) -> str:
    """A titled statement: caption line, "(Unaudited)", "(in thousands …)" line, then the table."""
    marker = centered("(Unaudited)") if unaudited else ""
    return heading(title, center=True) + marker + centered(scale) + statement_table(columns, rows)


def document(title: str, body: Sequence[str]) -> bytes:
    """The whole XHTML document, UTF-8."""
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f"<title>{esc(title)}</title>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n'
        "<style>table{width:100%;border-collapse:collapse}td{text-align:right}"
        "td:first-child,.x td{text-align:left}td.h{text-align:center;font-weight:bold}"
        "td.i{padding-left:1em}tr.t td,.b{font-weight:bold}.c{text-align:center}</style>\n"
        "</head>\n<body>\n"
    )
    return (head + "".join(body) + "</body>\n</html>\n").encode("utf-8")
