"""The federal funds rate decision an FOMC statement announces, read from its text; no I/O.

Only what a sentence says is returned: the direction from its verb ("raise", "lower",
"maintain"), the size from "by 1/2 percentage point" / "by 50 basis points", the target range
after the meeting from "to 5-1/4 to 5-1/2 percent". Anything the text does not state is None —
never inferred (docs/raw_policy.md). Dissents ("preferred to lower ...") and forward guidance
("it will be appropriate to maintain ...") are not decisions: a decision sentence says
"decided to", or (2014) that the current range "remains appropriate".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

HIKE, CUT, HOLD = "hike", "cut", "hold"

_VERB_DECISION = {
    "raise": HIKE,
    "increase": HIKE,
    "lower": CUT,
    "reduce": CUT,
    "decrease": CUT,
    "cut": CUT,
    "maintain": HOLD,
    "keep": HOLD,
    "leave": HOLD,
}

_WORD_NUMBERS = {
    "one-quarter": Fraction(1, 4),
    "one quarter": Fraction(1, 4),
    "a quarter": Fraction(1, 4),
    "one-half": Fraction(1, 2),
    "one half": Fraction(1, 2),
    "a half": Fraction(1, 2),
    "three-quarters": Fraction(3, 4),
    "three quarters": Fraction(3, 4),
}
_UNICODE_FRACTIONS = {"¼": "1/4", "½": "1/2", "¾": "3/4"}

# "5-1/4", "5 1/4", "1/4", "5", "5.25", "one-half"; the longest alternatives first
_NUM = (
    r"(?:\d+(?:\.\d+)?(?:[- ]\d/\d)?(?!\d)|\d/\d"
    + "".join(f"|{re.escape(w)}" for w in sorted(_WORD_NUMBERS, key=len, reverse=True))
    + ")"
)
_VERB = r"(?P<verb>" + "|".join(_VERB_DECISION) + r")"
# "by 1/2 percentage point"; before 2008 also without "by": "lower its target ... 50 basis points"
_SIZE = rf"(?: (?:by )?(?P<by>{_NUM}) (?P<unit>percentage points?|basis points?))?"
_RANGE = rf"(?P<lo>{_NUM}) to (?P<hi>{_NUM}) percent"

_PATTERNS = (
    # 2008-: "decided to raise the target range for the federal funds rate to 5-1/4 to 5-1/2
    # percent", "... lower ... by 1/2 percentage point, to 1 to 1-1/4 percent", "maintain ... at"
    re.compile(
        rf"decided (?:today )?to {_VERB} the target range for the federal funds rate"
        rf"{_SIZE},?(?: (?:to|at) {_RANGE})?"
    ),
    # 2014: "the current 0 to 1/4 percent target range for the federal funds rate remains
    # appropriate"
    re.compile(rf"{_RANGE} target range for the federal funds rate remains appropriate"),
    # before 2008, a single target: "decided today to lower its target for the federal funds
    # rate 50 basis points to 4-3/4 percent", "decided today to keep its target ... at 5-1/4"
    re.compile(
        rf"decided (?:today )?to {_VERB} its target for the federal funds rate"
        rf"{_SIZE},?(?: (?:to|at) (?P<target>{_NUM}) percent)?"
    ),
)


@dataclass(frozen=True)
class RateDecision:
    """A decision as stated: any part the sentence leaves out is None."""

    decision: str | None  # hike | cut | hold
    change_bp: int | None  # signed; 0 for a hold
    target_lower_pct: float | None
    target_upper_pct: float | None
    sentence: str  # the words the decision was read from


def normalize_text(text: str) -> str:
    """Lower case, single spaces, ASCII hyphens, unicode fractions spelled "5-1/4"."""
    cleaned = re.sub(r"[\u2010\u2011\u2012\u2013\u00ad]", "-", text)
    cleaned = cleaned.replace("\u2044", "/")  # fraction slash
    cleaned = re.sub(
        r"(\d?)([¼½¾])",
        lambda m: (m.group(1) + "-" if m.group(1) else "") + _UNICODE_FRACTIONS[m.group(2)],
        cleaned,
    )
    return " ".join(cleaned.lower().split())


def parse_number(text: str) -> Fraction:
    """ "5-1/4" -> 21/4, "1/4" -> 1/4, "5" -> 5, "5.25" -> 21/4, "one-half" -> 1/2."""
    cleaned = normalize_text(text)
    if cleaned in _WORD_NUMBERS:
        return _WORD_NUMBERS[cleaned]
    match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)[- ])?(\d+)/(\d+)|(\d+(?:\.\d+)?)", cleaned)
    if match is None:
        raise ValueError(f"not a rate: {text!r}")
    whole, numerator, denominator, plain = match.groups()
    if plain is not None:
        return Fraction(plain)
    if int(denominator) == 0:
        raise ValueError(f"not a rate: {text!r}")
    return Fraction(whole or 0) + Fraction(int(numerator), int(denominator))


def extract_rate_decision(text: str | None) -> RateDecision | None:
    """The first decision sentence in `text`, or None when the text announces none."""
    if not text:
        return None
    normalized = normalize_text(text)
    found = [m for pattern in _PATTERNS if (m := pattern.search(normalized))]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    return _decision(match)


def _decision(match: re.Match[str]) -> RateDecision:
    groups = match.groupdict()
    verb = groups.get("verb")
    decision = _VERB_DECISION[verb] if verb else HOLD  # "remains appropriate" is a hold
    lower, upper = _bounds(groups)
    return RateDecision(
        decision=decision,
        change_bp=_change_bp(decision, groups.get("by"), groups.get("unit")),
        target_lower_pct=lower,
        target_upper_pct=upper,
        sentence=match.group(0),
    )


def _bounds(groups: dict[str, str | None]) -> tuple[float | None, float | None]:
    if groups.get("target"):
        target = float(parse_number(groups["target"] or ""))
        return target, target
    if not (groups.get("lo") and groups.get("hi")):
        return None, None
    lower, upper = parse_number(groups["lo"] or ""), parse_number(groups["hi"] or "")
    if lower > upper:  # not a range as written; say nothing rather than guess
        return None, None
    return float(lower), float(upper)


def _change_bp(decision: str, size: str | None, unit: str | None) -> int | None:
    if decision == HOLD:
        return 0
    if size is None or unit is None:
        return None  # "raise ... to 5-1/4 to 5-1/2 percent" does not say by how much
    amount = parse_number(size) * (100 if unit.startswith("percentage") else 1)
    if amount.denominator != 1:
        return None
    return int(amount) if decision == HIKE else -int(amount)
