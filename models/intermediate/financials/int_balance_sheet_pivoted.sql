-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): balance sheet line items at the
-- end of the fiscal period, pivoted from int_line_items_by_fiscal_period, each with its
-- provenance (accession, concept), whether it was derived (decision 014) and how, and for the
-- share counts the filing date of the filing the count cites (`<item>_source_filed_date`: its
-- split basis, decisions 037, 045). Balances are never derived by subtraction across periods;
-- the FY row is the balance at the fiscal year end, the same facts as Q4 (decision 015).
-- period_end is the balance sheet date; period_start is the first day of the fiscal period the
-- balance closes (decision 015). Everything of fct_balance_sheet that reads only the company's
-- own SEC data: the mart adds the ticker and the split-adjusted columns (decision 046).
-- Built company by company, and only for companies with new SEC data (decisions 029, 043, 046).

{%- set line_items = statement_line_items('balance_sheet') %}
{%- set split_adjusted_items = split_adjusted_line_items('balance_sheet') %}

{{ config(materialized='partitioned') }}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where
        statement = 'balance_sheet'
        and {{ company_batch('cik') }}

),

fiscal_years as (

    select * from {{ ref('int_fiscal_years') }}
    where {{ company_batch('cik') }}

),

balances as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        max(fiscal_quarter) as fiscal_quarter,
        -- the balance sheet date; a cover-page share count (dei) is dated later (decision 038)
        coalesce(
            min(
                case
                    when line_item not in ('shares_outstanding', 'shares_outstanding_cover')
                        then period_end
                end
            ),
            min(period_end)
        ) as period_end,
        -- monetary line items are all in the company's reporting currency (decision 008)
        max(case when is_currency then unit end) as unit,
        {{ pivot_line_items(line_items) }}
        {{ pivot_line_item_filed_dates(split_adjusted_items) }}
        count(distinct line_item) as n_line_items
    from line_items
    group by cik, fiscal_year, fiscal_period

),

with_previous_quarter as (

    select
        *,
        lag(period_end) over (
            partition by cik, fiscal_year, fiscal_period = 'FY' order by period_end
        ) as previous_period_end,
        lag(fiscal_quarter) over (
            partition by cik, fiscal_year, fiscal_period = 'FY' order by period_end
        ) as previous_fiscal_quarter
    from balances

),

with_fiscal_year_start as (

    select
        with_previous_quarter.*,
        fiscal_years.fiscal_year_start
    from with_previous_quarter
    left join fiscal_years
        on
            with_previous_quarter.cik = fiscal_years.cik
            and with_previous_quarter.fiscal_year = fiscal_years.fiscal_year

),

final as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        -- decision 015: FY and Q1 start with the fiscal year; Q2-Q4 the day after the previous
        -- quarter's balance date (NULL when the previous quarter has no balance)
        case
            when fiscal_period in ('FY', 'Q1') then fiscal_year_start
            when previous_fiscal_quarter = fiscal_quarter - 1 then previous_period_end + 1
        end as period_start,
        period_end,
        unit,
        {% for column in pivoted_line_item_columns(line_items) %}
            {{ column }},
        {% endfor %}
        {% for item in split_adjusted_items %}
            {{ item }}_source_filed_date,
        {% endfor %}
        n_line_items
    from with_fiscal_year_start

)

select * from final
