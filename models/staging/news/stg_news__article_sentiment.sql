with

source as (

    {{ select_source_columns('news', 'article_sentiment') }}

),

renamed as (

    select
        article_id,
        model as sentiment_model,
        model_version,
        scored_text,
        polarity,
        subjectivity,
        positive_share,
        neutral_share,
        negative_share
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
