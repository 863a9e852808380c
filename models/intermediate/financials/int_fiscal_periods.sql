-- One row per company and reported period (period_start, period_end), classified by its length
-- and labelled by its position in the company's own fiscal year (decisions 001-003).
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{{ config(materialized='partitioned') }}

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

fiscal_years as (

    select * from {{ ref('int_fiscal_years') }}
    where {{ company_batch('cik') }}

),

periods as (

    select distinct
        cik,
        period_start,
        period_end,
        is_instant,
        duration_days
    from facts

),

fiscal_years_by_calendar_year as (

    -- a fiscal year (at most 380 days) touches at most two calendar years; keying on the calendar
    -- year of the period end turns the range lookup into an equi-join (no per-company fan-out)
    select
        cik,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_end,
        fiscal_year_days,
        cast(extract(year from fiscal_year_start) as integer) as calendar_year
    from fiscal_years
    union all
    select
        cik,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_end,
        fiscal_year_days,
        cast(extract(year from fiscal_year_end) as integer) as calendar_year
    from fiscal_years
    where extract(year from fiscal_year_end) <> extract(year from fiscal_year_start)

),

located as (

    select
        periods.*,
        fiscal_years_by_calendar_year.fiscal_year,
        fiscal_years_by_calendar_year.fiscal_year_start,
        fiscal_years_by_calendar_year.fiscal_year_end,
        fiscal_years_by_calendar_year.fiscal_year_days,
        periods.period_end - fiscal_years_by_calendar_year.fiscal_year_start + 1
            as days_into_fiscal_year
    from periods
    left join fiscal_years_by_calendar_year
        on
            periods.cik = fiscal_years_by_calendar_year.cik
            and cast(extract(year from periods.period_end) as integer)
            = fiscal_years_by_calendar_year.calendar_year
            and periods.period_end
            between fiscal_years_by_calendar_year.fiscal_year_start
            and fiscal_years_by_calendar_year.fiscal_year_end

),

positioned as (

    select
        *,
        -- decision 001: classify by length alone
        case
            when is_instant then 'instant'
            when duration_days between 80 and 100 then 'quarter'
            when duration_days between 170 and 190 then 'half'
            when duration_days between 260 and 285 then 'nine_months'
            when duration_days between 350 and 380 then 'annual'
            else 'other'
        end as period_type,
        -- decision 003: the quarter whose end is nearest to the period end, counting quarters as
        -- fourths of this fiscal year, so 13/14-week quarters of 52/53-week years land right
        least(
            greatest(
                cast(round(days_into_fiscal_year * 4.0 / fiscal_year_days) as integer), 1
            ),
            4
        ) as fiscal_quarter
    from located

),

measured as (

    select
        *,
        abs(days_into_fiscal_year - fiscal_quarter * fiscal_year_days / 4.0)
            as days_from_quarter_end,
        abs(period_start - fiscal_year_start) <= 7 as starts_with_fiscal_year
    from positioned

),

labelled as (

    select
        *,
        case
            when fiscal_year is null then null
            when period_type = 'annual' and fiscal_year_end - period_end <= 7 then 'FY'
            when days_from_quarter_end > 10 then null
            when period_type in ('quarter', 'instant') then 'Q' || cast(fiscal_quarter as varchar)
            when period_type = 'half' and starts_with_fiscal_year and fiscal_quarter = 2
                then 'YTD_Q2'
            when period_type = 'nine_months' and starts_with_fiscal_year and fiscal_quarter = 3
                then 'YTD_Q3'
        end as fiscal_period
    from measured

),

final as (

    select
        cik,
        period_start,
        period_end,
        is_instant,
        duration_days,
        period_type,
        fiscal_year,
        fiscal_period,
        case when fiscal_period not in ('FY', 'YTD_Q2', 'YTD_Q3') then fiscal_quarter end
            as fiscal_quarter,
        fiscal_year_start,
        fiscal_year_end
    from labelled

)

select * from final
