"""`finloom report`: one self-contained HTML page of charts from the marts.

`data` reads the marts (read-only), `charts` makes the Plotly figures, `page` renders the HTML
(plotly.js embedded once, nothing loaded from the network) and `build` ties them together;
`site` generates the dbt docs site of `finloom docs`.
"""

from __future__ import annotations

from finloom.serve.report.build import DEFAULT_OUT, ReportResult, write_report
from finloom.serve.report.data import ReportError, UnknownTickersError

__all__ = ["DEFAULT_OUT", "ReportError", "ReportResult", "UnknownTickersError", "write_report"]
