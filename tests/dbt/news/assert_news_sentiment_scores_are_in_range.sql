-- Integrity (severity error): every score lies in its model's documented range — polarity and
-- VADER compound in [-1, 1], TextBlob subjectivity and VADER shares in [0, 1], VADER shares
-- summing to 1 (or all 0 for empty text) — and each model fills exactly its own columns.
-- Returns the violating scores.
with

sentiment as (

    select * from {{ ref('stg_news__article_sentiment') }}

)

select
    article_id,
    sentiment_model,
    polarity,
    subjectivity,
    positive_share,
    neutral_share,
    negative_share
from sentiment
where
    polarity not between -1 and 1
    or (
        sentiment_model = 'textblob_pattern'
        and (
            subjectivity is null
            or subjectivity not between 0 and 1
            or coalesce(positive_share, neutral_share, negative_share) is not null
        )
    )
    or (
        sentiment_model = 'vader'
        and (
            subjectivity is not null
            or positive_share not between 0 and 1
            or neutral_share not between 0 and 1
            or negative_share not between 0 and 1
            or (
                abs(positive_share + neutral_share + negative_share - 1) > 0.002
                and positive_share + neutral_share + negative_share != 0
            )
        )
    )
