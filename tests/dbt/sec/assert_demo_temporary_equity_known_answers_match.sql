-- Known answers of the demo (seed demo_known_answers): temporary (mezzanine) equity in
-- fct_balance_sheet, so that assets = liabilities + temporary equity + equity (issue 13, 1).
-- QSMC tags its convertible notes' equity component only as
-- DebtInstrumentConvertibleCarryingAmountOfTheEquityComponent (no TemporaryEquity* tag) from Q3
-- FY2024: the marts derive it where it closes the balance sheet (decision 036,
-- int_temporary_equity_derived_from_conditional_elements). A seed cell left empty is not
-- checked; a filled one must equal the mart's. Returns one row per mismatch.

with

known_answers as (

    select
        cast(cik as bigint) as cik,
        ticker,
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_period,
        cast(temporary_equity as decimal(38, 10)) as expected_value
    from {{ ref('demo_known_answers') }}
    where temporary_equity is not null

),

mart as (

    select * from {{ ref('fct_balance_sheet') }}

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
        cast(mart.temporary_equity as decimal(38, 10)) as actual_value
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
where expected_value is distinct from actual_value
