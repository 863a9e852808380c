-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY): the reported value,
-- or for a flow quarter that no filing tags discretely, the value derived from year-to-date
-- figures (decision 009): Q2 = YTD_Q2 - Q1; Q3 = YTD_Q3 - Q1 - Q2 (else YTD_Q3 - YTD_Q2);
-- Q4 = FY - Q1 - Q2 - Q3 (else FY - YTD_Q3), flagged is_derived. Subtracting the (latest) quarters
-- first keeps Q1 + Q2 + Q3 + Q4 = FY when a single quarter was restated. Balances (instants) are
-- never derived by subtraction; the balance at the fiscal year end is also the FY balance
-- (decision 015). Where no concept reports them, gross profit, total equity, total liabilities and
-- free cash flow are derived from identities of values of the same period (decision 014). The
-- statement marts pivot these rows into columns.

{%- set labels = ['Q1', 'Q2', 'Q3', 'Q4', 'YTD_Q2', 'YTD_Q3', 'FY'] %}
{%- set fields = [
    'value', 'period_start', 'period_end', 'source_taxonomy', 'source_concept',
    'source_accession_number', 'source_form', 'source_filed_date', 'source_fact_id'
] %}

with

resolved as (

    select * from {{ ref('int_facts_resolved_to_line_items') }}

),

reported as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        unit,
        value,
        is_currency,
        false as is_derived,
        cast(null as varchar) as derivation,
        source_taxonomy,
        source_concept,
        source_accession_number,
        source_form,
        source_filed_date,
        source_fact_id
    from resolved
    where fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4', 'FY')

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

derived_quarters as (

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

),

year_end_balances as (

    -- decision 015: the balance at the fiscal year end (labelled Q4) is also the FY balance
    select
        cik,
        line_item,
        fiscal_year,
        'FY' as fiscal_period,
        cast(null as integer) as fiscal_quarter,
        statement,
        scope,
        period_type,
        period_start,
        period_end,
        unit,
        value,
        is_currency,
        is_derived,
        derivation,
        source_taxonomy,
        source_concept,
        source_accession_number,
        source_form,
        source_filed_date,
        source_fact_id
    from reported
    where period_type = 'instant' and fiscal_period = 'Q4'

),

period_values as (

    select * from reported
    union all
    select * from derived_quarters
    union all
    select * from year_end_balances

),

