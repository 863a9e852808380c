-- No forward-filling (severity error): a month after a series' latest valued observation has
-- NULL for every measure read from that series. Returns the offending month and measure.
with

latest as (

    select
        series_id,
        max(observation_date) as latest_date
    from {{ ref('fct_macro_observations') }}
    where observation_value is not null
    group by series_id

),

monthly as (

    select * from {{ ref('fct_macro_monthly') }}

),

measures as (

    select
        month_start_date,
        'DGS10' as series_id,
        treasury_10y_yield as measure_value
    from monthly
    union all
    select
        month_start_date,
        'DGS2' as series_id,
        treasury_2y_yield as measure_value
    from monthly
    union all
    select
        month_start_date,
        'T10Y2Y' as series_id,
        spread_10y_2y as measure_value
    from monthly
    union all
    select
        month_start_date,
        'FEDFUNDS' as series_id,
        fed_funds_rate as measure_value
    from monthly
    union all
    select
        month_start_date,
        'UNRATE' as series_id,
        unemployment_rate as measure_value
    from monthly
    union all
    select
        month_start_date,
        'CPIAUCSL' as series_id,
        cpi_yoy_pct as measure_value
    from monthly
    union all
    select
        month_start_date,
        'CPILFESL' as series_id,
        core_cpi_yoy_pct as measure_value
    from monthly
    union all
    select
        month_start_date,
        'PAYEMS' as series_id,
        payrolls_change as measure_value
    from monthly
    union all
    select
        month_start_date,
        'VIXCLS' as series_id,
        vix_close as measure_value
    from monthly

)

select
    measures.series_id,
    measures.month_start_date,
    measures.measure_value,
    latest.latest_date
from measures
left join latest
    on measures.series_id = latest.series_id
where
    measures.measure_value is not null
    and (latest.latest_date is null or measures.month_start_date > latest.latest_date)
