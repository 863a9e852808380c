with

source as (

    {{ select_source_columns('market', 'splits') }}

),

renamed as (

    select
        symbol,
        split_date,
        numerator as split_numerator,
        denominator as split_denominator,
        ratio as split_ratio,
        numerator / nullif(denominator, 0) as split_factor
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
