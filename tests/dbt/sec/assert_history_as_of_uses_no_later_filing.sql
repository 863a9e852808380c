-- Error: the as-of view (macro as_of, decision 018) at 2023-12-31 has at most one version per
-- company, line item and fiscal period, and none of them was reported after that date.
-- Returns the violating keys.

with

as_of_view as (

    select * from {{ as_of('fct_financial_line_items_history', "'2023-12-31'") }}

),

per_period as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        count(*) as n_versions,
        max(valid_from) as max_valid_from,
        max(source_filed_date) as max_filed_date
    from as_of_view
    group by cik, line_item, fiscal_year, fiscal_period

),

final as (

    select *
    from per_period
    where
        n_versions > 1
        or max_valid_from > date '2023-12-31'
        or max_filed_date > date '2023-12-31'

)

select * from final
