-- One row per FRED series, observation date and version: the point-in-time history of
-- fct_macro_observations (decision 041). A version is a value first seen by a load that differs
-- from the previous one seen for its date (raw_macro observation_vintages); a vintage equal to
-- the one before it is the same version seen again. `valid_from` is the UTC date the version
-- was first seen, `valid_to` the next version's, so "as known on D" is
-- `valid_from <= D and (valid_to is null or valid_to > D)` (the as_of macro), as for filings.
-- Observations loaded before vintages were kept have no vintage: their value is one version,
-- known from the load that last wrote it.

with

vintages as (

    select * from {{ ref('stg_macro__observation_vintages') }}

),

observations as (

    select * from {{ ref('stg_macro__observations') }}

),

vintages_compared as (

    select
        series_id,
        observation_date,
        observation_value,
        first_seen_at,
        row_number() over seen as seen_number,
        lag(observation_value) over seen as previous_seen_value
    from vintages
    window seen as (partition by series_id, observation_date order by first_seen_at)

),

versions_from_vintages as (

    select
        series_id,
        observation_date,
        observation_value,
        first_seen_at,
        'vintage' as known_from
    from vintages_compared
    where seen_number = 1 or observation_value is distinct from previous_seen_value

),

versions_from_loads as (

    select
        series_id,
        observation_date,
        observation_value,
        loaded_at as first_seen_at,
        'load before vintages' as known_from
    from observations
    where not exists (
        select 1
        from vintages
        where
            vintages.series_id = observations.series_id
            and vintages.observation_date = observations.observation_date
    )

),

versions as (

    select * from versions_from_vintages
    union all
    select * from versions_from_loads

),

numbered as (

    select
        *,
        row_number() over history as version_number,
        lag(observation_value) over history as previous_value,
        lag(first_seen_at) over history as previous_first_seen_at,
        lead(first_seen_at) over history as next_first_seen_at
    from versions
    window history as (partition by series_id, observation_date order by first_seen_at)

),

final as (

    select
        series_id,
        observation_date,
        version_number,
        observation_value,
        observation_value is null as is_missing,
        previous_value,
        -- a value replacing another value; a first value where FRED had none is a publication
        coalesce(version_number > 1 and previous_value is not null, false) as is_revision,
        first_seen_at,
        previous_first_seen_at,
        cast(first_seen_at at time zone 'UTC' as date) as valid_from,
        cast(next_first_seen_at at time zone 'UTC' as date) as valid_to,
        next_first_seen_at is null as is_current,
        known_from
    from numbered

)

select * from final
