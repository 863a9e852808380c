-- Apple (CIK 320193) Q3 FY2024 is the quarter ended 2024-06-29: revenue 85,777,000,000 and net
-- income 21,448,000,000 (its 10-Q also tags the nine-month 296,105,000,000 / 79,000,000,000).
-- Checked only when Apple is in the mart; returns the row when it is missing or different.

with

income_statement as (

    select * from {{ ref('fct_income_statement') }}
    where cik = 320193

),

expected as (

    select
        320193 as cik,
        2024 as fiscal_year,
        'Q3' as fiscal_period,
        cast('2024-03-31' as date) as period_start,
        cast('2024-06-29' as date) as period_end,
        cast(85777000000 as decimal(38, 10)) as revenue,
        cast(21448000000 as decimal(38, 10)) as net_income
    where exists (select 1 from income_statement)

),

compared as (

    select
        expected.*,
        income_statement.period_start as actual_period_start,
        income_statement.period_end as actual_period_end,
        income_statement.revenue as actual_revenue,
        income_statement.net_income as actual_net_income
    from expected
    left join income_statement
        on
            expected.fiscal_year = income_statement.fiscal_year
            and expected.fiscal_period = income_statement.fiscal_period

)

select *
from compared
where
    actual_period_start is distinct from period_start
    or actual_period_end is distinct from period_end
    or actual_revenue is distinct from revenue
    or actual_net_income is distinct from net_income
