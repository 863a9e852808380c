{{ config(
    severity='warn',
    meta={'expected_because':
        'a company restated a single quarter or its quarters and year come from filings '
        ~ 'that disagree; values stay as filed'},
) }}
-- Coverage/reconciliation (warn): where a currency flow line item has all four quarters and the
-- FY, the quarters add up to the FY within 1 % (restatements of single quarters can break the
-- identity without an error in FinLoom; e.g. Apple's FY2017 10-K tags quarterly dividends
-- declared as PaymentsOfDividends). Per-share amounts and share counts are not additive and are
-- not checked. The reference companies are checked exactly, as an error, by
-- assert_reference_quarters_add_up_to_year. Returns the company-years that do not add up.

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where period_type <> 'instant' and is_currency

),

per_year as (

    select
        cik,
        line_item,
        fiscal_year,
        sum(case when fiscal_period like 'Q%' then value end) as sum_of_quarters,
        count(case when fiscal_period like 'Q%' then 1 end) as n_quarters,
        max(case when fiscal_period = 'FY' then value end) as fiscal_year_value
    from line_items
    group by cik, line_item, fiscal_year

)

select *
from per_year
where
    n_quarters = 4
    and fiscal_year_value is not null
    and abs(sum_of_quarters - fiscal_year_value) > 0.01 * abs(fiscal_year_value)
