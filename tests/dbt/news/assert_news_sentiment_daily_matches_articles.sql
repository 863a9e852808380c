-- Reconciliation (severity error): fct_news_sentiment_daily recomputed from fct_news_articles
-- without window functions — daily count, mean, min, max, and the 7-day article-weighted mean
-- as a self-join over [date - 6, date]. Returns every day where the mart disagrees or that
-- exists on one side only.
with

articles as (

    select
        ticker,
        published_date,
        'vader' as sentiment_model,
        vader_compound as score
    from {{ ref('fct_news_articles') }}
    union all
    select
        ticker,
        published_date,
        'textblob_pattern' as sentiment_model,
        textblob_polarity as score
    from {{ ref('fct_news_articles') }}

),

daily as (

    select
        ticker,
        published_date,
        sentiment_model,
        count(*) as article_count,
        avg(score) as sentiment_mean,
        min(score) as sentiment_min,
        max(score) as sentiment_max
    from articles
    group by ticker, published_date, sentiment_model

),

expected as (

    select
        daily.ticker,
        daily.published_date,
        daily.sentiment_model,
        daily.article_count,
        daily.sentiment_mean,
        daily.sentiment_min,
        daily.sentiment_max,
        count(*) as article_count_7d,
        avg(window_articles.score) as sentiment_mean_7d
    from daily
    inner join articles as window_articles
        on
            daily.ticker = window_articles.ticker
            and daily.sentiment_model = window_articles.sentiment_model
            and window_articles.published_date
            between daily.published_date - 6 and daily.published_date
    group by
        daily.ticker,
        daily.published_date,
        daily.sentiment_model,
        daily.article_count,
        daily.sentiment_mean,
        daily.sentiment_min,
        daily.sentiment_max

),

actual as (

    select * from {{ ref('fct_news_sentiment_daily') }}

)

select
    coalesce(expected.ticker, actual.ticker) as ticker,
    coalesce(expected.published_date, actual.published_date) as published_date,
    coalesce(expected.sentiment_model, actual.sentiment_model) as sentiment_model,
    expected.article_count as expected_count,
    actual.article_count as actual_count,
    expected.sentiment_mean_7d as expected_mean_7d,
    actual.sentiment_mean_7d as actual_mean_7d
from expected
full outer join actual
    on
        expected.ticker = actual.ticker
        and expected.published_date = actual.published_date
        and expected.sentiment_model = actual.sentiment_model
where
    expected.ticker is null
    or actual.ticker is null
    or expected.article_count != actual.article_count
    or expected.article_count_7d != actual.article_count_7d
    or abs(expected.sentiment_mean - actual.sentiment_mean) > 1e-12
    or expected.sentiment_min != actual.sentiment_min
    or expected.sentiment_max != actual.sentiment_max
    or abs(expected.sentiment_mean_7d - actual.sentiment_mean_7d) > 1e-12
