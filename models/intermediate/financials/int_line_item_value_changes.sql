-- One row per company, line item, fiscal year, fiscal period (Q1-Q4, FY) and version: when the
-- resolved reported value changed (decision 018), keyed by the fact that carried it. For each
-- filing date the value is what a user would have resolved with only the filings filed up to that
-- date, by the marts' rule: each filing's highest-priority concept for the period (decision 005),
-- the latest filing's choice winning (decision 007); changes within rounding are no new version.
-- int_line_item_versions adds the fact's attributes. Two models, not one query: DuckDB's window
-- operator holds its input in memory, and joining the attributes in the same query exceeded the
-- memory limit at 500 companies.

-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

{#- powers of ten a reported value may be rounded to, coarsest first (decision 018) -#}
{%- set precisions = [
    '1000000', '100000', '10000', '1000', '100', '10', '1', '0.1', '0.01', '0.001', '0.0001'
] %}


with

reported_choices as (

    -- what each filing reported for the period: its highest-priority concept (decision 005).
    -- Only the columns the windows need travel through them (DuckDB's window operator holds its
    -- whole input in memory); the rest is joined back to the versions by fact_id. Filtered and
    -- narrowed here, before the two reads below: a CTE read twice is materialized whole.
    select
        fact_id,
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        period_type,
        value,
        accession_number,
        filed_date
    from {{ ref('int_line_item_candidates') }}
    where
        fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4', 'FY')
        and filing_rank = 1
        and not is_shadowed_slice
        and {{ company_batch('cik') }}

),

choices as (

    select
        fact_id,
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        value,
        accession_number,
        filed_date
    from reported_choices

    union all

    -- decision 015: the balance at the fiscal year end (labelled Q4) is also the FY balance
    select
        fact_id,
        cik,
        line_item,
        fiscal_year,
        'FY' as fiscal_period,
        value,
        accession_number,
        filed_date
    from reported_choices
    where period_type = 'instant' and fiscal_period = 'Q4'

),

filing_choices as (

    -- among the filings of one date, the last one's choice: the value resolved as of that date
    -- (decision 007)
    select
        *,
        row_number() over (
            partition by cik, line_item, fiscal_year, fiscal_period, filed_date
            order by accession_number desc
        ) as rank_on_filing_date
    from choices

),

winners as (

    -- one row per period and filing date on which the resolved value (may have) changed; its
    -- fact_id is joined back to the versions only (a narrower window input)
    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        value,
        accession_number,
        filed_date,
        -- decision 018: the coarsest listed power of ten dividing the value (0 for zero)
        case
            when value = 0 then 0
            {%- for p in precisions %}
                when value % {{ p }} = 0 then {{ p }}
            {%- endfor %}
            else 0
        end as value_precision
    from filing_choices
    where rank_on_filing_date = 1

),

changes as (

    -- decision 018: a change of at most half the coarser rounding precision is no new version
    select
        *,
        coalesce(
            abs(value - lag(value) over period_winners)
            > greatest(value_precision, lag(value_precision) over period_winners) / 2,
            true
        ) as is_new_version,
        row_number() over period_winners as winner_number,
        count(*) over (
            period_winners rows between unbounded preceding and unbounded following
        ) as n_winners,
        -- what int_facts_resolved_to_line_items shows: the last winner
        last_value(value) over (
            period_winners rows between unbounded preceding and unbounded following
        ) as last_winner_value,
        last_value(accession_number) over (
            period_winners rows between unbounded preceding and unbounded following
        ) as last_winner_accession_number
    from winners
    window period_winners as (
        partition by cik, line_item, fiscal_year, fiscal_period
        order by filed_date asc
    )

),

versions as (

    select
        *,
        lead(filed_date) over period_versions as valid_to,
        lag(value) over period_versions as previous_version_value,
        row_number() over period_versions as version_number,
        coalesce(lead(winner_number) over period_versions, n_winners + 1)
        - winner_number as n_filings_in_version
    from changes
    where is_new_version
    window period_versions as (
        partition by cik, line_item, fiscal_year, fiscal_period
        order by filed_date asc
    )

),

final as (

    select
        versions.cik,
        versions.line_item,
        versions.fiscal_year,
        versions.fiscal_period,
        versions.version_number,
        versions.value,
        versions.previous_version_value,
        versions.filed_date as valid_from,
        versions.valid_to,
        choices.fact_id as source_fact_id,
        versions.accession_number as source_accession_number,
        versions.n_filings_in_version,
        case when versions.valid_to is null then versions.last_winner_value end as latest_value,
        case when versions.valid_to is null then versions.last_winner_accession_number end
            as latest_source_accession_number
    from versions
    -- a filing's choice for a period is one fact (filing_rank 1)
    inner join choices
        on
            versions.cik = choices.cik
            and versions.line_item = choices.line_item
            and versions.fiscal_year = choices.fiscal_year
            and versions.fiscal_period = choices.fiscal_period
            and versions.accession_number = choices.accession_number

)

select * from final
