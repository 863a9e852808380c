-- Between consecutive FOMC meetings with known ranges, both bounds move by the same multiple of
-- 25 bp (error: a change like 30 bp or a range that widens is a typo in the seed).
with

meetings as (

    select * from {{ ref('fomc_meetings') }}

),

changes as (

    select
        meeting_date,
        target_range_lower_pct
        - lag(target_range_lower_pct) over (order by meeting_date) as lower_change_pct,
        target_range_upper_pct
        - lag(target_range_upper_pct) over (order by meeting_date) as upper_change_pct
    from meetings

),

violations as (

    select * from changes
    where
        abs(lower_change_pct - upper_change_pct) > 1e-9
        or abs(upper_change_pct * 4 - round(upper_change_pct * 4)) > 1e-9

)

select * from violations
