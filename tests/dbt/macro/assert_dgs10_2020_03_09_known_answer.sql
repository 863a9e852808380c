-- Known answer (severity error): the 10-year Treasury yield (DGS10) on 2020-03-09 was 0.54 %.
-- Applies only when the loaded DGS10 observations span that day; returns the row if it is missing
-- or differs.
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
    having min(observation_date) <= date '2020-03-09' and max(observation_date) >= date '2020-03-09'

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
