-- Error: the point-in-time history ends where the marts are (decision 018). For every reported
-- (non-derived) value of fct_financial_line_items there is exactly one current version, whose
-- latest resolved value and accession are the mart's, and whose own value (first reported) is
-- within rounding of it; and every current version has its mart value. Returns the mismatches.

with

latest as (

    select * from {{ ref('fct_financial_line_items') }}
    where not is_derived

),

current_versions as (

    -- the int model keeps latest_value, the mart (strictly point in time) does not
    select * from {{ ref('int_line_item_versions') }}
    where is_current

),

compared as (

    select
        coalesce(latest.cik, current_versions.cik) as cik,
        coalesce(latest.line_item, current_versions.line_item) as line_item,
        coalesce(latest.fiscal_year, current_versions.fiscal_year) as fiscal_year,
        coalesce(latest.fiscal_period, current_versions.fiscal_period) as fiscal_period,
        latest.value as latest_value,
        latest.source_accession_number as latest_accession_number,
        current_versions.value as version_value,
        current_versions.latest_value as version_latest_value,
        current_versions.latest_source_accession_number as version_latest_accession_number,
        current_versions.valid_from,
        latest.source_filed_date as latest_filed_date
    from latest
    full outer join current_versions
        on
            latest.cik = current_versions.cik
            and latest.line_item = current_versions.line_item
            and latest.fiscal_year = current_versions.fiscal_year
            and latest.fiscal_period = current_versions.fiscal_period

),

final as (

    select *
    from compared
    where
        latest_value is null
        or version_value is null
        or latest_value <> version_latest_value
        or latest_accession_number <> version_latest_accession_number
        or valid_from > latest_filed_date

)

select * from final
