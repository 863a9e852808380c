with

observations as (

    select * from {{ ref('stg_macro__observations') }}

),

series as (

    select * from {{ ref('macro_series') }}

),

final as (

    select
        observations.series_id,
        observations.observation_date,
        observations.observation_value,
        observations.observation_value is null as is_missing,
        series.title as series_title,
        series.frequency,
        series.units
    from observations
    left join series
        on observations.series_id = series.series_id

)

select * from final
