{{ config(
    severity='warn',
    meta={'expected_because':
        'EPS is not additive: shares issued or bought back during the year, and anti-dilution '
        ~ 'in loss quarters, move the sum of the quarters away from the year'},
) }}
-- Coverage/reconciliation (warn, decision 025): where a company has basic (or diluted) EPS for
-- all four quarters and the fiscal year, the quarters add up to the year on the latest split
-- basis (`eps_*_split_adjusted`, decision 037), within the rounding of the five reported
-- terms (half a cent each on the basis it was filed on, so 0.005 / its split factor) plus 5 %
-- of the larger of |FY| and the sum of |quarter|. The as-filed columns mix bases wherever a
-- later filing restated the year for a split and the quarters were not re-reported (Apple
-- 2018: quarters 3.89 + 2.73 + 2.34 + 2.91 as filed in FY2018-19, FY 2.98 as restated by the
-- FY2020 10-K for the 4:1 split of 2020-08-31), so they are not compared. Per-share amounts
-- are not additive (each quarter divides by its own weighted shares), hence the 5 %: a split
-- mismatch of even one quarter moves the sum by a third of that quarter or more. Returns the
-- company-years and measures that do not add up.

with

statements as (

    select * from {{ ref('fct_income_statement') }}

),

terms as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        'eps_basic' as measure,
        eps_basic as value_as_filed,
        eps_basic_split_adjusted as value_adjusted,
        eps_basic_split_factor as split_factor
    from statements
    where eps_basic is not null

    union all

    select
        cik,
        fiscal_year,
        fiscal_period,
        'eps_diluted' as measure,
        eps_diluted as value_as_filed,
        eps_diluted_split_adjusted as value_adjusted,
        eps_diluted_split_factor as split_factor
    from statements
    where eps_diluted is not null

),

per_year as (

    select
        cik,
        fiscal_year,
        measure,
        count(case when fiscal_period like 'Q%' then 1 end) as n_quarters,
        sum(case when fiscal_period like 'Q%' then value_adjusted end) as sum_of_quarters,
        sum(case when fiscal_period like 'Q%' then abs(value_adjusted) end)
            as sum_of_abs_quarters,
        max(case when fiscal_period = 'FY' then value_adjusted end) as fiscal_year_value,
        sum(case when fiscal_period like 'Q%' then value_as_filed end)
            as sum_of_quarters_as_filed,
        max(case when fiscal_period = 'FY' then value_as_filed end)
            as fiscal_year_value_as_filed,
        -- half a cent of each reported term, on the latest basis
        sum(0.005 / split_factor) as rounding_tolerance
    from terms
    group by cik, fiscal_year, measure

),

compared as (

    select
        *,
        sum_of_quarters - fiscal_year_value as difference,
        rounding_tolerance
        + 0.05 * greatest(abs(fiscal_year_value), sum_of_abs_quarters) as tolerance
    from per_year
    where n_quarters = 4 and fiscal_year_value is not null

)

select *
from compared
where abs(difference) > tolerance
