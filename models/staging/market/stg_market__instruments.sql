with

source as (

    {{ select_source_columns('market', 'instruments') }}

),

renamed as (

    select
        symbol,
        currency,
        -- prices quoted in a currency's minor unit (GBp = pence); kept as quoted, never converted
        coalesce(currency in ('GBp', 'GBX', 'ZAc', 'ILA'), false) as is_minor_currency_unit,
        exchange as exchange_code,
        exchange_name,
        instrument_type,
        timezone as exchange_timezone,
        timezone_abbreviation,
        first_trade_date,
        long_name,
        short_name,
        price_hint
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
