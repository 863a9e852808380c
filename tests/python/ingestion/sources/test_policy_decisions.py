"""Rate decisions read from real FOMC statement sentences (federalreserve.gov press releases)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ingestion.sources.policy.decisions import (
    RateDecision,
    extract_rate_decision,
    normalize_text,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-1/4", Fraction(21, 4)),
        ("1/4", Fraction(1, 4)),
        ("0", Fraction(0)),
        ("5", Fraction(5)),
        ("4-3/4", Fraction(19, 4)),
        ("1\u20111/4", Fraction(5, 4)),  # non-breaking hyphen, as in the 2020-03-03 statement
        ("5¼", Fraction(21, 4)),
        ("½", Fraction(1, 2)),
        ("5.25", Fraction(21, 4)),
        ("one-half", Fraction(1, 2)),
        ("three-quarters", Fraction(3, 4)),
        ("2 1/2", Fraction(5, 2)),
    ],
)
def test_parse_number(text: str, expected: Fraction) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "five", "1/0", "5-", "percent"])
def test_parse_number_rejects_what_is_not_a_rate(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def _decision(text: str) -> tuple[object, ...]:
    found = extract_rate_decision(text)
    assert found is not None, text
    return (found.decision, found.change_bp, found.target_lower_pct, found.target_upper_pct)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2015-12-16, the first increase since 2006: the size is not stated
        (
            "Given the economic outlook, and recognizing the time it takes for policy actions to "
            "affect future economic outcomes, the Committee decided to raise the target range for "
            "the federal funds rate to 1/4 to 1/2 percent.",
            ("hike", None, 0.25, 0.5),
        ),
        # 2023-07-26
        (
            "In support of its goals, the Committee decided to raise the target range for the "
            "federal funds rate to 5-1/4 to 5-1/2 percent.",
            ("hike", None, 5.25, 5.5),
        ),
        # 2024-09-18
        (
            "In light of the progress on inflation and the balance of risks, the Committee decided "
            "to lower the target range for the federal funds rate by 1/2 percentage point to 4-3/4 "
            "to 5 percent.",
            ("cut", -50, 4.75, 5.0),
        ),
        # 2020-03-03 (unscheduled), with the comma and non-breaking hyphen of the release
        (
            "In light of these risks and in support of achieving its maximum employment and price "
            "stability goals, the Federal Open Market Committee decided today to lower the target "
            "range for the federal funds rate by 1/2 percentage point, to 1 to 1\u20111/4 percent.",
            ("cut", -50, 1.0, 1.25),
        ),
        # 2020-03-15 (unscheduled Sunday meeting)
        (
            "In light of these developments, the Committee decided to lower the target range for "
            "the federal funds rate to 0 to 1/4 percent.",
            ("cut", None, 0.0, 0.25),
        ),
        # 2024-07-31
        (
            "In support of its goals, the Committee decided to maintain the target range for the "
            "federal funds rate at 5-1/4 to 5-1/2 percent.",
            ("hold", 0, 5.25, 5.5),
        ),
        # 2014-12-17: the hold is stated as "remains appropriate"
        (
            "To support continued progress toward maximum employment and price stability, the "
            "Committee today reaffirmed its view that the current 0 to 1/4 percent target range "
            "for the federal funds rate remains appropriate.",
            ("hold", 0, 0.0, 0.25),
        ),
        # 2024-12-18
        (
            "In support of its goals, the Committee decided to lower the target range for the "
            "federal funds rate by 1/4 percentage point to 4-1/4 to 4-1/2 percent.",
            ("cut", -25, 4.25, 4.5),
        ),
        # 2007-09-18, a single target and no "by"
        (
            "The Federal Open Market Committee decided today to lower its target for the federal "
            "funds rate 50 basis points to 4-3/4 percent.",
            ("cut", -50, 4.75, 4.75),
        ),
        # 2006-06-29
        (
            "The Federal Open Market Committee decided today to raise its target for the federal "
            "funds rate by 25 basis points to 5-1/4 percent.",
            ("hike", 25, 5.25, 5.25),
        ),
        # words and markup-free unicode are read the same way
        (
            "The Committee decided to lower the target range for the federal funds rate by "
            "one-half percentage point to 4¾ to 5 percent.",
            ("cut", -50, 4.75, 5.0),
        ),
    ],
)
def test_extract_rate_decision_from_real_statements(
    text: str, expected: tuple[object, ...]
) -> None:
    assert _decision(text) == expected


def test_the_decision_wins_over_a_later_dissent() -> None:
    # 2019-07-31: two members preferred to hold; the Committee cut
    text = (
        "In light of the implications of global developments for the economic outlook as well as "
        "muted inflation pressures, the Committee decided to lower the target range for the "
        "federal funds rate to 2 to 2-1/4 percent. ... Voting against the action were Esther L. "
        "George and Eric S. Rosengren, who preferred at this meeting to maintain the target range "
        "for the federal funds rate at 2-1/4 to 2-1/2 percent."
    )
    found = extract_rate_decision(text)
    assert found == RateDecision(
        "cut",
        None,
        2.0,
        2.25,
        "decided to lower the target range for the federal funds rate to 2 to 2-1/4 percent",
    )


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Federal Reserve issues FOMC statement",  # the feed's description is often the title
        # a dissent alone is not a decision
        "Voting against the action was Esther L. George, who preferred to maintain the target "
        "range for the federal funds rate at 1/4 to 1/2 percent.",
        # forward guidance is not a decision
        "The Committee judges that some further policy firming may be appropriate in order to "
        "return inflation to 2 percent over time.",
        # 2008-12-16: "establish" states no direction; say nothing rather than guess a cut
        "The Federal Open Market Committee decided today to establish a target range for the "
        "federal funds rate of 0 to 1/4 percent.",
    ],
)
def test_no_decision_where_the_text_states_none(text: str | None) -> None:
    assert extract_rate_decision(text) is None


def test_a_range_written_backwards_is_not_guessed() -> None:
    found = extract_rate_decision(
        "the Committee decided to raise the target range for the federal funds rate to 5-1/2 to "
        "5-1/4 percent."
    )
    assert found is not None and found.decision == "hike"
    assert (found.target_lower_pct, found.target_upper_pct) == (None, None)


def test_normalize_text() -> None:
    assert normalize_text("To  5\u20111/4\nTO 5½ Percent") == "to 5-1/4 to 5-1/2 percent"
