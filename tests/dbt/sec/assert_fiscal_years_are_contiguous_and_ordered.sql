-- Fiscal years of a company never overlap, are 180-380 days long, and their labels increase with
-- their end dates (decisions 002-004). Returns the offending years.

with

fiscal_years as (

    select * from {{ ref('int_fiscal_years') }}

),

with_previous as (

    select
        cik,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_end,
        fiscal_year_days,
        lag(fiscal_year_end) over (partition by cik order by fiscal_year_end) as previous_end,
        lag(fiscal_year) over (partition by cik order by fiscal_year_end) as previous_fiscal_year
    from fiscal_years

)

select
    cik,
    fiscal_year,
    fiscal_year_start,
    fiscal_year_end,
    fiscal_year_days,
    previous_end,
    previous_fiscal_year
from with_previous
where
    fiscal_year_start <= previous_end
    or fiscal_year <= previous_fiscal_year
    or fiscal_year_days not between 180 and 380
