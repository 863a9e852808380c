-- Known answer (severity error): UNRATE for April 2020 is 14.8 %. Applies only when UNRATE has an
-- observation for 2020-04-01; returns the month if fct_macro_monthly disagrees.
with

observed as (

    select observation_date
    from {{ ref('fct_macro_observations') }}
    where series_id = 'UNRATE' and observation_date = date '2020-04-01'

),

monthly as (

    select
        month_start_date,
        unemployment_rate
    from {{ ref('fct_macro_monthly') }}

)

select
    observed.observation_date,
    monthly.unemployment_rate
from observed
left join monthly
    on observed.observation_date = monthly.month_start_date
where monthly.unemployment_rate is null or abs(monthly.unemployment_rate - 14.8) > 1e-9
