-- Error: the versions of a company, line item and fiscal period form one unbroken chain
-- (decision 018): numbered 1, 2, ... by valid_from, each valid_to is the next version's
-- valid_from (strictly later), and exactly the last version is current (valid_to NULL).
-- Returns the violating versions.

with

history as (

    select * from {{ ref('fct_financial_line_items_history') }}

),

chained as (

    select
        *,
        lead(valid_from) over period_versions as next_valid_from,
        row_number() over period_versions as expected_version_number,
        count(*) over (partition by cik, line_item, fiscal_year, fiscal_period) as n_versions
    from history
    window period_versions as (
        partition by cik, line_item, fiscal_year, fiscal_period
        order by valid_from asc
    )

),

final as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        version_number,
        valid_from,
        valid_to,
        next_valid_from,
        is_current,
        n_versions
    from chained
    where
        version_number <> expected_version_number
        or valid_to is distinct from next_valid_from
        or valid_to <= valid_from
        or is_current <> (version_number = n_versions)

)

select * from final
