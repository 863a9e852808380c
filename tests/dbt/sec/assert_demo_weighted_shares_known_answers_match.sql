-- Known answers of the demo (seed demo_known_answers): weighted diluted shares in
-- fct_income_statement as the latest filing meant them, its scale error repaired (issue 13, 4b).
-- The mart chooses, when versions of a value differ by a power of 1,000, the one consistent
-- with the filing's identities (net income / shares = EPS; decision 039); without that it
-- fails on TLWD's FY2020-2021 Q1-Q3 (6 rows, shown 1,000x too small). A seed cell left empty
-- is not checked; a filled one must equal the mart's. Returns one row per mismatch.

with

known_answers as (

    select
        cast(cik as bigint) as cik,
        ticker,
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_period,
        cast(weighted_shares_diluted as decimal(38, 10)) as expected_value
    from {{ ref('demo_known_answers') }}
    where weighted_shares_diluted is not null

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
        cast(mart.weighted_shares_diluted as decimal(38, 10)) as actual_value
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
