-- One row per FRED series, observation date and value as first seen by a load (decision 041).
with

source as (

    {{ select_source_columns('macro', 'observation_vintages') }}

),

renamed as (

    select
        upper(series_id) as series_id,
        observation_date,
        value as observation_value,
        first_seen_at
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
