-- Error: the point-in-time history ends where the marts are (decision 018). For every reported
-- (non-derived) value of fct_financial_line_items there is exactly one current version, whose
-- latest resolved value and accession are the mart's, and whose own value (first reported) is
-- within rounding of it; and every current version has its mart value. A value a scale repair
-- chose (decision 039) is compared by what it replaced (repaired_from_*), and must itself be a
-- version of the same period, with its fact. Returns the mismatches.

with

latest as (

    select * from {{ ref('fct_financial_line_items') }}
    where not is_derived

),

versions as (

    select * from {{ ref('int_line_item_versions') }}

),

current_versions as (

    -- the int model keeps latest_value, the mart (strictly point in time) does not
    select * from versions
    where is_current

),

repaired_versions as (

    -- decision 039: the version a repair shows, found by its fact
    select
        latest.cik,
        latest.line_item,
        latest.fiscal_year,
        latest.fiscal_period
    from latest
    inner join versions
        on
            latest.cik = versions.cik
            and latest.line_item = versions.line_item
            and latest.fiscal_year = versions.fiscal_year
            and latest.fiscal_period = versions.fiscal_period
            and latest.source_fact_id = versions.source_fact_id
            and latest.value = versions.value
            and not versions.is_current
    where latest.repair is not null

),

compared as (

    select
        coalesce(latest.cik, current_versions.cik) as cik,
        coalesce(latest.line_item, current_versions.line_item) as line_item,
        coalesce(latest.fiscal_year, current_versions.fiscal_year) as fiscal_year,
        coalesce(latest.fiscal_period, current_versions.fiscal_period) as fiscal_period,
        coalesce(latest.repaired_from_value, latest.value) as latest_value,
        coalesce(latest.repaired_from_accession_number, latest.source_accession_number)
            as latest_accession_number,
        latest.repair,
        repaired_versions.cik is not null as is_repair_a_version,
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
    left join repaired_versions
        on
            latest.cik = repaired_versions.cik
            and latest.line_item = repaired_versions.line_item
            and latest.fiscal_year = repaired_versions.fiscal_year
            and latest.fiscal_period = repaired_versions.fiscal_period

),

final as (

    select *
    from compared
    where
        latest_value is null
        or version_value is null
        or latest_value <> version_latest_value
        or latest_accession_number <> version_latest_accession_number
        or (repair is null and valid_from > latest_filed_date)
        or (repair is not null and not is_repair_a_version)

)

select * from final
