-- One row per company, fiscal year, fiscal period (Q1-Q4, FY), line item and version: the
-- point-in-time history (SCD2) of the reported values of fct_financial_line_items (decision 018).
-- `valid_from` is the filing date of the filing that reported the version, `valid_to` the next
-- version's (NULL for the current one). Ask "as of date D" with the macro `as_of`, or
-- `where valid_from <= D and (valid_to is null or valid_to > D)`. Every column but valid_to and
-- is_current is known on valid_from; the int model's latest_value (a later re-report equal up to
-- rounding) is left out of the mart for that reason.
-- Built company by company, and only for companies with new SEC data or after a new SEC
-- ticker file (decision 043).

{{ config(materialized='partitioned') }}

with

versions as (

    select * from {{ ref('int_line_item_versions') }}
    where {{ company_mart_batch('cik') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

),

final as (

    select
        versions.cik,
        companies.ticker,
        versions.fiscal_year,
        versions.fiscal_period,
        versions.fiscal_quarter,
        versions.line_item,
        versions.version_number,
        versions.valid_from,
        versions.valid_to,
        versions.is_current,
        versions.statement,
        versions.scope,
        versions.period_type,
        versions.period_start,
        versions.period_end,
        versions.value,
        versions.unit,
        versions.previous_version_value,
        versions.is_amendment,
        versions.is_probable_scale_error,
        versions.source_accession_number,
        versions.source_taxonomy,
        versions.source_concept,
        versions.source_form,
        versions.source_filed_date,
        versions.source_fact_id
    from versions
    left join companies on versions.cik = companies.cik

)

select * from final
