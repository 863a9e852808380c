with

source as (

    {{ select_source_columns(
        'macro', 'observations',
        source_column_types('macro', 'observations') + [['_dlt_load_id', 'varchar']]
    ) }}

),

renamed as (

    select
        upper(series_id) as series_id,
        observation_date,
        value as observation_value,
        -- when the load that last wrote the row ran (dlt load ids are Unix timestamps)
        to_timestamp(cast(_dlt_load_id as double precision)) as loaded_at
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
