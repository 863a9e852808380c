with

source as (

    {{ select_source_columns('news', 'article_sentiment', [
        ['article_id', 'varchar'],
        ['model', 'varchar'],
        ['model_version', 'varchar'],
        ['scored_text', 'varchar'],
        ['polarity', 'double precision'],
        ['subjectivity', 'double precision'],
        ['positive_share', 'double precision'],
        ['neutral_share', 'double precision'],
        ['negative_share', 'double precision'],
    ]) }}

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
