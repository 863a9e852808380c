-- One row per company, line item, fiscal year, fiscal period (Q1-Q4, FY) and version: the
-- point-in-time history (SCD2) of the reported values of int_line_items_by_fiscal_period
-- (decision 018). A version is the value a user would have resolved with only the filings filed
-- up to a date, by the marts' rule: each filing's highest-priority concept for the period
-- (decision 005), the latest filing's choice winning (decision 007). It is valid from the filing
-- date of the filing that reported it until the next version's; changes within rounding are not
-- versions; a value off by a power of 1,000 from the previous version is flagged a probable scale
-- error. Derived quarters and identity-derived values (decisions 009, 014) have no history yet.
-- int_line_item_value_changes finds the versions; this model adds each version's fact attributes.
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

value_changes as (

    select * from {{ ref('int_line_item_value_changes') }}
    where {{ company_batch('cik') }}

),

candidates as (

    select * from {{ ref('int_line_item_candidates') }}
    where {{ company_batch('cik') }}

),

final as (

    select
        value_changes.cik,
        value_changes.line_item,
        value_changes.fiscal_year,
        value_changes.fiscal_period,
        -- decision 015: the FY copy of a year-end (Q4) balance has no quarter
        case
            when value_changes.fiscal_period = candidates.fiscal_period
                then candidates.fiscal_quarter
        end as fiscal_quarter,
        value_changes.version_number,
        candidates.statement,
        candidates.scope,
        candidates.period_type,
        candidates.period_start,
        candidates.period_end,
        candidates.unit,
        candidates.is_currency,
        value_changes.value,
        value_changes.previous_version_value,
        value_changes.valid_from,
        value_changes.valid_to,
        value_changes.valid_to is null as is_current,
        candidates.form like '%/A' as is_amendment,
        -- decision 018: a ratio of 1e3 or 1e6 (or their inverses) within 1 %
        coalesce(
            value_changes.previous_version_value <> 0
            and (
                {%- for scale in ['1e3', '1e6', '1e-3', '1e-6'] %}
                    {% if not loop.first %}or {% endif -%}
                    abs(
                        cast(value_changes.value as double precision)
                        / cast(value_changes.previous_version_value as double precision)
                        / {{ scale }}
                        - 1
                    ) <= 0.01
                {%- endfor %}
            ),
            false
        ) as is_probable_scale_error,
        candidates.taxonomy as source_taxonomy,
        candidates.concept as source_concept,
        candidates.priority as source_priority,
        value_changes.source_accession_number,
        candidates.form as source_form,
        value_changes.valid_from as source_filed_date,
        value_changes.source_fact_id,
        value_changes.n_filings_in_version,
        value_changes.latest_value,
        value_changes.latest_source_accession_number
    from value_changes
    inner join candidates on value_changes.source_fact_id = candidates.fact_id

)

select * from final
