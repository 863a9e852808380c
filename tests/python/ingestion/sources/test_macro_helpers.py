"""FRED parsing on real corpus responses (API JSON and fredgraph CSV): missing values are NULL,
never 0; malformed bodies fail with a named cause; the client-side date filter and the cursor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingestion.sources.macro import seed_series, select_series
from ingestion.sources.macro.helpers import (
    FredParseError,
    csv_url,
    latest_valued_date,
    observations_url,
    parse_fredgraph_csv,
    parse_observations_json,
    parse_value,
    since,
)

API_DIR = Path("api.stlouisfed.org/fred/series")
CSV_DIR = Path("fred.stlouisfed.org/graph")


def _csv(corpus_mirror: Path, series_id: str) -> bytes:
    return (corpus_mirror / CSV_DIR / f"fredgraph.csv?id={series_id}").read_bytes()


def _json(corpus_mirror: Path, series_id: str) -> bytes:
    return (corpus_mirror / API_DIR / f"observations?series_id={series_id}").read_bytes()


def test_every_corpus_csv_parses(corpus_mirror: Path):
    for path in sorted((corpus_mirror / CSV_DIR).iterdir()):
        series_id = path.name.split("id=", 1)[1]
        table = parse_fredgraph_csv(path.read_bytes(), series_id)
        lines = path.read_bytes().decode().strip().splitlines()
        assert table.num_rows == len(lines) - 1
        blanks = sum(1 for line in lines[1:] if line.split(",", 1)[1].strip() == "")
        assert table["value"].null_count == blanks
        assert table["observation_date"].null_count == 0


def test_every_corpus_json_parses(corpus_mirror: Path):
    for path in sorted((corpus_mirror / API_DIR).iterdir()):
        series_id = path.name.split("series_id=", 1)[1]
        table = parse_observations_json(path.read_bytes(), series_id)
        body = path.read_bytes()
        assert table.num_rows == body.count(b'"date":')
        assert table["value"].null_count == body.count(b'"value":"."')


def test_csv_known_values_and_blanks_are_null(corpus_mirror: Path):
    rows = {
        r["observation_date"]: r["value"]
        for r in parse_fredgraph_csv(_csv(corpus_mirror, "DGS10"), "DGS10").to_pylist()
    }
    assert rows[date(2020, 3, 9)] == 0.54
    assert rows[date(1980, 1, 1)] is None  # a blank cell (New Year's Day), not 0
    unrate = parse_fredgraph_csv(_csv(corpus_mirror, "UNRATE"), "UNRATE").to_pylist()
    by_date = {r["observation_date"]: r["value"] for r in unrate}
    assert by_date[date(2020, 4, 1)] == 14.8
    assert by_date[date(2025, 10, 1)] is None  # not published (2025 shutdown)


def test_json_dot_is_null(corpus_mirror: Path):
    rows = parse_observations_json(_json(corpus_mirror, "FEDFUNDS"), "FEDFUNDS").to_pylist()
    assert rows[0] == {"series_id": "FEDFUNDS", "observation_date": date(1954, 7, 1), "value": 0.8}
    assert rows[-1] == {
        "series_id": "FEDFUNDS",
        "observation_date": date(2023, 7, 1),
        "value": None,
    }


@pytest.mark.parametrize("text", [".", "", " ", None])
def test_missing_markers(text: str | None):
    assert parse_value(text, "X", "2020-01-01") is None


def test_bad_bodies_name_the_problem():
    with pytest.raises(FredParseError, match="not a fredgraph CSV"):
        parse_fredgraph_csv(b"<html>Not Found</html>", "DGS10")
    with pytest.raises(FredParseError, match="CSV is for series 'DGS2'"):
        parse_fredgraph_csv(b"observation_date,DGS2\n2020-01-01,1.5\n", "DGS10")
    with pytest.raises(FredParseError, match="not a number"):
        parse_fredgraph_csv(b"observation_date,DGS10\n2020-01-01,n/a\n", "DGS10")
    with pytest.raises(FredParseError, match="FRED error"):
        parse_observations_json(
            b'{"error_code":400,"error_message":"Bad Request. The series does not exist."}', "X"
        )
    with pytest.raises(FredParseError, match="not JSON"):
        parse_observations_json(b'{"observations": [', "X")


def test_older_csv_header_and_since_and_cursor():
    table = parse_fredgraph_csv(b"DATE,GDP\n2020-01-01,1\n2020-04-01,2\n2020-07-01,.\n", "GDP")
    assert since(table, date(2020, 4, 1))["value"].to_pylist() == [2.0, None]
    # the cursor is the latest date with a value: a trailing "." is asked for again
    assert latest_valued_date(table) == date(2020, 4, 1)
    assert latest_valued_date(since(table, date(2020, 5, 1))) is None


def test_urls():
    assert observations_url("http://x/", "GDP", date(2020, 1, 2)) == (
        "http://x/fred/series/observations?series_id=GDP&file_type=json"
        "&observation_start=2020-01-02"
    )
    assert csv_url("https://fred.stlouisfed.org", "DGS10") == (
        "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10"
    )
    assert csv_url("https://fred.stlouisfed.org", "DGS10", date(2023, 5, 1)) == (
        "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10&cosd=2023-05-01"
    )


def test_seed_lists_the_required_series():
    required = {"DGS10", "DGS2", "T10Y2Y", "FEDFUNDS", "UNRATE", "CPIAUCSL", "CPILFESL", "GDP"}
    required |= {"GDPC1", "PAYEMS", "VIXCLS"}
    assert required <= set(seed_series())
    assert select_series([" dgs10", "DGS10", "gdp"]) == ["DGS10", "GDP"]
