-- Apple (CIK 320193) FY2024 and FY2023, as published in its 10-Ks: revenue 391,035,000,000 and
-- 383,285,000,000; net income 93,736,000,000 and 96,995,000,000; total assets 364,980,000,000
-- and 352,583,000,000. Each value must also name its source accession. Checked only when Apple
-- is in the marts; returns the rows that are missing, different or untraceable.

with

income_statement as (

    select * from {{ ref('fct_income_statement') }}
    where cik = 320193 and fiscal_period = 'FY'

),

balance_sheet as (

    select * from {{ ref('fct_balance_sheet') }}
    where cik = 320193 and fiscal_period = 'FY'

),

expected_values as (

    select
        2024 as fiscal_year,
        cast('2024-09-28' as date) as period_end,
        cast(391035000000 as decimal(38, 10)) as revenue,
        cast(93736000000 as decimal(38, 10)) as net_income,
        cast(364980000000 as decimal(38, 10)) as total_assets
    union all
    select
        2023 as fiscal_year,
        cast('2023-09-30' as date) as period_end,
        cast(383285000000 as decimal(38, 10)) as revenue,
        cast(96995000000 as decimal(38, 10)) as net_income,
        cast(352583000000 as decimal(38, 10)) as total_assets

),

expected as (

    select expected_values.*
    from expected_values
    where exists (select 1 from income_statement)

),

compared as (

    select
        expected.*,
        income_statement.period_end as actual_period_end,
        income_statement.revenue as actual_revenue,
        income_statement.net_income as actual_net_income,
        balance_sheet.total_assets as actual_total_assets,
        income_statement.revenue_source_accession,
        income_statement.net_income_source_accession,
        balance_sheet.total_assets_source_accession
    from expected
    left join income_statement on expected.fiscal_year = income_statement.fiscal_year
    left join balance_sheet on expected.fiscal_year = balance_sheet.fiscal_year

)

select *
from compared
where
    actual_period_end is distinct from period_end
    or actual_revenue is distinct from revenue
    or actual_net_income is distinct from net_income
    or actual_total_assets is distinct from total_assets
    or revenue_source_accession is null
    or net_income_source_accession is null
    or total_assets_source_accession is null
