-- One row per scored filing (int_quality_filings) and core line item: whether the filing
-- reports the item for its own period (int_quality_filing_facts: annual flows in annual reports,
-- quarter or year-to-date flows in 10-Qs, balances at the period end), through which concept
-- (the lowest concept_map priority tagged, as in decision 005) and its value. Total liabilities
-- also count as covered when only derivable: liabilities and equity plus (total or parent)
-- equity are tagged, as the marts derive it (decision 014); operating cash flow when only
-- derivable: the filing tags IFRS cash generated from operations for its own period and the
-- marts derive the period's operating cash flow from it (decisions 034, 044). Feeds the coverage
-- component of
-- fct_filing_quality and the completeness check of reconciliation_report.
-- Built company by company, and only for companies whose SEC data or ticker changed (decision
-- 043: the ticker comes from dim_company, which may fall back on the SEC ticker file).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_mart_batch('cik') }}

),

filing_facts as (

    select * from {{ ref('int_quality_filing_facts') }}
    where {{ company_mart_batch('cik') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

companies as (

    select * from {{ ref('dim_company') }}
    where {{ company_mart_batch('cik') }}

),

ifrs_operating_cash_flow as (

    select * from {{ ref('int_operating_cash_flow_derived_from_ifrs_parts') }}
    where {{ company_mart_batch('cik') }}

),

required_line_items (line_item, statement, period_kind) as (

    values
    ('revenue', 'income_statement', 'duration'),
    ('net_income', 'income_statement', 'duration'),
    ('total_assets', 'balance_sheet', 'instant'),
    ('total_liabilities', 'balance_sheet', 'instant'),
    ('stockholders_equity', 'balance_sheet', 'instant'),
    ('operating_cash_flow', 'cash_flow_statement', 'duration')

),

mapped_facts as (

    select
        filing_facts.cik,
        filing_facts.accession_number,
        concept_map.line_item,
        filing_facts.concept,
        filing_facts.unit,
        filing_facts.value * concept_map.sign as value,
        row_number() over (
            partition by filing_facts.cik, filing_facts.accession_number, concept_map.line_item
            order by
                concept_map.priority asc,
                -- the longest flow first: a 10-Q's year to date, then its quarter
                filing_facts.period_start asc nulls first,
                filing_facts.unit asc
        ) as candidate_rank
    from filing_facts
    inner join concept_map
        on
            filing_facts.taxonomy = concept_map.taxonomy
            and filing_facts.concept = concept_map.concept
            and (filing_facts.period_type = 'instant') = (concept_map.period_type = 'instant')

),

best_facts as (

    select * from mapped_facts
    where candidate_rank = 1

),

liabilities_derivable as (

    -- decision 014: liabilities = liabilities and equity - equity
    select
        cik,
        accession_number
    from best_facts
    group by cik, accession_number
    having
        count(*) filter (where line_item = 'liabilities_and_equity') > 0
        and count(*) filter (where line_item in ('total_equity', 'stockholders_equity')) > 0

),

operating_cash_flow_derivable as (

    -- decisions 034, 044: the filing's own cash generated from operations, for a period whose
    -- operating cash flow the marts derive from that subtotal
    select distinct
        filing_facts.cik,
        filing_facts.accession_number
    from filing_facts
    inner join ifrs_operating_cash_flow
        on
            filing_facts.cik = ifrs_operating_cash_flow.cik
            and filing_facts.period_start = ifrs_operating_cash_flow.period_start
            and filing_facts.period_end = ifrs_operating_cash_flow.period_end
    where
        filing_facts.taxonomy = 'ifrs-full'
        and filing_facts.concept = 'CashFlowsFromUsedInOperations'

),

final as (

    select
        filings.cik,
        companies.ticker,
        filings.accession_number,
        filings.form,
        filings.is_annual_report,
        filings.period_end,
        required_line_items.line_item,
        required_line_items.statement,
        coalesce(
            best_facts.line_item is not null
            or (
                required_line_items.line_item = 'total_liabilities'
                and liabilities_derivable.accession_number is not null
            )
            or (
                required_line_items.line_item = 'operating_cash_flow'
                and operating_cash_flow_derivable.accession_number is not null
            ),
            false
        ) as is_covered,
        case
            when best_facts.line_item is not null then 'reported'
            when
                required_line_items.line_item = 'total_liabilities'
                and liabilities_derivable.accession_number is not null
                then 'derivable'
            when
                required_line_items.line_item = 'operating_cash_flow'
                and operating_cash_flow_derivable.accession_number is not null
                then 'derivable'
            else 'missing'
        end as coverage_source,
        best_facts.concept as source_concept,
        best_facts.value,
        best_facts.unit
    from filings
    cross join required_line_items
    left join best_facts
        on
            filings.cik = best_facts.cik
            and filings.accession_number = best_facts.accession_number
            and required_line_items.line_item = best_facts.line_item
    left join liabilities_derivable
        on
            filings.cik = liabilities_derivable.cik
            and filings.accession_number = liabilities_derivable.accession_number
    left join operating_cash_flow_derivable
        on
            filings.cik = operating_cash_flow_derivable.cik
            and filings.accession_number = operating_cash_flow_derivable.accession_number
    left join companies on filings.cik = companies.cik

)

select * from final
