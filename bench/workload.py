"""Bench workload: a temporary mirror of N synthetic companies built from real templates."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from finloom.paths import PROJECT_ROOT
from ingestion.selection import Company
from ingestion.sources.sec.helpers import parse_cik, parse_company_facts

#: the shared corpus beside the project (../shared/corpus), or $FINLOOM_CORPUS, as the tests find it
CORPUS_MIRROR = (
    Path(os.environ.get("FINLOOM_CORPUS") or PROJECT_ROOT.parent / "shared" / "corpus") / "mirror"
)
DEMO_MIRROR = PROJECT_ROOT / "dev" / "demo" / "mirror"
FACTS_DIR = "data.sec.gov/api/xbrl/companyfacts"
SUBMISSIONS_DIR = "data.sec.gov/submissions"
TICKERS_DIR = "www.sec.gov/files"
CONSTITUENTS = "raw.githubusercontent.com/datasets/s-and-p-500-companies/main/data/constituents.csv"
FIRST_CIK = 8_000_000

# --------------------------------------------------------------------------- workload


_CIK_FIELD = re.compile(rb'"cik"\s*:\s*("?)\d+\1')


@dataclass(frozen=True)
class FactsTemplate:
    """One company-facts file whose top-level `cik` can be rewritten at the byte level."""

    label: str
    body: bytes
    cik_start: int
    cik_end: int
    quoted: bool
    source_cik: int

    @classmethod
    def load(cls, path: Path) -> FactsTemplate:
        body = path.read_bytes()
        match = _CIK_FIELD.search(body, 0, 4096)
        facts_at = body.find(b'"facts"')
        if match is None or not 0 <= match.start() < facts_at:
            raise SystemExit(f"bench: no top-level cik before `facts` in {path}")
        head = orjson.loads(body)
        return cls(
            label=f"{head.get('entityName')} (CIK {parse_cik(head['cik'])})",
            body=body,
            cik_start=match.start(),
            cik_end=match.end(),
            quoted=bool(match.group(1)),
            source_cik=parse_cik(head["cik"]),
        )

    def render(self, cik: int) -> bytes:
        value = f'"{cik:010d}"' if self.quoted else str(cik)
        return b"".join(
            (self.body[: self.cik_start], f'"cik":{value}'.encode(), self.body[self.cik_end :])
        )


@dataclass(frozen=True)
class SubmissionsTemplate:
    """A submissions header (+ the overflow pages it lists that exist) rewritten per company."""

    label: str
    doc: dict[str, Any]
    pages: list[tuple[dict[str, Any], bytes | None]]  # None: listed, but not recorded (404)

    @classmethod
    def load(cls, path: Path) -> SubmissionsTemplate:
        doc = orjson.loads(path.read_bytes())
        pages = []
        for listing in doc.get("filings", {}).get("files") or []:
            # a listed page the corpus did not record stays listed: it answers 404 and the
            # loader reports a gap, as on the corpus itself (the reconciliation checks rely on it)
            page = path.parent / listing["name"]
            pages.append((listing, page.read_bytes() if page.is_file() else None))
        return cls(label=f"{doc.get('name')} (CIK {parse_cik(doc['cik'])})", doc=doc, pages=pages)

    def render(self, cik: int, ticker: str) -> dict[str, bytes]:
        """File name -> body: the header with this cik/ticker, and its pages renamed to match."""
        files = {}
        listings = []
        for number, (listing, body) in enumerate(self.pages, 1):
            name = f"CIK{cik:010d}-submissions-{number:03d}.json"
            listings.append({**listing, "name": name})
            if body is not None:
                files[name] = body
        doc = {
            **self.doc,
            "cik": f"{cik:010d}",
            "tickers": [ticker],
            "filings": {**self.doc["filings"], "files": listings},
        }
        files[f"CIK{cik:010d}.json"] = orjson.dumps(doc)
        return files


@dataclass
class Workload:
    root: Path
    templates_from: str
    companies: list[Company]
    facts_templates: list[FactsTemplate]
    submissions_for: dict[int, SubmissionsTemplate]
    expected_rows: int  # fact rows the Arrow parser yields for the whole workload
    rows_per_template: list[int]
    bytes_written: int
    seconds: float

    def expected_rows_for(self, companies: Sequence[Company]) -> int:
        index = {c.cik: i for i, c in enumerate(self.companies)}
        n = len(self.facts_templates)
        return sum(self.rows_per_template[index[c.cik] % n] for c in companies)


def template_mirror(kind: str, scratch: Path) -> tuple[str, Path]:
    """Template files: the shared corpus, else the demo mirror (generated if it is missing)."""
    if kind in ("auto", "corpus") and any((CORPUS_MIRROR / FACTS_DIR).glob("CIK*.json")):
        return "corpus", CORPUS_MIRROR
    if kind == "corpus":
        raise SystemExit(f"bench: no corpus company facts under {CORPUS_MIRROR / FACTS_DIR}")
    if any((DEMO_MIRROR / FACTS_DIR).glob("CIK*.json")):
        return "demo mirror (generated data)", DEMO_MIRROR
    out = scratch / "generated-mirror"
    cmd = [sys.executable, "-m", "dev.demo.generator", "--out", str(out), "--no-seed"]
    subprocess.run(cmd, check=True, cwd=PROJECT_ROOT)
    return "freshly generated demo data", out


def build_workload(root: Path, n: int, kind: str, scratch: Path) -> Workload:
    started = time.perf_counter()
    source, mirror = template_mirror(kind, scratch)
    subs_dir = mirror / SUBMISSIONS_DIR
    facts_templates = []
    for path in sorted((mirror / FACTS_DIR).glob("CIK*.json")):
        template = FactsTemplate.load(path)
        if (subs_dir / f"CIK{template.source_cik:010d}.json").is_file():
            facts_templates.append(template)
        else:  # its facts would cite filings no filing index lists: dbt's checks would fail
            print(f"bench: template {template.label} skipped: no submissions file", file=sys.stderr)
    if not facts_templates:
        raise SystemExit(f"bench: no template has both company facts and submissions ({mirror})")
    submissions_for = {
        t.source_cik: SubmissionsTemplate.load(subs_dir / f"CIK{t.source_cik:010d}.json")
        for t in facts_templates
    }

    # Verify the byte-level rewrite by parsing one copy of each template; count its rows.
    rows_per_template = []
    for t in facts_templates:
        probe_cik = FIRST_CIK - 1
        parsed = parse_company_facts(t.render(probe_cik), what=t.label)
        if parsed.cik != probe_cik:
            raise SystemExit(f"bench: cik rewrite failed for {t.label}: got {parsed.cik}")
        rows_per_template.append(parsed.facts.num_rows)

    width = max(4, len(str(n)))
    companies = [Company(cik=FIRST_CIK + i, ticker=f"B{i:0{width}d}") for i in range(1, n + 1)]
    for sub in (FACTS_DIR, SUBMISSIONS_DIR, TICKERS_DIR, str(Path(CONSTITUENTS).parent)):
        (root / sub).mkdir(parents=True, exist_ok=True)
    written = 0
    for i, company in enumerate(companies):
        template = facts_templates[i % len(facts_templates)]
        body = template.render(company.cik)
        (root / FACTS_DIR / f"CIK{company.cik:010d}.json").write_bytes(body)
        written += len(body)
        subs = submissions_for[template.source_cik]
        for name, body in subs.render(company.cik, company.ticker).items():
            (root / SUBMISSIONS_DIR / name).write_bytes(body)
            written += len(body)

    def title(c: Company) -> str:
        return f"Bench Company {c.ticker}"

    tickers = {
        str(i): {"cik_str": c.cik, "ticker": c.ticker, "title": title(c)}
        for i, c in enumerate(companies)
    }
    exchange = {
        "fields": ["cik", "name", "ticker", "exchange"],
        "data": [[c.cik, title(c), c.ticker, "Nasdaq"] for c in companies],
    }
    (root / TICKERS_DIR / "company_tickers.json").write_bytes(orjson.dumps(tickers))
    (root / TICKERS_DIR / "company_tickers_exchange.json").write_bytes(orjson.dumps(exchange))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Symbol",
            "Security",
            "GICS Sector",
            "GICS Sub-Industry",
            "Headquarters Location",
            "Date added",
            "CIK",
            "Founded",
        ]
    )
    for c in companies:
        writer.writerow(
            [c.ticker, title(c), "Benchmarks", "Synthetic", "Nowhere", "2020-01-01", c.cik, "1999"]
        )
    (root / CONSTITUENTS).write_text(out.getvalue())

    n_t = len(facts_templates)
    return Workload(
        root=root,
        templates_from=source,
        companies=companies,
        facts_templates=facts_templates,
        submissions_for=submissions_for,
        expected_rows=sum(rows_per_template[i % n_t] for i in range(n)),
        rows_per_template=rows_per_template,
        bytes_written=written,
        seconds=time.perf_counter() - started,
    )
