-- Known answer (severity error): the 10-year Treasury yield (DGS10) on 2020-03-09 was 0.54 %.
-- Applies only when DGS10 was loaded; returns the row if it is missing or differs.
with

dgs10 as (

    select
        observation_date,
        observation_value
    from {{ ref('fct_macro_observations') }}
    where series_id = 'DGS10'

),

loaded as (

    select count(*) as observations
    from dgs10
    having count(*) > 0

),

target_day as (

    select observation_value
    from dgs10
    where observation_date = date '2020-03-09'

)

select
    loaded.observations,
    target_day.observation_value
from loaded
left join target_day
    on true
where target_day.observation_value is null or abs(target_day.observation_value - 0.54) > 1e-9
