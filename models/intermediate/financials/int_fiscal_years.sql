-- One row per company and fiscal year: the company's own fiscal calendar (decisions 002-004).
-- Fiscal year ends come from the DATES of annual-duration facts in annual reports and from the
-- report dates of annual filings, never from the facts' fy/fp (those describe the filing).

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}

),

filings as (

    select * from {{ ref('stg_sec__filings') }}

),

companies as (

    select * from {{ ref('stg_sec__companies') }}

),

numbers as (

    select n from generate_series(1, 100) as numbers (n)

),

annual_periods as (

    select
        cik,
        period_start,
        period_end,
        count(*) as n_facts
    from facts
    where
        not is_instant
        and form in {{ annual_report_forms() }}
        and duration_days between 350 and 380
    group by cik, period_start, period_end

),

annual_periods_ranked as (

    -- several start dates can share an end date; keep the most reported one
    select
        cik,
        period_end as fiscal_year_end,
        period_start as reported_start,
        sum(n_facts) over (partition by cik, period_end) as n_facts,
        row_number() over (
            partition by cik, period_end
            order by n_facts desc, period_start desc
        ) as start_rank
    from annual_periods

),

fact_year_ends as (

    select
        cik,
        fiscal_year_end,
        reported_start,
        n_facts
    from annual_periods_ranked
    where start_rank = 1

),

filing_year_ends as (

    select
        cik,
        report_date as fiscal_year_end,
        count(*) as n_filings
    from filings
    where form in {{ annual_report_forms() }} and report_date is not null
    group by cik, report_date

),

candidates as (

    select
        coalesce(fact_year_ends.cik, filing_year_ends.cik) as cik,
        coalesce(
            fact_year_ends.fiscal_year_end, filing_year_ends.fiscal_year_end
        ) as fiscal_year_end,
        fact_year_ends.reported_start,
        coalesce(fact_year_ends.n_facts, 0) as n_facts,
        coalesce(filing_year_ends.n_filings, 0) as n_filings
    from fact_year_ends
    full outer join filing_year_ends
        on
            fact_year_ends.cik = filing_year_ends.cik
            and fact_year_ends.fiscal_year_end = filing_year_ends.fiscal_year_end

),

candidates_ranked as (

    -- one end per fiscal year label: the best supported (facts first, then filings)
    select
        *,
        row_number() over (
            partition by cik, {{ fiscal_year_of('fiscal_year_end') }}
            order by n_facts desc, n_filings desc, fiscal_year_end desc
        ) as label_rank
    from candidates

),

known_years as (

    select
        cik,
        fiscal_year_end,
        reported_start,
        case when n_facts > 0 then 'annual_facts' else 'annual_filings' end as fiscal_year_source
    from candidates_ranked
    where label_rank = 1

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
