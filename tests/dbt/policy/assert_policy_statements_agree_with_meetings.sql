{{ config(
    severity='warn',
    meta={'expected_because':
        'the text of a Fed statement disagrees with the FOMC meetings seed, or is dated '
        ~ 'off a meeting; the feed is kept as published'},
) }}
-- Coverage/consistency (warn): feed statements whose own text disagrees with the FOMC seed
-- (seeds/fomc_meetings.csv: decision, size or range after the meeting), and statements dated
-- inside the seed's years with no seed meeting on their date (a missing unscheduled meeting,
-- or a wrong date). The mart keeps the statement text's values in both cases (see
-- fct_policy_events); fix the seed.
with

events as (

    select * from {{ ref('fct_policy_events') }}

),

meetings as (

    select * from events
    where event_kind in ('scheduled_meeting', 'unscheduled_meeting')

),

statements as (

    select
        releases.release_id,
        releases.release_date,
        releases.release_title,
        releases.decision,
        releases.change_bp,
        releases.target_range_lower_pct,
        releases.target_range_upper_pct
    from {{ ref('stg_policy__press_releases') }} as releases
    where releases.release_kind = 'statement'

),

seed_years as (

    select
        min(event_date) as first_meeting_date,
        max(event_date) as last_meeting_date
    from meetings

),

compared as (

    select
        statements.*,
        meetings.decision as seed_decision,
        meetings.change_bp as seed_change_bp,
        meetings.target_range_lower_pct as seed_lower_pct,
        meetings.target_range_upper_pct as seed_upper_pct,
        meetings.event_id is not null as has_seed_meeting,
        statements.release_date
        between seed_years.first_meeting_date and seed_years.last_meeting_date as is_in_seed_years
    from statements
    cross join seed_years
    left join meetings
        on statements.release_date = meetings.event_date

),

disagreements as (

    select
        *,
        case
            when not has_seed_meeting then 'no seed meeting on the statement date'
            when decision != seed_decision then 'decision differs'
            when change_bp != seed_change_bp then 'change differs'
            when
                target_range_lower_pct != seed_lower_pct
                or target_range_upper_pct != seed_upper_pct
                then 'target range differs'
        end as disagreement
    from compared
    where has_seed_meeting or is_in_seed_years

)

select * from disagreements
where disagreement is not null
