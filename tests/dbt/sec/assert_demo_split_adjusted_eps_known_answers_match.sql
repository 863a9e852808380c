-- Known answers of the demo (seed demo_known_answers): diluted EPS on the latest share basis,
-- fct_income_statement.eps_diluted_split_adjusted (issue 13, 3; PCDV's 4:1 split of
-- 2023-08-25, reported by its filings and its market data). The seed holds the EPS the company
-- would publish on today's basis (rounded to cents); the mart divides the as-filed EPS by the
-- split factor and does not round (decision 037), so the two may be up to a cent apart: more
-- is a mismatch (a wrong or missing factor moves a demo EPS by a quarter or more). A seed cell
-- left empty is not checked. Returns one row per mismatch.

with

known_answers as (

    select
        cast(cik as bigint) as cik,
        ticker,
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_period,
        cast(eps_diluted_split_adjusted as decimal(38, 10)) as expected_value
    from {{ ref('demo_known_answers') }}
    where eps_diluted_split_adjusted is not null

),

mart as (

    select * from {{ ref('fct_income_statement') }}

),

companies_in_mart as (

    select distinct cik from mart

),

compared as (

    select
        known_answers.cik,
        known_answers.ticker,
        known_answers.fiscal_year,
        known_answers.fiscal_period,
        known_answers.expected_value,
        cast(mart.eps_diluted_split_adjusted as decimal(38, 10)) as actual_value
    from known_answers
    inner join companies_in_mart on known_answers.cik = companies_in_mart.cik
    left join mart
        on
            known_answers.cik = mart.cik
            and known_answers.fiscal_year = mart.fiscal_year
            and known_answers.fiscal_period = mart.fiscal_period

)

select *
from compared
where
    actual_value is null
    or abs(expected_value - actual_value) > 0.01
