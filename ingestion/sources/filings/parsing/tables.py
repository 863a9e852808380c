"""Financial tables: split SEC cells merged, numbers parsed, headers and scale recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.sources.filings.parsing.html import RawTable

_CURRENCY = "$€£¥"
_NUMBER = re.compile(
    r"^(?P<open>\()?\s*(?P<cur>[$€£¥])?\s*(?P<open2>\()?\s*(?P<sign>[-−–])?\s*(?P<cur2>[$€£¥])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<pct>%)?\s*(?P<close>\))?"
    r"\s*(?P<pct2>%)?$"
)
_NULL_MARKERS = frozenset(
    {"—", "–", "-", "−", "——", "--", "— %", "—%", "-%", "n/a", "N/A", "NM", "*"}
)
_SCALE = re.compile(r"\bin\s+(thousands|millions|billions)\b", re.IGNORECASE)
SCALES = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_BULLETS = frozenset({"•", "●", "◦", "▪", "■", "·", "-", "—", "(a)", "(b)", "(c)", "(d)"})


@dataclass(frozen=True)
class ParsedNumber:
    """A cell's numeric value and whether it was a percentage or a currency amount."""

    value: float | None
    unit: str | None = None


def parse_number(text: str) -> ParsedNumber:
    """`(1,234)` → -1234, `—` → None, `12.5%` → 12.5 (unit %), `$ 1,234` → 1234 (unit $)."""
    stripped = text.strip().replace("\xa0", " ")
    if not stripped or stripped in _NULL_MARKERS:
        return ParsedNumber(None)
    m = _NUMBER.match(stripped)
    if m is None:
        return ParsedNumber(None)
    value = float(m.group("num").replace(",", ""))
    negative = bool(m.group("sign")) or (
        bool(m.group("open") or m.group("open2")) and bool(m.group("close"))
    )
    if (m.group("open") or m.group("open2")) and not m.group("close"):
        negative = True  # "(1,234" with the ")" lost in another cell
    unit = (
        "%"
        if (m.group("pct") or m.group("pct2"))
        else ("$" if m.group("cur") or m.group("cur2") else None)
    )
    return ParsedNumber(-value if negative else value, unit)


@dataclass(frozen=True)
class Cell:
    """One logical cell: grid position, text, parsed number and the headers above it."""

    row: int
    col: int
    text: str
    value: float | None
    unit: str | None
    is_header: bool
    row_label: str
    column_header: str


@dataclass(frozen=True)
class Table:
    """A table of a filing with its section, caption, scale and long-format cells."""

    index: int
    section: str | None
    start: int
    end: int
    caption: str | None
    scale: int | None
    scale_text: str | None
    header_rows: list[list[str]]
    n_rows: int
    n_cols: int
    cells: list[Cell]
    is_layout: bool


@dataclass
class _Logical:
    first: int  # first grid column covered
    span: int
    text: str

    @property
    def col(self) -> int:
        """Anchor column: the last one covered (amounts are right-aligned)."""
        return self.first + self.span - 1


def merge_cells(row: list[tuple[int, int, str]]) -> list[_Logical]:
    """Glue SEC's split cells: "$" | "1,234" | ")" → "$1,234)", "12.5" | "%" → "12.5%"."""
    out: list[_Logical] = []
    pending: _Logical | None = None  # a lone currency sign or "(" waiting for its number
    for first, span, text in row:
        if not text:
            continue
        if text in _CURRENCY or text in {"(", "$(", "($"}:
            pending = _Logical(first, span, text if pending is None else pending.text + text)
            continue
        if out and pending is None and text[0] in ")%" and len(text) <= 3:
            out[-1].text += text
            continue
        if pending is not None:
            out.append(_Logical(pending.first, first + span - pending.first, pending.text + text))
            pending = None
            continue
        out.append(_Logical(first, span, text))
    if pending is not None:
        out.append(pending)
    return out


