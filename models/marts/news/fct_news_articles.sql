-- One row per article and linked ticker, with both models' sentiment beside it. An article
-- without any linked ticker (Yahoo answers some general market news untagged) has no row here.
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

textblob as (

    select
        article_id,
        model_version,
        polarity,
        subjectivity
    from sentiment
    where sentiment_model = 'textblob_pattern'

),

vader as (

    select
        article_id,
        model_version,
        scored_text,
        polarity
    from sentiment
    where sentiment_model = 'vader'

),

final as (

    select
        article_tickers.article_id,
        article_tickers.ticker,
        article_tickers.link_basis,
        articles.provider,
        articles.published_at,
        cast(articles.published_at as date) as published_date,
        articles.title,
        articles.summary,
        articles.publisher,
        articles.article_url,
        articles.content_type,
        vader.scored_text,
        vader.polarity as vader_compound,
        textblob.polarity as textblob_polarity,
        textblob.subjectivity as textblob_subjectivity,
        vader.model_version as vader_version,
        textblob.model_version as textblob_version
    from article_tickers
    inner join articles
        on article_tickers.article_id = articles.article_id
    left join vader
        on article_tickers.article_id = vader.article_id
    left join textblob
        on article_tickers.article_id = textblob.article_id

)

select * from final
