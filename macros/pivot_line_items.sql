{% macro pivot_line_items(line_items) %}
{#-
    The statement marts' columns for a `group by` over int_line_items_by_fiscal_period rows: per
    line item its value, then `<item>_is_derived`, `_source_accession`, `_source_concept` and
    `_derivation`, so every mart value carries its provenance (DESIGN: traceable to an accession
    and a source concept). Emits a trailing comma after the last column.
-#}
    {%- for item in line_items %}
        max(case when line_item = '{{ item }}' then value end) as {{ item }},
    {%- endfor %}
    {%- for item in line_items %}
        max(case when line_item = '{{ item }}' then cast(is_derived as integer) end)
        = 1 as {{ item }}_is_derived,
        max(case when line_item = '{{ item }}' then source_accession_number end)
            as {{ item }}_source_accession,
        max(case when line_item = '{{ item }}' then source_concept end)
            as {{ item }}_source_concept,
        max(case when line_item = '{{ item }}' then derivation end)
            as {{ item }}_derivation,
    {%- endfor %}
{% endmacro %}


{% macro pivoted_line_item_columns(line_items) %}
{#-
    The names of the columns pivot_line_items emits for `line_items`, in its order: what a mart
    selects from a pivoted intermediate (decision 046).
-#}
{%- set columns = [] %}
{%- for item in line_items %}
    {%- do columns.append(item) %}
{%- endfor %}
{%- for item in line_items %}
    {%- for suffix in ['is_derived', 'source_accession', 'source_concept', 'derivation'] %}
        {%- do columns.append(item ~ '_' ~ suffix) %}
    {%- endfor %}
{%- endfor %}
{{ return(columns) }}
{% endmacro %}


{% macro pivot_line_item_filed_dates(line_items) %}
{#-
    For a `group by` like pivot_line_items: per line item `<item>_source_filed_date`, the filing
    date of the filing its value cites (which split basis it is on, decision 037). Emits a
    trailing comma after the last column.
-#}
    {%- for item in line_items %}
        max(case when line_item = '{{ item }}' then source_filed_date end)
            as {{ item }}_source_filed_date,
    {%- endfor %}
{% endmacro %}
