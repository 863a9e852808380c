-- One row per ticker, UTC publish date and sentiment model that has at least one article.
-- Days without articles have no row and add nothing to the 7-day window: the rolling mean is
-- the mean over every article published in the 7 calendar days [date - 6, date], each article
-- weighted once (not a mean of daily means), so a quiet week rests on the few articles it had.
with

articles as (

    select * from {{ ref('stg_news__articles') }}

),

article_tickers as (

    select * from {{ ref('stg_news__article_tickers') }}

),

sentiment as (

    select * from {{ ref('stg_news__article_sentiment') }}

),

scored as (

    select
        article_tickers.ticker,
        cast(articles.published_at as date) as published_date,
        sentiment.sentiment_model,
        sentiment.model_version,
        sentiment.polarity,
        sentiment.subjectivity
    from article_tickers
    inner join articles
        on article_tickers.article_id = articles.article_id
    inner join sentiment
        on article_tickers.article_id = sentiment.article_id

),

daily as (

    select
        ticker,
        published_date,
        sentiment_model,
        string_agg(distinct model_version, ',' order by model_version) as model_versions,
        count(*) as article_count,
        sum(polarity) as sentiment_sum,
        avg(polarity) as sentiment_mean,
        min(polarity) as sentiment_min,
        max(polarity) as sentiment_max,
        avg(subjectivity) as subjectivity_mean
    from scored
    group by ticker, published_date, sentiment_model

),

rolling as (

    select
        *,
        sum(article_count) over last_7_days as article_count_7d,
        sum(sentiment_sum) over last_7_days as sentiment_sum_7d
    from daily
    window last_7_days as (
        partition by ticker, sentiment_model
        order by published_date
        range between interval 6 days preceding and current row
    )

),

final as (

    select
        ticker,
        published_date,
        sentiment_model,
        model_versions,
        article_count,
        sentiment_mean,
        sentiment_min,
        sentiment_max,
        subjectivity_mean,
        article_count_7d,
        sentiment_sum_7d / article_count_7d as sentiment_mean_7d
    from rolling

)

select * from final
