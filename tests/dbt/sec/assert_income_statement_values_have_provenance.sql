-- Every value in fct_income_statement names the accession number and concept it came from.
-- Returns the rows with a value but no provenance.

with

income_statement as (

    select * from {{ ref('fct_income_statement') }}

)

select
    cik,
    fiscal_year,
    fiscal_period,
    revenue,
    revenue_source_accession,
    revenue_source_concept,
    net_income,
    net_income_source_accession,
    net_income_source_concept
from income_statement
where
    (revenue is not null and (revenue_source_accession is null or revenue_source_concept is null))
    or (
        net_income is not null
        and (net_income_source_accession is null or net_income_source_concept is null)
    )
