with

source as (

    {{ select_source_columns('policy', 'press_releases', [
        ['release_id', 'varchar'],
        ['guid', 'varchar'],
        ['link', 'varchar'],
        ['title', 'varchar'],
        ['description', 'varchar'],
        ['categories', 'varchar'],
        ['published_at', 'timestamp with time zone'],
        ['release_date', 'date'],
        ['release_kind', 'varchar'],
        ['decision', 'varchar'],
        ['change_bp', 'integer'],
        ['target_range_lower_pct', 'double precision'],
        ['target_range_upper_pct', 'double precision'],
        ['decision_text', 'varchar'],
    ]) }}

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
