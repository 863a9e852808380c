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
