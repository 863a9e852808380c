with

source as (

    {{ select_source_columns('macro', 'observations') }}

),

renamed as (

    select
        upper(series_id) as series_id,
        observation_date,
        value as observation_value
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
