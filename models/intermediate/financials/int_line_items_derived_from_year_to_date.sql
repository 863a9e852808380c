-- One row per company, flow line item (in a currency), fiscal year and fiscal quarter that no
-- filing tags discretely but year-to-date figures give (decision 009): Q2 = YTD_Q2 - Q1;
-- Q3 = YTD_Q3 - Q1 - Q2 (else YTD_Q3 - YTD_Q2); Q4 = FY - Q1 - Q2 - Q3 (else FY - YTD_Q3), with
-- the provenance of the minuend (the YTD or FY fact). Subtracting the (latest) quarters first
-- keeps Q1 + Q2 + Q3 + Q4 = FY when a single quarter was restated. Share counts, per-share
-- amounts and balances are never derived by subtraction.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{%- set labels = ['Q1', 'Q2', 'Q3', 'Q4', 'YTD_Q2', 'YTD_Q3', 'FY'] %}
{%- set fields = [
    'value', 'period_start', 'period_end', 'source_taxonomy', 'source_concept',
    'source_accession_number', 'source_form', 'source_filed_date', 'source_fact_id'
] %}

{{ config(materialized='partitioned') }}

with

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}
    where {{ company_batch('cik') }}

),

flows_by_year as (

    -- one row per company, flow line item (in a currency) and fiscal year, periods as columns;
    -- share counts and per-share amounts are never derived by subtraction
    select
        cik,
        line_item,
        fiscal_year,
        statement,
        scope,
        unit,
        {% for label in labels %}
            {% for field in fields %}
                max(case when fiscal_period = '{{ label }}' then {{ field }} end)
                    as {{ label | lower }}_{{ field }},
            {% endfor %}
        {% endfor %}
        count(*) as n_periods
    from resolved
    where period_type <> 'instant' and is_currency
    group by cik, line_item, fiscal_year, statement, scope, unit

),

with_q2 as (

    select
        *,
        case
            when q2_value is null and ytd_q2_value is not null and q1_value is not null
                then ytd_q2_value - q1_value
        end as q2_derived_value
    from flows_by_year

),

with_q3 as (

    select
        *,
        case
            when
                q3_value is null and ytd_q3_value is not null and q1_value is not null
                and coalesce(q2_value, q2_derived_value) is not null
                then 'YTD_Q3 - Q1 - Q2'
            when q3_value is null and ytd_q3_value is not null and ytd_q2_value is not null
                then 'YTD_Q3 - YTD_Q2'
        end as q3_derivation,
        coalesce(q2_value, q2_derived_value) as q2_final_value,
        coalesce(q2_period_end, ytd_q2_period_end) as q2_final_period_end
    from with_q2

),

with_q4 as (

    select
        *,
        case q3_derivation
            when 'YTD_Q3 - YTD_Q2' then ytd_q3_value - ytd_q2_value
            when 'YTD_Q3 - Q1 - Q2' then ytd_q3_value - q1_value - q2_final_value
        end as q3_derived_value,
        case
            when
                q4_value is null and fy_value is not null and q1_value is not null
                and q2_final_value is not null
                and (q3_value is not null or q3_derivation is not null)
                then 'FY - Q1 - Q2 - Q3'
            when q4_value is null and fy_value is not null and ytd_q3_value is not null
                then 'FY - YTD_Q3'
        end as q4_derivation
    from with_q3

),

derived as (

    select
        cik,
        line_item,
        fiscal_year,
        'Q2' as fiscal_period,
        2 as fiscal_quarter,
        statement,
        scope,
        q1_period_end + 1 as period_start,
        ytd_q2_period_end as period_end,
        unit,
        q2_derived_value as value,
        'YTD_Q2 - Q1' as derivation,
        ytd_q2_source_taxonomy as source_taxonomy,
        ytd_q2_source_concept as source_concept,
        ytd_q2_source_accession_number as source_accession_number,
        ytd_q2_source_form as source_form,
        ytd_q2_source_filed_date as source_filed_date,
        ytd_q2_source_fact_id as source_fact_id
    from with_q4
    where q2_derived_value is not null

    union all

    select
        cik,
        line_item,
        fiscal_year,
        'Q3' as fiscal_period,
        3 as fiscal_quarter,
        statement,
        scope,
        case q3_derivation
            when 'YTD_Q3 - YTD_Q2' then ytd_q2_period_end
            else q2_final_period_end
        end + 1 as period_start,
        ytd_q3_period_end as period_end,
        unit,
        q3_derived_value as value,
        q3_derivation as derivation,
        ytd_q3_source_taxonomy as source_taxonomy,
        ytd_q3_source_concept as source_concept,
        ytd_q3_source_accession_number as source_accession_number,
        ytd_q3_source_form as source_form,
        ytd_q3_source_filed_date as source_filed_date,
        ytd_q3_source_fact_id as source_fact_id
    from with_q4
    where q3_derived_value is not null

    union all

    select
        cik,
        line_item,
        fiscal_year,
        'Q4' as fiscal_period,
        4 as fiscal_quarter,
        statement,
        scope,
        case q4_derivation
            when 'FY - YTD_Q3' then ytd_q3_period_end
            else coalesce(q3_period_end, ytd_q3_period_end)
        end + 1 as period_start,
        fy_period_end as period_end,
        unit,
        case q4_derivation
            when 'FY - YTD_Q3' then fy_value - ytd_q3_value
            else fy_value - q1_value - q2_final_value - coalesce(q3_value, q3_derived_value)
        end as value,
        q4_derivation as derivation,
        fy_source_taxonomy as source_taxonomy,
        fy_source_concept as source_concept,
        fy_source_accession_number as source_accession_number,
        fy_source_form as source_form,
        fy_source_filed_date as source_filed_date,
        fy_source_fact_id as source_fact_id
    from with_q4
    where q4_derivation is not null

),

final as (

    -- a derived quarter must still look like a quarter; otherwise the inputs do not line up
    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        statement,
        scope,
        'quarter' as period_type,
        period_start,
        period_end,
        unit,
        value,
        true as is_currency,
        true as is_derived,
        derivation,
        source_taxonomy,
        source_concept,
        source_accession_number,
        source_form,
        source_filed_date,
        source_fact_id
    from derived
    where period_end - period_start + 1 between 80 and 100

)

select * from final
