with

source as (

    {{ select_source_columns('sec', 'sp500_constituents') }}

),

renamed as (

    select
        symbol as ticker,
        cik,
        security as security_name,
        gics_sector,
        gics_sub_industry,
        headquarters_location,
        date_added as added_date,
        founded
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
