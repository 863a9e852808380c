with

source as (

    {{ select_source_columns('sec', 'companies') }}

),

renamed as (

    select
        cik,
        name as company_name,
        entity_type,
        sic,
        sic_description,
        fiscal_year_end,
        cast(substr(fiscal_year_end, 1, 2) as integer) as fiscal_year_end_month,
        cast(substr(fiscal_year_end, 3, 2) as integer) as fiscal_year_end_day,
        state_of_incorporation,
        category as filer_category,
        ein,
        tickers,
        exchanges
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
