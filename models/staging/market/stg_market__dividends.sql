with

source as (

    {{ select_source_columns('market', 'dividends') }}

),

renamed as (

    select
        symbol,
        ex_date,
        amount as dividend_amount
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
