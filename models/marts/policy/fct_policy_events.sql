-- One row per monetary-policy event: FOMC meetings from seeds/fomc_meetings.csv and the Fed's
-- press releases from the feed. Precedence when both speak of one meeting (docs/raw_policy.md):
-- a statement row takes what its own text states; a value the text leaves out comes from the
-- seed's meeting on the statement's date, unless the seed's decision contradicts the text's.
-- Meeting rows always show the seed. tests/policy/assert_policy_statements_agree_with_meetings
-- lists disagreements (warn).
with

meetings as (

    select * from {{ ref('fomc_meetings') }}

),

releases as (

    select * from {{ ref('stg_policy__press_releases') }}

),

meetings_with_previous as (

    select
        meeting_start_date,
        meeting_date,
        meeting_type,
        target_range_lower_pct,
        target_range_upper_pct,
        lag(target_range_upper_pct) over (order by meeting_date) as previous_upper_pct
    from meetings

),

-- both bounds move together (tests/policy/assert_fomc_meetings_changes_are_multiples_of_25bp)
meeting_decisions as (

    select
        meeting_start_date,
        meeting_date,
        meeting_type,
        target_range_lower_pct,
        target_range_upper_pct,
        cast(
            round((target_range_upper_pct - previous_upper_pct) * 100) as integer
        ) as change_bp,
        case
            when target_range_upper_pct > previous_upper_pct then 'hike'
            when target_range_upper_pct < previous_upper_pct then 'cut'
            when target_range_upper_pct = previous_upper_pct then 'hold'
        end as decision
    from meetings_with_previous

),

meeting_events as (

    select
        'fomc_meeting:' || cast(meeting_date as varchar) as event_id,
        meeting_date as event_date,
        meeting_type || '_meeting' as event_kind,
        case
            when meeting_type = 'unscheduled'
                then 'FOMC unscheduled meeting, ' || cast(meeting_date as varchar)
            else
                'FOMC meeting, ' || cast(meeting_start_date as varchar)
                || ' to ' || cast(meeting_date as varchar)
        end as event_title,
        cast(null as varchar) as event_url,
        cast(null as timestamp with time zone) as published_at,
        meeting_date,
        decision,
        change_bp,
        target_range_lower_pct,
        target_range_upper_pct,
        case when decision is not null then 'fomc_meetings_seed' end as decision_source,
        cast(null as varchar) as decision_text
    from meeting_decisions

),

releases_with_meeting as (

    select
        releases.*,
        meeting_decisions.meeting_date,
        meeting_decisions.decision as seed_decision,
        meeting_decisions.change_bp as seed_change_bp,
        meeting_decisions.target_range_lower_pct as seed_lower_pct,
        meeting_decisions.target_range_upper_pct as seed_upper_pct,
        coalesce(
            releases.decision is null or releases.decision = meeting_decisions.decision, false
        ) as can_fill_from_seed
    from releases
    left join meeting_decisions
        on
            releases.release_kind = 'statement'
            and releases.release_date = meeting_decisions.meeting_date

),

release_events as (

    select
        release_id as event_id,
        release_date as event_date,
        release_kind as event_kind,
        release_title as event_title,
        release_url as event_url,
        published_at,
        meeting_date,
        coalesce(decision, seed_decision) as decision,
        coalesce(change_bp, case when can_fill_from_seed then seed_change_bp end) as change_bp,
        case
            when target_range_lower_pct is not null then target_range_lower_pct
            when can_fill_from_seed then seed_lower_pct
        end as target_range_lower_pct,
        case
            when target_range_upper_pct is not null then target_range_upper_pct
            when can_fill_from_seed then seed_upper_pct
        end as target_range_upper_pct,
        case
            when decision is not null then 'statement_text'
            when seed_decision is not null then 'fomc_meetings_seed'
        end as decision_source,
        decision_text
    from releases_with_meeting

),

final as (

    select * from meeting_events
    union all
    select * from release_events

)

select * from final
