-- One row per calendar month that has any observation. Every value comes from observations
-- dated in that month (quarterly GDP: in that month's quarter) and nowhere else: nothing is
-- carried forward, so a month after a series' latest observation is NULL for that series.
-- Year-over-year and month-over-month comparisons join on month arithmetic (month_index), never on
-- row order, so a missing month (e.g. CPI for 2025-10) yields NULL rather than a wrong lag.
with

observations as (

    select
        series_id,
        observation_date,
        observation_value,
        extract(year from observation_date) * 12
        + extract(month from observation_date) - 1 as month_index,
        extract(year from observation_date) * 4
        + extract(quarter from observation_date) - 1 as quarter_index
    from {{ ref('stg_macro__observations') }}

),

monthly as (

    select
        month_index,
        min(quarter_index) as quarter_index,
        cast(date_trunc('month', min(observation_date)) as date) as month_start_date,
        avg(case when series_id = 'DGS10' then observation_value end) as treasury_10y_yield,
        avg(case when series_id = 'DGS2' then observation_value end) as treasury_2y_yield,
        avg(case when series_id = 'T10Y2Y' then observation_value end) as spread_10y_2y,
        avg(case when series_id = 'FEDFUNDS' then observation_value end) as fed_funds_rate,
        avg(case when series_id = 'UNRATE' then observation_value end) as unemployment_rate,
        avg(case when series_id = 'CPIAUCSL' then observation_value end) as cpi_index,
        avg(case when series_id = 'CPILFESL' then observation_value end) as core_cpi_index,
        avg(case when series_id = 'PAYEMS' then observation_value end) as nonfarm_payrolls,
        avg(case when series_id = 'VIXCLS' then observation_value end) as vix_close
    from observations
    group by month_index

),

quarterly_gdp as (

    select
        quarter_index,
        avg(observation_value) as real_gdp
    from observations
    where series_id = 'GDPC1'
    group by quarter_index

),

gdp_growth as (

    select
        current_quarter.quarter_index,
        current_quarter.real_gdp,
        (current_quarter.real_gdp / year_ago.real_gdp - 1) * 100 as real_gdp_yoy_pct,
        (power(current_quarter.real_gdp / previous_quarter.real_gdp, 4) - 1)
        * 100 as real_gdp_qoq_annualized_pct
    from quarterly_gdp as current_quarter
    left join quarterly_gdp as year_ago
        on current_quarter.quarter_index - 4 = year_ago.quarter_index
    left join quarterly_gdp as previous_quarter
        on current_quarter.quarter_index - 1 = previous_quarter.quarter_index

),

final as (

    select
        current_month.month_start_date,
        current_month.treasury_10y_yield,
        current_month.treasury_2y_yield,
        current_month.spread_10y_2y,
        current_month.fed_funds_rate,
        current_month.unemployment_rate,
        current_month.cpi_index,
        (current_month.cpi_index / year_ago.cpi_index - 1) * 100 as cpi_yoy_pct,
        current_month.core_cpi_index,
        (current_month.core_cpi_index / year_ago.core_cpi_index - 1) * 100 as core_cpi_yoy_pct,
        gdp_growth.real_gdp,
        gdp_growth.real_gdp_yoy_pct,
        gdp_growth.real_gdp_qoq_annualized_pct,
        current_month.nonfarm_payrolls,
        current_month.nonfarm_payrolls - previous_month.nonfarm_payrolls as payrolls_change,
        current_month.vix_close
    from monthly as current_month
    left join monthly as year_ago
        on current_month.month_index - 12 = year_ago.month_index
    left join monthly as previous_month
        on current_month.month_index - 1 = previous_month.month_index
    left join gdp_growth
        on current_month.quarter_index = gdp_growth.quarter_index

)

select * from final
