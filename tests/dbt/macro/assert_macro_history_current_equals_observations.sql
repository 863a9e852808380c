-- Integrity (error, decision 025): the current version of every series and date in
-- fct_macro_observations_history is the value fct_macro_observations shows, and each has one
-- current version. A difference means a load changed `observations` without adding the vintage
-- (decision 041): a revision overwritten, not kept. Returns the disagreeing keys.

with

history as (

    select * from {{ ref('fct_macro_observations_history') }}
    where is_current

),

observations as (

    select * from {{ ref('fct_macro_observations') }}

),

current_versions as (

    select
        series_id,
        observation_date,
        count(*) as current_versions,
        max(observation_value) as observation_value
    from history
    group by series_id, observation_date

),

compared as (

    select
        coalesce(observations.series_id, current_versions.series_id) as series_id,
        coalesce(observations.observation_date, current_versions.observation_date)
            as observation_date,
        observations.series_id is not null as is_in_observations,
        observations.observation_value as observed_value,
        current_versions.observation_value as current_version_value,
        coalesce(current_versions.current_versions, 0) as current_versions
    from observations
    full outer join current_versions
        on
            observations.series_id = current_versions.series_id
            and observations.observation_date = current_versions.observation_date

)

select * from compared
where
    current_versions <> 1
    or not is_in_observations
    or observed_value is distinct from current_version_value
