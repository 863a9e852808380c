"""Filing HTML (and SGML plain text) to clean text plus raw table grids, in one pass.

The text keeps one line per block (paragraph, heading, table row) with whitespace normalised, so
offsets into it are stable and headings are line starts. Hidden inline-XBRL header blocks
(`ix:header`, `display:none`), scripts and styles are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Tags that end a line of text (block-level elements and line breaks).
BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center",
        "blockquote", "dt", "dd", "dl", "pre", "section", "article", "header", "footer", "title",
        "caption",
    }
)  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "head", "ix:header", "xml"})
VOID_TAGS = frozenset(["br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"])
CELL_SEPARATOR = " | "
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\xad"), None)


@dataclass
class RawCell:
    """One `<td>`/`<th>` as written: its text and how many grid columns it spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class RawTable:
    """A table grid before interpretation, with its span in the extracted text."""

    rows: list[list[RawCell]] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class Extracted:
    """Clean text and the tables found in it (spans refer to `text`)."""

    text: str
    tables: list[RawTable]


_PAGE_ARTIFACT = re.compile(
    r"^(?:(?:page )?(?:[A-Z]-)?\d{1,3}|[ivxlc]{1,6}|table of contents|\[?back to contents\]?)$",
    re.IGNORECASE,
)


def is_page_artifact(line: str) -> bool:
    """A running page number or "Table of Contents" link repeated on every printed page."""
    return len(line) <= 20 and _PAGE_ARTIFACT.match(line) is not None


def normalise_space(value: str) -> str:
    """Collapse all whitespace (incl. non-breaking spaces) to single spaces and strip."""
    return " ".join(value.translate(_ZERO_WIDTH).split())


def _span(value: str | None) -> int:
    return max(1, min(int(value), 100)) if value and value.strip().isdigit() else 1


def merge_row_text(cells: list[RawCell]) -> str:
    """A table row as one line of text: non-empty cells joined by ` | `, split amounts glued."""
    parts: list[str] = []
    for cell in cells:
        text = cell.text
        if not text:
            continue
        if parts and (text[0] in ")%" or parts[-1] in {"$", "€", "£", "¥", "("}):
            sep = "" if parts[-1] in {"$", "€", "£", "¥", "("} or text[0] in ")%" else " "
            parts[-1] = parts[-1] + sep + text
        else:
            parts.append(text)
    return CELL_SEPARATOR.join(parts)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._pos = 0
        self._buf: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._table_depth = 0
        self._table: RawTable | None = None
        self._row: list[RawCell] | None = None
        self._cell: list[str] | None = None
        self._colspan = 1
        self._rowspan = 1
        self.tables: list[RawTable] = []

    # -- text lines -------------------------------------------------------------------------
    def _emit(self, line: str) -> None:
        if line:
            self.lines.append(line)
            self._pos += len(line) + 1

    def _flush(self) -> None:
        if self._buf:
            line = normalise_space("".join(self._buf))
            if not is_page_artifact(line):
                self._emit(line)
            self._buf = []

    # -- tables -----------------------------------------------------------------------------
    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(
                RawCell(normalise_space("".join(self._cell)), self._colspan, self._rowspan)
            )
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._table is not None:
            self._table.rows.append(self._row)
        self._row = None

    def _start_table(self) -> None:
        self._flush()
        self._table = RawTable(start=self._pos)

    def _end_table(self) -> None:
        self._close_row()
        table = self._table
        self._table = None
        if table is None:
            return
        for row in table.rows:
            self._emit(merge_row_text(row))
        table.end = max(table.start, self._pos - 1)
        self.tables.append(table)

    # -- parser callbacks -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            elif tag == "body" and self._skip_tag == "head":  # an unclosed <HEAD>
                self._skip_tag = None
            return
        if tag in SKIP_TAGS or any(
            k == "style" and v and _HIDDEN_STYLE.search(v) for k, v in attrs
        ):
            if tag not in VOID_TAGS:
                self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self._start_table()
            elif self._cell is not None:
                self._cell.append(" ")
            return
        if self._table_depth == 1:
            if tag == "tr":
                self._close_row()
                self._row = []
            elif tag in ("td", "th"):
                self._close_cell()
                if self._row is None:
                    self._row = []
                self._cell = []
                spans = dict(attrs)
                self._colspan = _span(spans.get("colspan"))
                self._rowspan = _span(spans.get("rowspan"))
            elif tag in BLOCK_TAGS and self._cell is not None:
                self._cell.append(" ")
            return
        if self._table_depth > 1:
            if self._cell is not None and tag in BLOCK_TAGS | {"td", "th", "tr"}:
                self._cell.append(" ")
            return
        if tag in BLOCK_TAGS or tag == "tr":
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "table":
            if self._table_depth == 1:
                self._end_table()
            self._table_depth = max(0, self._table_depth - 1)
            return
        if self._table_depth == 1:
            if tag == "tr":
                self._close_row()
            elif tag in ("td", "th"):
                self._close_cell()
            elif tag in BLOCK_TAGS and self._cell is not None:
                self._cell.append(" ")
            return
        if self._table_depth > 1:
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        if self._table_depth:
            if self._cell is not None:
                self._cell.append(data)
            return
        self._buf.append(data)

    def finish(self) -> Extracted:
        self.close()
        if self._table is not None:
            self._end_table()
        self._flush()
        return Extracted("\n".join(self.lines), self.tables)


