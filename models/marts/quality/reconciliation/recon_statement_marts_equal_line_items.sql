-- One row per value of the wide statement marts (fct_income_statement, fct_balance_sheet,
-- fct_cash_flow) whose value, source accession or source concept differs from its
-- fct_financial_line_items row (reconciliation check `statement_marts_equal_line_items`).

{%- set statement_marts = ['fct_income_statement', 'fct_balance_sheet', 'fct_cash_flow'] %}
-- the marts are read only when columns are known (execute), so dbt needs the dependencies named:
-- depends_on: {{ ref('fct_income_statement') }}, {{ ref('fct_balance_sheet') }}
-- depends_on: {{ ref('fct_cash_flow') }}

with

line_items as (

    select * from {{ ref('fct_financial_line_items') }}

),

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

final as (

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

)

select * from final
