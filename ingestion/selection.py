"""Which companies a run is about: named universes and `--tickers` resolved to SEC filers.

Shared by the pipelines and the sources they feed, so no source imports another for its universes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Fixed named universes (`--universe mag7`).
UNIVERSES: dict[str, tuple[str, ...]] = {
    "mag7": ("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"),
}
#: Universes resolved from a constituents file rather than a fixed list.
DYNAMIC_UNIVERSES = ("sp500",)


class UnknownTickerError(ValueError):
    """Selected tickers that the SEC ticker map does not know."""


@dataclass(frozen=True)
class Company:
    """One SEC filer, named by the ticker it was selected with."""

    cik: int
    ticker: str


def normalize_ticker(ticker: str) -> str:
    """SEC spells share classes with a dash (BRK-B); accept BRK.B and lower case too."""
    return ticker.strip().upper().replace(".", "-")


def named_universe(source: str, universe: str | None) -> list[str]:
    """The tickers of a fixed named universe; anything else is an error naming `source`."""
    if universe in UNIVERSES:
        return list(UNIVERSES[universe])
    raise ValueError(
        f"{source}: universe {universe!r} is not supported; choose --tickers A,B or "
        f"--universe {', '.join(UNIVERSES)}"
    )


def select_companies(
    ticker_rows: Sequence[dict[str, Any]],
    tickers: Sequence[str] | None = None,
    universe: str | None = None,
    sp500_rows: Sequence[dict[str, Any]] | None = None,
) -> list[Company]:
    """Resolve `--tickers` or `--universe` to CIKs; unknown tickers raise, naming each one."""
    by_ticker = {row["ticker"]: row["cik"] for row in ticker_rows}
    typed: dict[str, str] = {}
    if tickers:
        for text in tickers:
            if text.strip():
                typed.setdefault(normalize_ticker(text), text.strip())
        wanted = list(typed)
    elif universe in UNIVERSES:
        wanted = list(UNIVERSES[universe])
    elif universe == "sp500":
        if not sp500_rows:
            raise UnknownTickerError("universe sp500: the constituents CSV is empty or missing")
        # The constituents file carries CIKs itself: trust them over a ticker lookup.
        return _one_per_cik(Company(cik=row["cik"], ticker=row["symbol"]) for row in sp500_rows)
    else:
        choices = ", ".join([*UNIVERSES, *DYNAMIC_UNIVERSES])
        raise UnknownTickerError(f"unknown universe {universe!r} (choose one of: {choices})")
    unknown = [t for t in wanted if t not in by_ticker]
    if unknown:
        raise UnknownTickerError(
            f"unknown ticker{'s' if len(unknown) > 1 else ''}: "
            f"{', '.join(_as_typed(t, typed) for t in unknown)} "
            "(not in the SEC company ticker map)"
        )
    return _one_per_cik(Company(cik=by_ticker[t], ticker=t) for t in wanted)


def _as_typed(ticker: str, typed: Mapping[str, str]) -> str:
    """`ticker` as the user typed it, with the SEC spelling it was looked up as when different."""
    text = typed.get(ticker, ticker)
    return text if text == ticker else f"{text} (as {ticker})"


def _one_per_cik(companies: Iterable[Company]) -> list[Company]:
    """Share classes (BRK-A, BRK-B; GOOG, GOOGL) are one filer: fetch and load it once."""
    seen: dict[int, Company] = {}
    for company in companies:
        seen.setdefault(company.cik, company)
    return list(seen.values())
