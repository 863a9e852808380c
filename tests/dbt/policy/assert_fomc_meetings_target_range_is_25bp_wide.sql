-- Every known target range in seeds/fomc_meetings.csv is 25 bp wide, on the 1/4-point grid, not
-- negative, and has both bounds or neither (error: the seed is hand-entered; a typo shows here).
with

meetings as (

    select * from {{ ref('fomc_meetings') }}

),

violations as (

    select
        meeting_date,
        target_range_lower_pct,
        target_range_upper_pct
    from meetings
    where
        (target_range_lower_pct is null) != (target_range_upper_pct is null)
        or abs(target_range_upper_pct - target_range_lower_pct - 0.25) > 1e-9
        or abs(target_range_lower_pct * 4 - round(target_range_lower_pct * 4)) > 1e-9
        or target_range_lower_pct < 0

)

select * from violations
