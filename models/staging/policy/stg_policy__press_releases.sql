with

source as (

    {{ select_source_columns('policy', 'press_releases') }}

),

renamed as (

    select
        release_id,
        guid,
        link as release_url,
        title as release_title,
        description as release_description,
        categories,
        published_at,
        release_date,
        release_kind,
        decision,
        change_bp,
        target_range_lower_pct,
        target_range_upper_pct,
        decision_text
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
