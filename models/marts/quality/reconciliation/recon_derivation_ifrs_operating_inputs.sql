{{ config(materialized='ephemeral') }}
-- One row per fct_financial_line_items operating cash flow derived from IFRS cash generated from
-- operations plus the operating interest/dividend/tax lines (decisions 034, 044): the signed sum
-- of those lines as the cited filing tags them for the cited fact's dates and unit, read again
-- from the raw facts (NULL when a line has two values in that filing); input of
-- recon_mart_values_equal_raw_facts, which adds it to the cited subtotal.

{%- set reconciling_lines = ifrs_operating_reconciling_lines() %}

with

derived as (

    select distinct
        cik,
        source_fact_id
    from {{ ref('fct_financial_line_items') }}
    where
        derivation = 'CashFlowsFromUsedInOperations + operating interest/dividend/tax lines '
        || '(foots to the net change in cash)'

),

company_facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where cik in (select derived.cik from derived)

),

cited as (

    select
        derived.cik,
        derived.source_fact_id,
        company_facts.accession_number,
        company_facts.period_start,
        company_facts.period_end,
        company_facts.unit
    from derived
    inner join company_facts on derived.source_fact_id = company_facts.fact_id

),

lines as (

    select
        cited.source_fact_id,
        company_facts.concept,
        min(company_facts.value) as value,
        count(distinct company_facts.value) as count_values
    from cited
    inner join company_facts
        on
            cited.cik = company_facts.cik
            and cited.accession_number = company_facts.accession_number
            and cited.period_start = company_facts.period_start
            and cited.period_end = company_facts.period_end
            and cited.unit = company_facts.unit
    where
        company_facts.taxonomy = 'ifrs-full'
        and company_facts.concept in (
            {%- for concept, _sign in reconciling_lines %}
                '{{ concept }}'{{ "," if not loop.last }}
            {%- endfor %}
        )
    group by cited.source_fact_id, company_facts.concept

),

final as (

    select
        cited.cik,
        cited.source_fact_id,
        case
            when max(lines.count_values) = 1
                then sum(
                    case lines.concept
                        {%- for concept, sign in reconciling_lines %}
                            when '{{ concept }}' then {{ sign }}lines.value
                        {%- endfor %}
                    end
                )
        end as lines_value
    from cited
    left join lines on cited.source_fact_id = lines.source_fact_id
    group by cited.cik, cited.source_fact_id

)

select * from final
