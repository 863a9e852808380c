-- Integrity (severity error): sentiment is scored at ingest for every article, by both models.
-- Returns the articles missing a score of either model.
with

articles as (

    select article_id from {{ ref('stg_news__articles') }}

),

models as (

    select 'textblob_pattern' as model_name
    union all
    select 'vader' as model_name

),

sentiment as (

    select
        article_id,
        sentiment_model
    from {{ ref('stg_news__article_sentiment') }}

)

select
    articles.article_id,
    models.model_name
from articles
cross join models
left join sentiment
    on
        articles.article_id = sentiment.article_id
        and models.model_name = sentiment.sentiment_model
where sentiment.article_id is null