def extract_html(html: str) -> Extracted:
    """Clean text and raw tables from (inline-XBRL) HTML."""
    parser = _Extractor()
    parser.feed(html)
    return parser.finish()


_SGML_TABLE = re.compile(r"<TABLE>(.*?)</TABLE>", re.IGNORECASE | re.DOTALL)
_SGML_TAG = re.compile(r"</?(?:PAGE|S|C|CAPTION|FN|F\d+)>", re.IGNORECASE)
_RULE_LINE = re.compile(r"^[\s\-=_]*$")
_COLUMN_GAP = re.compile(r"\s{2,}")


_COLUMN_MARK = re.compile(r"<[SC]>", re.IGNORECASE)
_TOKEN = re.compile(r"\S+(?: \S+)*")


def plain_table_rows(block: str) -> list[list[RawCell]]:
    """Rows of an SGML text table; columns come from its `<S> <C> <C>` line when present."""
    lines = block.splitlines()
    marks: list[int] = []
    for line in lines:
        if _COLUMN_MARK.search(line) and not _COLUMN_MARK.sub("", line).strip():
            marks = [m.start() for m in _COLUMN_MARK.finditer(line)]
            break
    rows: list[list[RawCell]] = []
    for line in lines:
        if _COLUMN_MARK.search(line) or _RULE_LINE.match(_SGML_TAG.sub("", line)):
            continue
        line = _SGML_TAG.sub("", line)
        if not marks:
            rows.append([RawCell(normalise_space(c)) for c in _COLUMN_GAP.split(line.strip())])
            continue
        texts = [""] * len(marks)
        for token in _TOKEN.finditer(line):
            col = max(0, bisect.bisect_right(marks, token.end() - 1) - 1)
            texts[col] = (texts[col] + " " + token.group(0)).strip()
        rows.append([RawCell(normalise_space(t)) for t in texts])
    return rows


def extract_plain(body: str) -> Extracted:
    """Clean text and tables from an SGML plain-text document (`<TABLE>` blocks of aligned text)."""
    lines: list[str] = []
    tables: list[RawTable] = []
    offset = 0

    def emit(line: str) -> None:
        nonlocal offset
        if line:
            lines.append(line)
            offset += len(line) + 1

    pos = 0

    def emit_text(chunk: str) -> None:
        for raw in _SGML_TAG.sub("", chunk).splitlines():
            line = normalise_space(raw)
            if not is_page_artifact(line):
                emit(line)

    for match in _SGML_TABLE.finditer(body):
        emit_text(body[pos : match.start()])
        table = RawTable(start=offset)
        for cells in plain_table_rows(match.group(1)):
            table.rows.append(cells)
            emit(merge_row_text(cells))
        table.end = max(table.start, offset - 1)
        tables.append(table)
        pos = match.end()
    emit_text(body[pos:])
    return Extracted("\n".join(lines), tables)
