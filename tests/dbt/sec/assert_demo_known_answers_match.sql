-- Known answers of the demo companies (seed demo_known_answers) must hold in fct_income_statement:
-- for every seed row whose company is in the mart, the fiscal period must be there, ending on the
-- same date, with exactly the same revenue and net income. Returns the rows that do not match.

with

known_answers as (

    select
        cast(cik as bigint) as cik,
        ticker,
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_period,
        cast(period_end as date) as period_end,
        cast(revenue as decimal(38, 10)) as revenue,
        cast(net_income as decimal(38, 10)) as net_income
    from {{ ref('demo_known_answers') }}

),

income_statement as (

    select * from {{ ref('fct_income_statement') }}

),

companies_in_mart as (

    select distinct cik from income_statement

),

expected as (

    select known_answers.*
    from known_answers
    inner join companies_in_mart on known_answers.cik = companies_in_mart.cik

),

compared as (

    select
        expected.cik,
        expected.ticker,
        expected.fiscal_year,
        expected.fiscal_period,
        income_statement.cik is null as is_missing_in_mart,
        expected.period_end as expected_period_end,
        income_statement.period_end as actual_period_end,
        expected.revenue as expected_revenue,
        income_statement.revenue as actual_revenue,
        expected.net_income as expected_net_income,
        income_statement.net_income as actual_net_income
    from expected
    left join income_statement
        on
            expected.cik = income_statement.cik
            and expected.fiscal_year = income_statement.fiscal_year
            and expected.fiscal_period = income_statement.fiscal_period

)

select *
from compared
where
    is_missing_in_mart
    or expected_revenue is distinct from actual_revenue
    or expected_net_income is distinct from actual_net_income
    or (
        expected_period_end is not null
        and expected_period_end is distinct from actual_period_end
    )
