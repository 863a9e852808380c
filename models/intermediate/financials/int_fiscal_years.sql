-- One row per company and fiscal year: the company's own fiscal calendar (decisions 002-004).
-- Fiscal year ends come from annual reports (int_fiscal_year_ends_reported: the dates of
-- annual-duration facts and the report dates of annual filings, never the facts' fy/fp), else
-- from the submissions header; the years around them are projected.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{{ config(materialized='partitioned') }}

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

companies as (

    select * from {{ ref('stg_sec__companies') }}
    where {{ company_batch('cik') }}

),

numbers as (

    select n from generate_series(1, 100) as numbers (n)

),

known_years as (

    select * from {{ ref('int_fiscal_year_ends_reported') }}
    where {{ company_batch('cik') }}

),

fact_bounds as (

    select
        cik,
        min(period_end) as first_period_end,
        max(period_end) as last_period_end
    from facts
    group by cik

),

header_anchors as (

    -- decision 004: a company with facts but no annual period yet (e.g. only 10-Qs so far)
    -- takes its fiscal year end from the submissions header (MMDD), in its last fact's year
    select
        fact_bounds.cik,
        cast(
            cast(date_trunc('year', fact_bounds.last_period_end) as date)
            + (companies.fiscal_year_end_month - 1) * interval '1 month'
            + (companies.fiscal_year_end_day - 1) * interval '1 day'
            as date
        ) as fiscal_year_end,
        cast(null as date) as reported_start,
        'submissions_header' as fiscal_year_source
    from fact_bounds
    inner join companies on fact_bounds.cik = companies.cik
    where
        companies.fiscal_year_end_month between 1 and 12
        and companies.fiscal_year_end_day between 1 and 31
        and fact_bounds.cik not in (select known_years.cik from known_years)

),

anchors as (

    select * from known_years
    union all
    select * from header_anchors

),

anchors_ordered as (

    select
        anchors.*,
        lead(anchors.fiscal_year_end) over (
            partition by anchors.cik order by anchors.fiscal_year_end
        ) as next_anchor_end,
        row_number() over (
            partition by anchors.cik order by anchors.fiscal_year_end
        ) as anchor_number,
        fact_bounds.first_period_end,
        fact_bounds.last_period_end
    from anchors
    left join fact_bounds on anchors.cik = fact_bounds.cik

),

projected_forward as (

    -- decision 004: gaps between known years, and the current not-yet-ended year, are projected
    -- one year at a time after the last known end, as far as the company has facts
    select
        anchors_ordered.cik,
        {{ add_years('anchors_ordered.fiscal_year_end', 'numbers.n') }} as fiscal_year_end,
        cast(null as date) as reported_start,
        'projected' as fiscal_year_source
    from anchors_ordered
    cross join numbers
    where
        case
            when anchors_ordered.next_anchor_end is not null
                then
                    {{ add_years('anchors_ordered.fiscal_year_end', 'numbers.n') }}
                    < anchors_ordered.next_anchor_end - 180
            else
                {{ add_years('anchors_ordered.fiscal_year_end', 'numbers.n - 1') }}
                < anchors_ordered.last_period_end
        end

),

projected_backward as (

    -- facts older than the first known year (e.g. 10-Q comparatives before the first 10-K)
    select
        anchors_ordered.cik,
        {{ add_years('anchors_ordered.fiscal_year_end', '-numbers.n') }} as fiscal_year_end,
        cast(null as date) as reported_start,
        'projected' as fiscal_year_source
    from anchors_ordered
    cross join numbers
    where
        anchors_ordered.anchor_number = 1
        and {{ add_years('anchors_ordered.fiscal_year_end', '-numbers.n') }}
        >= anchors_ordered.first_period_end

),

all_years as (

    select * from anchors
    union all
    select * from projected_forward
    union all
    select * from projected_backward

),

with_previous as (

    select
        *,
        lag(fiscal_year_end) over (partition by cik order by fiscal_year_end) as previous_end,
        coalesce(
            reported_start, {{ add_years('fiscal_year_end', -1) }} + 1
        ) as natural_start
    from all_years

),

final as (

    select
        cik,
        {{ fiscal_year_of('fiscal_year_end') }} as fiscal_year,
        case
            -- contiguous years: a year starts the day after the previous one ended
            when fiscal_year_end - previous_end between 350 and 380 then previous_end + 1
            -- never overlap the previous year (e.g. after a change of fiscal year end)
            when natural_start <= previous_end then previous_end + 1
            else natural_start
        end as fiscal_year_start,
        fiscal_year_end,
        fiscal_year_source,
        fiscal_year_source in ('projected', 'submissions_header') as is_projected
    from with_previous

)

select
    *,
    fiscal_year_end - fiscal_year_start + 1 as fiscal_year_days
from final
