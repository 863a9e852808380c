-- Known answer (severity error): CPI inflation for June 2022 is 9.0 % year over year
-- (CPIAUCSL 295.072 / 270.71 - 1, rounded to one decimal). Applies only when CPIAUCSL has both
-- 2022-06-01 and 2021-06-01; returns the month if fct_macro_monthly disagrees.
with

observed as (

    select max(observation_date) as observation_date
    from {{ ref('fct_macro_observations') }}
    where
        series_id = 'CPIAUCSL'
        and observation_date in (date '2021-06-01', date '2022-06-01')
        and observation_value is not null
    having count(*) = 2

),

monthly as (

    select
        month_start_date,
        cpi_yoy_pct
    from {{ ref('fct_macro_monthly') }}

)

select
    observed.observation_date,
    monthly.cpi_yoy_pct
from observed
left join monthly
    on observed.observation_date = monthly.month_start_date
where monthly.cpi_yoy_pct is null or round(monthly.cpi_yoy_pct, 1) != 9.0