{#- the inputs of the identities (decision 014) and the fields each needs: minuends carry the
    provenance of the derived value, subtrahends their dates, unit and concept, and the line
    items a derivation must not shadow only their value -#}
{%- set minuend_fields = [
    'value', 'unit', 'period_type', 'period_start', 'period_end', 'source_taxonomy',
    'source_concept', 'source_accession_number', 'source_form', 'source_filed_date',
    'source_fact_id'
] %}
{%- set subtrahend_fields = ['value', 'unit', 'period_start', 'period_end', 'source_concept'] %}
{%- set identity_inputs = {
    'revenue': minuend_fields,
    'stockholders_equity': minuend_fields,
    'liabilities_and_equity': minuend_fields,
    'operating_cash_flow': minuend_fields,
    'cost_of_revenue': subtrahend_fields,
    'noncontrolling_interest': subtrahend_fields,
    'total_equity': subtrahend_fields,
    'capital_expenditures': subtrahend_fields,
    'temporary_equity_parent': minuend_fields,
    'redeemable_noncontrolling_interest': minuend_fields,
    'gross_profit': ['value'],
    'temporary_equity': ['value'],
    'total_liabilities': ['value'],
} %}

identity_inputs as (

    -- one row per company and fiscal period, the inputs of the identities as columns
    select
        cik,
        fiscal_year,
        fiscal_period,
        {% for item, fields in identity_inputs.items() %}
            {% for field in fields %}
                max(case when line_item = '{{ item }}' then {{ field }} end)
                    as {{ item }}_{{ field }},
            {% endfor %}
        {% endfor %}
        max(fiscal_quarter) as fiscal_quarter
    from period_values
    where
        line_item in (
            'revenue', 'cost_of_revenue', 'gross_profit', 'stockholders_equity',
            'noncontrolling_interest', 'total_equity', 'temporary_equity',
            'temporary_equity_parent', 'redeemable_noncontrolling_interest',
            'liabilities_and_equity', 'total_liabilities', 'operating_cash_flow',
            'capital_expenditures'
        )
    group by cik, fiscal_year, fiscal_period

),

companies_reporting_nci as (

    -- companies that tag a non-controlling interest or total equity incl. NCI in any period
    select distinct cik
    from period_values
    where line_item in ('noncontrolling_interest', 'total_equity')

),

with_total_equity as (

    -- decision 014: total equity incl. NCI = parent equity + NCI; a company that never reports
    -- a non-controlling interest has none, so its total equity is its parent equity
    select
        identity_inputs.*,
        case
            when identity_inputs.total_equity_value is not null then null
            when
                identity_inputs.stockholders_equity_value is not null
                and identity_inputs.noncontrolling_interest_value is not null
                and identity_inputs.stockholders_equity_period_end
                = identity_inputs.noncontrolling_interest_period_end
                and identity_inputs.stockholders_equity_unit
                = identity_inputs.noncontrolling_interest_unit
                then 'stockholders_equity + noncontrolling_interest'
            when
                identity_inputs.stockholders_equity_value is not null
                and companies_reporting_nci.cik is null
                then 'stockholders_equity (no NCI reported)'
        end as total_equity_derivation
    from identity_inputs
    left join companies_reporting_nci on identity_inputs.cik = companies_reporting_nci.cik

),

with_equity_values as (

    select
        *,
        case total_equity_derivation
            when 'stockholders_equity + noncontrolling_interest'
                then stockholders_equity_value + noncontrolling_interest_value
            when 'stockholders_equity (no NCI reported)' then stockholders_equity_value
            else total_equity_value
        end as total_equity_final_value,
        case total_equity_derivation
            when 'stockholders_equity + noncontrolling_interest'
                then
                    stockholders_equity_source_concept
                    || ' + ' || noncontrolling_interest_source_concept
            when 'stockholders_equity (no NCI reported)'
                then stockholders_equity_source_concept
            else total_equity_source_concept
        end as total_equity_final_concept,
        coalesce(total_equity_period_end, stockholders_equity_period_end)
            as total_equity_final_period_end,
        coalesce(total_equity_unit, stockholders_equity_unit) as total_equity_final_unit
    from with_total_equity

),

identities as (

    -- decision 014: only where no concept reports the line item for the period; inputs must
    -- cover the same dates and be in the same unit. Provenance is the minuend's filing; the
    -- source concept names every concept used.
    select
        cik,
        'gross_profit' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'income_statement' as statement,  -- noqa: RF04
        'consolidated' as scope,
        revenue_period_type as period_type,
        revenue_period_start as period_start,
        revenue_period_end as period_end,
        revenue_unit as unit,
        revenue_value - cost_of_revenue_value as value,
        'revenue - cost_of_revenue' as derivation,
        revenue_source_taxonomy as source_taxonomy,
        revenue_source_concept || ' - ' || cost_of_revenue_source_concept as source_concept,
        revenue_source_accession_number as source_accession_number,
        revenue_source_form as source_form,
        revenue_source_filed_date as source_filed_date,
        revenue_source_fact_id as source_fact_id
    from with_equity_values
    where
        gross_profit_value is null
        and revenue_value is not null
        and cost_of_revenue_value is not null
        and revenue_period_start = cost_of_revenue_period_start
        and revenue_period_end = cost_of_revenue_period_end
        and revenue_unit = cost_of_revenue_unit

    union all

    select
        cik,
        'total_equity' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        stockholders_equity_period_end as period_end,
        stockholders_equity_unit as unit,
        total_equity_final_value as value,
        total_equity_derivation as derivation,
        stockholders_equity_source_taxonomy as source_taxonomy,
        total_equity_final_concept as source_concept,
        stockholders_equity_source_accession_number as source_accession_number,
        stockholders_equity_source_form as source_form,
        stockholders_equity_source_filed_date as source_filed_date,
        stockholders_equity_source_fact_id as source_fact_id
    from with_equity_values
    where total_equity_derivation is not null

    union all

    select
        cik,
        'total_liabilities' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        liabilities_and_equity_period_end as period_end,
        liabilities_and_equity_unit as unit,
        liabilities_and_equity_value - total_equity_final_value as value,
        'liabilities_and_equity - total_equity' as derivation,
        liabilities_and_equity_source_taxonomy as source_taxonomy,
        liabilities_and_equity_source_concept
        || ' - (' || total_equity_final_concept || ')' as source_concept,
        liabilities_and_equity_source_accession_number as source_accession_number,
        liabilities_and_equity_source_form as source_form,
        liabilities_and_equity_source_filed_date as source_filed_date,
        liabilities_and_equity_source_fact_id as source_fact_id
    from with_equity_values
    where
        total_liabilities_value is null
        -- L&E also holds temporary (mezzanine) equity, often tagged only in parts: no guess
        and temporary_equity_value is null
        and temporary_equity_parent_value is null
        and redeemable_noncontrolling_interest_value is null
        and liabilities_and_equity_value is not null
        and total_equity_final_value is not null
        and liabilities_and_equity_period_end = total_equity_final_period_end
        and liabilities_and_equity_unit = total_equity_final_unit

    union all

    select
        cik,
        'temporary_equity' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'balance_sheet' as statement,  -- noqa: RF04
        'consolidated' as scope,
        'instant' as period_type,
        cast(null as date) as period_start,
        coalesce(temporary_equity_parent_period_end, redeemable_noncontrolling_interest_period_end)
            as period_end,
        coalesce(temporary_equity_parent_unit, redeemable_noncontrolling_interest_unit) as unit,
        coalesce(temporary_equity_parent_value, 0)
        + coalesce(redeemable_noncontrolling_interest_value, 0) as value,
        'temporary_equity_parent + redeemable_noncontrolling_interest' as derivation,
        coalesce(
            temporary_equity_parent_source_taxonomy,
            redeemable_noncontrolling_interest_source_taxonomy
        ) as source_taxonomy,
        concat_ws(
            ' + ',
            temporary_equity_parent_source_concept,
            redeemable_noncontrolling_interest_source_concept
        ) as source_concept,
        coalesce(
            temporary_equity_parent_source_accession_number,
            redeemable_noncontrolling_interest_source_accession_number
        ) as source_accession_number,
        coalesce(
            temporary_equity_parent_source_form, redeemable_noncontrolling_interest_source_form
        ) as source_form,
        coalesce(
            temporary_equity_parent_source_filed_date,
            redeemable_noncontrolling_interest_source_filed_date
        ) as source_filed_date,
        coalesce(
            temporary_equity_parent_source_fact_id,
            redeemable_noncontrolling_interest_source_fact_id
        ) as source_fact_id
    from with_equity_values
    where
        -- the parts of temporary (mezzanine) equity add up; the total only when none is tagged
        temporary_equity_value is null
        and (
            temporary_equity_parent_value is not null
            or redeemable_noncontrolling_interest_value is not null
        )
        and (
            temporary_equity_parent_value is null
            or redeemable_noncontrolling_interest_value is null
            or (
                temporary_equity_parent_period_end = redeemable_noncontrolling_interest_period_end
                and temporary_equity_parent_unit = redeemable_noncontrolling_interest_unit
            )
        )

    union all

    select
        cik,
        'free_cash_flow' as line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        'cash_flow_statement' as statement,  -- noqa: RF04
        'consolidated' as scope,
        operating_cash_flow_period_type as period_type,
        operating_cash_flow_period_start as period_start,
        operating_cash_flow_period_end as period_end,
        operating_cash_flow_unit as unit,
        operating_cash_flow_value - capital_expenditures_value as value,
        'operating_cash_flow - capital_expenditures' as derivation,
        operating_cash_flow_source_taxonomy as source_taxonomy,
        operating_cash_flow_source_concept
        || ' - ' || capital_expenditures_source_concept as source_concept,
        operating_cash_flow_source_accession_number as source_accession_number,
        operating_cash_flow_source_form as source_form,
        operating_cash_flow_source_filed_date as source_filed_date,
        operating_cash_flow_source_fact_id as source_fact_id
    from with_equity_values
    where
        operating_cash_flow_value is not null
        and capital_expenditures_value is not null
        and operating_cash_flow_period_start = capital_expenditures_period_start
        and operating_cash_flow_period_end = capital_expenditures_period_end
        and operating_cash_flow_unit = capital_expenditures_unit

),

derived_by_identity as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        statement,
        scope,
        period_type,
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
    from identities

),

final as (

    select * from period_values
    union all
    select * from derived_by_identity

)

select * from final
