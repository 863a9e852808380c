-- FOMC meetings in seeds/fomc_meetings.csv: a scheduled meeting spans two consecutive days and
-- an unscheduled one a single day; each meeting starts after the previous decision day; a known
-- target range never follows an unknown one (ranges are filled up to a date). Error severity.
with

meetings as (

    select * from {{ ref('fomc_meetings') }}

),

ordered as (

    select
        meeting_start_date,
        meeting_date,
        meeting_type,
        target_range_upper_pct,
        lag(meeting_date) over (order by meeting_date) as previous_meeting_date,
        lag(target_range_upper_pct) over (order by meeting_date) as previous_upper_pct,
        row_number() over (order by meeting_date) as meeting_number
    from meetings

),

violations as (

    select
        meeting_start_date,
        meeting_date,
        meeting_type,
        previous_meeting_date
    from ordered
    where
        (meeting_type = 'scheduled' and meeting_date - meeting_start_date != 1)
        or (meeting_type = 'unscheduled' and meeting_date != meeting_start_date)
        or meeting_start_date <= previous_meeting_date
        or (
            meeting_number > 1
            and target_range_upper_pct is not null
            and previous_upper_pct is null
        )

)

select * from violations
