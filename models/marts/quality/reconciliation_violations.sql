-- One row per reconciliation check and violating key: the evidence behind reconciliation_report
-- (one row per check) and the rows the singular tests in tests/quality/ return. `affected_rows`
-- counts the rows behind a key (facts of an unknown accession, copies of a duplicate key).
-- Exceptions are modelled, never loosened: a company whose submissions header was a reported
-- gap (404) has no filing index at all, and a filing dated within a missing overflow page's
-- range may sit on that page; both are left out of the index checks and reported by
-- `filing_index_gaps`.

{%- set index_forms = "('10-K', '10-K/A', '10-Q', '10-Q/A')" %}
{%- set key_types = {
    'cik': 'bigint', 'period_start': 'date', 'period_end': 'date', 'fiscal_year': 'integer',
    'version_number': 'integer',
} %}
{%- set raw_keys = quality_raw_keys() %}
{%- set model_keys = quality_model_keys() %}
{%- set company_marts = quality_company_marts() %}
{%- set statement_marts = ['fct_income_statement', 'fct_balance_sheet', 'fct_cash_flow'] %}

with

facts as not materialized (

    select * from {{ ref('stg_sec__company_facts') }}

),

filing_index as (

    select * from {{ ref('stg_sec__filings') }}

),

submission_pages as (

    select * from {{ ref('stg_sec__submission_pages') }}

),

submission_companies as (

    select * from {{ ref('stg_sec__companies') }}

),

