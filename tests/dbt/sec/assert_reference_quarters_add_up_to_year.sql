-- Integrity (error) for the reference companies — Apple (320193), Tesla (1318605), the IFRS
-- 20-F filer LPA (1997711) and the demo companies (999000x): in every fiscal year, for revenue,
-- net income and operating cash flow, Q1 + Q2 + Q3 = the reported nine-month YTD, and
-- Q1 + Q2 + Q3 + Q4 = FY, wherever all terms are present (reported or derived, decision 009),
-- up to the rounding of the reported terms
-- (decision 016): each of the k terms of an identity is reported to a precision p (the coarsest
-- power of ten, at least $1,000, dividing it), so the identity may be off by at most k * p / 2.
-- Apple's and the demo's identities hold exactly; Tesla's differ by rounding only. LPA files
-- annual reports only (no quarter or nine-month facts in companyfacts), so its years have no
-- quarters to add up yet; it is listed so that any it reports are held to the same rule. Other
-- companies are checked within 1 %, as a warning, by assert_quarters_add_up_to_fiscal_year.
-- Returns the violations.

{#- decision 016: the precision of a reported amount, the coarsest power of ten dividing it -#}
{%- set precision_unit_of_value -%}
    case
        when value % 1000000000 = 0 then 1000000000
        when value % 100000000 = 0 then 100000000
        when value % 10000000 = 0 then 10000000
        when value % 1000000 = 0 then 1000000
        when value % 100000 = 0 then 100000
        when value % 10000 = 0 then 10000
        else 1000
    end * cast(1 as bigint)
{%- endset %}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where
        line_item in ('revenue', 'net_income', 'operating_cash_flow')
        and (cik in (320193, 1318605, 1997711) or cik between 9990000 and 9990999)

),

year_to_date as (

    select
        cik,
        line_item,
        fiscal_year,
        value,
        source_accession_number,
        {{ precision_unit_of_value }} as precision_unit
    from {{ ref('int_facts_resolved_to_line_items') }}
    where
        fiscal_period = 'YTD_Q3'
        and line_item in ('revenue', 'net_income', 'operating_cash_flow')
        and (cik in (320193, 1318605, 1997711) or cik between 9990000 and 9990999)

),

terms as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        value,
        {{ precision_unit_of_value }} as precision_unit
    from line_items

),

per_year as (

    select
        cik,
        line_item,
        fiscal_year,
        sum(case when fiscal_period in ('Q1', 'Q2', 'Q3') then value end) as q1_to_q3,
        count(case when fiscal_period in ('Q1', 'Q2', 'Q3') then 1 end) as n_q1_to_q3,
        max(case when fiscal_period in ('Q1', 'Q2', 'Q3') then precision_unit end)
            as q1_to_q3_precision,
        max(case when fiscal_period = 'Q4' then value end) as q4_value,
        max(case when fiscal_period = 'Q4' then precision_unit end) as q4_precision,
        max(case when fiscal_period = 'FY' then value end) as fy_value,
        max(case when fiscal_period = 'FY' then precision_unit end) as fy_precision
    from terms
    group by cik, line_item, fiscal_year

),

compared as (

    select
        per_year.*,
        year_to_date.value as ytd_q3_value,
        year_to_date.source_accession_number as ytd_q3_source_accession,
        per_year.q1_to_q3 - year_to_date.value as ytd_q3_difference,
        per_year.q1_to_q3 + per_year.q4_value - per_year.fy_value as fy_difference,
        -- decision 016: four terms (Q1, Q2, Q3, YTD_Q3 or Q1 + Q2 + Q3, Q4, FY)
        4 * greatest(per_year.q1_to_q3_precision, year_to_date.precision_unit) / 2
            as ytd_q3_tolerance,
        5 * greatest(
            per_year.q1_to_q3_precision, per_year.q4_precision, per_year.fy_precision
        ) / 2 as fy_tolerance
    from per_year
    left join year_to_date
        on
            per_year.cik = year_to_date.cik
            and per_year.line_item = year_to_date.line_item
            and per_year.fiscal_year = year_to_date.fiscal_year

)

select *
from compared
where
    n_q1_to_q3 = 3
    and (
        abs(ytd_q3_difference) > ytd_q3_tolerance
        or abs(fy_difference) > fy_tolerance
    )
