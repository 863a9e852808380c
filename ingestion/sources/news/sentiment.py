"""Sentiment of an article's title (+ summary) with two lexicon models shipped inside their
PyPI packages — nothing is downloaded at run time, and equal text always gets equal scores.

- `textblob_pattern`: TextBlob's PatternAnalyzer (the Pattern library's adjective lexicon):
  polarity in [-1, 1] and subjectivity in [0, 1].
- `vader`: VADER (Hutto & Gilbert 2014), tuned for short social-media text and headlines:
  `compound` in [-1, 1] as polarity, and the positive/neutral/negative shares of the text.

The installed package version is recorded beside every score.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from ingestion.sources.news.helpers import Article

TEXTBLOB_MODEL = "textblob_pattern"
VADER_MODEL = "vader"
#: model name -> the PyPI distribution whose version is recorded
MODEL_DISTRIBUTIONS = {TEXTBLOB_MODEL: "textblob", VADER_MODEL: "vaderSentiment"}

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SentimentScore:
    """One model's score of one article. Fields a model does not produce are None."""

    article_id: str
    model: str
    model_version: str
    scored_text: str  # "title" or "title_and_summary"
    polarity: float
    subjectivity: float | None = None
    positive_share: float | None = None
    neutral_share: float | None = None
    negative_share: float | None = None


def clean_text(text: str | None) -> str:
    """Entities decoded, tags dropped, whitespace collapsed (summaries may carry HTML)."""
    if not text:
        return ""
    return " ".join(_TAG.sub(" ", html.unescape(text)).split())


def sentiment_text(title: str, summary: str | None) -> tuple[str, str]:
    """(text to score, which fields it holds): the title, plus the summary when it adds text."""
    clean_title, clean_summary = clean_text(title), clean_text(summary)
    if clean_summary and clean_summary != clean_title:
        return f"{clean_title}\n{clean_summary}", "title_and_summary"
    return clean_title, "title"


@cache
def model_version(model: str) -> str:
    return version(MODEL_DISTRIBUTIONS[model])


@cache
def _textblob() -> Any:
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@cache
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def textblob_scores(text: str) -> tuple[float, float]:
    """(polarity, subjectivity) of PatternAnalyzer."""
    result = _textblob().analyze(text)
    return float(result.polarity), float(result.subjectivity)


def vader_scores(text: str) -> dict[str, float]:
    """VADER's `compound`, `pos`, `neu`, `neg` (all 0.0 for empty text)."""
    return {k: float(v) for k, v in _vader().polarity_scores(text).items()}


def score_article(article: Article) -> list[SentimentScore]:
    """Both models' scores of one article."""
    text, scored = sentiment_text(article.title, article.summary)
    polarity, subjectivity = textblob_scores(text)
    vader = vader_scores(text)
    return [
        SentimentScore(
            article.article_id,
            TEXTBLOB_MODEL,
            model_version(TEXTBLOB_MODEL),
            scored,
            polarity,
            subjectivity=subjectivity,
        ),
        SentimentScore(
            article.article_id,
            VADER_MODEL,
            model_version(VADER_MODEL),
            scored,
            vader["compound"],
            positive_share=vader["pos"],
            neutral_share=vader["neu"],
            negative_share=vader["neg"],
        ),
    ]
