-- Within each row of fct_policy_events the decision, its size and its source agree: a hike has
-- a positive change, a cut a negative one, a hold zero; a range has lower <= upper; a decision
-- has a source and a source a decision (error).
with

events as (

    select * from {{ ref('fct_policy_events') }}

),

violations as (

    select
        event_id,
        event_kind,
        decision,
        change_bp,
        target_range_lower_pct,
        target_range_upper_pct,
        decision_source
    from events
    where
        (decision = 'hike' and change_bp <= 0)
        or (decision = 'cut' and change_bp >= 0)
        or (decision = 'hold' and change_bp != 0)
        or (decision is null and change_bp is not null)
        or target_range_lower_pct > target_range_upper_pct
        or (decision is null) != (decision_source is null)
        or (event_kind in ('minutes', 'other_press_release') and decision is not null)

)

select * from violations