def grid_rows(raw: RawTable) -> list[list[tuple[int, int, str]]]:
    """(first column, colspan, text) per cell, with columns taken by earlier rowspans skipped."""
    carried: dict[int, int] = {}  # grid column -> rows still covered by a rowspan above
    out = []
    for raw_row in raw.rows:
        grid: list[tuple[int, int, str]] = []
        col = 0
        for cell in raw_row:
            while carried.get(col, 0) > 0:
                col += 1
            grid.append((col, cell.colspan, cell.text))
            if cell.rowspan > 1:
                for c in range(col, col + cell.colspan):
                    carried[c] = cell.rowspan
            col += cell.colspan
        carried = {c: n - 1 for c, n in carried.items() if n > 1}
        out.append(grid)
    return out


def _is_data_value(text: str) -> bool:
    parsed = parse_number(text)
    return parsed.value is not None and not (parsed.unit is None and _YEAR.match(text.strip()))


def _find_scale(context: str) -> tuple[int | None, str | None]:
    for line in reversed(context.splitlines()):
        m = _SCALE.search(line)
        if m:
            return SCALES[m.group(1).lower()], line[:200]
    return None, None


def _caption(context_lines: list[str]) -> str | None:
    for line in reversed(context_lines):
        text = line.strip()
        if not text or text.startswith("(") or len(text) > 200:
            continue
        if " | " in text and any(ch.isdigit() for ch in text.rsplit("|", 1)[-1]):
            continue  # page footer such as "Apple Inc. | 2024 Form 10-K | 30"
        return text
    return None


def build_table(raw: RawTable, index: int, section: str | None, text: str, prev_end: int) -> Table:
    """Interpret a raw grid: logical cells, header rows, captions and scale from nearby text."""
    rows = [merged for merged in (merge_cells(g) for g in grid_rows(raw)) if merged]
    first_data = next(
        (i for i, r in enumerate(rows) if any(_is_data_value(c.text) for c in r)), len(rows)
    )
    header_idx = [i for i in range(first_data) if any(c.first > 0 for c in rows[i])]
    if first_data == len(rows):
        header_idx = header_idx[:1]
    data_cols = sorted({c.col for i, r in enumerate(rows) if i not in header_idx for c in r})

    def anchor(c: _Logical, is_header: bool) -> int:
        """A header sits over the last data column it spans (headers carry trailing spacers)."""
        if is_header:
            inside = [a for a in data_cols if c.first <= a < c.first + c.span]
            if inside:
                return inside[-1]
        return c.col

    anchors = [[anchor(c, i in header_idx) for c in row] for i, row in enumerate(rows)]
    dense = {g: i for i, g in enumerate(sorted({a for row in anchors for a in row}))}
    cells: list[Cell] = []
    has_number = False
    for r, row in enumerate(rows):
        label = row[0].text if row and row[0].first == 0 else ""
        is_header = r in header_idx
        for c, a in zip(row, anchors[r], strict=True):
            headers = (
                []
                if is_header
                else [
                    h.text
                    for hi in header_idx
                    for h in rows[hi]
                    if h.first <= c.col < h.first + h.span and h.first > 0
                ]
            )
            parsed = ParsedNumber(None) if is_header else parse_number(c.text)
            has_number = has_number or parsed.value is not None
            cells.append(
                Cell(r, dense[a], c.text, parsed.value, parsed.unit, is_header, label,
                     " ".join(headers))
            )  # fmt: skip
    context_start = max(prev_end, raw.start - 600)
    context = text[context_start : raw.start]
    header_text = "\n".join(" ".join(c.text for c in rows[i]) for i in header_idx)
    scale, scale_text = _find_scale(context + "\n" + header_text)
    n_cols = len({c.col for c in cells})
    first_col_texts = {c.text for c in cells if c.col == 0}
    is_layout = not has_number and (n_cols <= 1 or len(rows) <= 1 or first_col_texts <= _BULLETS)
    return Table(
        index=index,
        section=section,
        start=raw.start,
        end=raw.end,
        caption=_caption(context.splitlines()[-4:]),
        scale=scale,
        scale_text=scale_text,
        header_rows=[[c.text for c in rows[i]] for i in header_idx],
        n_rows=len(rows),
        n_cols=n_cols,
        cells=cells,
        is_layout=is_layout,
    )
