with

source as (

    {{ select_source_columns('news', 'articles') }}

),

renamed as (

    select
        article_id,
        provider,
        provider_article_id,
        title,
        summary,
        publisher,
        url as article_url,
        -- UTC wall-clock time, whatever the session's time zone
        published_at at time zone 'UTC' as published_at,
        content_type,
        image_url
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
