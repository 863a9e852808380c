{% macro line_item_period_columns() %}
{#-
    The columns of one line item's value in one fiscal period, in the order of
    int_line_items_by_fiscal_period: the steps it unions select them by name, so a step whose
    columns drift out of order fails to build instead of mixing columns up.
-#}
{{ return([
    'cik', 'line_item', 'fiscal_year', 'fiscal_period', 'fiscal_quarter', 'statement', 'scope',
    'period_type', 'period_start', 'period_end', 'unit', 'value', 'is_currency', 'is_derived',
    'derivation', 'source_taxonomy', 'source_concept', 'source_accession_number', 'source_form',
    'source_filed_date', 'source_fact_id',
]) }}
{% endmacro %}

{% macro union_line_item_periods(relations) %}
{#- `select <line_item_period_columns> from <relation>` for each relation, joined by `union all`. -#}
    {%- for relation in relations %}
    select {{ line_item_period_columns() | join(', ') }}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{% macro statement_line_items(statement=none) %}
{#-
    The line items of each statement mart, in the marts' column order: the one list the marts
    pivot. Every concept_map line item must be in exactly one list, under its concept_map
    statement, and every listed item must be mapped or derived_only_line_items()
    (tests/dbt/financials/assert_statement_line_items_match_concept_map.sql).
-#}
{%- set line_items = {
    'income_statement': [
        'revenue', 'cost_of_revenue', 'gross_profit', 'research_and_development',
        'selling_general_and_administrative', 'operating_expenses', 'operating_income',
        'interest_expense', 'pretax_income', 'income_tax', 'net_income',
        'net_income_including_nci', 'net_income_attributable_to_nci', 'eps_basic', 'eps_diluted',
        'weighted_shares_basic', 'weighted_shares_diluted',
    ],
    'balance_sheet': [
        'cash', 'current_assets', 'total_assets', 'current_liabilities', 'total_liabilities',
        'long_term_debt_current', 'long_term_debt_noncurrent', 'stockholders_equity',
        'noncontrolling_interest', 'total_equity', 'temporary_equity', 'temporary_equity_parent',
        'redeemable_noncontrolling_interest', 'liabilities_and_equity', 'shares_outstanding',
        'shares_outstanding_cover',
    ],
    'cash_flow_statement': [
        'operating_cash_flow', 'investing_cash_flow', 'financing_cash_flow',
        'capital_expenditures', 'free_cash_flow', 'depreciation_and_amortization',
        'dividends_paid', 'share_repurchases',
    ],
} %}
{{ return(line_items[statement] if statement else line_items) }}
{% endmacro %}

{% macro derived_only_line_items() %}
{#- Line items no concept reports: only ever derived from an identity (decision 014). -#}
{{ return(['free_cash_flow']) }}
{% endmacro %}