facts_files as (

    select * from {{ ref('stg_sec__company_facts_files') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

line_items as (

    select * from {{ ref('fct_financial_line_items') }}

),

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

coverage as (

    select * from {{ ref('fct_filing_line_item_coverage') }}

),

-- filing index exceptions ---------------------------------------------------------------------

companies_without_index as (

    -- facts loaded, submissions header a reported gap: no filing of theirs can be in the index
    select facts_files.cik
    from facts_files
    where
        facts_files.file_status = 'loaded'
        and facts_files.cik not in (select submission_companies.cik from submission_companies)

),

missing_pages as (

    select * from submission_pages
    where not is_loaded

),

fact_filings as (

    select
        cik,
        accession_number,
        min(form) as form,
        min(filed_date) as filed_date,
        count(*) as n_facts
    from facts
    group by cik, accession_number

),

fact_filings_with_exceptions as (

    select
        fact_filings.*,
        filing_index.accession_number is not null as is_in_index,
        companies_without_index.cik is not null
        or exists (
            select 1
            from missing_pages
            where
                missing_pages.cik = fact_filings.cik
                and (
                    missing_pages.first_filing_date is null
                    or missing_pages.last_filing_date is null
                    or fact_filings.filed_date
                    between missing_pages.first_filing_date and missing_pages.last_filing_date
                )
        ) as may_be_on_missing_page
    from fact_filings
    left join filing_index on fact_filings.accession_number = filing_index.accession_number
    left join companies_without_index on fact_filings.cik = companies_without_index.cik

),

-- (1) filing counts ---------------------------------------------------------------------------

fact_date_ranges as (

    select
        cik,
        min(filed_date) as first_filed_date,
        max(filed_date) as last_filed_date
    from fact_filings
    group by cik

),

index_filings_without_facts as (

    select
        'filing_index_filings_have_facts' as check_name,
        filing_index.cik || ' ' || filing_index.accession_number as affected_key,
        1 as affected_rows,
        filing_index.form || ' filed ' || filing_index.filing_date
        || ' is flagged XBRL but has no facts' as detail
    from filing_index
    inner join fact_date_ranges on filing_index.cik = fact_date_ranges.cik
    left join fact_filings
        on
            filing_index.cik = fact_filings.cik
            and filing_index.accession_number = fact_filings.accession_number
    where
        filing_index.form in {{ index_forms }}
        and filing_index.is_xbrl
        and filing_index.filing_date
        between fact_date_ranges.first_filed_date and fact_date_ranges.last_filed_date
        and fact_filings.accession_number is null

),

fact_filings_not_in_index as (

    select
        'fact_filings_are_in_filing_index' as check_name,
        cik || ' ' || accession_number as affected_key,
        1 as affected_rows,
        form || ' filed ' || filed_date || ' has ' || n_facts
        || ' facts but is not in the filing index' as detail
    from fact_filings_with_exceptions
    where form in {{ index_forms }} and not is_in_index and not may_be_on_missing_page

),

filing_index_gaps as (

    select
        'filing_index_gaps' as check_name,
        cik || ' ' || page_name as affected_key,
        coalesce(expected_filings, 1) as affected_rows,
        'overflow page ' || page_name || ' missing (filings '
        || coalesce(cast(first_filing_date as varchar), '?') || '..'
        || coalesce(cast(last_filing_date as varchar), '?')
        || '): its filings are exempt from the index checks' as detail
    from missing_pages
    union all
    select
        'filing_index_gaps' as check_name,
        cast(cik as varchar) as affected_key,
        1 as affected_rows,
        'submissions header missing: all filings of the company exempt from the index checks'
            as detail
    from companies_without_index

),

-- (2) facts-to-filings linkage ----------------------------------------------------------------

facts_of_unknown_filings as (

    select
        'fact_accessions_are_known_filings' as check_name,
        cik || ' ' || accession_number as affected_key,
        n_facts as affected_rows,
        n_facts || ' fact(s) of ' || coalesce(form, '?') || ' filed ' || filed_date
        || ' cite an accession missing from the filing index' as detail
    from fact_filings_with_exceptions
    where not is_in_index and not may_be_on_missing_page

),

-- (3) normalized to raw -----------------------------------------------------------------------

cited_raw_facts as (

    -- the raw facts the marts cite, found by a semi-join: a join of the marts' rows against all
    -- ~7M raw facts would build its hash table on the raw side and spill past the memory limit
    select * from facts
    where
        fact_id in (
            select line_items.source_fact_id from line_items
            union
            select resolved.source_fact_id from resolved
            where resolved.fiscal_period in ('YTD_Q2', 'YTD_Q3')
        )

),

cited_facts as (

    select
        line_items.*,
        facts.fact_id as raw_fact_id,
        facts.taxonomy as raw_taxonomy,
        facts.concept as raw_concept,
        facts.unit as raw_unit,
        facts.accession_number as raw_accession_number,
        facts.period_start as raw_period_start,
        facts.period_end as raw_period_end,
        facts.value * concept_map.sign as raw_value,
        concept_map.line_item as mapped_line_item
    from line_items
    left join cited_raw_facts as facts on line_items.source_fact_id = facts.fact_id
    left join concept_map
        on
            facts.taxonomy = concept_map.taxonomy
            and facts.concept = concept_map.concept
            and line_items.line_item = concept_map.line_item

),

year_to_date_values as (

    -- the year-to-date figures quarters are derived from, straight from their raw facts
    select
        resolved.cik,
        resolved.line_item,
        resolved.fiscal_year,
        resolved.fiscal_period,
        facts.value * concept_map.sign as raw_value
    from resolved
    inner join cited_raw_facts as facts on resolved.source_fact_id = facts.fact_id
    inner join concept_map
        on
            facts.taxonomy = concept_map.taxonomy
            and facts.concept = concept_map.concept
            and resolved.line_item = concept_map.line_item
    where resolved.fiscal_period in ('YTD_Q2', 'YTD_Q3')

),

period_inputs as (

    -- per company, line item and fiscal year: the quarters in the marts and the raw YTD values
    select
        cik,
        line_item,
        fiscal_year,
        max(case when fiscal_period = 'Q1' then value end) as q1_value,
        max(case when fiscal_period = 'Q2' then value end) as q2_value,
        max(case when fiscal_period = 'Q3' then value end) as q3_value
    from line_items
    group by cik, line_item, fiscal_year

),

ytd_inputs as (

    select
        cik,
        line_item,
        fiscal_year,
        max(case when fiscal_period = 'YTD_Q2' then raw_value end) as ytd_q2_value,
        max(case when fiscal_period = 'YTD_Q3' then raw_value end) as ytd_q3_value
    from year_to_date_values
    group by cik, line_item, fiscal_year

),

identity_inputs as (

    -- per company and fiscal period: the mart values the identities (decision 014) use
    select
        cik,
        fiscal_year,
        fiscal_period,
        max(case when line_item = 'revenue' then value end) as revenue_value,
        max(case when line_item = 'cost_of_revenue' then value end) as cost_of_revenue_value,
        max(case when line_item = 'stockholders_equity' then value end)
            as stockholders_equity_value,
        max(case when line_item = 'noncontrolling_interest' then value end)
            as noncontrolling_interest_value,
        max(case when line_item = 'liabilities_and_equity' then value end)
            as liabilities_and_equity_value,
        max(case when line_item = 'total_equity' then value end) as total_equity_value,
        max(case when line_item = 'temporary_equity_parent' then value end)
            as temporary_equity_parent_value,
        max(case when line_item = 'redeemable_noncontrolling_interest' then value end)
            as redeemable_noncontrolling_interest_value,
        max(case when line_item = 'operating_cash_flow' then value end)
            as operating_cash_flow_value,
        max(case when line_item = 'capital_expenditures' then value end)
            as capital_expenditures_value
    from line_items
    group by cik, fiscal_year, fiscal_period

),

recomputed as (

    select
        cited_facts.*,
        case cited_facts.derivation
            when 'YTD_Q2 - Q1' then cited_facts.raw_value - period_inputs.q1_value
            when 'YTD_Q3 - YTD_Q2' then cited_facts.raw_value - ytd_inputs.ytd_q2_value
            when 'YTD_Q3 - Q1 - Q2'
                then cited_facts.raw_value - period_inputs.q1_value - period_inputs.q2_value
            when 'FY - YTD_Q3' then cited_facts.raw_value - ytd_inputs.ytd_q3_value
            when 'FY - Q1 - Q2 - Q3'
                then
                    cited_facts.raw_value - period_inputs.q1_value - period_inputs.q2_value
                    - period_inputs.q3_value
            when 'revenue - cost_of_revenue'
                then identity_inputs.revenue_value - identity_inputs.cost_of_revenue_value
            when 'stockholders_equity + noncontrolling_interest'
                then
                    identity_inputs.stockholders_equity_value
                    + identity_inputs.noncontrolling_interest_value
            when 'stockholders_equity (no NCI reported)'
                then identity_inputs.stockholders_equity_value
            when 'liabilities_and_equity - total_equity'
                then
                    identity_inputs.liabilities_and_equity_value
                    - identity_inputs.total_equity_value
            when 'operating_cash_flow - capital_expenditures'
                then
                    identity_inputs.operating_cash_flow_value
                    - identity_inputs.capital_expenditures_value
            when 'temporary_equity_parent + redeemable_noncontrolling_interest'
                then
                    coalesce(identity_inputs.temporary_equity_parent_value, 0)
                    + coalesce(identity_inputs.redeemable_noncontrolling_interest_value, 0)
        end as recomputed_value
    from cited_facts
    left join period_inputs
        on
            cited_facts.cik = period_inputs.cik
            and cited_facts.line_item = period_inputs.line_item
            and cited_facts.fiscal_year = period_inputs.fiscal_year
    left join ytd_inputs
        on
            cited_facts.cik = ytd_inputs.cik
            and cited_facts.line_item = ytd_inputs.line_item
            and cited_facts.fiscal_year = ytd_inputs.fiscal_year
    left join identity_inputs
        on
            cited_facts.cik = identity_inputs.cik
            and cited_facts.fiscal_year = identity_inputs.fiscal_year
            and cited_facts.fiscal_period = identity_inputs.fiscal_period
    where cited_facts.is_derived

),

reported_mismatches as (

    select
        'mart_values_equal_raw_facts' as check_name,
        cik || ' ' || line_item || ' ' || fiscal_period || ' ' || fiscal_year as affected_key,
        1 as affected_rows,
        case
            when raw_fact_id is null
                then concat('cited fact ', coalesce(source_fact_id, 'NULL'), ' not in raw facts')
            when mapped_line_item is null
                then 'cited concept ' || raw_concept || ' does not map to ' || line_item
            when value <> raw_value
                then concat('value ', value, ' <> raw ', raw_value)
            else 'provenance (taxonomy, concept, unit, period, accession) differs from the fact'
        end as detail
    from cited_facts
    where
        not is_derived
        and (
            raw_fact_id is null
            or mapped_line_item is null
            or value is distinct from raw_value
            or source_taxonomy is distinct from raw_taxonomy
            or source_concept is distinct from raw_concept
            or unit is distinct from raw_unit
            or source_accession_number is distinct from raw_accession_number
            or period_start is distinct from raw_period_start
            or period_end is distinct from raw_period_end
        )

),

derived_mismatches as (

    select
        'mart_values_equal_raw_facts' as check_name,
        cik || ' ' || line_item || ' ' || fiscal_period || ' ' || fiscal_year as affected_key,
        1 as affected_rows,
        case
            when recomputed_value is null
                then derivation || ': an input is missing (not in the marts or raw facts)'
            else concat(derivation, ' = ', value, ' <> recomputed ', recomputed_value)
        end as detail
    from recomputed
    where value is distinct from recomputed_value

),

-- (3b) wide statement marts = long line items ------------------------------------------------

wide_values as (

    {% for mart in statement_marts -%}
        {%- set items = [] -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(ref(mart)) -%}
                {%- if (column.name | lower).endswith('_source_accession') -%}
                    {%- do items.append((column.name | lower)[:-17]) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- for item in items %}
            select
                '{{ mart }}' as mart,
                cik,
                fiscal_year,
                fiscal_period,
                '{{ item }}' as line_item,
                {{ item }} as value,
                {{ item }}_source_accession as source_accession_number,
                {{ item }}_source_concept as source_concept
            from {{ ref(mart) }}
            where {{ item }} is not null
            union all
        {%- endfor %}
    {%- endfor %}
    select
        null as mart,
        null as cik,
        null as fiscal_year,
        null as fiscal_period,
        null as line_item,
        null as value,
        null as source_accession_number,
        null as source_concept
    where false

),

wide_mismatches as (

    select
        'statement_marts_equal_line_items' as check_name,
        wide_values.mart || ' ' || wide_values.cik || ' ' || wide_values.line_item || ' '
        || wide_values.fiscal_period || ' ' || wide_values.fiscal_year as affected_key,
        1 as affected_rows,
        case
            when line_items.cik is null then 'no row in fct_financial_line_items'
            else 'value or provenance differs from fct_financial_line_items'
        end as detail
    from wide_values
    left join line_items
        on
            wide_values.cik = line_items.cik
            and wide_values.fiscal_year = line_items.fiscal_year
            and wide_values.fiscal_period = line_items.fiscal_period
            and wide_values.line_item = line_items.line_item
    where
        line_items.cik is null
        or wide_values.value is distinct from line_items.value
        or wide_values.source_accession_number is distinct from line_items.source_accession_number
        or wide_values.source_concept is distinct from line_items.source_concept

),

-- (4) duplicate keys --------------------------------------------------------------------------

duplicate_keys as (

    {% for table, key, name in raw_keys %}
        select
            'duplicate_keys__{{ name }}' as check_name,
            concat_ws(' ', {{ key | join(', ') }}) as affected_key,
            count(*) as affected_rows,
            count(*) || ' rows share this key' as detail
        from (
            {%- set typed = [] -%}
            {%- for column in key -%}
                {%- do typed.append([column, key_types.get(column, 'varchar')]) -%}
            {%- endfor %}
            {{ select_source_columns('sec', table, typed) }}
        ) as raw_rows
        group by {{ key | join(', ') }}
        having count(*) > 1
        union all
    {% endfor %}
    {% for model, key in model_keys %}
        select
            'duplicate_keys__{{ model }}' as check_name,
            concat_ws(' ', {{ key | join(', ') }}) as affected_key,
            count(*) as affected_rows,
            count(*) || ' rows share this key' as detail
        from {{ ref(model) }}
        group by {{ key | join(', ') }}
        having count(*) > 1
        {{ "union all" if not loop.last }}
    {% endfor %}

),

-- (5) completeness ----------------------------------------------------------------------------

missing_core_line_items as (

    select
        'completeness__' || line_item as check_name,
        cik || ' ' || accession_number as affected_key,
        1 as affected_rows,
        form || ' for ' || period_end || ' reports no ' || line_item as detail
    from coverage
    where not is_covered

),

-- (6) referential integrity -------------------------------------------------------------------

unknown_companies as (

    {% for mart in company_marts %}
        select
            'referential_integrity__{{ mart }}' as check_name,
            mart_rows.cik || ' ' || coalesce(mart_rows.ticker, '') as affected_key,
            count(*) as affected_rows,
            case
                when companies.cik is null then 'cik not in dim_company'
                else 'ticker ' || mart_rows.ticker || ' not a ticker of the company in dim_company'
            end as detail
        from {{ ref(mart) }} as mart_rows
        left join companies on mart_rows.cik = companies.cik
        where
            companies.cik is null
            or (
                mart_rows.ticker is not null
                and mart_rows.ticker is distinct from companies.ticker
                and not list_contains(
                    string_split(coalesce(companies.tickers, ''), ','), mart_rows.ticker
                )
            )
        group by mart_rows.cik, mart_rows.ticker, companies.cik
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select * from index_filings_without_facts
    union all
    select * from fact_filings_not_in_index
    union all
    select * from filing_index_gaps
    union all
    select * from facts_of_unknown_filings
    union all
    select * from reported_mismatches
    union all
    select * from derived_mismatches
    union all
    select * from wide_mismatches
    union all
    select * from duplicate_keys
    union all
    select * from missing_core_line_items
    union all
    select * from unknown_companies

)

select
    check_name,
    affected_key,
    cast(affected_rows as bigint) as affected_rows,
    detail
from final
