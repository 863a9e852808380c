-- FRED revisions (reconciliation check `macro_revisions`, level info, decision 041): every
-- observation whose value a later load saw changed from the value an earlier load had seen
-- (fct_macro_observations_history). FRED revises routinely (payrolls for two months, GDP for
-- years), so a revision is a fact about the source to know, not a fault: observations shows
-- the latest value, and the history keeps the earlier one with when each was first seen. A
-- first value where FRED had none ("." or a blank) is a publication, not a revision.
-- Key `series_id observation_date v<version>`; affected_rows 1.

with

history as (

    select * from {{ ref('fct_macro_observations_history') }}

),

revisions as (

    select
        series_id,
        observation_date,
        version_number,
        previous_value,
        observation_value as revised_value,
        observation_value - previous_value as revision,
        previous_first_seen_at,
        first_seen_at as revised_first_seen_at
    from history
    where is_revision

),

final as (

    select
        'macro_revisions' as check_name,
        series_id || ' ' || cast(observation_date as varchar) || ' v'
        || cast(version_number as varchar) as affected_key,
        1 as affected_rows,
        series_id || ' ' || cast(observation_date as varchar) || ': '
        || cast(previous_value as varchar) || ' (first seen '
        || cast(cast(previous_first_seen_at at time zone 'UTC' as date) as varchar)
        || ') revised to ' || coalesce(cast(revised_value as varchar), 'no value')
        || ' (first seen '
        || cast(cast(revised_first_seen_at at time zone 'UTC' as date) as varchar) || ')'
        || coalesce(
            '; change ' || case when revision >= 0 then '+' else '' end
            || cast(round(revision, 6) as varchar),
            ''
        ) as detail,
        series_id,
        observation_date,
        version_number,
        previous_value,
        revised_value,
        revision,
        previous_first_seen_at,
        revised_first_seen_at
    from revisions

)

select * from final
